"""Who lies between: weighted betweenness and brokerage on exact path lengths.

An edge's length is ``1/weight``. Newman's collaboration weights (see
:mod:`kg.network.collaboration`) are sums of unit fractions ``1/(n-1)``; added up in floats
two equally short paths can differ by a rounding error and lose their tie, so each weight
is taken back to the exact fraction it stands for (:func:`exact_weight`) and lengths are
compared as fractions.

* betweenness: NetworkX's weighted shortest-path betweenness, normalised by
  ``(n-1)(n-2)/2``;
* brokerage: for every pair of nodes in two different communities, the share of their
  shortest paths that pass through the node, summed over those pairs and divided by their
  number;
* brokers: nodes with neighbours in at least two communities and a positive brokerage,
  ranked by brokerage, betweenness, weighted degree and IRI. Neighbours in two
  communities alone do not make a broker: in a complete graph that Louvain splits every
  node has them, yet every pair is joined directly.
"""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx

MAX_DENOMINATOR = 10**9  # of an edge weight taken back to an exact fraction


def exact_weight(weight: object) -> Fraction:
    """An edge weight as an exact fraction: Newman's weights are sums of ``1/(n-1)``,
    whose float is closest to that fraction among all with a small denominator."""
    if isinstance(weight, int | Fraction):
        return Fraction(weight)
    if isinstance(weight, float) and math.isfinite(weight) and weight > 0:
        return Fraction(weight).limit_denominator(MAX_DENOMINATOR)
    return Fraction(1)  # an edge without a usable weight counts as one piece of evidence


def length_graph(graph: nx.Graph) -> nx.Graph:
    """The graph with each edge's ``length`` ``1/weight`` as an exact fraction."""
    lengths = nx.Graph()
    lengths.add_nodes_from(sorted(graph.nodes))
    for u, v, w in sorted(graph.edges(data="weight", default=1)):
        lengths.add_edge(u, v, length=1 / exact_weight(w))
    return lengths


def weighted_betweenness(graph: nx.Graph, lengths: nx.Graph | None = None) -> dict[str, float]:
    """Normalised betweenness with edge length ``1/weight`` (exact fractions)."""
    found = nx.betweenness_centrality(
        lengths if lengths is not None else length_graph(graph), weight="length", normalized=True
    )
    return {n: float(b) for n, b in found.items()}


def brokerage(lengths: nx.Graph, communities: list[list[str]]) -> dict[str, float]:
    """For each node, the mean over pairs of nodes in different communities of the share
    of their shortest paths (``length``) through it."""
    values = dict.fromkeys(lengths.nodes, 0.0)
    pairs = sum(len(a) * len(b) for i, a in enumerate(communities) for b in communities[i + 1 :])
    if pairs == 0:
        return values
    members = {n for c in communities for n in c}
    for community in communities:
        others = sorted(members - set(community))
        # NetworkX counts each undirected source-target pair as half a path; every pair
        # is met twice here (once from each side's community), so the halves add up to one
        part = nx.betweenness_centrality_subset(
            lengths, community, others, normalized=False, weight="length"
        )
        for n, b in part.items():
            values[n] += float(b)
    return {n: b / pairs for n, b in values.items()}


def rank_brokers(
    graph: nx.Graph,
    community_of: dict[str, int],
    joins: dict[str, float],
    betweenness: dict[str, float],
) -> list[str]:
    """Nodes with neighbours in two or more communities and a positive brokerage, by
    brokerage, betweenness, weighted degree and IRI."""
    brokers = [
        n
        for n in graph.nodes
        if joins[n] > 0
        and len({community_of[m] for m in graph.neighbors(n) if m in community_of}) >= 2
    ]
    return sorted(
        brokers,
        key=lambda n: (-joins[n], -betweenness[n], -graph.degree(n, weight="weight"), n),
    )
