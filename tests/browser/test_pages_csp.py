"""The service's own pages in headless Chromium under the service's Content-Security-Policy:
the network views draw, the entity and vocabulary pages get their styles, and the browser
reports no violation (Chromium logs each blocked script, style or image as a console
error, which the recorder keeps)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page

from kg.config import Settings
from tests.browser.conftest import Recorder
from tests.helpers import running_service


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


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
    policy = httpx.get(service + path, timeout=60).headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "script-src 'self' 'sha256-" in policy
    page.goto(service + path)
    page.wait_for_function("window.networkDrawn === true", timeout=20_000)
    assert page.evaluate("network.body.nodeIndices.length") > 0
    assert recorder.errors == [], recorder.errors
    assert recorder.outside == []


@pytest.mark.parametrize("path", ["/id/municipality/091", "/ontology", "/id/no/such/thing"])
def test_pages_get_their_style_under_the_policy(
    recorded: tuple[Page, Recorder], service: str, path: str
) -> None:
    page, recorder = recorded
    response = page.goto(service + path)
    assert response is not None
    assert "style-src 'self' 'sha256-" in response.headers["content-security-policy"]
    # the inline <style> applied: the base style's font, not the browser's default
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
