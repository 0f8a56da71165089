"""Entity pages over HTTP: one IRI of every kind in HTML, Turtle and JSON-LD; negotiation,
languages, unknown and malformed IRIs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from api.main import create_app
from kg.config import DEFAULT_PUBLIC_URL, Settings
from kg.entity import describe
from kg.messages import message
from kg.store import Store

PARSERS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
}
SITE = DEFAULT_PUBLIC_URL  # the settings of the tests' client: links come from it


@pytest.fixture(autouse=True)
def no_language_chosen(client: TestClient) -> None:
    """Each test starts as a reader who has not chosen a language (the module's client
    would otherwise keep the ``lang`` cookie a ``?lang=`` page set)."""
    client.cookies.clear()


def _one_per_kind(store: Store, base: str) -> dict[str, str]:
    rows = store.select(
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?base)) } ORDER BY ?s",
        bindings={"base": Literal(base)},
    )
    out: dict[str, str] = {}
    for row in rows:
        out.setdefault(row["s"][len(base) :].split("/")[0], row["s"])
    return out


def _triples(body: bytes, media: str) -> set[Triple]:
    return {q.triple for q in parse(body, format=PARSERS[media])}


def test_one_iri_of_every_kind_dereferences_in_every_format(
    client: TestClient, store: Store, settings: Settings
) -> None:
    kinds = _one_per_kind(store, settings.base_iri)
    assert len(kinds) >= 20 and "municipality" in kinds and "graph" in kinds
    for kind, iri in kinds.items():
        url = "/id/" + iri[len(settings.base_iri) :]
        description = describe(store, iri)
        assert description is not None
        for media in PARSERS:
            r = client.get(url, headers={"accept": media})
            assert r.status_code == 200, (iri, media, r.text)
            assert r.headers["content-type"].startswith(media)
            assert "Accept" in r.headers["vary"]
            assert _triples(r.content, media) == set(description.triples()), (iri, media)
        r = client.get(url, headers={"accept": "text/html"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), kind
        title = description.label(iri, "fi")
        assert _title(title) in r.text, kind
        for neighbour in description.neighbours() & {o.value for _, o in description.outgoing}:
            if neighbour.startswith(settings.base_iri):
                assert f'href="{SITE}id/{neighbour[len(settings.base_iri) :]}"' in r.text


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _title(text: str, lang: str = "fi") -> str:
    """A page's title: ``text``, then the site's name (the service's pages have the
    site's chrome)."""
    return f"<title>{_esc(text)} – {message('site.name', lang)}</title>"


def test_municipality_page_links_and_languages(client: TestClient) -> None:
    fi = client.get("/id/municipality/205", headers={"accept": "text/html"}).text
    assert _title("Kajaani") in fi and '<html lang="fi">' in fi
    assert f'<a href="{SITE}id/county/20">Kainuun hyvinvointialue</a>' in fi  # outgoing
    assert f'href="{SITE}id/interface/205/hyte"' in fi  # incoming, to its own page
    assert f'href="{SITE}theme/hyte"' not in fi  # themes are two steps away
    # the site's chrome: its stylesheet, the same page in the other languages
    assert '<link rel="stylesheet" href="/static/css/site.css">' in fi
    assert 'href="/id/municipality/205?lang=sv" hreflang="sv"' in fi
    sv = client.get("/id/municipality/205?lang=sv").text
    assert _title("Kajana", "sv") in sv and "Kajanalands välfärdsområde</a>" in sv
    assert "Typer" in sv and "Egenskaper" in sv
    # the language chosen is remembered over Accept-Language; a new reader gets theirs
    english = {"accept-language": "en-GB,en;q=0.8"}
    remembered = client.get("/id/municipality/205", headers=english)
    assert remembered.headers["content-language"] == "sv"
    client.cookies.clear()
    en = client.get("/id/municipality/205", headers=english)
    assert "Kainuu wellbeing services county</a>" in en.text
    assert en.headers["content-language"] == "en"


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("sv-FI, fi;q=0.5", "sv"),
        ("de, sv;q=0.1", "sv"),  # an unsupported language is passed over
        ("de", "fi"),  # nothing supported: Finnish
        ("en;q=0, *", "fi"),
        ("fi;q=0.2, en;q=0.9", "en"),
        ("", "fi"),
    ],
)
def test_accept_language(client: TestClient, header: str, lang: str) -> None:
    r = client.get("/id/county/20", headers={"accept": "text/html", "accept-language": header})
    assert f'<html lang="{lang}">' in r.text
    assert "Accept-Language" in r.headers["vary"]


def test_lang_parameter_overrides_header_and_label_falls_back(client: TestClient) -> None:
    r = client.get("/id/municipality/205?lang=en", headers={"accept-language": "sv"})
    # the municipality has no English name: Finnish first, then Swedish
    assert '<html lang="en">' in r.text and _title("Kajaani", "en") in r.text
    assert client.get("/id/municipality/205?lang=de").status_code == 422
    # an entity without any label is titled by its local name
    r = client.get("/id/interface/205/hyte?lang=sv")
    assert _title("hyte", "sv") in r.text


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("application/ld+json;q=0.4, text/turtle;q=0.6", "text/turtle"),
        ("text/*", "text/html"),
        ("text/*, text/html;q=0", "text/turtle"),
        ("*/*", "text/html"),
        ("*/*;q=0.1, application/n-triples", "application/n-triples"),
        ("application/json", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("", "text/html"),
    ],
)
def test_q_values_choose_the_format(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/id/county/13", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_format_parameter_and_alternates(client: TestClient) -> None:
    r = client.get("/id/county/13?format=ttl", headers={"accept": "text/html"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert f'<{SITE}id/county/13?format=jsonld>; rel="alternate"' in r.headers["link"]
    page = client.get("/id/county/13").text
    assert f'href="{SITE}id/county/13?format=ttl">Turtle</a>' in page
    assert f'href="{SITE}id/county/13?format=jsonld">JSON-LD</a>' in page
    assert client.get("/id/county/13?format=xml").status_code == 422


def test_not_acceptable(client: TestClient) -> None:
    r = client.get("/id/county/13", headers={"accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.json()["offered"]


def test_unknown_iri_is_404_as_json_or_html(client: TestClient) -> None:
    r = client.get("/id/municipality/999", headers={"accept": "application/ld+json"})
    assert r.status_code == 404 and "municipality/999" in r.json()["detail"]
    r = client.get("/id/municipality/999", headers={"accept": "text/html", "accept-language": "en"})
    assert r.status_code == 404 and _title("Not found", "en") in r.text
    assert client.get("/theme/nope").status_code == 404
    assert client.get("/ontology/9.9.9").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/id/",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/a%20b",
        "/id/%3Cscript%3E",
        "/id/municipality/091%0Aevil",
        "/id/municipality//091",
        "/id/" + "x" * 5000,
        "/id/%FF%FE",
        "/id/municipality/%00",
        "/theme/HYTE",
        "/theme/%3E",
        "/ontology/%3E%20x",
        "/id/municipality/091%22%3E%3C",
    ],
)
def test_malformed_paths_are_404_never_5xx(client: TestClient, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        r = client.get(path, headers={"accept": accept})
        assert r.status_code == 404, (path, r.status_code, r.text[:200])
        if r.headers["content-type"].startswith("text/html"):
            assert "<script" not in r.text.lower()


def test_themes_and_the_scheme(client: TestClient) -> None:
    r = client.get("/theme/hyte", headers={"accept": "text/turtle"})
    triples = _triples(r.content, "text/turtle")
    hyte = NamedNode("https://w3id.org/yhdyspinta/theme/hyte")
    assert any(t.subject == hyte for t in triples) and any(t.object == hyte for t in triples)
    page = client.get("/theme?lang=en").text
    assert _title("interface themes", "en") in page
    assert f'href="{SITE}theme/hyte"' in page


def test_ontology_document(client: TestClient) -> None:
    r = client.get("/ontology", headers={"accept": "text/turtle"})
    triples = _triples(r.content, "text/turtle")
    municipality = NamedNode("https://w3id.org/yhdyspinta/ontology#Municipality")
    assert (
        Triple(
            municipality,
            NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("kommun", language="sv"),
        )
        in triples
    )
    jsonld = client.get("/ontology", headers={"accept": "application/ld+json"})
    assert _triples(jsonld.content, "application/ld+json") == triples
    page = client.get("/ontology", headers={"accept": "text/html"}).text
    assert '<tr id="Municipality">' in page
    assert client.get("/ontology/0.1.0", headers={"accept": "text/turtle"}).content == r.content


def test_pages_link_to_pages_that_exist(client: TestClient) -> None:
    """Every link from a page to this service answers 200 (a sample of pages)."""
    seen: set[str] = set()
    for start in ("/id/county/20", "/id/municipality/205", "/id/statute/2021/611/14"):
        page = client.get(start, headers={"accept": "text/html"}).text
        for href in re.findall(rf'href="({re.escape(SITE)}[^"#?]+)', page):
            if href not in seen:
                seen.add(href)
                assert client.get(href).status_code == 200, href
    assert len(seen) > 30


def test_hostile_literal_over_http(tmp_path: Path) -> None:
    """A store holding hostile text (a real store on disk) is served escaped."""
    base = "https://example.org/id/"
    hostile = "</title><script>alert(1)</script>"
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    store = Store(tmp_path / "store")
    store.load_ntriples(f'<{base}thing/1> {label} "{hostile}"@fi .\n'.encode(), base + "graph/test")
    store.flush()
    del store
    settings = Settings(base_iri=base, store_path=tmp_path / "store")
    with TestClient(create_app(settings)) as client:
        r = client.get("/id/thing/1", headers={"accept": "text/html"})
        assert r.status_code == 200
        assert "<script>" not in r.text
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_an_entity_page_opens_its_statements_in_the_editor(
    client: TestClient, store: Store
) -> None:
    """The query behind the page's table of statements: the editor link's SPARQL gives
    the statements the page lists (and the types it lists above them)."""
    page = client.get("/id/municipality/205", params={"lang": "en"}).text
    links = re.findall(r'href="/editor\?lang=en&amp;query=([^"]+)"', page)
    assert len(links) == 2  # its statements, and the statements about it
    rows = store.select(unquote(links[0]))
    values = {r["value"] for r in rows}
    assert any(v.endswith("/id/county/20") for v in values) and "Kajaani" in values
    rows_in_table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
    typed = sum(1 for r in rows if r["property"].endswith("#type"))
    assert len(rows) - typed == rows_in_table
