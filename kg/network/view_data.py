"""The nodes, edges and options an HTML view hands to vis-network, built with pyvis.

Tooltips are HTML built here with every data text escaped; the page script turns them into
elements (vis-network 9 shows a string title as plain text). Each relation of an edge is
its own vis-network edge (``e{i}-{relation}``), curved to the side of the others where a
pair has several (:func:`kg.network.layout.line_offsets`), with its width and opacity from
its weight (:func:`kg.network.layout.edge_width`, :func:`kg.network.layout.edge_opacity`).
An event's label is its name shortened (:func:`kg.network.layout.short_name`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from kg.network.layout import (
    RELATIONS,
    edge_opacity,
    edge_width,
    is_event,
    kind_style,
    line_offsets,
    node_label,
    node_radii,
    positions,
    relation_lines,
    relation_style,
    short_name,
    text,
)

EVIDENCE_SHOWN = 5
ISOLATE_FONT = 8  # the packed nodes without links show their names only when zoomed in


def network_data(
    graph: nx.Graph,
    *,
    lang: str,
    sizes: Mapping[str, float] | None,
    size_label: str,
    href: Callable[[str], str],
) -> dict[str, Any]:
    """The nodes, edges and options the page hands to vis-network."""
    net = Network(directed=False, cdn_resources="in_line")
    where = positions(graph)
    radii = node_radii(graph, sizes)
    county_names = {
        str(attrs.get("code")): node_label(iri, attrs, lang)
        for iri, attrs in graph.nodes(data=True)
        if attrs.get("kind") == "county"
    }
    metric_name = size_label or text("metric", lang)
    for iri in sorted(graph):
        attrs = graph.nodes[iri]
        style = kind_style(attrs.get("kind"))
        event = is_event(attrs)
        illustrative = bool(attrs.get("illustrative"))
        extra: dict[str, Any] = {}
        if illustrative:
            extra = {"borderWidth": 2, "shapeProperties": {"borderDashes": [4, 3]}}
        rows = [(text("kind", lang), style.label[lang])]
        if attrs.get("code"):
            rows.append((text("code", lang), str(attrs["code"])))
        county = str(attrs.get("county") or "")
        if county and attrs.get("kind") != "county":
            rows.append((text("county", lang), county_names.get(county) or county))
        if event:
            rows += _event_rows(attrs, lang)
        if sizes is not None and iri in sizes:
            rows.append((metric_name, f"{float(sizes[iri]):.3g}"))
        if illustrative:
            rows.append(("", text("illustrative", lang)))
        name = node_label(iri, attrs, lang)
        url = _safe_url(href(iri))
        linked = bool(graph.degree(iri)) and not (event and style.shape == "dot")
        look: dict[str, Any] = {
            "label": short_name(name) if event else name,
            "size": radii[iri],
            # nodes without links and two-party events show their names as one zooms in
            "font": {"size": round(10 + radii[iri] / 3) if linked else ISOLATE_FONT},
        }
        net.add_node(
            iri,
            shape=style.shape,
            color=_colour(style.colour, style.border),
            x=where[iri][0],
            y=where[iri][1],
            tooltip=_tooltip(name, rows, url, lang, pages=attrs.get("pages") or []),
            href=url,
            **look,
            **extra,
        )
    for i, (u, v) in enumerate(sorted(tuple(sorted(e)) for e in graph.edges())):
        attrs = graph.edges[u, v]
        names = (node_label(u, graph.nodes[u], lang), node_label(v, graph.nodes[v], lang))
        lines = relation_lines(attrs)
        weights = dict(attrs.get("relation_weights") or {})
        rows = [
            (
                relation_style(r).label[lang],
                f"{n} ({_number(weights[r])})" if r in weights else str(n),
            )
            for r, n in sorted(
                dict(attrs.get("relations") or {}).items(), key=lambda rn: _relation_order(rn[0])
            )
        ]
        rows.append((text("weight", lang), _number(attrs.get("weight", ""))))
        tooltip = _tooltip(" — ".join(names), rows, None, lang)
        tooltip += _evidence(list(attrs.get("evidence") or []), href, lang)
        for (relation, weight), offset in zip(lines, line_offsets(len(lines)), strict=True):
            line = relation_style(relation)
            smooth: dict[str, Any] | bool = False
            if offset:
                kind = "curvedCW" if offset > 0 else "curvedCCW"
                smooth = {"enabled": True, "type": kind, "roundness": abs(offset)}
            edge = Edge(
                u,
                v,
                False,
                id=f"e{i}-{relation}",
                relation=relation,
                width=edge_width(weight),
                color={
                    "color": line.colour,
                    "opacity": edge_opacity(weight),
                    "highlight": "#000000",
                    "hover": "#000000",
                },
                dashes=list(line.dashes) or False,
                smooth=smooth,
                tooltip=tooltip,
            )
            net.edges.append(edge.options)
    big = graph.number_of_nodes() > 500
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {
            "font": {"face": "system-ui, sans-serif"},
            "borderWidth": 1,
            # small nodes' labels (smaller font) appear as one zooms in
            "scaling": {"label": {"drawThreshold": 10}},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
        },
    }
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def _event_rows(attrs: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    rows = []
    start, end = attrs.get("start"), attrs.get("end")
    if start or end:
        period = str(start) if start == end else f"{start or ''} – {end or ''}"
        rows.append((text("period", lang), period))
    if attrs.get("participants") is not None:
        rows.append((text("participants", lang), str(attrs["participants"])))
    return rows


def _number(value: object) -> str:
    """A weight as the tooltip shows it: whole numbers as such, else three digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _tooltip(
    name: str,
    rows: list[tuple[str, str]],
    url: str | None,
    lang: str,
    *,
    pages: Sequence[str] = (),
) -> str:
    parts = [f"<strong>{_esc(name)}</strong>", "<table>"]
    for key, value in rows:
        parts.append(f"<tr><th>{_esc(key)}</th><td>{_esc(value)}</td></tr>")
    parts.append("</table>")
    safe = [u for u in (_safe_url(p) for p in pages) if u]
    if safe:  # where the record was read: each page a link
        links = ", ".join(f'<a href="{_esc(u)}">{i}</a>' for i, u in enumerate(safe, start=1))
        parts.append(f"<p>{_esc(text('source_pages', lang))}: {links}</p>")
    if url:
        parts.append(f'<a href="{_esc(url)}">{_esc(text("open", lang))}</a>')
    return "".join(parts)


def _evidence(iris: list[str], href: Callable[[str], str], lang: str) -> str:
    if not iris:
        return ""
    items = []
    for iri in sorted(iris)[:EVIDENCE_SHOWN]:
        url = _safe_url(href(iri))
        name = _esc(iri.rstrip("/").rsplit("/", 1)[-1] or iri)
        items.append(f'<li><a href="{_esc(url)}">{name}</a></li>' if url else f"<li>{name}</li>")
    if len(iris) > EVIDENCE_SHOWN:
        items.append(f"<li>+{len(iris) - EVIDENCE_SHOWN} {_esc(text('more', lang))}</li>")
    return f"<div>{_esc(text('evidence', lang))}:</div><ul>{''.join(items)}</ul>"


def _esc(value: str) -> str:
    """``value`` for HTML, quotes escaped too (safe in an attribute's value)."""
    return escape(value, quote=True)


def _relation_order(relation: str) -> tuple[int, str]:
    order = list(RELATIONS)
    return (order.index(relation) if relation in order else len(order), relation)


def _colour(fill: str, border: str) -> dict[str, Any]:
    focus = {"background": fill, "border": "#000000"}
    return {"background": fill, "border": border, "highlight": focus, "hover": focus}


def _safe_url(url: str) -> str | None:
    """``url`` if it is http(s) or relative (a link may not run script), else ``None``."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("", "http", "https") and url.strip() else None
