"""Dumps: written by every build, each one exactly the store's graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from kg.config import Settings
from kg.dumps import DUMP_DIR, DUMPS, default_graph, dump_path, write_dumps
from kg.store import Store

EX = "http://example.org/"


def _default_triples(store: Store) -> set[object]:
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return {(r["s"], r["p"], r["o"]) for r in rows}  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["yhdyspinta.ttl", "yhdyspinta.nt", "yhdyspinta.jsonld"])
def test_triple_dumps_are_the_default_graph(store: Store, name: str) -> None:
    path = dump_path(store, name)
    assert path is not None and path.parent == store.path / DUMP_DIR  # type: ignore[operator]
    quads = list(parse(path=str(path), format=DUMPS[name].format))
    assert all(isinstance(q.graph_name, DefaultGraph) for q in quads)
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(quads) == len(triples) == len(store)  # each triple once
    assert triples == _default_triples(store)


def test_nquads_dump_is_the_named_graphs(store: Store) -> None:
    path = dump_path(store, "yhdyspinta.nq")
    assert path is not None
    quads = set(parse(path=str(path), format=RdfFormat.N_QUADS))
    assert quads == set(store.quads())
    assert {q.graph_name.value for q in quads} == set(store.named_graphs())
    assert not any(isinstance(q.graph_name, DefaultGraph) for q in quads)


def test_write_dumps_of_a_small_store(tmp_path: Path) -> None:
    store = Store()
    store.load_ntriples(f'<{EX}a> <{EX}p> "x"@fi .\n'.encode(), EX + "g1")
    store.load_quads(
        [Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), NamedNode(EX + "b"), NamedNode(EX + "g2"))]
    )
    sizes = write_dumps(store, tmp_path)
    assert set(sizes) == set(DUMPS)
    for name, size in sizes.items():
        assert (tmp_path / DUMP_DIR / name).stat().st_size == size > 0
    turtle = (tmp_path / DUMP_DIR / "yhdyspinta.ttl").read_text("utf-8")
    assert "@prefix yp:" in turtle  # the project's prefixes make the Turtle readable
    nq = (tmp_path / DUMP_DIR / "yhdyspinta.nq").read_text("utf-8").splitlines()
    quads = [line for line in nq if not line.startswith("#")]
    assert sorted(line.split()[-2] for line in quads) == [f"<{EX}g1>", f"<{EX}g2>"]
    assert len(list(default_graph(store))) == 2


def test_dump_path_refuses_unknown_names(store: Store) -> None:
    assert dump_path(store, "../build.json") is None
    assert dump_path(store, "yhdyspinta.xml") is None
    assert dump_path(Store(), "yhdyspinta.ttl") is None  # an in-memory store has no files


def test_build_writes_the_dumps_with_the_store(settings: Settings) -> None:
    target = settings.store_path.resolve()
    assert sorted(p.name for p in (target / DUMP_DIR).iterdir()) == sorted(DUMPS)
