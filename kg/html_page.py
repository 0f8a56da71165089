"""Self-contained HTML pages for reports: no external CSS, scripts or fonts; text escaped."""

from __future__ import annotations

import html

BASE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
""".strip()


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def link(url: str, text: str) -> str:
    """A link for an http(s) URL, plain escaped text otherwise."""
    if url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


def style_text(style: str) -> str:
    """The text of the page's ``<style>`` element for ``style`` (added to the base style);
    a server names it in its Content-Security-Policy by its hash."""
    return f"\n{BASE_STYLE}\n{style.strip()}\n"


def page_start(title: str, lang: str, style: str) -> list[str]:
    """The opening lines of a page up to its heading (``style`` adds to the base style)."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        f"<style>{style_text(style)}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
    ]


PAGE_END = ["</body>", "</html>"]
