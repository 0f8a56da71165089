"""Entity pages: labels in the reader's language, escaped text, capped incoming links."""

from __future__ import annotations

import re

import pytest

from kg.config import Settings
from kg.entity import Site, describe
from kg.entity_page import render, render_not_found
from kg.store import Store

ROOT = "http://service.test/"
EX = "https://example.org/id/"
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _hostile_store() -> Store:
    """A small real store whose literals and IRIs try to break out of the HTML."""
    text = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    data = "\n".join(
        [
            f'<{EX}thing/1> <http://www.w3.org/2004/02/skos/core#prefLabel> "{text}"@fi .',
            f'<{EX}thing/1> <http://purl.org/dc/terms/description> "{text}" .',
            f"<{EX}thing/1> <https://w3id.org/yhdyspinta/ontology#illustrative> "
            '"true"^^<http://www.w3.org/2001/XMLSchema#boolean> .',
            f"<{EX}thing/1> <https://example.org/p> <javascript:alert(1)> .",
        ]
        + [f"<{EX}thing/{i}> <https://example.org/p> <{EX}thing/1> ." for i in range(2, 8)]
    )
    store = Store()
    store.load_ntriples(data.encode(), EX + "graph/test")
    return store


def test_hostile_text_is_escaped() -> None:
    store = _hostile_store()
    description = describe(store, EX + "thing/1")
    assert description is not None
    page = render(description, Site(EX, ROOT), "fi", page_url=ROOT + "id/thing/1")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in page
    assert 'href="javascript' not in page  # a non-http IRI is shown, not linked
    assert f'<a href="{ROOT}id/thing/2">' in page  # a neighbour, at this service
    assert "Kuvitteellista esimerkkiaineistoa" in page  # the illustrative note


def test_incoming_links_are_capped_with_their_count() -> None:
    store = _hostile_store()
    description = describe(store, EX + "thing/1")
    assert description is not None
    page = render(description, Site(EX, ROOT), "en", page_url=ROOT, incoming_cap=4)
    assert "Links to this (6)" in page and "showing 4 of 6" in page
    assert page.count('href="http://service.test/id/thing/') == 4


def test_page_is_self_contained(store: Store, settings: Settings) -> None:
    description = describe(store, settings.base_iri + "county/20")
    assert description is not None
    page = render(description, Site(settings.base_iri, ROOT), "sv", page_url=ROOT)
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert "<title>Kajanalands välfärdsområde</title>" in page
    assert f'href="{ROOT}id/municipality/205">Kajana</a>' in page  # a member, in Swedish
    assert f'href="{ROOT}ontology#WellbeingServicesCounty"' in page
    iri = settings.base_iri + "county/20"
    assert f'<a href="{iri}">{iri}</a>' in page  # the entity's IRI, linked


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "Ei löytynyt"), ("sv", "Hittades inte"), ("en", "Not found")]
)
def test_not_found_page(lang: str, title: str) -> None:
    page = render_not_found(EX + "<x>", lang)
    assert f"<title>{title}</title>" in page and "&lt;x&gt;" in page and "<x>" not in page
