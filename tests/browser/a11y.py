"""The accessibility check of the browser tests: axe-core (from the npm registry, installed
by ``make assets`` into ``node_modules/axe-core``) run in the page against WCAG 2.0/2.1 A
and AA.

axe is a test tool, not part of the service: the service never serves it, the test puts
it into the page. Not with ``page.add_script_tag``: that adds an inline ``<script>``, which
the pages' Content-Security-Policy (``default-src 'self'``, nothing inline) refuses, and
Chromium logs the refusal as a console error. ``page.evaluate`` runs the source through
the DevTools protocol, which the page's policy does not govern, so the page is checked as
served, under its policy, with no bypass. Frames are checked as pages of their own (the
county page embeds the network view, which is on the list), so ``iframes`` is off here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from playwright.sync_api import Page

from kg.config import REPO_ROOT

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@cache
def axe_source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is not installed: run `make assets` (npm ci)")
    return AXE.read_text("utf-8")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.impact}: {self.rule} ({self.help}) at {shown}"


def check(page: Page) -> list[Violation]:
    """Every violation axe finds in the page as it is now."""
    page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false})",
        TAGS,
    )
    return [
        Violation(
            v["id"],
            v["impact"] or "",
            v["help"],
            tuple(" ".join(map(str, n["target"])) for n in v["nodes"]),
        )
        for v in result["violations"]
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    """The serious and critical ones (the others are printed, not failed on)."""
    return [v for v in violations if v.impact in BLOCKING]
