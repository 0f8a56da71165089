"""Binding values into SPARQL without pasting text."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QueryTriples

from kg.bindings import bind_values
from kg.store import Store

EX = "http://example.org/"


@pytest.fixture
def small() -> Store:
    s = Store()
    s.load_quads(
        Quad(NamedNode(EX + name), NamedNode(EX + "label"), Literal(label), NamedNode(EX + "g"))
        for name, label in (("a", "Åbo"), ("b", 'quote " and } brace'), ("c", "other"))
    )
    return s


def test_bind_values_selects_only_bound_value(small: Store) -> None:
    rows = small.select(
        "SELECT ?s WHERE { ?s <http://example.org/label> ?l }", bindings={"l": Literal("Åbo")}
    )
    assert rows == [{"s": EX + "a"}]


def test_bind_values_hostile_literal_is_data_not_syntax(small: Store) -> None:
    hostile = Literal('quote " and } brace')
    rows = small.select(
        "SELECT ?s WHERE { ?s <http://example.org/label> ?l }", bindings={"l": hostile}
    )
    assert rows == [{"s": EX + "b"}]
    injection = Literal('x" } ?s ?p ?o { "')
    rows = small.select(
        "SELECT ?s WHERE { ?s <http://example.org/label> ?l }", bindings={"l": injection}
    )
    assert rows == []


def test_bind_values_list_is_disjunction(small: Store) -> None:
    rows = small.select(
        "SELECT ?l WHERE { ?s <http://example.org/label> ?l } ORDER BY ?l",
        bindings={"s": [NamedNode(EX + "a"), NamedNode(EX + "c")]},
    )
    assert [r["l"] for r in rows] == ["other", "Åbo"]


def test_bind_values_aggregate_without_projecting_variable(small: Store) -> None:
    rows = small.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", bindings={"s": NamedNode(EX + "a")}
    )
    assert rows == [{"n": 1}]


def test_bind_values_skips_braces_in_comments_strings_and_iris() -> None:
    q = 'PREFIX e: <http://example.org/x>\n# a { comment\nSELECT ?s WHERE { ?s ?p "{" }'
    out = bind_values(q, {"s": NamedNode(EX + "a")})
    assert out.index("VALUES") > out.index("WHERE {")


LABEL = "<http://example.org/label>"


def _triples(result: object) -> set[tuple[str, str, str]]:
    assert isinstance(result, QueryTriples)
    return {(t.subject.value, t.predicate.value, t.object.value) for t in result}


def test_construct_with_bindings_binds_the_where_group_not_the_template(small: Store) -> None:
    # the template's `{` comes first: a VALUES block there is a syntax error
    result = small.query(
        f"CONSTRUCT {{ ?s {LABEL} ?l }} WHERE {{ GRAPH ?g {{ ?s {LABEL} ?l }} }}",
        bindings={"s": NamedNode(EX + "a")},
    )
    assert _triples(result) == {(EX + "a", EX + "label", "Åbo")}


def test_construct_short_form_with_bindings(small: Store) -> None:
    # `CONSTRUCT WHERE { … }` may hold triples only: the values are bound after the query
    result = small.query(
        f"CONSTRUCT WHERE {{ ?s {LABEL} ?l }} # a comment closing the query",
        bindings={"s": [NamedNode(EX + "a"), NamedNode(EX + "c")]},
    )
    assert {t[0] for t in _triples(result)} == {EX + "a", EX + "c"}


def test_construct_short_form_with_its_own_values_is_refused() -> None:
    with pytest.raises(ValueError, match="write the template"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o } VALUES ?o { 1 }", {"s": NamedNode(EX + "a")})


def test_describe_with_bindings(small: Store) -> None:
    result = small.query(f"DESCRIBE ?s WHERE {{ ?s {LABEL} ?l }}", bindings={"l": Literal("other")})
    assert {t[0] for t in _triples(result)} == {EX + "c"}


@pytest.mark.parametrize(("label", "expected"), [("Åbo", True), ("nobody", False)])
def test_ask_with_bindings(small: Store, label: str, expected: bool) -> None:
    result = small.query(f"ASK {{ ?s {LABEL} ?l }}", bindings={"l": Literal(label)})
    assert isinstance(result, QueryBoolean)
    assert bool(result) is expected


def test_select_with_subquery_binds_the_outer_group(small: Store) -> None:
    # bound in the outer group, the value restricts the subquery's answers
    rows = small.select(
        f"SELECT ?s ?n WHERE {{ {{ SELECT ?s (COUNT(?l) AS ?n) WHERE {{ ?s {LABEL} ?l }} "
        "GROUP BY ?s } }",
        bindings={"s": NamedNode(EX + "b")},
    )
    assert rows == [{"s": EX + "b", "n": 1}]


def test_braces_before_the_where_group_are_not_taken_for_it(small: Store) -> None:
    # an EXISTS group in the projection, a `{` in a string and in a comment
    query = (
        "# the { in this comment\n"
        f'SELECT ?s ("{{" AS ?brace) (EXISTS {{ ?s {LABEL} "other" }} AS ?other) '
        f"WHERE {{ ?s {LABEL} ?l }}"
    )
    rows = small.select(query, bindings={"s": NamedNode(EX + "c")})
    assert rows == [{"s": EX + "c", "brace": "{", "other": True}]


def test_query_without_group_is_refused() -> None:
    with pytest.raises(ValueError, match="no group pattern"):
        bind_values("DESCRIBE <http://example.org/a>", {"s": NamedNode(EX + "a")})


def test_importing_bindings_loads_neither_rdflib_nor_feature_packages() -> None:
    # in a fresh interpreter, as a SPARQL worker starts
    code = "import sys, kg.bindings; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [m for m in out if m == "rdflib" or m.startswith("rdflib.")]
    assert [m for m in out if m == "kg" or m.startswith("kg.")] == ["kg", "kg.bindings"]


@pytest.mark.parametrize("value", ["plain string", 3, None])
def test_bind_values_refuses_non_terms(value: object) -> None:
    with pytest.raises(TypeError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": value})  # type: ignore[dict-item]


def test_bind_values_refuses_bad_variable_name() -> None:
    with pytest.raises(ValueError, match="variable name"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL #": NamedNode(EX)})


def test_named_node_refuses_malformed_iri() -> None:
    with pytest.raises(ValueError):
        NamedNode("http://example.org/> } ; DROP ALL ; <")
