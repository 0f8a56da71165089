"""The service's own pages in headless Chromium under the service's default
Content-Security-Policy, which allows nothing inline: the pages have no inline script or
style (their stylesheet, vis-network and the network view's script are files of the
service), the network views draw, the entity and vocabulary pages get their styles, and the
browser reports no violation (Chromium logs each blocked script, style or image as a
console error, which the recorder keeps)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page

from api.security_headers import DEFAULT_POLICY
from kg.config import Settings
from tests.browser.conftest import Recorder
from tests.helpers import running_service

# the inline elements of the page as drawn: <style>, style attributes written in the
# markup, and scripts that are neither a file nor a JSON data block
INLINE = """() => ({
  styles: document.querySelectorAll("style").length,
  scripts: [...document.scripts].filter(
    (s) => !s.src && s.type !== "application/json").length,
  sheets: [...document.styleSheets].map((s) => s.href),
})"""


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def _no_inline_policy(policy: str) -> None:
    """The default policy: nothing inline allowed, by a keyword or a hash."""
    assert policy == DEFAULT_POLICY
    assert "'unsafe-inline'" not in policy and "sha256-" not in policy


@pytest.mark.parametrize(
    "path",
    [
        "/network",
        "/network?county=20&lang=sv",
        "/network?network=organisation-event&county=20&lang=en",
    ],
)
def test_network_view_draws_under_the_policy(
    recorded: tuple[Page, Recorder], service: str, path: str
) -> None:
    page, recorder = recorded
    _no_inline_policy(httpx.get(service + path, timeout=60).headers["content-security-policy"])
    page.goto(service + path)
    page.wait_for_function("window.networkDrawn === true", timeout=20_000)
    assert page.evaluate("network.body.nodeIndices.length") > 0
    inline = page.evaluate(INLINE)
    assert inline["styles"] == 0 and inline["scripts"] == 0, inline
    assert service + "/static/js/network.js" in recorder.urls
    # vis-network's stylesheet loaded with its rules, after the site's
    rules = page.evaluate(
        """() => [...document.styleSheets].map((s) => [s.href, s.cssRules.length])"""
    )
    assert [href for href, _ in rules] == [
        service + "/static/css/site.css",
        service + "/assets/vendor/vis-network/vis-network.css",
    ]
    assert all(n > 10 for _, n in rules), rules
    assert recorder.errors == [], recorder.errors
    assert recorder.outside == []


@pytest.mark.parametrize("path", ["/id/municipality/091", "/ontology", "/id/no/such/thing"])
def test_pages_get_their_style_under_the_policy(
    recorded: tuple[Page, Recorder], service: str, path: str
) -> None:
    page, recorder = recorded
    response = page.goto(service + path)
    assert response is not None
    _no_inline_policy(response.headers["content-security-policy"])
    inline = page.evaluate(INLINE)
    assert inline["styles"] == 0 and inline["scripts"] == 0, inline
    assert inline["sheets"] == [service + "/static/css/site.css"], inline
    # the site's stylesheet applied: its font, not the browser's default
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("system-ui"), font
    errors = [e for e in recorder.errors if "404" not in e or path != "/id/no/such/thing"]
    assert errors == [], errors


def test_an_inline_script_not_named_by_the_policy_is_blocked(
    recorded: tuple[Page, Recorder], service: str
) -> None:
    """The check is not blind: the page's policy refuses a script it does not name."""
    page, recorder = recorded
    page.goto(service + "/id/municipality/091")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true;";
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in e for e in recorder.errors), recorder.errors
