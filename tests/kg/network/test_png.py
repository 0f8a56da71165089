"""The static PNG: a real image with the view's colours, a legend, and a note when empty."""

from __future__ import annotations

import io

import networkx as nx
import numpy as np
import pytest
from PIL import Image

from kg.network.layout import KINDS
from kg.network.png import render_png
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
