"""Weighted betweenness, brokerage and brokers on exact path lengths."""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import pytest

from kg.network.brokerage import (
    brokerage,
    exact_weight,
    length_graph,
    rank_brokers,
    weighted_betweenness,
)

ID = "https://w3id.org/yhdyspinta/id/"


def test_complete_graph_split_by_communities_has_no_brokers() -> None:
    # K5 of equal weights (one agreement of five): whatever communities it is split into,
    # every node has neighbours in both, but every pair is joined directly: no brokers.
    g = nx.complete_graph([ID + f"m/{i}" for i in range(5)])
    nx.set_edge_attributes(g, 0.25, "weight")
    split = [[ID + "m/0", ID + "m/1"], [ID + "m/2", ID + "m/3", ID + "m/4"]]
    lengths = length_graph(g)
    joins = brokerage(lengths, split)
    community_of = {n: i for i, c in enumerate(split) for n in c}
    assert joins == dict.fromkeys(g, 0.0)
    assert rank_brokers(g, community_of, joins, weighted_betweenness(g, lengths)) == []


def test_exact_weights_make_equal_paths_ties() -> None:
    # a-b: one event of three (1/2, length 2); b-c: three events of six (3 x 1/5, length
    # 5/3); a-c: three events of twelve (3 x 1/11, length 11/3). Through b: 2 + 5/3 = 11/3,
    # exactly as long as directly: two shortest paths, b gets 1/2 of the one pair (n = 3,
    # normaliser 1). Added up in floats the path through b is shorter by a rounding error.
    g = nx.Graph()
    g.add_edge("a", "b", weight=1 / 2)
    g.add_edge("b", "c", weight=sum([1 / 5] * 3))
    g.add_edge("a", "c", weight=sum([1 / 11] * 3))
    assert exact_weight(g.edges["a", "c"]["weight"]) == Fraction(3, 11)
    assert weighted_betweenness(g)["b"] == pytest.approx(0.5)
    floats = nx.Graph()
    floats.add_weighted_edges_from(((u, v, 1 / w) for u, v, w in g.edges(data="weight")), "l")
    assert nx.betweenness_centrality(floats, weight="l")["b"] == 1.0  # the tie lost


def test_brokerage_of_a_path_across_two_communities() -> None:
    # a - b - c - d with communities {a, b} and {c, d}, all weights 1. Pairs across: a-c
    # (through b), a-d (through b and c), b-c (direct), b-d (through c): b 2/4, c 2/4.
    g = nx.path_graph(["a", "b", "c", "d"])
    nx.set_edge_attributes(g, 1, "weight")
    communities = [["a", "b"], ["c", "d"]]
    joins = brokerage(length_graph(g), communities)
    assert joins == pytest.approx({"a": 0, "b": 0.5, "c": 0.5, "d": 0})
    community_of = {"a": 0, "b": 0, "c": 1, "d": 1}
    assert rank_brokers(g, community_of, joins, weighted_betweenness(g)) == ["b", "c"]
