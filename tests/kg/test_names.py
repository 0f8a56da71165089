"""The name matcher: forgiving of case, accents and zeros; helpful when it fails."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.config import REPO_ROOT, Settings
from kg.iris import Minter
from kg.names import AmbiguousName, Entity, NameIndex, NameNotFound, normalise
from kg.reference import load_reference

BASE = Settings().base_iri


@pytest.fixture(scope="module")
def index() -> NameIndex:
    g = Graph()
    for source in load_reference(REPO_ROOT / "data", Minter(BASE)):
        g += source.graph
    return NameIndex.from_graph(g)


@pytest.mark.parametrize(
    ("text", "kinds", "iri"),
    [
        ("Hämeenlinna", {"municipality"}, "municipality/109"),
        ("hameenlinna", {"municipality"}, "municipality/109"),
        ("TAVASTEHUS", {"municipality"}, "municipality/109"),
        ("Helsingfors", {"municipality"}, "municipality/091"),
        ("91", {"municipality"}, "municipality/091"),
        ("091", {"municipality"}, "municipality/091"),
        ("5", {"municipality"}, "municipality/005"),
        ("13", {"county"}, "county/13"),
        ("Vantaa-Kerava", {"county"}, "county/04"),
        ("pohjois-savon hyvinvointialue", {"county"}, "county/13"),
        ("Helsinki", {"county", "organiser"}, "municipality/091"),
        ("Kela", {"organisation"}, "organisation/kela"),
        ("  Kuopio ", {"municipality"}, "municipality/297"),
    ],
)
def test_match_finds(index: NameIndex, text: str, kinds: set[str], iri: str) -> None:
    assert index.match(text, kinds=kinds).iri == BASE + iri


def test_match_unknown_suggests_close_names(index: NameIndex) -> None:
    with pytest.raises(NameNotFound) as info:
        index.match("Hämenlina", kinds={"municipality"})
    assert "Hämeenlinna" in info.value.suggestions
    assert len(info.value.suggestions) <= 5
    assert "did you mean" in str(info.value)


def test_match_respects_kinds(index: NameIndex) -> None:
    with pytest.raises(NameNotFound):
        index.match("Kuopio", kinds={"county"})
    with pytest.raises(NameNotFound):
        index.match("999", kinds={"municipality"})


def test_match_ambiguous_names_both() -> None:
    index = NameIndex(
        [
            Entity("http://x/a", frozenset({"municipality"}), "001", ("Koski",)),
            Entity("http://x/b", frozenset({"municipality"}), "002", ("koski",)),
        ]
    )
    with pytest.raises(AmbiguousName, match="use the code"):
        index.match("KOSKI", kinds={"municipality"})
    assert index.match("2", kinds={"municipality"}).iri == "http://x/b"


def test_normalise() -> None:
    assert normalise("  Ähtäri\u2013Öja  Åbo ") == "ahtari-oja abo"


def test_entity_label_prefers_finnish(index: NameIndex) -> None:
    assert index.by_iri(BASE + "county/13").label == "Pohjois-Savon hyvinvointialue"
