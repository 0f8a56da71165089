"""/docs (Swagger UI) and /redoc in headless Chromium against a running service: they draw
every operation of the OpenAPI schema and every request they make is answered by the
service itself (an intranet with no route to a CDN sees the same pages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page

from kg.config import Settings
from tests.browser.conftest import Recorder
from tests.helpers import running_service

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def _operations(service: str) -> list[tuple[str, str]]:
    schema = httpx.get(service + "/openapi.json").json()
    return [(m.upper(), p) for p, item in schema["paths"].items() for m in item]


def _check_requests(recorder: Recorder, service: str) -> None:
    host = urlsplit(service).netloc
    assert recorder.urls, "the recorder saw no request"
    foreign = [u for u in recorder.urls if urlsplit(u).netloc != host and not u.startswith("data:")]
    assert foreign == [], f"requests not answered by the service: {foreign}"
    assert recorder.errors == [], f"script errors: {recorder.errors}"


def test_swagger_ui_draws_every_operation_offline(
    recorded: tuple[Page, Recorder], service: str
) -> None:
    page, recorder = recorded
    page.goto(service + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    drawn = page.eval_on_selector_all(
        ".opblock",
        "els => els.map(e => [e.querySelector('.opblock-summary-method').textContent,"
        " e.querySelector('.opblock-summary-path').getAttribute('data-path')])",
    )
    assert sorted(map(tuple, drawn)) == sorted(_operations(service))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "docs-swagger.png")
    _check_requests(recorder, service)


def test_redoc_draws_every_operation_offline(recorded: tuple[Page, Recorder], service: str) -> None:
    page, recorder = recorded
    page.goto(service + "/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000)
    drawn = page.eval_on_selector_all("[data-section-id^='operation/']", "els => els.length")
    assert drawn == len(_operations(service))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "docs-redoc.png")
    _check_requests(recorder, service)
