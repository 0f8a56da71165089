"""The web pages over HTTP: the search takes a reader to the page meant, the pages show
what the graph holds in the reader's language, and give the same rows as CSV and JSON.
Expected values come from kg's own functions and queries over the same store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kg import lookups
from kg.cli import app as cli_app
from kg.config import Settings
from kg.messages import message
from kg.store import Store
from kg.views import named

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

TODAY = dt.date.today().isoformat()


@pytest.fixture(autouse=True)
def no_language_chosen(client: TestClient) -> None:
    """Each test starts as a reader who has not chosen a language (the module's client
    would otherwise keep the ``lang`` cookie a ``?lang=`` page set)."""
    client.cookies.clear()


class Cells(HTMLParser):
    """The attributes of every element, and the ``lang`` of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, attribute: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if attribute in a]


def parsed(body: str) -> Cells:
    cells = Cells()
    cells.feed(body)
    return cells


@pytest.mark.parametrize("typed", ["Keitele", "keitele", "Keitle", "KEITELE", "239"])
def test_a_search_goes_to_the_municipality_meant(client: TestClient, typed: str) -> None:
    answer = client.get("/search", params={"q": typed, "lang": "fi"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/municipalities/239?lang=fi"


def test_a_swedish_name_finds_the_bilingual_municipality(client: TestClient, store: Store) -> None:
    bilingual = next(
        m
        for m in lookups.municipalities(store)
        if m["name_sv"] and m["name_sv"] != m["name_fi"] and m["language"] not in (None, "fi")
    )
    answer = client.get("/search", params={"q": bilingual["name_sv"]}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"/municipalities/{bilingual['code']}?")


def test_an_unclear_search_lists_the_likely_places(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "rehtori", "lang": "en"})
    assert answer.status_code == 200
    assert message("search.kind.post", "en") in answer.text
    nothing = client.get("/search", params={"q": "qqqqzzzz", "lang": "en"})
    assert message("search.none", "en").format(query="qqqqzzzz") in nothing.text


def test_suggestions_while_typing_name_the_page(client: TestClient) -> None:
    hits = client.get("/search/suggest", params={"q": "keitel", "lang": "sv"}).json()
    assert hits[0] == {
        "label": "Keitele",
        "kind": "municipality",
        "url": "/municipalities/239?lang=sv",
    }


def test_the_matrix_shows_exactly_the_gaps_of_the_graph(client: TestClient, store: Store) -> None:
    expected = {
        (t["theme"], side)
        for t in lookups.responsibilities(store, municipality_key="239")["themes"]
        for side in ("municipality", "county")
        if t[f"gap_{side}_side"]
    }
    page = parsed(client.get("/municipalities/239", params={"lang": "en"}).text)
    shown = set()
    theme = None
    for tag, attrs in page.elements:
        if tag == "tr" and "data-theme" in attrs:
            theme = attrs["data-theme"]
        if tag == "td" and "data-gap" in attrs:
            shown.add((theme, attrs["data-gap"]))
    assert expected, "the national graph has gaps in Keitele"
    assert shown == expected
    text = "".join(page.text)
    assert text.count(message("municipality.gap.county", "en")) == sum(
        1 for _, side in expected if side == "county"
    )


def test_a_municipality_by_name_has_one_address(client: TestClient) -> None:
    answer = client.get("/municipalities/Keitele?lang=sv", follow_redirects=False)
    assert answer.status_code == 308
    assert answer.headers["location"] == "/municipalities/239?lang=sv"
    missing = client.get("/municipalities/Keitla-xyz", params={"lang": "en"})
    assert missing.status_code == 404 and '<html lang="en">' in missing.text


def test_the_heat_map_cells_are_the_owner_coverage_query(client: TestClient, store: Store) -> None:
    rows = named.run(store, "owner-coverage-by-municipality-and-theme", {"county": "13"})
    expected = {
        (r["municipalityCode"], r["theme"]): (str(r["municipalityOwners"]), str(r["countyOwners"]))
        for r in rows
    }
    page = parsed(client.get("/counties/13").text)
    shown = {}
    municipality = None
    for tag, attrs in page.elements:
        if tag == "tr" and "data-municipality" in attrs:
            municipality = attrs["data-municipality"]
        if tag == "td" and "data-municipality-owners" in attrs:
            shown[(municipality, attrs["data-theme"])] = (
                attrs["data-municipality-owners"],
                attrs["data-county-owners"],
            )
    assert len(expected) > 50
    assert shown == expected


def test_page_rows_come_as_csv_and_json(client: TestClient, store: Store) -> None:
    rows = named.run(store, "owner-coverage-by-municipality-and-theme", {"county": "13"})
    as_csv = list(csv.DictReader(io.StringIO(client.get("/counties/13?format=csv").text)))
    as_json = client.get("/counties/13?format=json").json()
    assert len(as_csv) == len(as_json["rows"]) == len(rows)
    assert {(r["municipalityCode"], r["theme"]) for r in as_csv} == {
        (r["municipalityCode"], r["theme"]) for r in rows
    }
    matrix = client.get("/municipalities/239?format=json").json()
    assert matrix["rows"] == json.loads(
        json.dumps(
            named.run(store, "responsibilities-of-municipality", {"municipality": "239"}),
            default=str,
        )
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_language_follows_the_switch_and_is_remembered(lang: str, client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/counties/13", params={"lang": lang})
    assert f'<html lang="{lang}">' in page.text
    assert page.headers["content-language"] == lang
    assert message("county.coverage", lang) in page.text
    later = client.get("/municipalities/239")  # no lang: the one chosen
    assert f'<html lang="{lang}">' in later.text
    client.cookies.clear()


def test_accept_language_chooses_when_nothing_was_chosen(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/", headers={"Accept-Language": "sv-FI, en;q=0.5"})
    assert '<html lang="sv">' in page.text
    assert '<html lang="fi">' in client.get("/", headers={"Accept-Language": "de"}).text


def test_pages_load_nothing_inline_and_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/", "/municipalities/239", "/counties/13", "/themes/hyte?county=13"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert policy.startswith("default-src 'self'") and "unsafe-inline" not in policy
        page = parsed(answer.text)
        sources = [a.get("src", "") for t, a in page.elements if t in ("script", "iframe", "img")]
        sources += [a["href"] for t, a in page.elements if t == "link"]
        assert all(s.startswith("/") for s in sources), sources
        assert not any(t == "style" for t, _ in page.elements)
        assert not any("style" in a for _, a in page.elements if _ != "svg")


def test_the_county_pictures_download_as_svg(client: TestClient, store: Store) -> None:
    picture = client.get("/counties/13", params={"format": "svg", "picture": "audit"})
    assert picture.headers["content-type"] == "image/svg+xml"
    assert picture.content.startswith(b"<?xml")
    bad = client.get("/counties/13", params={"format": "svg", "picture": "nope"})
    assert bad.status_code == 400 and "heat" in bad.text


def test_the_theme_page_filters_by_county(client: TestClient, store: Store) -> None:
    rows = named.run(store, "owner-coverage-by-municipality-and-theme", {"theme": "hyte"})
    counties = {r["countyCode"] for r in rows}
    whole = client.get("/themes/hyte", params={"lang": "en"}).text
    one = client.get("/themes/hyte", params={"lang": "en", "county": "13"}).text
    in_13 = {r["municipalityCode"] for r in rows if r["countyCode"] == "13"}
    assert parsed(one).having("data-municipality") and len(
        parsed(one).having("data-municipality")
    ) == len(in_13)
    assert len(parsed(whole).having("data-municipality")) == len(
        {r["municipalityCode"] for r in rows}
    )
    assert len(counties) > 10


def test_the_home_page_sums_the_coverage_query(client: TestClient, store: Store) -> None:
    rows = named.run(store, "owner-coverage-by-county", {})
    owned = sum(int(r["ownedBothSides"]) for r in rows)
    total = sum(int(r["interfaces"]) for r in rows)
    page = client.get("/", params={"lang": "en"}).text
    assert message("home.owned_both", "en").format(owned=owned, total=total) in page


def _total_counts(body: str) -> dict[str, int]:
    """The counts of the audit page's total row, by status ("total" for the last)."""
    row = body.split('<tr class="total">', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="n ?([a-z-]*)">(\d+)</td>', row)
    return {status or "total": int(n) for status, n in cells}


@pytest.mark.parametrize("county", ["13", "20", "90"])
def test_the_audit_page_counts_are_kg_audits(
    client: TestClient, settings: Settings, county: str
) -> None:
    day = "2026-12-05"
    cli = CliRunner().invoke(
        cli_app,
        [
            "audit",
            "--county",
            county,
            "--as-of",
            day,
            "--format",
            "json",
            "--store",
            str(settings.store_path),
        ],
    )
    expected = json.loads(cli.stdout)["summary"]
    body = client.get("/audit", params={"county": county, "as_of": day, "lang": "en"}).text
    shown = _total_counts(body)
    assert shown == {**expected["counts"], "total": expected["total"]}


def test_the_audit_page_filters_rows_by_status_and_keeps_the_state(client: TestClient) -> None:
    day = "2026-12-05"
    answer = client.get(
        "/audit", params={"county": "13", "as_of": day, "status": "open", "lang": "sv"}
    )
    assert answer.status_code == 200
    body = answer.text
    listed = re.findall(r'<td class="(fulfilled|open|no-evidence|missed|not-applicable)">', body)
    assert listed and set(listed) == {"open"}
    assert 'value="open" checked' in body and 'value="missed" checked' not in body
    assert "status=open" in body and "county=13" in body  # downloads keep the filters
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    "/audit",
                    params={"county": "13", "as_of": day, "status": "open", "format": "csv"},
                ).text
            )
        )
    )
    assert len(csv_rows) == len(listed)
    bad = client.get("/audit", params={"status": "done"})
    assert bad.status_code == 400 and "status must be among" in bad.text


def test_the_validation_page_counts_are_kg_validates(
    client: TestClient, settings: Settings
) -> None:
    day = "2026-12-05"
    cli = CliRunner().invoke(
        cli_app,
        [
            "validate",
            "--county",
            "20",
            "--as-of",
            day,
            "--format",
            "json",
            "--store",
            str(settings.store_path),
        ],
    )
    expected = json.loads(cli.stdout)["counts"]
    body = client.get("/validation", params={"county": "20", "as_of": day, "lang": "fi"}).text
    for severity, n in expected.items():
        assert f'<td class="n" data-severity="{severity}">{n}</td>' in body
