"""The static PNG: a real image with the view's colours, a line per relation as strong as
its weight, events in their colours, a legend, and a note when empty."""

from __future__ import annotations

import io
import itertools
import math

import networkx as nx
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from scipy import ndimage

from kg.network import organisation_event_network, organisation_network
from kg.network.layout import KINDS, RELATIONS
from kg.network.png import render_png
from kg.store import Store
from tests.kg.network.conftest import ID
from tests.kg.network.test_view import sample_graph, small_graph

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pixels(png: bytes) -> np.ndarray:
    assert png.startswith(SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def share_near(image: np.ndarray, colour: str, tolerance: int = 12) -> float:
    """The share of pixels within ``tolerance`` of ``colour`` in every channel."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return float((np.abs(image - rgb).max(axis=2) <= tolerance).mean())


def test_png_draws_nodes_in_the_view_colours() -> None:
    image = pixels(render_png(sample_graph(150), lang="fi", sizes=None))
    height, width, _ = image.shape
    assert width >= 1200 and height >= 800
    drawn = float((np.abs(image - 255).max(axis=2) > 30).mean())
    assert drawn > 0.03, f"only {drawn:.1%} of the image is not white"
    assert share_near(image, KINDS["municipality"].colour) > 0.005
    assert share_near(image, KINDS["county"].colour) > 0.0005


def test_png_is_the_same_every_time() -> None:
    g = small_graph()
    sizes = nx.degree_centrality(g)
    assert render_png(g, lang="en", sizes=sizes) == render_png(g, lang="en", sizes=sizes)


def test_png_language_changes_the_legend() -> None:
    g = small_graph()
    assert render_png(g, lang="fi") != render_png(g, lang="sv")


def test_empty_graph_gives_an_image_with_the_note() -> None:
    image = pixels(render_png(nx.Graph(), lang="en", title="Kainuu"))
    dark = float((image.max(axis=2) < 100).mean())
    assert 0 < dark < 0.05  # the title and the note, nothing else


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_png(small_graph(), lang="de")


def _pair(relations: dict[str, int], weights: dict[str, float] | None = None) -> nx.Graph:
    """Two municipalities joined by one edge."""
    g = nx.Graph(filters={})
    for code in ("001", "002"):
        g.add_node(
            ID + f"municipality/{code}",
            kind="municipality",
            label_fi=code,
            label_sv=code,
            label_en=code,
            code=code,
            county="01",
            illustrative=False,
        )
    data: dict[str, object] = {"relations": relations, "evidence": [ID + "agreement/x"]}
    if weights is None:
        data["weight"] = sum(relations.values())
    else:
        data |= {"relation_weights": weights, "weight": sum(weights.values())}
    g.add_edge(ID + "municipality/001", ID + "municipality/002", **data)
    return g


def test_png_draws_every_relation_of_an_edge() -> None:
    # ten interfaces and one negotiation: both are drawn, side by side
    image = pixels(render_png(_pair({"interface": 10, "negotiation": 1}), lang="fi"))
    assert share_near(image, RELATIONS["interface"].colour) > 0.0005
    assert share_near(image, RELATIONS["negotiation"].colour) > 0.00005
    alone = pixels(render_png(_pair({"interface": 10}), lang="fi"))
    assert share_near(alone, RELATIONS["negotiation"].colour) < 0.00005  # the legend has none


def test_png_draws_a_weak_tie_faint() -> None:
    # A 1/20 share of one agreement is drawn at MIN_OPACITY: in the drawing (left of the
    # legend) no pixel comes near the agreement colour, yet the line is there, faint; a
    # tie of weight 1 is drawn in that colour.
    def drawing(weight: float) -> np.ndarray:
        image = pixels(render_png(_pair({"agreement": 1}, {"agreement": weight}), lang="fi"))
        return image[:, : int(image.shape[1] * 0.78)]

    colour = RELATIONS["agreement"].colour
    strong, weak = drawing(1.0), drawing(1 / 20)
    assert share_near(strong, colour, tolerance=30) > 0.0001
    assert share_near(weak, colour, tolerance=30) == 0
    faint = (weak.min(axis=2) < 250) & (weak.min(axis=2) > 200) & (weak[..., 2] > weak[..., 0])
    assert faint.sum() > 100  # bluish, light pixels along the line


def test_png_draws_events_in_their_colour(events: Store) -> None:
    g = organisation_event_network(events, county="07")
    image = pixels(render_png(g, lang="fi"))
    # the agreement, talks and forum are triangles filled with their relation's colour
    for relation in ("agreement", "negotiation", "forum"):
        assert share_near(image, RELATIONS[relation].colour, tolerance=6) > 0.0002, relation


def empty_discs(image: np.ndarray, min_radius: float) -> list[tuple[int, int, float]]:
    """Blank discs enclosed by drawing: blank (all channels >= 250) regions not touching
    the border whose inscribed circle is at least ``min_radius`` pixels and nearly fills
    them (inscribed radius >= 0.95 of the radius of a disc of the region's area; a blank
    polygon between lines has corners: a square gives 0.89, a triangle 0.78). Returns the
    (x, y, inscribed radius) of each."""
    blank = image.min(axis=2) >= 250
    labels, _count = ndimage.label(blank)
    height, width = blank.shape
    found = []
    for index, (ys, xs) in enumerate(ndimage.find_objects(labels), start=1):
        if ys.start == 0 or xs.start == 0 or ys.stop == height or xs.stop == width:
            continue  # the background around the drawing
        region = labels[ys, xs] == index
        inscribed = float(ndimage.distance_transform_edt(np.pad(region, 1)).max())
        if inscribed >= min_radius and inscribed >= 0.95 * math.sqrt(region.sum() / math.pi):
            found.append(((xs.start + xs.stop) // 2, (ys.start + ys.stop) // 2, inscribed))
    return found


def node_radius(image: np.ndarray, colour: str) -> float:
    """The median equivalent radius of the blobs of ``colour`` (the drawn nodes)."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    labels, count = ndimage.label(np.abs(image - rgb).max(axis=2) <= 12)
    sizes = ndimage.sum_labels(np.ones(labels.shape), labels, range(1, count + 1))
    return float(np.median([math.sqrt(s / math.pi) for s in sizes if s > 20]))


def test_png_one_agreement_county_has_no_empty_disc(store: Store) -> None:
    # North Savo: 21 organisations, one agreement of all. Its 210 ties leave no blank
    # disc half as large as a node inside the drawing (on a regular 21-gon they left one
    # as large as a node at the centre, ringed by the longest chords).
    image = pixels(render_png(organisation_network(store, county="13"), lang="fi"))
    drawing = image[:, : int(image.shape[1] * 0.78)]
    radius = node_radius(drawing, KINDS["municipality"].colour)
    assert radius > 5
    assert empty_discs(drawing, 0.5 * radius) == []


def test_empty_disc_finder_finds_the_ring_centre() -> None:
    # the finder is not blind: K21 drawn on a regular polygon has its disc
    fig = Figure(figsize=(6, 6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ring = [(math.cos(2 * math.pi * i / 21), math.sin(2 * math.pi * i / 21)) for i in range(21)]
    for (x0, y0), (x1, y1) in itertools.combinations(ring, 2):
        ax.plot([x0, x1], [y0, y1], color="#1F4E79", linewidth=0.8)
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    out = io.BytesIO()
    fig.savefig(out, format="png", facecolor="white")
    found = empty_discs(pixels(out.getvalue()), 10)
    # R = 250 px: the disc's radius is R sin(pi/42) = 18.7 px, at the centre (300, 300)
    assert len(found) == 1
    x, y, r = found[0]
    assert abs(x - 300) <= 2 and abs(y - 300) <= 2 and r == pytest.approx(18.7, abs=3)
