"""What the graph says about one IRI: the data behind an entity page and its RDF.

The description of an IRI is every triple with it as subject, every triple with it as
object (a symmetric concise bounded description; the graph has no blank nodes, so nothing
more is needed) and the labels of the IRIs it links to, all read from the merged default
graph. It also names the graphs that state it, with their source files and licences.

:class:`Site` maps the project's IRIs to the pages of the service that answers them: data
IRIs under the base (``{base}municipality/091`` at ``/id/municipality/091``), the themes
(``/theme``, ``/theme/hyte``) and the vocabulary (``/ontology#Municipality``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, QuerySolutions, Triple, serialize

from kg.namespaces import (
    DCTERMS,
    ONTOLOGY_IRI,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    THEME_SCHEME_IRI,
    XSD,
    YP,
)
from kg.sparql import GRAPH_FORMATS
from kg.store import Store

Object = NamedNode | Literal
LABEL_PREDICATES = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title))
LANGS = ("fi", "sv", "en")
# the fallback order after the language asked for (then a label without language, then
# any label, then the local name)
FALLBACK = ("fi", "en", "sv")
# a path under the base: segments of unreserved characters, no "." or ".." segment
_SEGMENT = r"(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+"
_PATH = re.compile(rf"^{_SEGMENT}(?:/{_SEGMENT})*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RDF_TYPE = str(RDF.type)
_ILLUSTRATIVE = str(YP.illustrative)
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"


def iri_for_path(base_iri: str, path: str) -> str | None:
    """The data IRI a path under ``/id/`` stands for, or ``None`` if it cannot be one."""
    return base_iri + path if _PATH.match(path) else None


def theme_iri(slug: str | None) -> str | None:
    """The theme scheme (no slug) or one of its concepts, or ``None`` for a bad slug."""
    if slug is None:
        return THEME_SCHEME_IRI
    return f"{THEME_SCHEME_IRI}/{slug}" if _SLUG.match(slug) else None


@dataclass(frozen=True)
class Site:
    """Where this service answers the project's IRIs (``root`` ends with '/')."""

    base_iri: str
    root: str

    def url(self, iri: str) -> str | None:
        """The page of ``iri`` at this service, or ``None`` if it is not one of ours."""
        if iri.startswith(self.base_iri):
            rest = iri[len(self.base_iri) :]
            return self.root + "id/" + quote(rest) if _PATH.match(rest) else None
        if iri == THEME_SCHEME_IRI:
            return self.root + "theme"
        if iri.startswith(THEME_SCHEME_IRI + "/") and _SLUG.match(iri.rsplit("/", 1)[1]):
            return self.root + "theme/" + iri.rsplit("/", 1)[1]
        if iri.startswith(str(YP)):
            return self.root + "ontology#" + quote(iri[len(str(YP)) :])
        if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
            return self.root + "ontology"
        return None

    def href(self, iri: str) -> str:
        """A link target for ``iri``: its page here, else the IRI itself."""
        return self.url(iri) or iri


@dataclass(frozen=True)
class GraphSource:
    """A named graph stating the entity, with the source files and licences it records."""

    iri: str
    sources: tuple[str, ...]
    licenses: tuple[str, ...]


@dataclass
class Description:
    """The triples about one IRI, its neighbours' labels and the graphs stating it."""

    iri: str
    outgoing: list[tuple[NamedNode, Object]] = field(default_factory=list)
    incoming: list[tuple[NamedNode, NamedNode]] = field(default_factory=list)
    neighbour_labels: list[Triple] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # iri -> lang -> text
    graphs: list[GraphSource] = field(default_factory=list)
    graph_size: int | None = None  # triples in the named graph this IRI names, if it names one

    @property
    def types(self) -> list[str]:
        return sorted({o.value for p, o in self.outgoing if p.value == _RDF_TYPE})

    @property
    def illustrative(self) -> bool:
        """Whether the entity is marked ``yp:illustrative true`` (made-up example data)."""
        return any(
            p.value == _ILLUSTRATIVE and isinstance(o, Literal) and o.value == "true"
            for p, o in self.outgoing
        )

    def label(self, iri: str, lang: str) -> str:
        """The label of the entity or a neighbour in ``lang`` (with the fallbacks)."""
        return pick_label(self.labels.get(iri, {}), lang) or local_name(iri)

    def triples(self) -> list[Triple]:
        """The RDF description: its own triples both ways and its neighbours' labels."""
        node = NamedNode(self.iri)
        out = [Triple(node, p, o) for p, o in self.outgoing]
        out += [Triple(s, p, node) for s, p in self.incoming]
        if self.graph_size is not None:
            out.append(Triple(node, NamedNode(VOID_TRIPLES), _integer(self.graph_size)))
        return out + self.neighbour_labels

    def neighbours(self) -> set[str]:
        """The IRIs it links to or is linked from, and the predicates of those links."""
        out = {o.value for _, o in self.outgoing if isinstance(o, NamedNode)}
        out |= {s.value for s, _ in self.incoming}
        out |= {p.value for p, _ in self.outgoing} | {p.value for _, p in self.incoming}
        out.discard(self.iri)
        return out


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(str(XSD.integer)))


def pick_label(labels: dict[str, str], lang: str) -> str | None:
    """The label in ``lang``, else in fi, en, sv, else one without language, else any."""
    for want in (lang, *FALLBACK, ""):
        if want in labels:
            return labels[want]
    return next(iter(sorted(labels.items())), (None, None))[1]


def local_name(iri: str) -> str:
    """The last part of an IRI (after '#', else after the last '/')."""
    if "#" in iri:
        return iri.rsplit("#", 1)[1] or iri
    return iri.rstrip("/").rsplit("/", 1)[-1] or iri


TRIPLES = """
SELECT ?dir ?p ?n WHERE {
  { ?x ?p ?n BIND("out" AS ?dir) } UNION { ?n ?p ?x BIND("in" AS ?dir) }
}
"""
LABELS = """
SELECT ?n ?lp ?label WHERE {
  ?n ?lp ?label .
  FILTER(?lp IN (skos:prefLabel, rdfs:label, dcterms:title) && isLITERAL(?label))
}
"""
GRAPHS = """
SELECT DISTINCT ?g ?side WHERE {
  { GRAPH ?g { ?x ?p ?o } BIND("subject" AS ?side) }
  UNION { GRAPH ?g { ?s ?p ?x } BIND("object" AS ?side) }
}
"""
GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPH_PROVENANCE = """
SELECT ?g ?source ?license WHERE {
  { ?g dcterms:source ?source } UNION { ?g dcterms:license ?license }
}
"""


def describe(store: Store, iri: str) -> Description | None:
    """What the store says about ``iri``, or ``None`` if it appears in no triple and
    names no graph. A named graph's description also gives its size (``void:triples``).

    Raises ``ValueError`` for a string that is not a valid IRI.
    """
    node = NamedNode(iri)
    description = Description(iri)
    for row in _solutions(store, TRIPLES, {"x": node}):
        if row["dir"].value == "out":
            description.outgoing.append((row["p"], row["n"]))
        elif row["n"] != node:  # a link to itself is already an outgoing triple
            description.incoming.append((row["n"], row["p"]))
    if iri in store.named_graphs():
        description.graph_size = int(
            next(iter(_solutions(store, GRAPH_SIZE, {"g": node})))["n"].value
        )
    if not description.outgoing and not description.incoming and description.graph_size is None:
        return None
    description.outgoing.sort(key=lambda po: (po[0].value != _RDF_TYPE, po[0].value, str(po[1])))
    description.incoming.sort(key=lambda sp: (sp[1].value, sp[0].value))
    neighbours = [NamedNode(n) for n in sorted(description.neighbours() | {iri})]
    for row in _solutions(store, LABELS, {"n": neighbours}):
        subject, predicate, label = row["n"], row["lp"], row["label"]
        description.labels.setdefault(subject.value, {}).setdefault(
            label.language or "", label.value
        )
        if subject != node:
            description.neighbour_labels.append(Triple(subject, predicate, label))
    description.graphs = _graphs(store, node)
    return description


def _graphs(store: Store, node: NamedNode) -> list[GraphSource]:
    """The graphs stating ``node`` as subject (if none, those using it as object)."""
    sides: dict[str, set[str]] = {"subject": set(), "object": set()}
    for row in _solutions(store, GRAPHS, {"x": node}):
        sides[row["side"].value].add(row["g"].value)
    names = sorted(sides["subject"] or sides["object"])
    if not names:
        return []
    sources: dict[str, set[str]] = {n: set() for n in names}
    licenses: dict[str, set[str]] = {n: set() for n in names}
    for row in _solutions(store, GRAPH_PROVENANCE, {"g": [NamedNode(n) for n in names]}):
        if row["source"] is not None:
            sources[row["g"].value].add(row["source"].value)
        if row["license"] is not None:
            licenses[row["g"].value].add(row["license"].value)
    return [GraphSource(n, tuple(sorted(sources[n])), tuple(sorted(licenses[n]))) for n in names]


def _solutions(
    store: Store, query: str, bindings: dict[str, NamedNode | list[NamedNode]]
) -> QuerySolutions:
    result = store.query(query, bindings=dict(bindings))  # type: ignore[arg-type]
    assert isinstance(result, QuerySolutions)
    return result


def serialise(triples: list[Triple], media_type: str, prefixes: dict[str, str] = PREFIXES) -> bytes:
    """Triples in one of the RDF media types of :data:`kg.sparql.GRAPH_FORMATS`, grouped
    by subject (in first-seen order) so that Turtle states each subject once."""
    order: dict[str, int] = {}
    for t in triples:
        order.setdefault(str(t.subject), len(order))
    grouped = sorted(triples, key=lambda t: order[str(t.subject)])
    return serialize(grouped, format=GRAPH_FORMATS[media_type], prefixes=prefixes) or b""
