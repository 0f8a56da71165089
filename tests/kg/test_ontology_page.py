"""The vocabulary document: the ontology's graph, and one anchor per term in the HTML."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from kg.config import Settings
from kg.entity import Site
from kg.namespaces import ONTOLOGY_IRI, OWL, YP_IRI
from kg.ontology_page import ontology_triples, render_ontology
from kg.store import Store

ROOT = "http://service.test/"


def test_ontology_document_is_the_ontology_graph(store: Store, settings: Settings) -> None:
    triples = ontology_triples(store, settings.base_iri)
    graph = settings.base_iri + "graph/ontology"
    stated = {q.triple for q in store.quads(graph) if q.subject != NamedNode(graph)}
    assert set(triples) == stated and len(triples) == len(stated)
    ontology = NamedNode(ONTOLOGY_IRI)
    assert any(t.subject == ontology and t.object == NamedNode(str(OWL.Ontology)) for t in triples)
    assert all(t.subject != NamedNode(graph) for t in triples)  # the build's provenance left out


def test_every_vocabulary_term_has_an_anchor(store: Store, settings: Settings) -> None:
    triples = ontology_triples(store, settings.base_iri)
    page = render_ontology(triples, Site(settings.base_iri, ROOT), "en", page_url=ROOT)
    anchors = set(re.findall(r'<tr id="([^"]+)">', page))
    terms = {
        r["s"][len(YP_IRI) :]
        for r in store.select(
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(yp:))) }"
        )
    }
    assert len(terms) > 100 and terms <= anchors
    row = re.search(r'<tr id="Municipality">.*?</tr>', page)
    assert row is not None
    assert "<td>kunta</td><td>kommun</td><td>municipality</td>" in row.group(0)
    assert f'href="{ROOT}ontology#PublicOrganisation"' in row.group(0)  # its superclass


def test_ontology_page_in_finnish(store: Store, settings: Settings) -> None:
    triples = ontology_triples(store, settings.base_iri)
    page = render_ontology(triples, Site(settings.base_iri, ROOT), "fi", page_url=ROOT)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fi">' in page
    assert "<title>Yhdyspinta-ontologia" in page and "<h2>Luokat (" in page
    classes = {t.subject for t in triples if t.object == NamedNode(str(OWL.Class))}
    classes = {c for c in classes if c.value.startswith(YP_IRI)}
    assert f"<h2>Luokat ({len(classes)})</h2>" in page
    assert f'<a href="{ONTOLOGY_IRI}">{ONTOLOGY_IRI}</a>' in page  # its IRI, linked
