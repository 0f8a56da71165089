"""The source registry: one declaration read by the build's provenance, VoID/DCAT and the
dumps; a regional folder's source comes from its own source.json."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from kg.build import build
from kg.config import Settings
from kg.dumps import DUMPS, dump_path
from kg.namespaces import YP_IRI
from kg.sources import NATIONAL, read_registry, registry, sources_of
from kg.store import Store
from kg.void import void_triples

ROOT = "http://service.test/"
DCT = "http://purl.org/dc/terms/"
EXAMPLE = "regional-example-kainuu"


def _void_sources(store: Store, base_iri: str) -> dict[str, set[str]]:
    """key → titles of the sources the VoID description names for the dataset."""
    triples = void_triples(store, base_iri, ROOT)
    named = {
        t.object.value
        for t in triples
        if t.subject.value == ROOT + "void#dataset" and t.predicate.value == DCT + "source"
    }
    titles: dict[str, set[str]] = {}
    for t in triples:
        if t.subject.value in named and t.predicate.value == DCT + "title":
            key = t.subject.value.removeprefix(ROOT + "void#source-")
            titles.setdefault(key, set()).add(t.object.value)
    assert set(titles) == {n.removeprefix(ROOT + "void#source-") for n in named}
    return titles


def test_void_names_exactly_the_registrys_sources(store: Store, settings: Settings) -> None:
    sources = registry(settings.data_dir)
    assert _void_sources(store, settings.base_iri) == {s.key: {s.title} for s in sources}
    assert EXAMPLE in {s.key for s in sources}  # the example region is among them


def test_the_store_keeps_the_registry_it_was_built_with(store: Store, settings: Settings) -> None:
    assert read_registry(store.path) == registry(settings.data_dir)
    assert read_registry(None) == NATIONAL  # a store in memory: the national sources


def test_example_region_source_is_its_source_json(data_copy: Settings) -> None:
    """Change the folder's source.json: the registry, the built store's VoID and its dumps
    follow it; nothing about the region is written in the code."""
    manifest = data_copy.data_dir / "regional" / "example-kainuu" / "source.json"
    about = json.loads(manifest.read_text("utf-8"))
    about |= {"title": "Changed title", "license": "https://example.org/licence"}
    manifest.write_text(json.dumps(about), "utf-8")
    (example,) = [s for s in registry(data_copy.data_dir) if s.key == EXAMPLE]
    assert (example.title, example.license, example.illustrative) == (
        "Changed title",
        "https://example.org/licence",
        True,
    )
    build(data_copy)
    store = Store.open(data_copy.store_path)
    assert _void_sources(store, data_copy.base_iri)[EXAMPLE] == {"Changed title"}
    graphs = [g for g in store.named_graphs() if "/graph/regional/example-kainuu/" in g]
    assert graphs
    for graph in graphs:  # the licence reaches each graph's provenance too
        rows = store.select(f"SELECT ?l WHERE {{ <{graph}> dcterms:license ?l }}")
        assert [r["l"] for r in rows] == ["https://example.org/licence"]
    turtle = dump_path(store, "yhdyspinta.ttl")
    assert turtle is not None
    assert "# - Changed title: https://example.org/licence" in turtle.read_text("utf-8")


def test_a_region_without_source_json_is_named_by_its_folder(tmp_path: Path) -> None:
    (tmp_path / "regional" / "plain").mkdir(parents=True)
    (tmp_path / "regional" / ".staging-x").mkdir()
    (tmp_path / "regional" / ".staging-x" / "source.json").write_text('{"title": "s"}')
    (plain,) = registry(tmp_path)[len(NATIONAL) :]  # the staging folder is not a source
    assert (plain.key, plain.title, plain.illustrative) == (
        "regional-plain",
        "Regional data: plain",
        False,
    )
    staged = {"plain": tmp_path / "regional" / ".staging-x"}  # an import's staged folder
    (source,) = registry(tmp_path, staged)[len(NATIONAL) :]
    assert (source.key, source.title) == ("regional-plain", "s")


def test_registry_files_are_the_files_the_build_reads(store: Store, settings: Settings) -> None:
    """Every file a graph's provenance names is named by a source of that graph, and every
    file pattern of a source names a file one of its graphs was read from."""
    sources = registry(settings.data_dir)
    graph_names = f"{settings.base_iri}graph/"
    read: dict[str, set[str]] = {}
    for row in store.select("SELECT ?g ?f WHERE { ?g a prov:Entity ; dcterms:source ?f }"):
        if row["g"].startswith(graph_names):
            read.setdefault(row["g"][len(graph_names) :], set()).add(row["f"])
    for graph, files in read.items():
        for file in files:
            assert any(s.names_file(file) for s in sources_of(graph, sources)), (graph, file)
    for source in sources:
        for pattern in source.files:
            used = {f for g, files in read.items() if source.covers(g) for f in files}
            assert any(dataclasses.replace(source, files=(pattern,)).names_file(f) for f in used), (
                source.key,
                pattern,
            )


def test_build_provenance_licences_are_the_registrys(store: Store, settings: Settings) -> None:
    sources = registry(settings.data_dir)
    rows = store.select(
        "SELECT ?g ?l WHERE { ?g a prov:Entity OPTIONAL { ?g dcterms:license ?l } }"
    )
    graph_names = f"{settings.base_iri}graph/"
    found: dict[str, set[str]] = {}
    for row in rows:
        if row["g"].startswith(graph_names):
            licences = found.setdefault(row["g"][len(graph_names) :], set())
            if row["l"] is not None:
                licences.add(row["l"])
    assert found
    for graph, licences in found.items():
        assert licences == {s.license for s in sources_of(graph, sources) if s.license}, graph


def test_dumps_with_comments_name_every_source(store: Store, settings: Settings) -> None:
    sources = registry(settings.data_dir)
    for name, dump in DUMPS.items():
        path = dump_path(store, name)
        assert path is not None
        head = path.read_text("utf-8")[:20000]
        for source in sources:
            assert (source.title in head) is dump.comments, (name, source.key)


def test_the_public_record_is_one_source_of_its_own(store: Store, settings: Settings) -> None:
    """Every julkinen-* folder is in one source, kind public-record, which VoID types as
    yp:PublicRecord and whose graphs it names; no folder is a source of its own."""
    folders = sorted(p.name for p in (settings.data_dir / "regional").glob("julkinen-*"))
    sources = registry(settings.data_dir)
    (public,) = [s for s in sources if s.kind == "public-record"]
    assert public.graphs == tuple(f"regional/{f}/" for f in folders)
    assert not any(s.key.startswith("regional-julkinen-") for s in sources)
    void = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in void_triples(store, settings.base_iri, "http://x/")
    }
    source = f"http://x/void#source-{public.key}"
    assert (source, "http://purl.org/dc/terms/type", YP_IRI + "PublicRecord") in void
    subsets = {s for s, p, o in void if p == "http://purl.org/dc/terms/source" and o == source}
    assert len(subsets) > len(folders) and all(
        "julkinen-" in s for s in subsets - {"http://x/void#dataset"}
    )
