"""The VoID/DCAT description: its counts are the store's own, its terms are the notes'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse
from pyoxigraph import Store as Graph

from kg.config import Settings
from kg.dumps import DUMPS, dump_path
from kg.sources import CC_BY_4, registry, sources_of
from kg.store import Store
from kg.void import statistics, void_document, void_triples
from tests.source_data import municipalities

ROOT = "http://service.test/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DS = ROOT + "void#dataset"


@pytest.fixture(scope="module")
def void(store: Store, settings: Settings) -> Graph:
    """The description as a small pyoxigraph store to look things up in."""
    graph = Graph()
    graph.extend(
        Quad(t.subject, t.predicate, t.object, DefaultGraph())
        for t in void_triples(store, settings.base_iri, ROOT)
    )
    return graph


def _values(graph: Graph, s: str, p: str) -> list[Any]:
    return [q.object for q in graph.quads_for_pattern(NamedNode(s), NamedNode(p), None)]


def _int(graph: Graph, s: str, p: str) -> int:
    (value,) = _values(graph, s, p)
    return int(value.value)


def _count(store: Store, query: str) -> int:
    return int(store.select(query)[0]["n"])


def test_dataset_counts_are_the_stores(void: Graph, store: Store, settings: Settings) -> None:
    assert _int(void, DS, VOID + "triples") == _count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert _int(void, DS, VOID + "distinctSubjects") == _count(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert _int(void, DS, VOID + "distinctObjects") == _count(
        store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert _int(void, DS, VOID + "properties") == _count(
        store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert _int(void, DS, VOID + "classes") == _count(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"
    )
    entities = _count(
        store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{settings.base_iri}")) }}',
    )
    assert _int(void, DS, VOID + "entities") == entities > 4000
    assert [v.value for v in _values(void, DS, VOID + "uriSpace")] == [settings.base_iri]


def test_partitions_are_the_stores(void: Graph, store: Store) -> None:
    classes = {
        _values(void, p.value, VOID + "class")[0].value: _int(void, p.value, VOID + "entities")
        for p in _values(void, DS, VOID + "classPartition")
    }
    rows = store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    assert classes == {r["c"]: r["n"] for r in rows}
    assert classes["https://w3id.org/yhdyspinta/ontology#Municipality"] == len(municipalities())
    properties = {
        _values(void, p.value, VOID + "property")[0].value: _int(void, p.value, VOID + "triples")
        for p in _values(void, DS, VOID + "propertyPartition")
    }
    rows = store.select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    assert properties == {r["p"]: r["n"] for r in rows}


def test_subsets_are_the_named_graphs(void: Graph, store: Store) -> None:
    subsets = {s.value for s in _values(void, DS, VOID + "subset")}
    assert subsets == set(store.named_graphs())
    for graph in subsets:
        n = _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert _int(void, graph, VOID + "triples") == n
    municipalities = next(g for g in subsets if g.endswith("/graph/reference/municipalities"))
    sources = {v.value for v in _values(void, municipalities, DCT + "source")}
    assert {"data/reference/municipalities.csv", ROOT + "void#source-statistics-finland"} <= sources


def test_licences_and_terms(void: Graph, store: Store, settings: Settings) -> None:
    by_name = {g: g.split("/graph/", 1)[1] for g in store.named_graphs()}
    for graph, name in by_name.items():
        licences = {v.value for v in _values(void, graph, DCT + "license")}
        if name.startswith("reference/") and name != "reference/national-organisations":
            assert licences == {CC_BY_4}, name  # Statistics Finland classifications
        if name == "ontology":
            assert licences == {CC_BY_4}  # as the ontology document states
        if name.startswith(("survey/", "legal/", "seeds/")):
            assert not licences and _values(void, graph, DCT + "rights"), name
    for source in registry(settings.data_dir):
        iri = f"{ROOT}void#source-{source.key}"
        assert _values(void, iri, DCT + "title")
        assert iri in {v.value for v in _values(void, DS, DCT + "source")}
    finlex = _values(void, ROOT + "void#source-finlex", DCT + "rights")
    assert finlex == [
        Literal("public law texts (not copyrighted, Copyright Act § 9)", language="en")
    ]
    assert {s.key for s in sources_of("survey/cooperation-2026")} == {"kuntaliitto-survey"}


def test_titles_in_three_languages_and_modified_is_the_build_time(
    void: Graph, store: Store
) -> None:
    titles = {v.language for v in _values(void, DS, DCT + "title")}
    descriptions = {v.language for v in _values(void, DS, DCT + "description")}
    assert titles == descriptions == {"fi", "sv", "en"}
    (modified,) = _values(void, DS, DCT + "modified")
    built_at = datetime.fromisoformat(store.build_info()["built_at"])
    assert datetime.fromisoformat(modified.value) == built_at
    assert modified.datatype.value.endswith("#dateTime")


def test_endpoint_and_distributions(void: Graph, store: Store) -> None:
    assert [v.value for v in _values(void, DS, VOID + "sparqlEndpoint")] == [ROOT + "sparql"]
    dumps = {v.value for v in _values(void, DS, VOID + "dataDump")}
    assert dumps == {f"{ROOT}dumps/{name}" for name in DUMPS}
    for dist in _values(void, DS, DCAT + "distribution"):
        (url,) = _values(void, dist.value, DCAT + "downloadURL")
        name = url.value.rsplit("/", 1)[1]
        path = dump_path(store, name)
        assert path is not None
        assert _int(void, dist.value, DCAT + "byteSize") == path.stat().st_size
        (media,) = _values(void, dist.value, DCAT + "mediaType")
        assert media.value.endswith("/" + DUMPS[name].media_type)


def test_statistics_are_kept_per_store(store: Store, settings: Settings) -> None:
    assert statistics(store, settings.base_iri) is statistics(store, settings.base_iri)


def test_document_formats(store: Store, settings: Settings) -> None:
    for media, fmt in (
        ("text/turtle", RdfFormat.TURTLE),
        ("application/ld+json", RdfFormat.JSON_LD),
    ):
        body = void_document(store, settings.base_iri, ROOT, media)
        parsed = {q.triple for q in parse(body, format=fmt)}
        assert parsed == set(void_triples(store, settings.base_iri, ROOT))
