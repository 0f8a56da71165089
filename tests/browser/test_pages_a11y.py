"""Every page type of the web interface in fi, sv and en passes axe-core's WCAG 2.1 A/AA
rules with no serious or critical violation (moderate and minor ones are printed). The
pages are checked as served, under their Content-Security-Policy: axe goes in through the
DevTools protocol (see tests/browser/a11y.py), so the same run also sees that no page asks
any host but the service and none logs an error (a refused script or style included).
A full-page screenshot of each is kept in tests/artifacts/a11y/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kg.config import Settings
from tests.browser.a11y import blocking, check
from tests.browser.conftest import Recorder
from tests.helpers import running_service

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "a11y"

# More page types are added by appending their address.
PAGES = [
    "/",
    "/search?q=rehtori",
    "/municipalities/239",
    "/municipalities/205",
    "/counties/20",
    "/themes/hyte?county=20",
    "/audit?county=20",
    "/validation?county=20",
    "/queries",
    "/queries/owner-coverage-by-county",
    "/editor",
    "/id/municipality/091",
    "/ontology",
    "/network?county=20",
    "/changes",
    "/changes/20",
]


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def _name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_type_passes_axe(browser: Browser, service: str, lang: str) -> None:
    recorder = Recorder()
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        service_workers="block",
        extra_http_headers={"Accept": "text/html"},
    )
    context.route("**/*", recorder.route)
    found: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page = context.new_page()
        page.on("request", recorder.request)
        page.on("pageerror", lambda error: recorder.errors.append(str(error)))
        page.on(
            "console",
            lambda m: recorder.errors.append(m.text) if m.type == "error" else None,
        )
        for path in PAGES:
            recorder.errors.clear()
            sep = "&" if "?" in path else "?"
            answer = page.goto(f"{service}{path}{sep}lang={lang}")
            assert answer is not None and answer.status == 200, path
            assert page.evaluate("document.documentElement.lang") == lang, path
            violations = check(page)
            for v in violations:
                print(lang, path, v)
            if blocking(violations):
                found[path] = [str(v) for v in blocking(violations)]
            page.screenshot(path=ARTIFACTS / f"{_name(path)}-{lang}.png", full_page=True)
            if recorder.errors:
                errors[path] = list(recorder.errors)
    finally:
        context.close()
    assert found == {}
    assert errors == {}
    assert recorder.outside == []


def test_the_check_is_not_blind(browser: Browser, service: str) -> None:
    """A picture without a text alternative, put into a page, is a blocking violation."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(service + "/?lang=en")
        assert blocking(check(page)) == []
        page.evaluate(
            """() => { const img = document.createElement("img");
                       img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
                       document.querySelector("main").appendChild(img); }"""
        )
        assert [v.rule for v in blocking(check(page))] == ["image-alt"]
    finally:
        context.close()
