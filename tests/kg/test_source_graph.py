"""N-Triples text made by hand parses back to the same terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.source_graph import SourceGraph, iri, literal


@pytest.mark.parametrize(
    "text", ["plain", 'quote " and \\ backslash', "line\nbreak\r", "ääkköset ÅÖ", "tab\there"]
)
def test_literal_round_trips_through_the_parser(text: str) -> None:
    g = SourceGraph("x", [])
    g.add_terms(iri("http://e/s"), iri("http://e/p"), literal(text, lang="fi"))
    g.add_terms(iri("http://e/s"), iri("http://e/q"), literal(text, datatype="http://e/dt"))
    objects = {t.object for t in g.triples}
    assert objects == {
        ox.Literal(text, language="fi"),
        ox.Literal(text, datatype=ox.NamedNode("http://e/dt")),
    }


@pytest.mark.parametrize(
    "bad", ["http://a b", "http://a<b", "http://a>b", 'http://a"b', "http://a\nb", "http://a{b}"]
)
def test_iri_refuses_characters_that_would_break_the_text(bad: str) -> None:
    with pytest.raises(ValueError):
        iri(bad)


def test_add_accepts_rdflib_and_engine_terms_alike() -> None:
    g = SourceGraph("x", [])
    g.add(URIRef("http://e/s"), URIRef("http://e/p"), Literal("a", lang="sv"))
    g.add(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("a", language="sv"))
    assert len(g) == 1
    assert len(g.graph) == 1
