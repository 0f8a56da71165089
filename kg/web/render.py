"""Render a template in a language: the service's pages and the self-contained report files.

:func:`render` takes a template name, a language and the page's data. With a
:class:`Chrome` (what the service puts around a page: its address root, the language
switch, which part of the site it is) the page links ``/static/css/site.css`` and has the
site's header and footer; without one (a report file written by the command line) the
stylesheet is inlined and nothing outside the file is linked.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kg.messages import LANGS, check_lang, install, message

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
STYLESHEET = STATIC_DIR / "css" / "site.css"
# the site's sections, in the order the header lists them: (key, path under the root)
SECTIONS = (
    ("home", ""),
    ("audit", "audit"),
    ("validation", "validation"),
    ("changes", "changes"),
    ("queries", "queries"),
    ("editor", "editor"),
    ("network", "network"),
    ("ontology", "ontology"),
    ("api", "docs"),
    ("coordinate", "coordinate"),
)


@dataclass(frozen=True)
class Chrome:
    """What the service shows around a page: ``root`` is the root-relative path the
    service is mounted at (``/``), ``languages`` this page's address in each language
    (code → URL, the state in its query string kept), ``section`` the header's entry it
    belongs to, ``published`` when the data shown was last built."""

    root: str = "/"
    languages: Mapping[str, str] = field(default_factory=dict)
    section: str = ""
    published: str = ""

    def href(self, path: str = "") -> str:
        """The root-relative address of ``path`` (a path of the service)."""
        return self.root + path.lstrip("/")

    def static(self, path: str) -> str:
        return self.href("static/" + path)

    def vendor(self, path: str) -> str:
        return self.href("assets/vendor/" + path)


@functools.cache
def environment(lang: str) -> Environment:
    """The templates' environment speaking ``lang`` (one per language, made once)."""
    check_lang(lang)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined,  # a misspelt name fails the page, not shows nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install(env, lang)
    env.globals.update(
        LANGS=LANGS,
        # each language's name in itself (the switch says "svenska" on every page)
        LANGUAGE_NAMES={code: message("site.autonym", code) for code in LANGS},
        SECTIONS=SECTIONS,
        stylesheet=stylesheet,
    )
    env.filters["json_script"] = json_script
    env.filters["number"] = functools.partial(number, lang=lang)
    return env


def render(template: str, lang: str, *, chrome: Chrome | None = None, **context: Any) -> str:
    """The page ``template`` in ``lang`` with ``context``; self-contained without ``chrome``."""
    page = environment(lang).get_template(template)
    return page.render(lang=lang, chrome=chrome, standalone=chrome is None, **context)


@functools.cache
def stylesheet() -> Markup:
    """The site's stylesheet, for a report file's ``<style>`` element (CSS has no markup;
    a ``</style`` in it would end the element and is refused)."""
    text = STYLESHEET.read_text("utf-8")
    if "</" in text:  # pragma: no cover - a guard for the file's own text
        raise ValueError(f"{STYLESHEET} cannot be inlined: it contains '</'")
    return Markup(text)  # noqa: S704 - the project's own file, checked above


def json_script(data: object) -> Markup:
    """JSON for a ``<script type="application/json">`` element: nothing in it can end the
    element or start markup or a comment."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        out = out.replace(char, escaped)
    out = out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(out)  # noqa: S704 - escaped above


def number(value: object, digits: int = 0, *, lang: str) -> str:
    """A number as the language writes it (decimal comma in fi and sv)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return str(value)
    if isinstance(value, float):
        text = f"{value:.{digits}f}" if digits else f"{value:g}"
    else:
        text = str(value)
    return text.replace(".", ",") if lang in ("fi", "sv") else text
