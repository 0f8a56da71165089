"""Headless Debian Chromium driven by Playwright, with every request recorded.

Playwright never downloads a browser here: it launches the ``chromium`` found on ``PATH``
(``apt-get install chromium``), and the tests fail, not skip, without it. Chromium is told
to resolve no host name but the loopback ones, so even a page that asked for an outside
resource could not reach it; the recorder still sees the attempt.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, sync_playwright

LOCAL_SCHEMES = {"file", "data", "about", "blob"}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def is_local(url: str) -> bool:
    """Whether fetching ``url`` stays on this machine (a file, inline data or loopback)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (
        parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOOPBACK
    )


@dataclass
class Recorder:
    """Every URL a page asked for; requests off the machine are aborted, not sent."""

    urls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def request(self, request: Request) -> None:
        self.urls.append(request.url)

    def route(self, route: Route) -> None:
        self.urls.append(route.request.url)
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    @property
    def outside(self) -> list[str]:
        return sorted({u for u in self.urls if not is_local(u)})


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "the browser tests need Debian's Chromium on PATH (apt-get install chromium); "
            "Playwright must not download one",
            pytrace=False,
        )
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox itself as root
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=args)
        yield launched
        launched.close()


@pytest.fixture
def recorded(browser: Browser) -> Iterator[tuple[Page, Recorder]]:
    """A fresh page whose every request (and script error) is recorded."""
    recorder = Recorder()
    context: BrowserContext = browser.new_context(
        viewport={"width": 1280, "height": 800}, service_workers="block"
    )
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.on("request", recorder.request)
    page.on("pageerror", lambda error: recorder.errors.append(str(error)))
    page.on(
        "console",
        lambda message: recorder.errors.append(message.text) if message.type == "error" else None,
    )
    yield page, recorder
    context.close()
