"""An interactive HTML view of a cooperation network that works offline.

pyvis builds the node and edge data, but its page template loads vis-network's CSS,
Bootstrap and Tom Select from public CDNs even in its "local" and "in_line" modes, so the
page is written here, as the template ``kg/web/templates/network.html``: vis-network's
JavaScript and CSS are the copy bundled in the installed pyvis package (vis-network 9.1.2,
Apache-2.0 or MIT, its licence header kept), and the page's own script is
``kg/web/static/js/network.js``. The service's page loads the three as files of the service
(nothing inline: its default Content-Security-Policy applies); a file written by ``kg
network`` (no chrome) inlines them, and nothing else is loaded. Positions come from
:func:`kg.network.layout.positions` and physics is off, so a view draws fast and the same on
every load.

The nodes and edges are built by :mod:`kg.network.view_data` (tooltips and the details
panel are HTML with every data text escaped; the page script turns them into elements) and
handed over as a JSON data block. The legend names the kinds of node, the kinds of event
and the relations drawn, and in the organisation network what a line's width and opacity
mean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup

from kg.network.layout import (
    EVENT_KINDS,
    KINDS,
    RELATIONS,
    check_lang,
    counts,
    is_event,
    kind_style,
    relation_style,
    text,
)
from kg.network.view_data import network_data
from kg.web.render import STATIC_DIR, Chrome, render

__all__ = ["VIS_FILES", "NetworkPage", "network_data", "network_page", "render_html", "vis_file"]

VIS_DIR = ("lib", "vis-9.1.2")
# the files of vis-network a page loads: the service serves them (/assets/vendor/vis-network/),
# a self-contained file inlines them
VIS_FILES = ("vis-network.min.js", "vis-network.css")
SCRIPT = STATIC_DIR / "js" / "network.js"  # the page's own script, one copy for both


@dataclass(frozen=True)
class Swatch:
    """A legend entry: a node's shape (a vis-network shape name), fill and border, dashed
    for illustrative data; or a line (``shape`` "line") in its colour and dash pattern."""

    label: str
    shape: str
    colour: str
    border: str = ""
    dashes: str = ""  # SVG stroke-dasharray, "" for solid


@dataclass(frozen=True)
class NetworkPage:
    """What the network page shows: its title and summary (counts and filters), the
    legend (kinds of node, of event and the relations drawn), what a line's width means
    (``weights``), the node size's metric, and the nodes, edges and options handed to
    vis-network (``data``; None when nothing was recorded)."""

    title: str
    summary: str
    kinds: tuple[Swatch, ...]
    events: tuple[Swatch, ...]
    relations: tuple[Swatch, ...]
    weights: bool
    size_label: str
    data: Mapping[str, Any] | None


def network_page(
    graph: nx.Graph,
    *,
    lang: str = "fi",
    sizes: Mapping[str, float] | None = None,
    size_label: str = "",
    href: Callable[[str], str] | None = None,
    title: str | None = None,
) -> NetworkPage:
    """What the page of ``graph`` shows (see :func:`render_html`)."""
    check_lang(lang)
    summary = counts(graph, lang)
    filters = {k: v for k, v in dict(graph.graph.get("filters") or {}).items() if v}
    if filters:
        shown = "; ".join(f"{k} = {_filter_value(v)}" for k, v in sorted(filters.items()))
        summary += f" · {text('filters', lang)}: {shown}"
    heading = title or text("title", lang)
    if graph.number_of_nodes() == 0:
        return NetworkPage(heading, summary, (), (), (), False, "", None)
    kinds = {str(k) for _, k in graph.nodes(data="kind")}
    relations = {r for *_, rel in graph.edges(data="relations") for r in (rel or {})}
    events = {str(a["kind"]) for _, a in graph.nodes(data=True) if is_event(a)}
    kinds -= events
    kind_swatches = [
        Swatch(style.label[lang], style.shape, style.colour, style.border)
        for style in map(kind_style, [k for k in KINDS if k in kinds] + sorted(kinds - set(KINDS)))
    ]
    if any(illustrative for _, illustrative in graph.nodes(data="illustrative")):
        kind_swatches.append(Swatch(text("illustrative", lang), "dot", "#eeeeee", "#222222", "3,2"))
    line_swatches = [
        Swatch(line.label[lang], "line", line.colour, dashes=",".join(map(str, line.dashes)))
        for line in map(
            relation_style,
            [r for r in RELATIONS if r in relations] + sorted(relations - set(RELATIONS)),
        )
    ]
    link_of = href or (lambda iri: iri)
    return NetworkPage(
        title=heading,
        summary=summary,
        kinds=tuple(kind_swatches),
        events=tuple(
            Swatch(style.label[lang], style.shape, style.colour, style.border)
            for style in (EVENT_KINDS[k] for k in EVENT_KINDS if k in events)
        ),
        relations=tuple(line_swatches),
        weights=any("relation_weights" in data for *_, data in graph.edges(data=True)),
        size_label=size_label if sizes else "",
        data=network_data(graph, lang=lang, sizes=sizes, size_label=size_label, href=link_of),
    )


def render_html(
    graph: nx.Graph,
    *,
    lang: str = "fi",
    sizes: Mapping[str, float] | None = None,
    size_label: str = "",
    href: Callable[[str], str] | None = None,
    title: str | None = None,
    chrome: Chrome | None = None,
) -> str:
    """The interactive page of ``graph`` (see the module docstring): with ``chrome`` a page
    of the service, loading vis-network and its script from the service; without, a
    self-contained file with them inlined.

    ``sizes`` gives a metric per node (e.g. a centrality) that sets the node sizes and is
    named ``size_label`` in the tooltips; ``href`` maps an entity IRI to its page (default:
    the IRI itself). An empty graph gives a page saying no cooperation was recorded.
    """
    view = network_page(
        graph, lang=lang, sizes=sizes, size_label=size_label, href=href, title=title
    )
    inline = {}
    if chrome is None and view.data is not None:
        inline = {"vis_css": _vis_css(), "vis_js": _vis_js(), "network_js": _script()}
    return render("network.html", lang, chrome=chrome, view=view, **inline)


def vis_file(name: str) -> Path:
    """The installed file of vis-network ``name`` (one of :data:`VIS_FILES`), from the copy
    bundled in the pyvis package; LookupError for another name."""
    if name not in VIS_FILES:
        raise LookupError(f"no vis-network file {name!r}")
    return Path(str(resources.files("pyvis").joinpath(*VIS_DIR, name)))


def _filter_value(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


@cache
def _vis_js() -> Markup:
    return _inlined(vis_file("vis-network.min.js").read_text("utf-8"), "script")


@cache
def _vis_css() -> Markup:
    css = vis_file("vis-network.css").read_text("utf-8")
    note = (
        "/* vis-network 9.1.2 CSS from the pyvis package; (c) 2011-2017 Almende B.V and\n"
        "   2017-2019 visjs contributors; dual licensed Apache-2.0 or MIT (see the header\n"
        "   of the vis-network script below). */"
    )
    return _inlined(f"{note}\n{css}", "style")


@cache
def _script() -> Markup:
    return _inlined(SCRIPT.read_text("utf-8"), "script")


def _inlined(code: str, element: str) -> Markup:
    """A file's text for a self-contained page's ``<script>`` or ``<style>`` element."""
    if f"</{element}" in code.lower():  # pragma: no cover - a guard for another copy
        raise RuntimeError(f"cannot inline in <{element}>: the text contains '</{element}'")
    return Markup(code)  # noqa: S704 - an installed library's file or the project's own
