"""The VoID and DCAT description of the graph: what it holds, where it comes from, under
which terms, and where to get it (the SPARQL endpoint and the dumps).

The counts are read from the store with SPARQL once per built store and kept; the URLs are
made from the address the service is reached at. Sources and their terms are the registry's
(``kg.sources``) as the store being served was built with it, the regional folders' own
``source.json`` included; licences are stated only where the registry (or the graph itself)
states one, other terms as the registry words them (``dcterms:rights``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg.dumps import DUMPS, dump_path
from kg.entity import serialise
from kg.messages import LANGS, message
from kg.namespaces import (
    DCTERMS,
    FOAF,
    ORG,
    PREFIXES,
    PROV,
    QB,
    RDF,
    SKOS,
    XSD,
    YP_IRI,
)
from kg.sources import PUBLIC_RECORD, Source, read_registry, sources_of
from kg.store import Store

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"
VOID_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT}


@dataclass(frozen=True)
class GraphStats:
    iri: str
    name: str  # as minted: ``reference/municipalities``
    triples: int
    files: tuple[str, ...]
    licenses: tuple[str, ...]


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int]  # class → entities
    properties: dict[str, int]  # property → triples
    graphs: tuple[GraphStats, ...]


_CACHE: dict[tuple[Path, str], Statistics] = {}
_LOCK = threading.Lock()


def statistics(store: Store, base_iri: str) -> Statistics:
    """The counts of ``store``, computed once per built store."""
    if store.path is None:
        return _compute(store, base_iri)
    key = (store.path, base_iri)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = _compute(store, base_iri)
        return _CACHE[key]


def _one(store: Store, query: str, **bindings: Literal) -> int:
    rows = store.select(query, bindings=bindings or None)
    return int(rows[0]["n"])


def _compute(store: Store, base_iri: str) -> Statistics:
    graph_names = f"{base_iri}graph/"
    provenance: dict[str, tuple[set[str], set[str]]] = {}
    for row in store.select(GRAPH_PROVENANCE):
        files, licenses = provenance.setdefault(row["g"], (set(), set()))
        if row["file"] is not None:
            files.add(row["file"])
        if row["license"] is not None:
            licenses.add(row["license"])
    graphs = []
    for row in store.select(GRAPH_SIZES):
        files, licenses = provenance.get(row["g"], (set(), set()))
        name = row["g"][len(graph_names) :] if row["g"].startswith(graph_names) else row["g"]
        graphs.append(
            GraphStats(row["g"], name, row["n"], tuple(sorted(files)), tuple(sorted(licenses)))
        )
    return Statistics(
        triples=len(store),
        entities=_one(store, ENTITIES, base=Literal(base_iri)),
        distinct_subjects=_one(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_objects=_one(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        classes={r["c"]: r["n"] for r in store.select(CLASSES)},
        properties={r["p"]: r["n"] for r in store.select(PROPERTIES)},
        graphs=tuple(graphs),
    )


ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) }"""
CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) }
GROUP BY ?c ORDER BY ?c"""
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
# a graph's licence is what the build recorded for it, or what an ontology in it states
GRAPH_PROVENANCE = """SELECT ?g ?file ?license WHERE {
  { ?g a prov:Entity ; dcterms:source ?file }
  UNION { ?g a prov:Entity ; dcterms:license ?license }
  UNION { GRAPH ?g { ?ontology a owl:Ontology ; dcterms:license ?license } }
}"""


class _Triples(list[Triple]):
    def add(self, s: str, p: str, o: str | Literal) -> None:
        obj = o if isinstance(o, Literal) else NamedNode(o)
        self.append(Triple(NamedNode(s), NamedNode(p), obj))


def void_triples(
    store: Store, base_iri: str, root: str, sources: tuple[Source, ...] | None = None
) -> list[Triple]:
    """The VoID/DCAT description; ``root`` is the service's address, ending with '/';
    ``sources`` the registry, by default the one the store was built with."""
    stats = statistics(store, base_iri)
    if sources is None:
        sources = read_registry(store.path)
    out = _Triples()
    ds = f"{root}void#dataset"
    rdf_type, title, description = str(RDF.type), str(DCTERMS.title), str(DCTERMS.description)
    out.add(ds, rdf_type, VOID + "Dataset")
    out.add(ds, rdf_type, DCAT + "Dataset")
    for lang in LANGS:  # the catalogue's void.title, void.description and void.rights
        out.add(ds, title, Literal(message("void.title", lang), language=lang))
        out.add(ds, description, Literal(message("void.description", lang), language=lang))
        out.add(ds, str(DCTERMS.rights), Literal(message("void.rights", lang), language=lang))
    built_at = store.build_info().get("built_at")
    if built_at:
        out.add(ds, str(DCTERMS.modified), Literal(built_at, datatype=NamedNode(XSD + "dateTime")))
    out.add(ds, DCAT + "landingPage", root)
    out.add(ds, VOID + "sparqlEndpoint", root + "sparql")
    out.add(ds, VOID + "uriSpace", Literal(base_iri))
    for vocabulary in (YP_IRI, str(ORG), str(SKOS), str(DCTERMS), str(PROV), str(QB), str(FOAF)):
        out.add(ds, VOID + "vocabulary", vocabulary)
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("distinctSubjects", stats.distinct_subjects),
        ("distinctObjects", stats.distinct_objects),
        ("classes", len(stats.classes)),
        ("properties", len(stats.properties)),
    ):
        out.add(ds, VOID + name, _integer(value))
    for i, (cls, n) in enumerate(stats.classes.items(), start=1):
        part = f"{root}void#class-{i}"
        out.add(ds, VOID + "classPartition", part)
        out.add(part, VOID + "class", cls)
        out.add(part, VOID + "entities", _integer(n))
    for i, (prop, n) in enumerate(stats.properties.items(), start=1):
        part = f"{root}void#property-{i}"
        out.add(ds, VOID + "propertyPartition", part)
        out.add(part, VOID + "property", prop)
        out.add(part, VOID + "triples", _integer(n))
    for source in sources:
        iri = f"{root}void#source-{source.key}"
        out.add(ds, str(DCTERMS.source), iri)
        out.add(iri, title, Literal(source.title, language="en"))
        if source.url:
            out.add(iri, str(FOAF.page), source.url)
        if source.license:
            out.add(iri, str(DCTERMS.license), source.license)
        if source.rights:
            out.add(iri, str(DCTERMS.rights), Literal(source.rights, language="en"))
        if source.kind == PUBLIC_RECORD:
            out.add(iri, str(DCTERMS.type), YP_IRI + "PublicRecord")
    for graph in stats.graphs:
        out.add(ds, VOID + "subset", graph.iri)
        out.add(graph.iri, rdf_type, VOID + "Dataset")
        out.add(graph.iri, VOID + "triples", _integer(graph.triples))
        for file in graph.files:
            out.add(graph.iri, str(DCTERMS.source), Literal(file))
        for source in sources_of(graph.name, sources):
            out.add(graph.iri, str(DCTERMS.source), f"{root}void#source-{source.key}")
            if source.rights:
                out.add(graph.iri, str(DCTERMS.rights), Literal(source.rights, language="en"))
        for license in {
            *graph.licenses,
            *(s.license for s in sources_of(graph.name, sources) if s.license),
        }:
            out.add(graph.iri, str(DCTERMS.license), license)
    _distributions(out, store, ds, root)
    return list(out)


def _distributions(out: _Triples, store: Store, ds: str, root: str) -> None:
    for dump in DUMPS.values():
        path = dump_path(store, dump.name)
        if path is None:
            continue
        url = f"{root}dumps/{dump.name}"
        dist = f"{root}void#dump-{dump.name.rsplit('.', 1)[1]}"
        out.add(ds, VOID + "dataDump", url)
        out.add(ds, DCAT + "distribution", dist)
        out.add(dist, str(RDF.type), DCAT + "Distribution")
        out.add(dist, DCAT + "downloadURL", url)
        out.add(dist, DCAT + "accessURL", url)
        out.add(dist, DCAT + "mediaType", IANA + dump.media_type)
        size = Literal(str(path.stat().st_size), datatype=NamedNode(XSD + "nonNegativeInteger"))
        out.add(dist, DCAT + "byteSize", size)
        what = "named graphs with their provenance" if dump.quads else "merged default graph"
        out.add(dist, str(DCTERMS.title), Literal(f"{dump.label}: {what}", language="en"))
        out.add(dist, str(DCTERMS.format), FORMATS_NS + dump.label)


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


def void_document(
    store: Store,
    base_iri: str,
    root: str,
    media_type: str,
    sources: tuple[Source, ...] | None = None,
) -> bytes:
    """The description in one of the RDF media types of :data:`kg.sparql.GRAPH_FORMATS`."""
    return serialise(void_triples(store, base_iri, root, sources), media_type, VOID_PREFIXES)
