"""Every page type of the web interface in fi, sv and en passes axe-core's WCAG 2.1 A/AA
rules with no serious or critical violation (moderate and minor ones are printed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from kg.config import Settings
from tests.browser.a11y import blocking, check
from tests.helpers import running_service

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
]


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_type_passes_axe(browser: Browser, service: str, lang: str) -> None:
    context = browser.new_context(
        bypass_csp=True,  # to put axe in (see tests/browser/a11y.py)
        viewport={"width": 1280, "height": 800},
        extra_http_headers={"Accept": "text/html"},
    )
    found: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for path in PAGES:
            sep = "&" if "?" in path else "?"
            answer = page.goto(f"{service}{path}{sep}lang={lang}")
            assert answer is not None and answer.status == 200, path
            assert page.evaluate("document.documentElement.lang") == lang, path
            violations = check(page)
            for v in violations:
                print(lang, path, v)
            if blocking(violations):
                found[path] = [str(v) for v in blocking(violations)]
    finally:
        context.close()
    assert found == {}
