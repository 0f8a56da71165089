"""The interfaces in scope: every mainland municipality × every theme in scope for its county.

The default scope is the ten core themes of the theme scheme; ``data/scope/theme_scope.csv``
adds or removes themes per county. Each interface in scope becomes a ``yp:InterfaceInScope``
with the same IRI the importer gives the interface (``{base}interface/{code}/{theme}``), so
recorded responsibilities and the expectation meet on one node.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.iris import Minter
from kg.namespaces import YP_IRI
from kg.source_graph import SourceGraph, iri
from kg.store import Store
from kg.tables import read_table

RDF_TYPE = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
YES, NO = {"kyllä", "kylla", "yes"}, {"ei", "no"}

_CORE = "SELECT ?t ?slug WHERE { ?t yp:coreTheme true ; skos:notation ?slug }"
_THEMES = "SELECT ?t ?slug WHERE { ?t a yp:InterfaceTheme ; skos:notation ?slug }"
_ORGANISERS = """
SELECT ?m ?code ?org ?orgcode WHERE {
  ?m a yp:MainlandMunicipality ; dcterms:identifier ?code ; yp:county ?org .
  ?org yp:organiserCode ?orgcode .
}"""


def load_scope(data_dir: Path, mint: Minter, reference: Store) -> SourceGraph:
    """``reference`` holds the ontology and the reference graphs."""
    path = data_dir / "scope" / "theme_scope.csv"
    graph = SourceGraph("scope/interfaces", [path])
    themes = {r["slug"]: r["t"] for r in reference.select(_THEMES)}
    core = {r["slug"] for r in reference.select(_CORE)}
    rows = reference.select(_ORGANISERS)
    organisers = {r["orgcode"]: r["org"] for r in rows}
    added: dict[str, set[str]] = defaultdict(set)
    removed: dict[str, set[str]] = defaultdict(set)
    for row in read_table(path, ["county_code", "theme", "in_scope", "note"]):
        code = row.match("county_code", r"\d{2}", "county code")
        if code not in organisers:
            raise row.error("county_code", f"no wellbeing services county with code {code}")
        theme = row.required("theme")
        if theme not in themes:
            raise row.error("theme", f"unknown theme {theme!r}; one of {sorted(themes)}")
        flag = row["in_scope"].strip().casefold()
        if flag not in YES | NO:
            raise row.error("in_scope", f"{row['in_scope']!r} is not kyllä/ei (yes/no)")
        (added if flag in YES else removed)[code].add(theme)
    for code, org in sorted(organisers.items()):
        for slug in sorted((core | added[code]) - removed[code]):
            graph.add_terms(iri(org), iri(YP_IRI + "themeInScope"), iri(themes[slug]))
    for r in rows:
        for slug in sorted((core | added[r["orgcode"]]) - removed[r["orgcode"]]):
            interface = iri(f"{mint.base}interface/{r['code']}/{slug}")
            graph.add_terms(interface, RDF_TYPE, iri(YP_IRI + "InterfaceInScope"))
            graph.add_terms(interface, RDF_TYPE, iri(YP_IRI + "Interface"))
            graph.add_terms(interface, iri(YP_IRI + "theme"), iri(themes[slug]))
            graph.add_terms(interface, iri(YP_IRI + "municipality"), iri(r["m"]))
            graph.add_terms(interface, iri(YP_IRI + "organiser"), iri(r["org"]))
    return graph
