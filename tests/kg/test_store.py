"""The store: the default graph is the merge (a set) of the named graphs."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad

from kg.store import Store

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

EX = "http://example.org/"
TRIPLE = (NamedNode(EX + "a"), NamedNode(EX + "p"), NamedNode(EX + "o"))


def _two_sources() -> Store:
    store = Store()
    store.load_ntriples(f"<{EX}a> <{EX}p> <{EX}o> .\n".encode(), EX + "g1")
    store.load_quads([Quad(*TRIPLE, NamedNode(EX + "g2"))])
    return store


def test_store_counts_a_triple_two_sources_state_once() -> None:
    store = _two_sources()
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": 1}]
    assert len(store) == 1


def test_store_named_graphs_keep_provenance() -> None:
    store = _two_sources()
    rows = store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [r["g"] for r in rows] == [EX + "g1", EX + "g2"]
    assert store.named_graphs() == [EX + "g1", EX + "g2"]
    assert len(list(store.quads())) == 2  # the named graphs' quads, not the merged copy


def test_store_explicit_dataset_limits_the_default_graph() -> None:
    store = _two_sources()
    store.load_ntriples(f"<{EX}b> <{EX}p> <{EX}o> .\n".encode(), EX + "g3")
    result = store.query("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[EX + "g3"])
    assert [row["s"].value for row in result] == [EX + "b"]


def test_store_dataset_copy_keeps_the_merge() -> None:
    copy = Store()
    copy.load_dataset(_two_sources())
    assert len(copy) == 1
    assert copy.named_graphs() == [EX + "g1", EX + "g2"]


def _opens_a_database(source: str) -> bool:
    """Whether Python source takes pyoxigraph's ``Store`` (imported or as an attribute)."""
    import ast

    for node in ast.walk(ast.parse(source)):
        imported = isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph"
        if imported and any(a.name == "Store" for a in node.names):
            return True
        attribute = isinstance(node, ast.Attribute) and node.attr == "Store"
        if attribute and getattr(node.value, "id", None) in ("pyoxigraph", "ox"):
            return True
    return False


def test_only_kg_store_opens_an_engine_database() -> None:
    """What kg/store.py's docstring says it owns: others use engine terms, not databases."""
    from kg.config import REPO_ROOT

    openers = [
        str(path.relative_to(REPO_ROOT))
        for folder in ("kg", "api")
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        if _opens_a_database(path.read_text("utf-8"))
    ]
    assert openers == ["kg/store.py"]
    assert _opens_a_database("import pyoxigraph as ox\nox.Store()")  # the check can see one


def test_store_copy_without_a_graph_makes_the_merge_again() -> None:
    store = _two_sources()
    store.load_ntriples(f"<{EX}b> <{EX}p> <{EX}o> .\n".encode(), EX + "g3")
    copy = store.copy_without([EX + "g1", EX + "g3"])
    assert copy.named_graphs() == [EX + "g2"]
    # the triple g2 states too stays in the merge; the one only g3 stated is gone
    assert copy.select("SELECT ?s WHERE { ?s ?p ?o }") == [{"s": EX + "a"}]
    assert len(store) == 2 and store.named_graphs() == [EX + "g1", EX + "g2", EX + "g3"]


def test_dropping_graphs_in_place_gives_the_copy_without_them(store: Store) -> None:
    """The default graph stays the union: a statement another graph also makes stays."""
    graphs = [g for g in store.named_graphs() if "/regional/" in g or g.endswith("/inferred")]
    assert len(graphs) > 2
    wanted = store.copy_without(graphs)
    made = store.copy_without(())
    made.drop_graphs(graphs)
    assert {str(q) for q in made._db} == {str(q) for q in wanted._db}
    assert len(made) < len(store)
