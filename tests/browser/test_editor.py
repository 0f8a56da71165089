"""The SPARQL editor (/editor, YASGUI) and a named query's page in headless Chromium
against a running service, under the pages' Content-Security-Policy: the editor runs a
query on this service's /sparql and shows its rows, completes the project's prefixes, asks
no other host, and the browser reports no error (Chromium logs each blocked script, style
or request as a console error, which the recorder keeps)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Page

from kg.config import Settings
from kg.named_queries import load_named_queries
from kg.store import Store
from tests.browser.conftest import Recorder
from tests.helpers import running_service

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def _sparql_requests(recorder: Recorder, service: str) -> list[str]:
    return [u for u in recorder.urls if u.startswith(service + "/sparql")]


def test_editor_runs_a_query_on_this_service(
    recorded: tuple[Page, Recorder], service: str, store: Store
) -> None:
    page, recorder = recorded
    policy = httpx.get(service + "/editor", timeout=60).headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "script-src" not in policy  # no inline script
    page.goto(service + "/editor?lang=en")
    page.wait_for_function("window.editor !== undefined", timeout=20_000)
    assert page.is_hidden("#plain-editor")  # YASGUI took the plain form's place
    page.evaluate("q => { window.editor.getTab().setQuery(q); }", COUNT)
    page.click(".yasqe .yasqe_queryButton")
    cell = page.wait_for_selector(".yasr .dataTable tbody td:nth-child(2)", timeout=20_000)
    [expected] = store.select(COUNT)
    assert cell is not None and cell.inner_text().strip().startswith(f'"{expected["n"]}"')
    assert _sparql_requests(recorder, service), recorder.urls  # asked this service
    # the results table's column resizer wrote its <style>, and the policy let it apply
    applied = page.evaluate(
        """() => [...document.querySelectorAll("head style")].some(
               s => s.textContent.includes(".grip-resizable")
                    && s.sheet !== null && s.sheet.cssRules.length > 0)"""
    )
    assert applied
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "editor.png", full_page=True)
    assert recorder.outside == []
    assert recorder.errors == [], recorder.errors


def test_editor_opens_a_query_from_a_link_and_completes_the_projects_prefixes(
    recorded: tuple[Page, Recorder], service: str
) -> None:
    page, recorder = recorded
    query = "SELECT ?m WHERE { ?m a yp:Municipality } LIMIT 3"
    page.goto(service + "/editor?" + urlencode({"query": query, "lang": "fi"}))
    page.wait_for_function("window.editor !== undefined", timeout=20_000)
    assert page.evaluate("window.editor.getTab().getQuery()") == query
    # typing a prefixed name whose PREFIX is missing adds the project's declaration
    assert page.locator(".tabsList .tab").count() == 1  # the new tab took the query
    page.evaluate(
        """() => { const yasqe = window.editor.getTab().getYasqe();
                   yasqe.setValue('SELECT * WHERE { ?s a ');
                   yasqe.focus(); yasqe.setCursor(yasqe.lastLine(), 1000); }"""
    )
    page.keyboard.type("yp:")  # a prefix only this project's list has
    page.wait_for_function("window.editor.getTab().getQuery().includes('PREFIX yp:')")
    text = page.evaluate("window.editor.getTab().getQuery()")
    assert "PREFIX yp: <https://w3id.org/yhdyspinta/ontology#>" in text
    # asking for completions of a class name asks no vocabulary service
    page.keyboard.type("Munic")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(500)
    assert _sparql_requests(recorder, service) == []  # opening the link ran nothing
    assert recorder.outside == []
    assert recorder.errors == [], recorder.errors


def test_editor_without_javascript_is_a_form_that_shows_rows(
    browser: object, service: str, store: Store
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(service + "/editor?lang=en")
        assert page.is_visible("#plain-editor") and page.is_hidden("#yasgui")
        page.fill("#plain-query", COUNT)
        page.select_option("#plain-format", "html")
        page.click("#plain-editor button[type=submit]")
        page.wait_for_selector("table.results")
        [expected] = store.select(COUNT)
        assert page.inner_text("table.results tbody td") == str(expected["n"])
    finally:
        context.close()


def test_a_named_query_form_shows_its_rows(
    recorded: tuple[Page, Recorder], service: str, store: Store
) -> None:
    page, recorder = recorded
    query = load_named_queries()["interfaces-without-owner"]
    page.goto(service + "/queries/interfaces-without-owner?lang=en")
    page.fill("#param-county", "20")
    page.fill("#param-asOf", "2026-11-23")
    page.click("form.params button[type=submit]")
    page.wait_for_url("**county=20**")
    assert "asOf=2026-11-23" in page.url  # the state is in the address: a permalink
    expected = store.select(
        query.text, bindings=query.bindings({"county": "20", "asOf": "2026-11-23"})
    )
    column = query.columns.index("municipalityCode") + 1
    shown = page.eval_on_selector_all(
        f"table tbody tr td:nth-child({column})", "cells => cells.map(c => c.textContent)"
    )
    assert expected and shown == [str(row["municipalityCode"]) for row in expected]
    headers = page.eval_on_selector_all("table thead th", "hs => hs.map(h => h.scope)")
    assert headers and set(headers) == {"col"}
    assert recorder.outside == []
    assert recorder.errors == [], recorder.errors


def test_a_named_query_page_draws_its_bar_view(
    recorded: tuple[Page, Recorder], service: str, store: Store
) -> None:
    page, recorder = recorded
    page.goto(service + "/queries/owner-coverage-by-county?lang=sv")
    query = load_named_queries()["owner-coverage-by-county"]
    bars = page.eval_on_selector_all("figure.view svg text.label", "ts => ts.length")
    assert bars == len(store.select(query.text)) > 0
    assert recorder.outside == []
    assert recorder.errors == [], recorder.errors
