"""A static PNG of a cooperation network for reports.

The same positions, colours, shapes, dashes, lines per relation (side by side, width and
opacity by weight) and legend as the HTML view (:mod:`kg.network.layout`), drawn with
matplotlib's Agg canvas (no display, no pyplot state, so it is safe in a server). Node names
are written for a small graph, else for the largest nodes only (events by their shortened
names).
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence

import networkx as nx
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kg.network.layout import (
    EVENT_KINDS,
    KINDS,
    NODE_GAP,
    PNG_MARKERS,
    RELATIONS,
    Position,
    check_lang,
    counts,
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

DPI = 150
ALL_NAMES_UP_TO = 60  # nodes; a larger graph names only its largest nodes
NAMED_LARGEST = 30
POINTS_PER_INCH = 72.0
MAX_SCALE = 0.8  # points per layout pixel: a small graph is not blown up (cf. the view's zoom)
LEGEND_WIDTH = 30  # characters before a legend label wraps


def render_png(
    graph: nx.Graph,
    *,
    lang: str = "fi",
    sizes: Mapping[str, float] | None = None,
    title: str | None = None,
) -> bytes:
    """``graph`` as a PNG image: nodes sized by ``sizes`` (as in the HTML view), a legend
    in ``lang``, and a note instead of a drawing when the graph is empty."""
    check_lang(lang)
    big = graph.number_of_nodes() > 800
    fig = Figure(figsize=(16, 11) if big else (12, 8.5), dpi=DPI)
    FigureCanvasAgg(fig)
    heading = title or text("title", lang)
    summary = counts(graph, lang)
    fig.text(0.02, 0.975, heading, fontsize=15, weight="bold", va="top")
    fig.text(0.02, 0.94, summary, fontsize=9, color="#555555", va="top")
    ax = fig.add_axes((0.01, 0.01, 0.77, 0.91))
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, text("empty", lang), ha="center", va="center", fontsize=14)
        return _png(fig)
    where = {n: (x, -y) for n, (x, y) in positions(graph).items()}
    scale = _fit(ax, fig, where)
    radii = node_radii(graph, sizes)
    _draw_edges(ax, graph, where, scale)
    _draw_nodes(ax, graph, where, radii, scale)
    _draw_names(ax, graph, where, radii, scale, lang)
    _legend(fig, graph, lang)
    return _png(fig)


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return out.getvalue()


def _fit(ax: Axes, fig: Figure, where: Mapping[str, Position]) -> float:
    """Set equal-aspect limits around the positions; return points per layout pixel."""
    xs = [p[0] for p in where.values()]
    ys = [p[1] for p in where.values()]
    pad = 40.0
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width_pt = fig.get_figwidth() * ax.get_position().width * POINTS_PER_INCH
    height_pt = fig.get_figheight() * ax.get_position().height * POINTS_PER_INCH
    scale = min(width_pt / (x1 - x0), height_pt / (y1 - y0), MAX_SCALE)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = width_pt / scale / 2, height_pt / scale / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    return scale


def _draw_edges(ax: Axes, graph: nx.Graph, where: Mapping[str, Position], scale: float) -> None:
    """One line per relation of each edge, parallel ones ``LINE_GAP`` of the node gap
    apart, each as wide and opaque as its weight."""
    groups: dict[str, list[tuple[list[Position], float, float]]] = {}
    for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
        lines = relation_lines(graph.edges[u, v])
        (x0, y0), (x1, y1) = where[u], where[v]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx_, ny_ = -(y1 - y0) / length, (x1 - x0) / length  # unit normal
        for (relation, weight), offset in zip(lines, line_offsets(len(lines)), strict=True):
            d = offset * NODE_GAP
            segment = [(x0 + nx_ * d, y0 + ny_ * d), (x1 + nx_ * d, y1 + ny_ * d)]
            width = max(0.3, edge_width(weight) * min(1.0, scale * 1.2))
            groups.setdefault(relation, []).append((segment, width, edge_opacity(weight)))
    for relation in sorted(groups, key=lambda r: (r not in RELATIONS, r)):
        style = relation_style(relation)
        colour = to_rgba(style.colour)
        collection = LineCollection(
            [segment for segment, _, _ in groups[relation]],
            linewidths=[width for _, width, _ in groups[relation]],
            colors=[(*colour[:3], alpha) for _, _, alpha in groups[relation]],
            linestyles=(0, style.dashes) if style.dashes else "solid",
            zorder=1,
        )
        ax.add_collection(collection)


def _draw_nodes(
    ax: Axes,
    graph: nx.Graph,
    where: Mapping[str, Position],
    radii: Mapping[str, float],
    scale: float,
) -> None:
    groups: dict[tuple[str, bool], list[str]] = {}
    for n in sorted(graph):
        attrs = graph.nodes[n]
        groups.setdefault((str(attrs.get("kind")), bool(attrs.get("illustrative"))), []).append(n)
    for (kind, illustrative), nodes in sorted(groups.items()):
        style = kind_style(kind)
        ax.scatter(
            [where[n][0] for n in nodes],
            [where[n][1] for n in nodes],
            s=[max(2.5, 2 * radii[n] * scale) ** 2 for n in nodes],
            marker=PNG_MARKERS.get(style.shape, "o"),
            c=style.colour,
            edgecolors="#222222" if illustrative else style.border,
            linewidths=1.0 if illustrative else 0.6,
            linestyles="--" if illustrative else "solid",
            zorder=2,
        )


def _draw_names(
    ax: Axes,
    graph: nx.Graph,
    where: Mapping[str, Position],
    radii: Mapping[str, float],
    scale: float,
    lang: str,
) -> None:
    def named(n: str) -> bool:  # linked, and not one of the many two-party events
        attrs = graph.nodes[n]
        dot = is_event(attrs) and kind_style(attrs.get("kind")).shape == "dot"
        return bool(graph.degree(n)) and not dot

    linked = sorted(n for n in graph if named(n))
    if len(linked) > ALL_NAMES_UP_TO:
        linked = sorted(linked, key=lambda n: (-radii[n], -graph.degree(n), n))[:NAMED_LARGEST]
    for n in linked:
        name = node_label(n, graph.nodes[n], lang)
        ax.annotate(
            short_name(name) if is_event(graph.nodes[n]) else name,
            where[n],
            xytext=(0, -(max(2.5, 2 * radii[n] * scale) / 2 + 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=6.5,
            color="#222222",
            zorder=3,
        )


def _legend(fig: Figure, graph: nx.Graph, lang: str) -> None:
    """Kinds (and the illustrative mark) above relations, right of the drawing."""
    events = {str(a["kind"]) for _, a in graph.nodes(data=True) if is_event(a)}
    kinds = {str(k) for _, k in graph.nodes(data="kind")} - events
    relations = {r for *_, rel in graph.edges(data="relations") for r in (rel or {})}
    handles: list[Line2D | Patch] = []
    for kind in [k for k in KINDS if k in kinds] + sorted(kinds - set(KINDS)):
        style = kind_style(kind)
        marker = PNG_MARKERS.get(style.shape, "o")
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=8,
                label=textwrap.fill(style.label[lang], LEGEND_WIDTH),
                markerfacecolor=style.colour,
                markeredgecolor=style.border,
            )
        )
    if any(illustrative for _, illustrative in graph.nodes(data="illustrative")):
        handles.append(
            Patch(
                facecolor="#eeeeee",
                edgecolor="#222222",
                linestyle="--",
                label=textwrap.fill(text("illustrative", lang), LEGEND_WIDTH),
            )
        )
    top = _legend_box(fig, handles, text("kinds", lang), 0.9)
    boxes: list[Line2D | Patch] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=PNG_MARKERS[style.shape],
            markersize=7,
            label=style.label[lang],
            markerfacecolor=style.colour,
            markeredgecolor=style.border,
        )
        for k, style in EVENT_KINDS.items()
        if k in events
    ]
    if boxes:
        top = _legend_box(fig, boxes, text("events", lang), top - 0.03)
    lines = []
    for relation in [r for r in RELATIONS if r in relations] + sorted(relations - set(RELATIONS)):
        line = relation_style(relation)
        lines.append(
            Line2D(
                [],
                [],
                color=line.colour,
                linewidth=2,
                linestyle=(0.0, line.dashes) if line.dashes else "solid",
                label=line.label[lang],
            )
        )
    if lines:
        top = _legend_box(fig, lines, text("relations", lang), top - 0.03)
    if any("relation_weights" in data for *_, data in graph.edges(data=True)):
        fig.text(
            0.795,
            top - 0.02,
            textwrap.fill(text("weights", lang), LEGEND_WIDTH + 6),
            fontsize=7,
            color="#444444",
            va="top",
        )


def _legend_box(fig: Figure, handles: Sequence[Artist], title: str, top: float) -> float:
    """A legend whose top left corner is at (0.79, top); returns where its bottom is."""
    legend = fig.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(0.79, top),
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        alignment="left",
        handlelength=3.2,
    )
    box = legend.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    return float(box.transformed(fig.transFigure.inverted()).y0)
