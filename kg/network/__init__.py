"""Collaboration networks: projections of the graph to NetworkX, their metrics, and how
they change between two periods.

* :mod:`kg.network.records`: what the networks are made of, read in a few SELECTs;
* :mod:`kg.network.filters`: the county, theme, relation and period filters;
* :mod:`kg.network.evidence`: the evidence the filters keep, and the shared attributes;
* :mod:`kg.network.collaboration`: the two-mode organisation–event network and its
  one-mode projection with Newman's collaboration weighting (the organisation network);
* :mod:`kg.network.projection`: the graph contract the views rely on, and the
  organisation–theme and dual-role networks;
* :mod:`kg.network.metrics`: degree, betweenness, eigenvector centrality, communities,
  brokers, isolates and density, as CSV and JSON;
  :mod:`kg.network.brokerage`: betweenness and brokerage on exact path lengths;
* :mod:`kg.network.layout`, :mod:`kg.network.view` (with :mod:`kg.network.view_data`),
  :mod:`kg.network.png`: the drawings;
  :mod:`kg.network.report`: one view for the CLI and the API;
* :mod:`kg.network.diff`: the network diff between two terms or dates.
"""

from __future__ import annotations

from kg.network.diff import EdgeChange, NetworkDiff, NodeChange, diff_graphs, network_diff
from kg.network.metrics import (
    CountyDensity,
    GraphSummary,
    NetworkMetrics,
    NodeMetrics,
    compute_metrics,
    to_csv,
    to_json,
)
from kg.network.projection import (
    RELATIONS,
    dual_role_network,
    organisation_event_network,
    organisation_network,
    organisation_theme_network,
)

__all__ = [
    "RELATIONS",
    "CountyDensity",
    "EdgeChange",
    "GraphSummary",
    "NetworkDiff",
    "NetworkMetrics",
    "NodeChange",
    "NodeMetrics",
    "compute_metrics",
    "diff_graphs",
    "dual_role_network",
    "network_diff",
    "organisation_event_network",
    "organisation_network",
    "organisation_theme_network",
    "to_csv",
    "to_json",
]
