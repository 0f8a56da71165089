"""Entity descriptions: every minted IRI has one, symmetric, with neighbours' labels and
the graphs that state it."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions, Triple

from kg.config import Settings
from kg.entity import Site, describe, iri_for_path, local_name, pick_label, theme_iri
from kg.namespaces import SKOS, THEME_SCHEME_IRI, XSD, YP_IRI
from kg.store import Store

ROOT = "http://service.test/"


def _subjects(store: Store, prefix: str) -> list[str]:
    rows = store.select(
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) }",
        bindings={"prefix": Literal(prefix)},
    )
    return sorted(r["s"] for r in rows)


def test_every_minted_subject_has_a_page_and_a_description(
    store: Store, settings: Settings
) -> None:
    base = settings.base_iri
    site = Site(base, ROOT)
    minted = _subjects(store, base)
    assert len(minted) > 4000
    kinds = {iri[len(base) :].split("/")[0] for iri in minted}
    assert {"municipality", "county", "statute", "graph", "interface", "survey"} <= kinds
    for iri in minted:
        path = iri[len(base) :]
        assert iri_for_path(base, path) == iri, iri
        assert site.url(iri) == f"{ROOT}id/{path}"
        description = describe(store, iri)
        assert description is not None and description.outgoing, iri


def test_every_theme_and_vocabulary_term_has_a_page(store: Store, settings: Settings) -> None:
    site = Site(settings.base_iri, ROOT)
    themes = _subjects(store, THEME_SCHEME_IRI)
    assert THEME_SCHEME_IRI in themes and len(themes) == 17  # the scheme and 16 themes
    for iri in themes:
        slug = iri.rsplit("/", 1)[1] if iri != THEME_SCHEME_IRI else None
        assert theme_iri(slug) == iri
        assert site.url(iri) == ROOT + ("theme" if slug is None else f"theme/{slug}")
        assert describe(store, iri) is not None
    for iri in _subjects(store, YP_IRI):
        assert site.url(iri) == f"{ROOT}ontology#{iri[len(YP_IRI) :]}"


def test_description_is_the_symmetric_bounded_description(store: Store, settings: Settings) -> None:
    iri = settings.base_iri + "county/20"
    description = describe(store, iri)
    assert description is not None
    result = store.query(
        "SELECT ?s ?p ?o WHERE { { ?x ?p ?o BIND(?x AS ?s) } UNION { ?s ?p ?x BIND(?x AS ?o) } }",
        bindings={"x": NamedNode(iri)},
    )
    assert isinstance(result, QuerySolutions)
    own = {Triple(row["s"], row["p"], row["o"]) for row in result}
    triples = set(description.triples())
    node = NamedNode(iri)
    assert {t for t in triples if node in (t.subject, t.object)} == own
    rest = triples - own
    assert rest, "neighbours' labels are part of the description"
    labels = {str(SKOS.prefLabel), "http://www.w3.org/2000/01/rdf-schema#label"}
    labels.add("http://purl.org/dc/terms/title")
    assert all(t.predicate.value in labels for t in rest)
    kajaani = Triple(
        NamedNode(settings.base_iri + "municipality/205"),
        NamedNode(str(SKOS.prefLabel)),
        Literal("Kajaani", language="fi"),
    )
    assert kajaani in triples  # a member municipality, linked from the county, named


def test_description_names_graphs_with_sources_and_licences(
    store: Store, settings: Settings
) -> None:
    description = describe(store, settings.base_iri + "municipality/091")
    assert description is not None
    graphs = {g.iri.rsplit("/graph/", 1)[1]: g for g in description.graphs}
    municipalities = graphs["reference/municipalities"]
    assert municipalities.sources == ("data/reference/municipalities.csv",)
    assert municipalities.licenses == ("https://creativecommons.org/licenses/by/4.0/",)
    assert any(p.value.endswith("dimension#refArea") for _, p in description.incoming)
    assert "survey/cooperation-2026" not in graphs  # it only points at Helsinki


def test_description_of_an_object_only_names_the_graphs_using_it(store: Store) -> None:
    rows = store.select(
        "SELECT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) FILTER NOT EXISTS { ?o ?q ?r } } LIMIT 1"
    )
    description = describe(store, rows[0]["o"])
    assert description is not None and not description.outgoing and description.incoming
    assert description.graphs


def test_illustrative_flag(store: Store, settings: Settings) -> None:
    row = store.select("SELECT ?r WHERE { ?r a yp:Responsibility ; yp:illustrative true } LIMIT 1")
    made_up = describe(store, row[0]["r"])
    real = describe(store, settings.base_iri + "municipality/091")
    assert made_up is not None and made_up.illustrative
    assert real is not None and not real.illustrative


def test_unknown_and_invalid_iris(store: Store, settings: Settings) -> None:
    assert describe(store, settings.base_iri + "municipality/999") is None
    with pytest.raises(ValueError):
        describe(store, "not an iri")


@pytest.mark.parametrize(
    "path", ["", "..", "a/../b", "./a", "a//b", "a/", "a b", "a<b>", "ä", "a?b", "a#b"]
)
def test_paths_that_cannot_be_minted_are_refused(path: str) -> None:
    assert iri_for_path("https://example.org/id/", path) is None
    assert theme_iri(path) is None


def test_label_fallback_order() -> None:
    labels = {"sv": "Kajana", "en": "Kajaani (en)", "fi": "Kajaani"}
    assert pick_label(labels, "sv") == "Kajana"
    assert pick_label({"sv": "Kajana", "en": "Kajaani (en)"}, "fi") == "Kajaani (en)"
    assert pick_label({"sv": "Kajana"}, "en") == "Kajana"
    assert pick_label({"": "plain", "de": "Kajaani (de)"}, "sv") == "plain"
    assert pick_label({"de": "Kajaani (de)"}, "sv") == "Kajaani (de)"
    assert pick_label({}, "fi") is None
    assert local_name("https://w3id.org/yhdyspinta/ontology#county") == "county"
    assert local_name("https://example.org/id/interface/755/hyte") == "hyte"


def test_every_named_graph_has_a_description_with_its_size(store: Store) -> None:
    for graph in store.named_graphs():
        description = describe(store, graph)
        assert description is not None, graph
        assert description.graph_size == len(list(store.quads(graph))) > 0
        size = Triple(
            NamedNode(graph),
            NamedNode("http://rdfs.org/ns/void#triples"),
            Literal(str(description.graph_size), datatype=NamedNode(str(XSD.integer))),
        )
        assert size in description.triples()
    inferred = next(g for g in store.named_graphs() if g.endswith("/graph/inferred"))
    assert describe(store, inferred) is not None  # a graph no triple is about
