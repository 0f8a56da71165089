"""The themes as the ontology defines them, and the one resolver of theme names."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.config import REPO_ROOT
from kg.importing.templates import theme_table
from kg.names import NameNotFound, normalise
from kg.namespaces import YP
from kg.themes import Theme, theme_index, themes_from_ontology

ONTOLOGY = REPO_ROOT / "ontology" / "yhdyspinta.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def themes() -> tuple[Theme, ...]:
    return themes_from_ontology(ONTOLOGY)


def test_themes_from_ontology_are_the_ontologys(graph: Graph, themes: tuple[Theme, ...]) -> None:
    expected = {}
    for iri in graph.subjects(RDF.type, YP.InterfaceTheme):
        names = {lbl.language: str(lbl) for lbl in graph.objects(iri, SKOS.prefLabel)}
        covers = {d.language: str(d) for d in graph.objects(iri, SKOS.definition)}
        expected[str(graph.value(iri, SKOS.notation))] = (names, covers)
    assert {t.code: (t.name, t.covers) for t in themes} == expected
    core = [t.core for t in themes]
    assert core == sorted(core, reverse=True)  # the core themes first
    for t in themes:
        assert graph.value(URIRef(t.iri), YP.coreTheme) == Literal(t.core)


def test_theme_index_finds_every_code_and_name(graph: Graph, themes: tuple[Theme, ...]) -> None:
    index = theme_index(themes)
    for iri in graph.subjects(RDF.type, YP.InterfaceTheme):
        code = str(graph.value(iri, SKOS.notation))
        names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(iri, p)]
        for text in [code, *names, *(n.upper() for n in names), *(normalise(n) for n in names)]:
            assert index.match(text, kinds={"theme"}).code == code, text


@pytest.mark.parametrize(
    ("text", "code"),
    [("ikääntyneet", "older-people"), ("ikäihmiset", "older-people"), ("työllisyys", "employment")],
)
def test_theme_index_suggests_by_shared_words(
    themes: tuple[Theme, ...], text: str, code: str
) -> None:
    index = theme_index(themes)
    with pytest.raises(NameNotFound) as info:
        index.match(text, kinds={"theme"})
    meant = next(t for t in themes if t.code == code)
    assert info.value.suggestions[0] == meant.name["fi"]


def test_theme_index_unknown_without_suggestions(themes: tuple[Theme, ...]) -> None:
    with pytest.raises(NameNotFound, match="unknown theme 'qqqq'"):
        theme_index(themes).match("qqqq", kinds={"theme"}, what="theme")


def test_readme_lists_every_theme_as_the_ontology_has_it() -> None:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert "\n".join(theme_table()) in readme
