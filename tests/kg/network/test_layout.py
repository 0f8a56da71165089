"""Positions and line rules shared by the HTML view and the PNG."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.network import organisation_event_network, organisation_network
from kg.network.layout import LINE_GAP, counts, line_offsets, positions, relation_lines
from kg.store import Store


@pytest.mark.parametrize("n", [9, 12, 15, 21, 25, 33])
def test_complete_graph_is_not_a_regular_polygon(n: int) -> None:
    # Drawn on a regular polygon of odd n, the chords of a complete graph leave an empty
    # disc of radius R sin(pi/(2n)) at the centre, ringed by the n longest chords, that
    # reads as a node (North Savo's 21 parties of one agreement). The layout must not put
    # every node on one circle. (Up to eight nodes the polygon is the best layout and its
    # centre a plain polygon: the star of a pentagon.)
    g = nx.complete_graph([f"https://example.org/{i:02d}" for i in range(n)])
    where = positions(g)
    cx = sum(x for x, _ in where.values()) / n
    cy = sum(y for _, y in where.values()) / n
    radii = [math.hypot(x - cx, y - cy) for x, y in where.values()]
    assert min(radii) < 0.8 * max(radii), sorted(round(r) for r in radii)


def test_the_circle_start_would_draw_the_ring() -> None:
    # the check above can fail: Kamada-Kawai from its default circle keeps K21 on it
    raw = nx.kamada_kawai_layout(nx.complete_graph(21), weight=None)
    radii = [math.hypot(x, y) for x, y in raw.values()]
    assert min(radii) > 0.99 * max(radii)


def test_lines_of_an_edge_one_per_relation_in_order() -> None:
    assert relation_lines({"relations": {"interface": 10, "negotiation": 1}}) == [
        ("negotiation", 1.0),
        ("interface", 10.0),
    ]
    newman = {
        "relations": {"agreement": 2, "forum": 1},
        "relation_weights": {"agreement": 0.25, "forum": 0.5},
    }
    assert relation_lines(newman) == [("agreement", 0.25), ("forum", 0.5)]
    assert line_offsets(1) == [0.0]
    assert line_offsets(2) == [-LINE_GAP / 2, LINE_GAP / 2]
    assert line_offsets(3) == [-LINE_GAP, 0.0, LINE_GAP]


def test_counts_name_events_apart(events: Store) -> None:
    # county 07: six organisations, the agreement, the talks and the forum, 5 + 2 + 3 edges
    two_mode = organisation_event_network(events, county="07")
    assert counts(two_mode, "en") == "6 nodes · 3 events · 10 links"
    assert counts(two_mode, "fi") == "6 toimijaa · 3 tapahtumaa · 10 yhteyttä"
    assert counts(organisation_network(events, county="07"), "en") == "6 nodes · 12 links"
