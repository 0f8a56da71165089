"""The graph on a real SPARQL server (kg.remote_store): reads, whole and partial writes,
broken answers. Each test writes to a private `oxigraph serve` of this module (the shared
session server holds the national graph other suites read)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
)

from kg.config import REPO_ROOT, RemoteEndpoints
from kg.errors import StoreUnavailable
from kg.remote_store import STAGING, RemoteStore
from kg.store import Store
from tests.oxigraph_server import free_port, oxigraph_server

EX = "http://example.org/"
A, B, C = (f"{EX}graph/{n}" for n in "abc")


def node(name: str) -> NamedNode:
    return NamedNode(EX + name)


def memory(graphs: dict[str, list[tuple[str, str, object]]]) -> Store:
    """An in-memory store of these graphs, its default graph their merge."""
    store = Store()
    quads = []
    for graph, triples in graphs.items():
        for s, p, o in triples:
            obj = o if isinstance(o, Literal | BlankNode) else node(str(o))
            quads.append(Quad(node(s), node(p), obj, NamedNode(graph)))
    store.load_quads(quads)
    return store


def dataset(store: Store) -> set[Quad]:
    return set(store.dataset_quads())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEndpoints]:
    with oxigraph_server(tmp_path_factory.mktemp("remote-store") / "db") as endpoints:
        yield endpoints


@pytest.fixture
def remote(server: RemoteEndpoints) -> RemoteStore:
    store = RemoteStore(server, timeout_s=30)
    store.replace_dataset(Store(), "empty")  # every test starts from an empty server
    return store


FIRST = {
    A: [("x", "name", Literal("Kajaani", language="fi")), ("x", "in", "y")],
    B: [("y", "name", Literal("Kainuu", language="fi")), ("x", "in", "y")],
}


def test_a_whole_push_makes_the_servers_dataset_the_stores(remote: RemoteStore) -> None:
    local = memory(FIRST)
    remote.replace_dataset(local, "v1")
    assert dataset(remote) == dataset(local)
    assert remote.named_graphs() == [A, B]
    assert len(remote) == len(local) == 3  # the triple both graphs state counts once


def test_reads_are_answered_by_the_server(remote: RemoteStore, server: RemoteEndpoints) -> None:
    remote.replace_dataset(memory(FIRST), "v1")
    # written behind the store's back: only a store that asks the server sees it
    inserted = f"INSERT DATA {{ <{EX}x> <{EX}p> 7 . GRAPH <{C}> {{ <{EX}x> <{EX}p> 7 }} }}"
    httpx.post(server.update, data={"update": inserted}).raise_for_status()
    rows = remote.select("SELECT ?o WHERE { ?s ?p ?o }", bindings={"p": node("p")})
    assert rows == [{"o": 7}]
    assert remote.contains_triple(node("x"), node("p"), Literal(7)) is True
    assert remote.contains_triple(node("x"), node("p"), Literal(8)) is False


def test_query_forms_come_back_as_the_engines_types(remote: RemoteStore) -> None:
    remote.replace_dataset(memory(FIRST), "v1")
    ask = remote.query("ASK { ?s ?p ?o }")
    assert isinstance(ask, QueryBoolean) and bool(ask)
    solutions = remote.query("SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n")
    assert isinstance(solutions, QuerySolutions)
    assert [row["n"].value for row in solutions] == ["Kainuu", "Kajaani"]
    triples = list(remote.query("CONSTRUCT WHERE { ?s <http://example.org/in> ?o }"))
    assert [(t.subject, t.object) for t in triples] == [(node("x"), node("y"))]
    # the service's prefixes are declared for every query, as on the embedded store
    assert remote.select("SELECT (skos:prefLabel AS ?p) {}") == [
        {"p": "http://www.w3.org/2004/02/skos/core#prefLabel"}
    ]
    # named and default graphs of the protocol
    only_a = remote.query("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[A])
    assert isinstance(only_a, QuerySolutions) and len(list(only_a)) == 2


def test_a_malformed_query_is_a_syntax_error(remote: RemoteStore) -> None:
    with pytest.raises(SyntaxError):
        remote.query("SELECT WHERE {")


def test_graph_reads_by_the_graph_store_protocol(remote: RemoteStore) -> None:
    local = memory(FIRST)
    remote.replace_dataset(local, "v1")
    assert set(remote.quads(A)) == set(local.quads(A))
    assert list(remote.quads(C)) == []  # a graph the server does not hold
    assert set(remote.quads()) == set(local.quads())
    copy = remote.copy_without([B])
    assert copy.named_graphs() == [A] and len(copy) == 2
    dumped = Store()
    dumped._db.load(remote.dump(), format=RdfFormat.N_QUADS)
    assert dataset(dumped) == dataset(local)


def test_the_in_memory_writes_are_refused(remote: RemoteStore) -> None:
    with pytest.raises(TypeError, match="replace_dataset"):
        remote.load_quads([])
    with pytest.raises(TypeError):
        remote.drop_graphs([A])


def test_a_partial_push_gives_what_a_whole_push_gives(
    remote: RemoteStore, server: RemoteEndpoints
) -> None:
    """A push that knows what the server holds sends only the graphs that changed and
    the default graph's delta; the dataset is the same as after a whole push."""
    held = memory(FIRST)
    remote.replace_dataset(held, "v1")
    second = memory(
        {
            A: FIRST[A],  # unchanged
            B: [("y", "name", Literal("Kainuun alue", language="fi"))],  # x in y now only in A
            C: [("z", "in", "y")],  # new
        }
    )
    remote.replace_dataset(second, "v2", held=held)
    partial = dataset(remote)
    remote.replace_dataset(Store(), "empty")
    remote.replace_dataset(second, "v2")
    assert partial == dataset(remote) == dataset(second)
    # a graph the new version lacks is dropped, from the merge too
    third = memory({A: FIRST[A]})
    remote.replace_dataset(third, "v3", held=second)
    assert remote.named_graphs() == [A] and dataset(remote) == dataset(third)


def test_a_partial_push_with_blank_nodes_replaces_the_default_graph(
    remote: RemoteStore,
) -> None:
    held = memory({A: [("x", "has", BlankNode("b1"))]})
    remote.replace_dataset(held, "v1")
    second = memory({A: [("x", "has", BlankNode("b2")), ("x", "in", "y")]})
    remote.replace_dataset(second, "v2", held=held)
    assert len(remote) == 2
    assert remote.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == [{"n": 2}]


def test_staging_graphs_are_not_the_datasets(remote: RemoteStore, server: RemoteEndpoints) -> None:
    """A push cut off after its uploads leaves staging graphs: not read as the data's,
    and dropped by the next push."""
    remote.replace_dataset(memory(FIRST), "v1")
    leftover = f"{STAGING}v9:0"
    httpx.put(
        server.store,
        params={"graph": leftover},
        content=f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(),
        headers={"Content-Type": "application/n-triples"},
    )
    assert remote.named_graphs() == [A, B]
    assert all(q.graph_name != NamedNode(leftover) for q in remote.dataset_quads())
    remote.replace_dataset(memory(FIRST), "v2")
    every = remote.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(r["g"] for r in every) == [A, B]


# -- answers that are cut off or never come -------------------------------------------

# every pair of a few thousand triples: an answer that streams for a long time
ENDLESS = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


def many_triples(n: int = 3000) -> Store:
    return memory({A: [(f"s{i}", "p", Literal(i)) for i in range(n)]})


def test_an_answer_past_the_time_limit_is_an_error(remote: RemoteStore) -> None:
    remote.replace_dataset(many_triples(), "v1")
    impatient = RemoteStore(remote.endpoints, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="0.5 s"):
        impatient.select(ENDLESS)
    assert time.monotonic() - started < 10


def test_an_answer_the_server_cancels_is_an_error_not_fewer_rows(tmp_path: Path) -> None:
    """`oxigraph serve --timeout-s` ends a query's answer part-way when its time is up:
    the body is cut off mid-document, which must not read as a short result."""
    with oxigraph_server(tmp_path / "db", timeout_s=1) as endpoints:
        store = RemoteStore(endpoints, timeout_s=60)
        store.replace_dataset(many_triples(300), "v1")
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.select(ENDLESS)
        assert time.monotonic() - started < 30


def test_a_server_that_cannot_be_reached_is_store_unavailable() -> None:
    gone = RemoteStore(RemoteEndpoints.under(f"http://127.0.0.1:{free_port()}"), timeout_s=5)
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        gone.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreUnavailable):
        gone.replace_dataset(memory(FIRST), "v1")


def test_a_process_leaves_no_connection_open_at_exit(remote: RemoteStore) -> None:
    """The pooled keep-alive connections are closed when the process exits, not left to
    the garbage collector (which warns of each unclosed socket)."""
    url = remote.endpoints.query.removesuffix("/query")
    script = (
        "from kg.config import RemoteEndpoints\n"
        "from kg.remote_store import RemoteStore\n"
        f"store = RemoteStore(RemoteEndpoints.under({url!r}))\n"
        "assert store.select('SELECT (1 AS ?n) {}') == [{'n': 1}]\n"
    )
    ran = subprocess.run(
        [sys.executable, "-W", "always::ResourceWarning", "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert "ResourceWarning" not in ran.stderr
