"""Positions and look shared by the HTML view and the PNG of a cooperation network.

Positions are computed once in Python (networkx, a fixed seed, nodes and edges in sorted
order) so that a view looks the same on every load and the browser runs no physics. Each
connected component is laid out on its own (up to 120 nodes Kamada-Kawai started from a
seeded spring layout, larger ones a vectorised Fruchterman-Reingold) and the components are
packed in rows, largest first, single nodes last in a grid. Coordinates are pixels with y
pointing down (as in vis-network); the PNG flips them.

The node colours are the Okabe–Ito palette (readable with the common colour-vision
deficiencies) and each kind also has its own shape; relations differ by colour and dashes.
In the organisation–event network an agreement, negotiation or forum is a downward
triangle in its relation's colour (the second mode of a two-mode view, as themes are in
the organisation–theme view), an interface or dual role a dot in its relation's colour.

Every relation of an edge is drawn as its own line (side by side when there are several),
so that a negotiation between two organisations shows even where their interfaces are
more. A line's width and opacity follow its weight (:func:`edge_width`,
:func:`edge_opacity`): in the organisation network that is Newman's collaboration weight
of the relation, so a share of a many-party agreement is a faint hairline and a two-party
negotiation a full line; nothing is drawn that is not a node or a tie of the data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
from threadpoolctl import threadpool_limits

from kg.messages import Texts, message

SEED = 20230101
NODE_GAP = 38.0  # pixels of layout per node: a component of n nodes spans ~ 2·gap·√n
COMPONENT_GAP = 60.0
SINGLE_GAP = (40.0, 28.0)  # x and y step of the grid of nodes without links
MIN_RADIUS, MAX_RADIUS, DEFAULT_RADIUS = 6.0, 30.0, 10.0
KAMADA_KAWAI_UP_TO = 120  # nodes of a component; larger ones get the force layout
MIN_OPACITY = 0.1  # of a line: the faintest tie stays visible
LINE_GAP = 0.12  # roundness (HTML) or share of the node gap (PNG) between parallel lines
EVENT_NAME_CHARS = 32  # an event's label shows this much of its name; the tooltip has it all
LANGS = ("fi", "sv", "en")

Position = tuple[float, float]


@dataclass(frozen=True)
class KindStyle:
    colour: str
    border: str
    shape: str  # vis-network shape; PNG_MARKERS gives the matplotlib marker
    label: Mapping[str, str]


@dataclass(frozen=True)
class RelationStyle:
    colour: str
    dashes: tuple[int, ...]  # empty: solid line
    label: Mapping[str, str]


KINDS: dict[str, KindStyle] = {
    "municipality": KindStyle("#56B4E9", "#1D6E9E", "dot", Texts("network.kind.municipality")),
    "county": KindStyle(
        "#D55E00",
        "#7A3600",
        "square",
        Texts("network.kind.county"),
    ),
    "regional-council": KindStyle(
        "#009E73",
        "#005A41",
        "diamond",
        Texts("network.kind.regional-council"),
    ),
    "employment-authority": KindStyle(
        "#E69F00",
        "#8A5F00",
        "triangle",
        Texts("network.kind.employment-authority"),
    ),
    "kela": KindStyle("#CC79A7", "#7D3D63", "star", Texts("network.kind.kela")),
    "organisation": KindStyle(
        "#0072B2",
        "#003F63",
        "hexagon",
        Texts("network.kind.organisation"),
    ),
    "theme": KindStyle("#F0E442", "#8C8420", "triangleDown", Texts("network.kind.theme")),
    "person": KindStyle("#BBBBBB", "#666666", "dot", Texts("network.kind.person")),
}
UNKNOWN_KIND = KindStyle("#DDDDDD", "#777777", "dot", Texts("network.kind.unknown"))

RELATIONS: dict[str, RelationStyle] = {
    "agreement": RelationStyle("#1F4E79", (), Texts("network.relation.agreement")),
    "negotiation": RelationStyle("#7B3294", (8, 4), Texts("network.relation.negotiation")),
    "forum": RelationStyle("#1A9850", (2, 4), Texts("network.relation.forum")),
    "interface": RelationStyle("#7F7F7F", (), Texts("network.relation.interface")),
    "dual-role": RelationStyle("#C0392B", (10, 4, 2, 4), Texts("network.relation.dual-role")),
}
# the event nodes of the organisation-event network in their relation's colour: an
# agreement, negotiation or forum a downward triangle, the many two-party interfaces and
# dual roles dots (their names show in the tooltip and as one zooms in)
EVENT_KINDS: dict[str, KindStyle] = {
    relation: KindStyle(
        style.colour,
        "#000000",
        "dot" if relation in ("interface", "dual-role") else "triangleDown",
        style.label,
    )
    for relation, style in RELATIONS.items()
}
UNKNOWN_RELATION = RelationStyle("#999999", (), Texts("network.relation.unknown"))

PNG_MARKERS = {
    "dot": "o",
    "square": "s",
    "diamond": "D",
    "triangle": "^",
    "triangleDown": "v",
    "star": "*",
    "hexagon": "h",
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def text(key: str, lang: str) -> str:
    """A fixed word of the network views: the catalogue's ``network.{key}``."""
    return message(f"network.{key}", lang)


def counts(graph: nx.Graph, lang: str) -> str:
    """ "21 nodes · 210 links", with the events counted apart in the organisation-event
    network ("21 nodes · 2 events · 22 links")."""
    events = sum(1 for _, attrs in graph.nodes(data=True) if is_event(attrs))
    parts = [f"{graph.number_of_nodes() - events} {text('nodes', lang)}"]
    if events:
        parts.append(f"{events} {text('event_count', lang)}")
    parts.append(f"{graph.number_of_edges()} {text('edges', lang)}")
    return " · ".join(parts)


def kind_style(kind: object) -> KindStyle:
    return KINDS.get(str(kind)) or EVENT_KINDS.get(str(kind), UNKNOWN_KIND)


def is_event(attrs: Mapping[str, Any]) -> bool:
    """Whether a node is an event of the organisation-event network."""
    return attrs.get("bipartite") == 1 and str(attrs.get("kind")) in EVENT_KINDS


def short_name(name: str) -> str:
    """An event's name as its label shows it."""
    return name if len(name) <= EVENT_NAME_CHARS else name[: EVENT_NAME_CHARS - 1] + "…"


def relation_style(relation: str) -> RelationStyle:
    return RELATIONS.get(relation, UNKNOWN_RELATION)


def node_label(iri: str, attrs: Mapping[str, Any], lang: str) -> str:
    """The node's name in ``lang``, else in fi, en, sv, else its code, else the IRI's end."""
    for key in (f"label_{lang}", "label_fi", "label_en", "label_sv", "code"):
        value = attrs.get(key)
        if value:
            return str(value)
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def relation_lines(attrs: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The lines of an edge: one per relation with its weight (the Newman weight of the
    relation where the edge has ``relation_weights``, else its count), in the order of
    :data:`RELATIONS`."""
    weights = dict(attrs.get("relation_weights") or {})
    counts = dict(attrs.get("relations") or {})
    order = {r: i for i, r in enumerate(RELATIONS)}
    found = [(r, float(weights[r] if r in weights else counts[r])) for r in counts if counts[r]]
    return sorted(found, key=lambda rw: (order.get(rw[0], len(order)), rw[0]))


def line_offsets(count: int) -> list[float]:
    """Side-by-side offsets of ``count`` parallel lines, centred on 0, ``LINE_GAP`` apart."""
    return [round((i - (count - 1) / 2) * LINE_GAP, 4) for i in range(count)]


def edge_width(weight: object) -> float:
    """Line width in pixels: 1 for a weight of 1 (one two-party event), growing with the
    log of the weight up to 6, and down to 0.5 for weaker ties."""
    w = float(weight) if isinstance(weight, int | float) and weight > 0 else 1.0
    return round(min(max(1.0 + math.log2(w), 0.5), 6.0), 2)


def edge_opacity(weight: object) -> float:
    """Line opacity: the weight itself up to 1 (a 1/20 share of an agreement of 21 parties
    is drawn at 1/20 of full strength), at least ``MIN_OPACITY``."""
    w = float(weight) if isinstance(weight, int | float) and weight > 0 else 1.0
    return round(min(max(w, MIN_OPACITY), 1.0), 3)


def node_radii(graph: nx.Graph, sizes: Mapping[str, float] | None) -> dict[str, float]:
    """Pixel radius per node: the area grows with the metric, min..max over the graph."""
    if not sizes:
        return {n: DEFAULT_RADIUS for n in graph}
    values = {n: float(sizes.get(n, 0.0) or 0.0) for n in graph}
    finite = [v for v in values.values() if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
    if hi <= lo:
        return {n: (MIN_RADIUS + MAX_RADIUS) / 2 for n in graph}
    out = {}
    for n, v in values.items():
        share = (v - lo) / (hi - lo) if math.isfinite(v) else 0.0
        out[n] = round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(share), 2)
    return out


def positions(graph: nx.Graph, *, seed: int = SEED) -> dict[str, Position]:
    """Pixel positions (y down) of every node: the same for the same graph on every call."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    placed: list[dict[str, Position]] = []
    singles: list[str] = []
    for nodes in components:
        if len(nodes) == 1:
            singles.append(nodes[0])
        else:
            placed.append(_component(graph, nodes, seed))
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles) * 1.4)))
        placed.append(
            {
                n: ((i % cols) * SINGLE_GAP[0], (i // cols) * SINGLE_GAP[1])
                for i, n in enumerate(singles)
            }
        )
    return _pack(placed)


def _component(graph: nx.Graph, nodes: list[str], seed: int) -> dict[str, Position]:
    """One connected component laid out around (0, 0), its radius ~ gap·√n (plus room for
    the largest nodes, which matters in a small component)."""
    radius = NODE_GAP * math.sqrt(len(nodes)) + 3 * MAX_RADIUS
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), graph.edges[u, v].get("weight", 1))
        for u, v in graph.subgraph(nodes).edges()
    )
    if len(nodes) <= KAMADA_KAWAI_UP_TO:
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from((nodes[i], nodes[j]) for i, j, _ in edges)
        # Kamada-Kawai from a seeded spring layout, not from its default circle: from the
        # circle a complete graph stays a regular polygon, whose chords leave an empty disc
        # at its centre that reads as a node (the spring start also reaches lower stress)
        start = nx.spring_layout(sub, seed=seed)
        # one BLAS thread: SciPy's L-BFGS-B steps are small, and OpenBLAS threads waiting
        # for a busy second core made them 8x slower (python -m bench network)
        with threadpool_limits(limits=1, user_api="blas"):
            raw = nx.kamada_kawai_layout(sub, pos=start, weight=None)
        xy = np.array([raw[n] for n in nodes], dtype=np.float64)
    else:
        xy = _force(len(nodes), edges, seed).astype(np.float64)
    xy -= xy.mean(axis=0)
    extent = float(np.abs(xy).max()) or 1.0
    xy *= radius / extent
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def _force(n: int, edges: list[tuple[int, int, Any]], seed: int) -> np.ndarray:
    """Fruchterman–Reingold on the full n×n repulsion (float32, vectorised: about 30 ms
    a step for 2,000 nodes, where networkx takes seconds), positions as an n×2 array."""
    rng = np.random.default_rng(seed)
    x = rng.random(n, dtype=np.float32)
    y = rng.random(n, dtype=np.float32)
    ei = np.array([e[0] for e in edges], dtype=np.intp)
    ej = np.array([e[1] for e in edges], dtype=np.intp)
    strength = np.array(
        [1.0 + math.log2(w) if isinstance(w, int | float) and w > 1 else 1.0 for *_, w in edges],
        dtype=np.float32,
    )
    k = np.float32(1.0 / math.sqrt(n))
    k2 = k * k
    iterations = 100 if n <= 1000 else 60
    temperature, cooling = 0.1, 0.1 / (iterations + 1)
    dx = np.empty((n, n), np.float32)
    dy = np.empty((n, n), np.float32)
    rep = np.empty((n, n), np.float32)
    for _ in range(iterations):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=rep)
        rep += dy * dy
        np.maximum(rep, np.float32(1e-4), out=rep)
        np.divide(k2, rep, out=rep)  # repulsion k²/d along the unit vector = Δ·k²/d²
        fx = np.einsum("ij,ij->i", dx, rep)
        fy = np.einsum("ij,ij->i", dy, rep)
        ex, ey = x[ei] - x[ej], y[ei] - y[ej]
        pull = strength * np.sqrt(ex * ex + ey * ey) / k  # attraction d²/k
        np.add.at(fx, ei, -ex * pull)
        np.add.at(fx, ej, ex * pull)
        np.add.at(fy, ei, -ey * pull)
        np.add.at(fy, ej, ey * pull)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), np.float32(1e-9))
        step = np.minimum(length, np.float32(temperature)) / length
        x += fx * step
        y += fy * step
        temperature -= cooling
    return np.stack([x, y], axis=1)


def _pack(parts: list[dict[str, Position]]) -> dict[str, Position]:
    """Place the parts in rows (shelf packing) about as wide as the total is tall."""
    boxes = []
    for part in parts:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        boxes.append((part, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for _, _, _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.3] + [w for _, _, _, w, _ in boxes])
    out: dict[str, Position] = {}
    x = y = row_height = 0.0
    for part, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for n, (px, py) in part.items():
            out[n] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w + COMPONENT_GAP
        row_height = max(row_height, h)
    return out
