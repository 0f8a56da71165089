"""Binding values into SPARQL without pasting text."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad

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
