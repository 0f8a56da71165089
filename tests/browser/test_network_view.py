"""The network view in headless Chromium: it draws, shows its tooltips, draws nothing that
is not a node or a tie of the data, shows negotiations, and asks nothing of any host but
this machine (the national network, one county, and a 2,000-node graph). Screenshots of
the county views are kept in tests/artifacts/ to look at."""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page

from kg.config import REPO_ROOT
from kg.network import compute_metrics, organisation_event_network
from kg.network.layout import RELATIONS
from kg.network.projection import organisation_network
from kg.network.records import read_records
from kg.network.view import render_html
from kg.store import Store
from tests.browser.conftest import Recorder
from tests.kg.network.test_png import empty_discs
from tests.kg.network.test_view import sample_graph

DRAW_TIMEOUT_MS = 20_000
ARTIFACTS = REPO_ROOT / "tests/artifacts"


def open_view(page: Page, path: Path) -> float:
    """Open the page and wait for vis-network's first drawing; return the seconds taken."""
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.networkDrawn === true", timeout=DRAW_TIMEOUT_MS)
    return time.perf_counter() - start


def drawn_share(screenshot: Path) -> float:
    """The share of the screenshot's pixels that are not (near) the white background."""
    with Image.open(screenshot) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    return float((np.abs(rgb - 255).max(axis=2) > 40).mean())


def check_view(page: Page, recorder: Recorder, html: str, tmp_path: Path, name: str) -> float:
    path = tmp_path / f"{name}.html"
    path.write_text(html, "utf-8")
    seconds = open_view(page, path)
    shot = tmp_path / f"{name}.png"
    page.locator("#network").screenshot(path=shot)
    assert shot.stat().st_size > 0
    assert recorder.urls, "the recorder saw no request at all"
    assert path.as_uri() in recorder.urls
    assert recorder.outside == [], f"{name}: requests off the machine: {recorder.outside}"
    assert recorder.errors == [], f"{name}: script errors: {recorder.errors}"
    share = drawn_share(shot)
    # a blank canvas draws nothing (0 %); the national network, ~430 small nodes spread over
    # the whole canvas, draws about 1.5 % of it
    assert share > 0.01, f"{name}: the canvas is blank ({share:.2%} drawn), see {shot}"
    return seconds


@pytest.mark.parametrize("county", [None, "20"], ids=["national", "county-20"])
def test_organisation_network_draws_offline(
    recorded: tuple[Page, Recorder], store: Store, tmp_path: Path, county: str | None
) -> None:
    page, recorder = recorded
    graph = organisation_network(store, county=county)
    assert graph.number_of_nodes() > (300 if county is None else 5)
    sizes = nx.betweenness_centrality(graph)
    html = render_html(graph, lang="fi", sizes=sizes, size_label="välisyyskeskeisyys")
    check_view(page, recorder, html, tmp_path, f"network-{county or 'national'}")
    assert page.evaluate("network.body.nodeIndices.length") == graph.number_of_nodes()
    lines = sum(len(data["relations"]) for *_, data in graph.edges(data=True))
    assert page.evaluate("network.body.edgeIndices.length") == lines  # one per relation


def test_tooltip_is_an_element_with_the_entity_link(
    recorded: tuple[Page, Recorder], store: Store, tmp_path: Path
) -> None:
    page, recorder = recorded
    graph = organisation_network(store, county="20")
    iri, attrs = next((n, a) for n, a in sorted(graph.nodes(data=True)) if graph.degree(n))
    html = render_html(graph, lang="sv", href=lambda i: "http://127.0.0.1:8000/id/x")
    check_view(page, recorder, html, tmp_path, "tooltip")
    x, y = page.evaluate(
        """(iri) => {
          const p = network.canvasToDOM(network.getPosition(iri));
          const box = document.getElementById("network").getBoundingClientRect();
          return [p.x + box.left, p.y + box.top];
        }""",
        iri,
    )
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert attrs["label_sv"] in tooltip.inner_text()
    assert tooltip.locator("a").get_attribute("href") == "http://127.0.0.1:8000/id/x"
    assert "Öppna sidan" in tooltip.inner_text()
    assert recorder.outside == []


def test_two_thousand_nodes_draw(recorded: tuple[Page, Recorder], tmp_path: Path) -> None:
    page, recorder = recorded
    graph = sample_graph(308, persons=1_650)
    assert graph.number_of_nodes() > 2_000
    html = render_html(graph, lang="en", sizes=nx.degree_centrality(graph))
    check_view(page, recorder, html, tmp_path, "network-2000")


def test_the_recorder_sees_an_outside_request(
    recorded: tuple[Page, Recorder], tmp_path: Path
) -> None:
    """The check is not blind: a page asking for a CDN script is caught (and blocked)."""
    page, recorder = recorded
    path = tmp_path / "cdn.html"
    path.write_text('<script src="https://cdn.example.invalid/vis.js"></script>', "utf-8")
    page.goto(path.as_uri())
    assert recorder.outside == ["https://cdn.example.invalid/vis.js"]


def _drawn(page: Page) -> tuple[set[str], float]:
    """The ids of the nodes vis-network drew, and the smallest drawn node radius in
    screen pixels."""
    ids, radius = page.evaluate(
        """() => {
          const ids = network.body.nodeIndices.slice();
          const radii = ids.map((id) => {
            const box = network.getBoundingBox(id);
            const a = network.canvasToDOM({x: box.left, y: box.top});
            const b = network.canvasToDOM({x: box.right, y: box.bottom});
            return Math.min(b.x - a.x, b.y - a.y) / 2;
          });
          return [ids, Math.min(...radii)];
        }"""
    )
    return set(ids), float(radius)


def test_one_agreement_county_draws_its_nodes_and_no_disc(
    recorded: tuple[Page, Recorder], store: Store, tmp_path: Path
) -> None:
    # North Savo (county 13): one agreement of its 21 organisations. The drawn nodes are
    # the graph's; no blank disc half a node's size or larger sits among its 210 faint
    # ties (drawn on a regular 21-gon they left one the size of a node at the centre).
    page, recorder = recorded
    graph = organisation_network(store, county="13")
    sizes = {n.iri: n.betweenness for n in compute_metrics(graph).nodes}
    html = render_html(graph, lang="fi", sizes=sizes, size_label="välillisyys")
    check_view(page, recorder, html, tmp_path, "county-13")
    ids, radius = _drawn(page)
    assert ids == set(graph.nodes)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "network-county-13.png"
    page.locator("#network").screenshot(path=shot)
    with Image.open(shot) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    assert radius > 5
    assert empty_discs(rgb, 0.5 * radius) == [], f"see {shot}"


def test_negotiations_show_in_both_views(
    recorded: tuple[Page, Recorder], store: Store, tmp_path: Path
) -> None:
    # Kainuu's county convenes every negotiation; each municipality that took part has a
    # negotiation line to the county in the organisation view, and each negotiation is a
    # triangle joined to its participants in the organisation-event view.
    page, recorder = recorded
    kainuu = "https://w3id.org/yhdyspinta/id/county/20"
    talks = [
        r for r in read_records(store).records if r.relation == "negotiation" and kainuu in r.orgs
    ]
    met = {o for r in talks for o in r.orgs} - {kainuu}
    check_view(page, recorder, render_html(organisation_network(store, county="20")), tmp_path, "k")
    drawn = page.evaluate(
        """(colour) => network.body.edgeIndices
             .map((id) => network.body.edges[id])
             .filter((e) => e.options.color.color === colour)
             .map((e) => [e.fromId, e.toId])""",
        RELATIONS["negotiation"].colour,
    )
    joined = {b if a == kainuu else a for a, b in drawn if kainuu in (a, b)}
    assert joined == met
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#network").screenshot(path=ARTIFACTS / "network-county-20.png")
    two_mode = organisation_event_network(store, county="20")
    check_view(page, recorder, render_html(two_mode, lang="en"), tmp_path, "k-events")
    for r in talks:
        shape, neighbours = page.evaluate(
            """(id) => [network.body.nodes[id].options.shape, network.getConnectedNodes(id)]""",
            r.iri,
        )
        assert shape == "triangleDown" and set(neighbours) == r.orgs, r.iri
    page.locator("#network").screenshot(path=ARTIFACTS / "network-county-20-events.png")
