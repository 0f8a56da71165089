"""The query guard: SERVICE refused however it is spelt, depth and chains limited.

Each generated spelling is also run, unguarded, on the real engine (an in-memory store)
against a local listener: the listener sees a request, so the spelling really is a
federated query and the guard's refusal is what stands between it and the network.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from pyoxigraph import QueryBoolean, Store

from kg.sparql_guard import QueryLimits, QueryTooComplex, UnsupportedQuery, check_query
from kg.sparql_sandbox import call_on_large_stack
from tests.federation import Listener, Spelling, control_store, federated_queries


@pytest.fixture(scope="module")
def listener() -> Listener:
    with Listener() as listening:
        yield listening  # type: ignore[misc]


def _run_unguarded(store: Store, query: str) -> None:
    try:
        result = store.query(query)
        if not isinstance(result, QueryBoolean):
            list(result)
    except (OSError, RuntimeError, SyntaxError, ValueError):  # the listener hangs up
        pass


def _wait_for(listener: Listener, count: int) -> int:
    deadline = time.monotonic() + 2
    while listener.connections < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return listener.connections


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spelling=federated_queries())
def test_check_query_refuses_every_spelling_of_service(
    listener: Listener, spelling: Spelling
) -> None:
    query = spelling.at(listener.port)
    with pytest.raises(UnsupportedQuery, match="SERVICE"):
        check_query(query)
    if spelling.executes:  # the control: unguarded, the engine does call out
        before = listener.connections
        bare = spelling.at(listener.port, bare=True)
        with pytest.raises(UnsupportedQuery, match="SERVICE"):
            check_query(bare)
        _run_unguarded(control_store(), bare)
        assert _wait_for(listener, before + 1) > before, bare


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <{url}service> "SERVICE" }',
        "ASK { # SERVICE <{url}>\n ?s ?p ?o }",
        "PREFIX ex: <{url}> ASK { ?s ex:service ex:a.SERVICE }",  # one dot run: a local name
        "ASK { ?s ?p '''SERVICE <{url}> { }''' }",
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> ASK { ?s a sd:Service }",
        "ASK { ?s <http://www.w3.org/ns/sparql-service-description#Service> ?o }",
        "SELECT ?x WHERE { ?s ?p ?o FILTER(?o < 3) BIND(<{url}service> AS ?x) }",
        "ASK { \\u0053ERVICE <{url}> { } }",  # no codepoint escapes outside strings: invalid
    ],
)
def test_check_query_lets_through_what_only_looks_like_service(
    listener: Listener, query: str
) -> None:
    text = query.replace("{url}", f"http://127.0.0.1:{listener.port}/")
    check_query(text)
    before = listener.connections
    _run_unguarded(control_store(), text)
    time.sleep(0.2)
    assert listener.connections == before


def test_check_query_refuses_3000_nested_braces_naming_the_limit() -> None:
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    with pytest.raises(QueryTooComplex, match="more than 64 deep") as refused:
        check_query(query)
    # the 65th brace opens at offset len("SELECT * WHERE ") + 64
    assert f"column {len('SELECT * WHERE ') + 64 + 1}" in str(refused.value)


def test_check_query_depth_limit_is_exact_and_the_engine_takes_it() -> None:
    limits = QueryLimits(max_depth=40)

    def nested(depth: int) -> str:  # `WHERE {` is the first bracket
        return "SELECT * WHERE " + "{" * depth + "}" * depth

    check_query(nested(40), limits)
    with pytest.raises(QueryTooComplex):
        check_query(nested(41), limits)
    # results are read on the thread that made them (pyoxigraph's are bound to it)
    assert call_on_large_stack(lambda: len(list(Store().query(nested(40))))) == 1


def test_check_query_counts_sibling_elements_as_a_chain() -> None:
    # n OPTIONALs side by side: the top holds 4 tokens (SELECT * WHERE {), the group 2 per
    # OPTIONAL (the keyword and its brace), each inner group 3 (?s ?p ?o): 4 + 2n + 3
    limits = QueryLimits(max_chain=101)

    def optionals(n: int) -> str:
        return "SELECT * WHERE { " + " ".join(["OPTIONAL { ?s ?p ?o }"] * n) + " }"

    check_query(optionals(47), limits)  # 4 + 94 + 3 = 101
    with pytest.raises(QueryTooComplex, match="chains 103 patterns"):
        check_query(optionals(48), limits)


def test_check_query_counts_an_argument_list_per_argument() -> None:
    # CONCAT's 600 arguments are a list, not a chain: the longest argument counts
    limits = QueryLimits(max_chain=50)
    arguments = ", ".join(['"a"'] * 600)
    check_query(f"SELECT * WHERE {{ BIND(CONCAT({arguments}) AS ?x) }}", limits)
    chain = " + ".join(["1"] * 30)  # 59 tokens in one argument
    with pytest.raises(QueryTooComplex):
        check_query(f"SELECT * WHERE {{ BIND(CONCAT({chain}) AS ?x) }}", limits)


def test_check_query_values_and_in_lists_are_not_chains() -> None:
    values = " ".join(f'"v{i}"' for i in range(50_000))
    check_query(f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}")
    rows = " ".join(f"({i} <x{i}>)" for i in range(20_000))
    check_query(f"SELECT * WHERE {{ VALUES (?x ?y) {{ {rows} }} }}")
    members = ", ".join(str(i) for i in range(50_000))
    check_query(f"SELECT * WHERE {{ BIND(1 AS ?x) FILTER(?x IN ({members})) }}")
