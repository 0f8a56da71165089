"""The interfaces in scope: every mainland municipality × every theme in scope for its county.

The default scope is the ten core themes of the theme scheme; ``data/scope/theme_scope.csv``
adds or removes themes per county, named as everywhere by its organiser code (``13``,
``4``, ``90``, or the City of Helsinki's municipality code ``091``:
:func:`kg.organisers.find_organiser`). Each interface in scope becomes a
``yp:InterfaceInScope`` with the same IRI the importer gives the interface
(``{base}interface/{code}/{theme}``), so recorded responsibilities and the expectation meet
on one node.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.iris import Minter
from kg.namespaces import YP_IRI
from kg.organisers import find_organiser, read_organisers
from kg.source_graph import SourceGraph, iri
from kg.store import Store
from kg.tables import read_table

RDF_TYPE = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
YES, NO = {"kyllä", "kylla", "yes"}, {"ei", "no"}

_CORE = "SELECT ?t ?slug WHERE { ?t yp:coreTheme true ; skos:notation ?slug }"
_THEMES = "SELECT ?t ?slug WHERE { ?t a yp:InterfaceTheme ; skos:notation ?slug }"
_MUNICIPALITIES = """
SELECT ?m ?code ?org WHERE {
  ?m a yp:MainlandMunicipality ; dcterms:identifier ?code ; yp:county ?org .
}"""


def load_scope(data_dir: Path, mint: Minter, reference: Store) -> SourceGraph:
    """``reference`` holds the ontology and the reference graphs."""
    path = data_dir / "scope" / "theme_scope.csv"
    graph = SourceGraph("scope/interfaces", [path])
    themes = {r["slug"]: r["t"] for r in reference.select(_THEMES)}
    core = {r["slug"] for r in reference.select(_CORE)}
    organisers = read_organisers(reference)
    code_of = {o.iri: o.code for o in organisers}
    added: dict[str, set[str]] = defaultdict(set)
    removed: dict[str, set[str]] = defaultdict(set)
    for row in read_table(path, ["county_code", "theme", "in_scope", "note"]):
        try:
            key = row.required("county_code")
            code = find_organiser(reference, key, organisers=organisers).code
        except LookupError as exc:
            raise row.error("county_code", str(exc)) from None
        theme = row.required("theme")
        if theme not in themes:
            raise row.error("theme", f"unknown theme {theme!r}; one of {sorted(themes)}")
        flag = row["in_scope"].strip().casefold()
        if flag not in YES | NO:
            raise row.error("in_scope", f"{row['in_scope']!r} is not kyllä/ei (yes/no)")
        (added if flag in YES else removed)[code].add(theme)
    for o in organisers:
        for slug in sorted((core | added[o.code]) - removed[o.code]):
            graph.add_terms(iri(o.iri), iri(YP_IRI + "themeInScope"), iri(themes[slug]))
    for r in reference.select(_MUNICIPALITIES):
        code = code_of[r["org"]]
        for slug in sorted((core | added[code]) - removed[code]):
            interface = iri(f"{mint.base}interface/{r['code']}/{slug}")
            graph.add_terms(interface, RDF_TYPE, iri(YP_IRI + "InterfaceInScope"))
            graph.add_terms(interface, RDF_TYPE, iri(YP_IRI + "Interface"))
            graph.add_terms(interface, iri(YP_IRI + "theme"), iri(themes[slug]))
            graph.add_terms(interface, iri(YP_IRI + "municipality"), iri(r["m"]))
            graph.add_terms(interface, iri(YP_IRI + "organiser"), iri(r["org"]))
    return graph
