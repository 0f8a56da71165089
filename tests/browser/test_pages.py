"""The web interface as people use it, in headless Chromium: the search reaches the page
meant however the name is typed, the matrix shows the graph's gaps, the language switch
changes the words and is remembered, the county's heat map is the owner-coverage query,
and the search, municipality, county and audit pages work without JavaScript too. No page
asks any host but the service (the recorder counts every request) and none logs an error.
Each test saves a screenshot to tests/artifacts/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from playwright.sync_api import Browser, Page

from kg import lookups
from kg.audit.evaluate import audit
from kg.config import Settings
from kg.messages import message
from kg.store import Store
from kg.views import named
from tests.browser.conftest import Recorder
from tests.helpers import running_service

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def bilingual(store: Store) -> dict[str, str]:
    """A municipality whose Swedish name differs from its Finnish one."""
    return next(
        m
        for m in lookups.municipalities(store)
        if m["name_sv"] and m["name_sv"] != m["name_fi"] and m["language"] not in (None, "fi")
    )


@pytest.mark.parametrize("typed", ["Keitele", "keitele", "Keitle", "swedish"])
def test_searching_reaches_the_municipality(
    recorded: tuple[Page, Recorder], service: str, store: Store, typed: str
) -> None:
    page, recorder = recorded
    wanted = lookups.municipality(store, "Keitele")
    if typed == "swedish":
        wanted = bilingual(store)
        typed = wanted["name_sv"]
    page.goto(service + "/?lang=fi")
    page.fill("#q", typed)
    page.press("#q", "Enter")
    page.wait_for_url(f"**/municipalities/{wanted['code']}?lang=fi")
    assert page.inner_text("h1") == wanted["name_fi"]
    assert recorder.outside == [] and recorder.errors == [], recorder.errors
    shot(page, f"search-{typed}")


def test_suggestions_appear_while_typing(recorded: tuple[Page, Recorder], service: str) -> None:
    page, recorder = recorded
    page.goto(service + "/?lang=sv")
    page.type("#q", "keitl", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#suggestions option').length > 0")
    options = page.eval_on_selector_all("#suggestions option", "os => os.map(o => o.value)")
    assert options[0] == "Keitele"
    assert recorder.outside == [] and recorder.errors == []
    shot(page, "suggestions-sv")


def _shown_gaps(page: Page) -> set[tuple[str, str]]:
    return set(
        map(
            tuple,
            page.eval_on_selector_all(
                "table.matrix td.gap",
                "cells => cells.map(c => [c.closest('tr').dataset.theme, c.dataset.gap])",
            ),
        )
    )


@pytest.mark.parametrize("code", ["239", "205"])
def test_the_matrix_shows_exactly_the_gaps_of_the_graph(
    recorded: tuple[Page, Recorder], service: str, store: Store, code: str
) -> None:
    page, recorder = recorded
    expected = {
        (t["theme"], side)
        for t in lookups.responsibilities(store, municipality_key=code)["themes"]
        for side in ("municipality", "county")
        if t[f"gap_{side}_side"]
    }
    page.goto(f"{service}/municipalities/{code}?lang=en")
    assert _shown_gaps(page) == expected
    said = page.eval_on_selector_all("td.gap", "cells => cells.map(c => c.innerText.trim())")
    assert sorted(said) == sorted(message(f"municipality.gap.{side}", "en") for _, side in expected)
    assert recorder.outside == [] and recorder.errors == []
    shot(page, f"municipality-{code}-en")


def test_the_language_switch_changes_the_words_and_is_remembered(
    recorded: tuple[Page, Recorder], service: str
) -> None:
    page, recorder = recorded
    page.goto(service + "/counties/20?lang=fi")
    assert page.evaluate("document.documentElement.lang") == "fi"
    for lang, name in (("sv", "svenska"), ("en", "English")):
        page.click(f"nav.languages a[hreflang={lang}]")
        page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")
        assert page.inner_text("#coverage") == message("county.coverage", lang)
        assert page.inner_text("header.site nav.sections a[aria-current]") == message(
            "site.section.home", lang
        )
        assert page.inner_text("nav.languages [aria-current]") == name
        shot(page, f"county-20-{lang}")
    page.goto(service + "/municipalities/205")  # no ?lang: the one chosen
    assert page.evaluate("document.documentElement.lang") == "en"
    assert message("municipality.matrix", "en") in page.inner_text("main")
    assert recorder.outside == [] and recorder.errors == []


def test_the_heat_map_is_the_owner_coverage_query(
    recorded: tuple[Page, Recorder], service: str, store: Store
) -> None:
    page, recorder = recorded
    rows = named.run(store, "owner-coverage-by-municipality-and-theme", {"county": "13"})
    expected = {
        (r["municipalityCode"], r["theme"]): f"{r['municipalityOwners']} / {r['countyOwners']}"
        for r in rows
    }
    page.goto(service + "/counties/13?lang=fi")
    cells = page.eval_on_selector_all(
        "table.heat td[data-municipality-owners]",
        "cs => cs.map(c => [c.closest('tr').dataset.municipality, c.dataset.theme, c.innerText])",
    )
    assert {(m, t): text.strip() for m, t, text in cells} == expected
    # the picture (a download) says the same numbers
    svg = ElementTree.fromstring(
        httpx.get(f"{service}/counties/13?format=svg&picture=heat").content
    )
    ns = "{http://www.w3.org/2000/svg}"
    picture = [
        "".join(t.itertext()).strip()
        for g in svg.iter(f"{ns}g")
        if "cell" in (g.get("class") or "").split()
        for t in g.iter(f"{ns}text")
    ]
    assert sorted(picture) == sorted(expected.values())
    assert recorder.outside == [] and recorder.errors == []
    shot(page, "county-13-fi")


@pytest.fixture
def no_script(browser: Browser) -> Iterator[tuple[Page, Recorder]]:
    recorder = Recorder()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.on("request", recorder.request)
    yield page, recorder
    context.close()


def test_the_pages_work_without_javascript(
    no_script: tuple[Page, Recorder], service: str, store: Store, settings: Settings
) -> None:
    page, recorder = no_script
    page.goto(service + "/?lang=fi")
    page.fill("#q", "Keitle")
    page.click("form.search button")
    page.wait_for_url("**/municipalities/239?lang=fi")
    expected = {
        (t["theme"], side)
        for t in lookups.responsibilities(store, municipality_key="239")["themes"]
        for side in ("municipality", "county")
        if t[f"gap_{side}_side"]
    }
    assert _shown_gaps(page) == expected
    shot(page, "nojs-municipality")
    page.goto(service + "/counties/20?lang=fi")
    assert page.locator("table.heat td[data-municipality-owners]").count() == len(
        named.run(store, "owner-coverage-by-municipality-and-theme", {"county": "20"})
    )
    shot(page, "nojs-county-20")
    # the audit's filters are a plain form
    page.goto(service + "/audit?lang=en")
    page.select_option("select[name=county]", "20")
    page.click("form.filters button")
    page.wait_for_url("**/audit?*county=20*")
    total = page.inner_text("table.summary tr.total td:last-child")

    assert int(total) == len(audit(store, as_of=dt.date.today(), county="20").rows)
    shot(page, "nojs-audit-20")
    assert recorder.outside == []
