"""An interactive HTML view of a cooperation network that works offline.

pyvis builds the node and edge data, but its page template loads vis-network's CSS,
Bootstrap and Tom Select from public CDNs even in its "local" and "in_line" modes, so the
page is written here: vis-network's JavaScript and CSS are read from the copy bundled in the
installed pyvis package (vis-network 9.1.2, Apache-2.0 or MIT, its licence header kept) and
inlined, and nothing else is loaded. Positions come from :func:`kg.network.layout.positions`
and physics is off, so a view draws fast and the same on every load.

The nodes and edges are built by :mod:`kg.network.view_data` (tooltips and the details
panel are HTML with every data text escaped; the page script turns them into elements).
The legend names the kinds of node, the kinds of event and the relations drawn, and in the
organisation network what a line's width and opacity mean.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

import networkx as nx

from kg.html_page import PAGE_END, esc, page_start, style_text
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

__all__ = ["inline_scripts", "inline_styles", "network_data", "render_html"]

VIS_DIR = ("lib", "vis-9.1.2")

STYLE = """
body { margin: 0; display: flex; flex-direction: column; height: 100vh; }
header { padding: 0.6em 1em; border-bottom: 1px solid #ddd; }
header h1 { margin: 0 0 0.2em; font-size: 1.3em; }
header p { margin: 0; color: #555; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; background: #fff; }
aside { width: 17em; overflow-y: auto; padding: 0.6em 1em; border-left: 1px solid #ddd;
  font-size: 0.9em; }
aside h2 { font-size: 1em; margin: 0.8em 0 0.3em; }
aside ul { list-style: none; margin: 0; padding: 0; }
aside li { display: flex; align-items: center; gap: 0.5em; margin: 0.15em 0; }
p.empty { margin: 2em; font-size: 1.2em; }
.tip { max-width: 22em; font: 13px system-ui, sans-serif; white-space: normal; }
.tip table { border: 0; margin: 0.3em 0; width: auto; }
.tip th, .tip td { border: 0; padding: 0 0.6em 0 0; background: none; font-weight: normal; }
.tip th { color: #555; }
div.vis-tooltip { white-space: normal; }
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  function element(html) {
    var div = document.createElement("div");
    div.className = "tip";
    div.innerHTML = html;  // built by kg.network.view with every data text escaped
    return div;
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.title = element(n.tooltip); });
  data.edges.forEach(function (e) { byId[e.id] = e; e.title = element(e.tooltip); });
  var container = document.getElementById("network");
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)
  }, data.options);
  network.once("afterDrawing", function () {
    window.networkDrawn = true;
    document.body.setAttribute("data-drawn", "true");
  });
  network.fit({animation: false, maxZoomLevel: 1.5});
  var details = document.getElementById("details");
  network.on("click", function (params) {
    var id = params.nodes.length ? params.nodes[0] : params.edges[0];
    if (id !== undefined && byId[id]) {
      details.innerHTML = byId[id].tooltip;
    }
  });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length ? byId[params.nodes[0]] : null;
    if (node && node.href) { window.location.href = node.href; }
  });
  window.network = network;
}());
""".strip()


def render_html(
    graph: nx.Graph,
    *,
    lang: str = "fi",
    sizes: Mapping[str, float] | None = None,
    size_label: str = "",
    href: Callable[[str], str] | None = None,
    title: str | None = None,
) -> str:
    """A self-contained HTML page showing ``graph`` (see the module docstring).

    ``sizes`` gives a metric per node (e.g. a centrality) that sets the node sizes and is
    named ``size_label`` in the tooltips; ``href`` maps an entity IRI to its page (default:
    the IRI itself). An empty graph gives a page saying no cooperation was recorded.
    """
    check_lang(lang)
    link_of = href or (lambda iri: iri)
    heading = title or text("title", lang)
    summary = counts(graph, lang)
    filters = {k: v for k, v in dict(graph.graph.get("filters") or {}).items() if v}
    if filters:
        shown = "; ".join(f"{k} = {_filter_value(v)}" for k, v in sorted(filters.items()))
        summary += f" · {text('filters', lang)}: {shown}"
    empty = graph.number_of_nodes() == 0
    lines = page_start(heading, lang, STYLE if empty else STYLE + "\n" + _vis_css())
    lines = [line for line in lines if not line.startswith("<h1>")]
    lines += ["<header>", f"<h1>{esc(heading)}</h1>", f"<p>{esc(summary)}</p>", "</header>"]
    if empty:
        lines += [f'<p class="empty">{esc(text("empty", lang))}</p>', *PAGE_END]
        return "\n".join(lines) + "\n"
    data = network_data(graph, lang=lang, sizes=sizes, size_label=size_label, href=link_of)
    lines += [
        "<main>",
        '<div id="network"></div>',
        "<aside>",
        *_legend(graph, lang, size_label if sizes else ""),
        f"<h2>{esc(text('details', lang))}</h2>",
        f'<div id="details" class="tip">{esc(text("hint", lang))}</div>',
        "</aside>",
        "</main>",
        f'<script type="application/json" id="network-data">{_script_json(data)}</script>',
        *(f"<script>{script}</script>" for script in inline_scripts()),
        *PAGE_END,
    ]
    return "\n".join(lines) + "\n"


def inline_styles() -> tuple[str, ...]:
    """The texts a view's ``<style>`` element may have (with the graph, and without: the
    page saying nothing was recorded), for a Content-Security-Policy to name."""
    return (style_text(STYLE + "\n" + _vis_css()), style_text(STYLE))


def inline_scripts() -> tuple[str, ...]:
    """The texts of a view's ``<script>`` elements, in page order: vis-network, then the
    page's own (the graph is a JSON data block, which is not run)."""
    return (f"\n{_vis_js()}\n", f"\n{SCRIPT}\n")


def _legend(graph: nx.Graph, lang: str, size_label: str) -> list[str]:
    kinds = {str(k) for _, k in graph.nodes(data="kind")}
    relations = {r for *_, rel in graph.edges(data="relations") for r in (rel or {})}
    events = {str(a["kind"]) for _, a in graph.nodes(data=True) if is_event(a)}
    kinds -= events
    out = [f"<h2>{esc(text('kinds', lang))}</h2>", "<ul>"]
    for kind in [k for k in KINDS if k in kinds] + sorted(kinds - set(KINDS)):
        style = kind_style(kind)
        swatch = _shape_svg(style.shape, style.colour, style.border, dashed=False)
        out.append(f"<li>{swatch}{esc(style.label[lang])}</li>")
    if any(illustrative for _, illustrative in graph.nodes(data="illustrative")):
        swatch = _shape_svg("dot", "#eeeeee", "#222222", dashed=True)
        out.append(f"<li>{swatch}{esc(text('illustrative', lang))}</li>")
    out.append("</ul>")
    if events:
        out += [f"<h2>{esc(text('events', lang))}</h2>", "<ul>"]
        for kind in [k for k in EVENT_KINDS if k in events]:
            style = EVENT_KINDS[kind]
            swatch = _shape_svg(style.shape, style.colour, style.border, dashed=False)
            out.append(f"<li>{swatch}{esc(style.label[lang])}</li>")
        out.append("</ul>")
    out += [f"<h2>{esc(text('relations', lang))}</h2>", "<ul>"]
    for relation in [r for r in RELATIONS if r in relations] + sorted(relations - set(RELATIONS)):
        line = relation_style(relation)
        dash = f' stroke-dasharray="{",".join(map(str, line.dashes))}"' if line.dashes else ""
        swatch = (
            '<svg width="36" height="12" aria-hidden="true">'
            f'<line x1="0" y1="6" x2="36" y2="6" stroke="{line.colour}" stroke-width="2.5"'
            f"{dash}/></svg>"
        )
        out.append(f"<li>{swatch}{esc(line.label[lang])}</li>")
    out.append("</ul>")
    if any("relation_weights" in data for *_, data in graph.edges(data=True)):
        out.append(f'<p class="weights">{esc(text("weights", lang))}</p>')
    if size_label:
        out.append(f"<p>{esc(text('size', lang))}: {esc(size_label)}</p>")
    return out


def _shape_svg(shape: str, fill: str, stroke: str, *, dashed: bool) -> str:
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}'
    points = {
        "square": "3,3 15,3 15,15 3,15",
        "diamond": "9,1 17,9 9,17 1,9",
        "triangle": "9,2 16,15 2,15",
        "triangleDown": "2,3 16,3 9,16",
        "star": "9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7",
        "hexagon": "5,2 13,2 17,9 13,16 5,16 1,9",
    }
    body = (
        f'<polygon points="{points[shape]}" {paint}/>'
        if shape in points
        else f'<circle cx="9" cy="9" r="7" {paint}/>'
    )
    return f'<svg width="18" height="18" aria-hidden="true">{body}</svg>'


def _filter_value(value: object) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _script_json(data: object) -> str:
    """JSON that cannot end its <script> element or start a comment or markup in it."""
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        out = out.replace(char, escaped)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@cache
def _vis_js() -> str:
    js = _vis_file("vis-network.min.js")
    if "</script" in js.lower():  # pragma: no cover - a guard for another vis-network copy
        raise RuntimeError("vis-network.min.js cannot be inlined: it contains '</script'")
    return js


@cache
def _vis_css() -> str:
    css = _vis_file("vis-network.css")
    note = (
        "/* vis-network 9.1.2 CSS from the pyvis package; (c) 2011-2017 Almende B.V and\n"
        "   2017-2019 visjs contributors; dual licensed Apache-2.0 or MIT (see the header\n"
        "   of the vis-network script below). */"
    )
    return f"{note}\n{css}"


def _vis_file(name: str) -> str:
    return resources.files("pyvis").joinpath(*VIS_DIR, name).read_text("utf-8")
