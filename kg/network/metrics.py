"""Network metrics of a projected graph, with CSV and JSON exports.

Definitions (all deterministic for a given graph):

* ``degree``: the number of neighbours; ``weighted_degree``: the sum of the ``weight`` of
  the node's edges. In the organisation network (Newman's collaboration weight, see
  :mod:`kg.network.collaboration`) that is the number of events the organisation attended
  with at least one other organisation; in a two-mode network, its number of events,
  themes or people (an edge's weight counts its evidence there).
* ``betweenness``: weighted shortest-path betweenness, normalised by
  ``(n-1)(n-2)/2`` (NetworkX ``normalized=True`` on an undirected graph). An edge's length
  is ``1/weight``, so a tie backed by more, or smaller, events is a shorter path. Lengths
  are compared as exact fractions (:mod:`kg.network.brokerage`), so equally short paths
  are counted as ties.
  In a complete graph of equal weights (one agreement of all parties) every pair is
  joined directly and every betweenness is 0.
* ``eigenvector``: eigenvector centrality with edge weights, computed per connected
  component by NetworkX's method (power iteration on ``A + I``, which also converges on
  bipartite graphs, where plain power iteration on ``A`` oscillates); each component's
  vector has Euclidean norm 1, so values compare within a component, and a node without
  edges has 0. ``component`` numbers the components, largest first.
* ``community``: Louvain communities (``weight="weight"``, ``seed=LOUVAIN_SEED``) of the
  nodes that have edges, numbered largest first (ties by their first IRI); a node without
  edges is in no community (``None``). ``modularity`` is that partition's modularity.
* ``brokerage``: how much a node joins communities: for every pair of nodes in two
  different communities, the share of its shortest paths (length ``1/weight``) that pass
  through the node, summed over those pairs and divided by their number (0 with fewer
  than two communities).
* brokers: nodes with neighbours in at least two communities and a positive brokerage,
  ranked by brokerage, then betweenness, then weighted degree, then IRI (``broker_rank``
  1, 2, …). Having neighbours in two communities is not enough: in a complete graph
  that Louvain splits, every node has them, but no pair needs an intermediary.
* isolates: for each theme in scope of a municipality in the graph (``themes_in_scope``),
  the municipalities with the theme in scope and no edge about it (an edge's ``themes``);
  a theme with none is listed with an empty list. With a theme filter only that theme is
  reported; the dual-role network has no themes and reports none.
* density, of the graph and per county (the subgraph of the nodes whose ``county`` is that
  code; 0 for fewer than two nodes): in the organisation network ``density`` is the
  weighted density, the sum of the collaboration weights over the number of pairs
  ``n(n-1)/2``: 1 when every pair met once in a two-party event, and ``1/(n-1)`` for one
  agreement of all ``n`` parties and nothing else. ``unweighted_density`` is the share of
  pairs with any tie (1.0 for that one agreement). In a two-mode network (nodes with a
  ``bipartite`` side) both are the bipartite density ``m / (n0 · n1)``, per county over
  the county's organisations and the events, themes or people joined to them.
"""

from __future__ import annotations

import io
import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

import networkx as nx

from kg.network.brokerage import (
    brokerage,
    exact_weight,
    length_graph,
    rank_brokers,
    weighted_betweenness,
)
from kg.spreadsheet_cells import SpreadsheetDictWriter

LOUVAIN_SEED = 20230101
EIGENVECTOR_TOL = 1e-12
EIGENVECTOR_MAX_ITER = 10_000
CSV_FIELDS = (
    "iri",
    "kind",
    "label_fi",
    "label_sv",
    "label_en",
    "code",
    "county",
    "illustrative",
    "degree",
    "weighted_degree",
    "betweenness",
    "eigenvector",
    "component",
    "community",
    "brokerage",
    "broker",
    "broker_rank",
    "isolated_themes",
)
_DIGITS = 6  # decimals of the exported floats


@dataclass
class NodeMetrics:
    iri: str
    kind: str
    label_fi: str
    label_sv: str
    label_en: str
    code: str
    county: str | None
    illustrative: bool
    degree: int
    weighted_degree: float
    betweenness: float
    eigenvector: float
    component: int
    community: int | None
    brokerage: float = 0.0
    broker: bool = False
    broker_rank: int | None = None
    isolated_themes: list[str] = field(default_factory=list)


@dataclass
class CountyDensity:
    county: str
    nodes: int
    edges: int
    density: float  # weighted (organisation network) or bipartite; see the module
    unweighted_density: float


@dataclass
class GraphSummary:
    nodes: int
    edges: int
    density: float
    unweighted_density: float
    components: int
    isolated_nodes: int
    communities: int
    modularity: float


@dataclass
class NetworkMetrics:
    network: str
    filters: dict[str, Any]
    summary: GraphSummary
    nodes: list[NodeMetrics]  # sorted by IRI
    communities: list[list[str]]  # numbered by position
    brokers: list[str]  # ranked
    isolates: dict[str, list[str]]  # theme code -> municipality IRIs
    density: dict[str, CountyDensity]  # by county code

    def node(self, iri: str) -> NodeMetrics:
        for n in self.nodes:
            if n.iri == iri:
                return n
        raise KeyError(iri)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for n in data["nodes"]:
            for key in ("weighted_degree", "betweenness", "eigenvector", "brokerage"):
                n[key] = round(n[key], _DIGITS)
        for d in data["density"].values():
            for key in ("density", "unweighted_density"):
                d[key] = round(d[key], _DIGITS)
        for key in ("density", "unweighted_density", "modularity"):
            data["summary"][key] = round(data["summary"][key], _DIGITS)
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Nodes, communities, brokers, isolates and density per county, as JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """One row per node with all its metrics."""
        out = io.StringIO()
        writer = SpreadsheetDictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for n in self.to_dict()["nodes"]:
            n["isolated_themes"] = ";".join(n["isolated_themes"])
            writer.writerow({k: "" if n[k] is None else n[k] for k in CSV_FIELDS})
        return out.getvalue()


def to_json(metrics: NetworkMetrics, *, indent: int | None = 2) -> str:
    return metrics.to_json(indent=indent)


def to_csv(metrics: NetworkMetrics) -> str:
    return metrics.to_csv()


def compute_metrics(graph: nx.Graph) -> NetworkMetrics:
    """The metrics of a graph made by :mod:`kg.network.projection`."""
    nodes = sorted(graph.nodes)
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    component_of = {n: i for i, c in enumerate(components) for n in c}
    lengths = length_graph(graph)
    betweenness = weighted_betweenness(graph, lengths)
    eigenvector = eigenvector_per_component(graph)
    communities, modularity = louvain(graph)
    community_of = {n: i for i, c in enumerate(communities) for n in c}
    joins = brokerage(lengths, communities)
    isolates = theme_isolates(graph)
    records = {
        n: NodeMetrics(
            iri=n,
            kind=graph.nodes[n].get("kind", ""),
            label_fi=graph.nodes[n].get("label_fi", ""),
            label_sv=graph.nodes[n].get("label_sv", ""),
            label_en=graph.nodes[n].get("label_en", ""),
            code=graph.nodes[n].get("code", ""),
            county=graph.nodes[n].get("county"),
            illustrative=bool(graph.nodes[n].get("illustrative", False)),
            degree=graph.degree(n),
            weighted_degree=float(graph.degree(n, weight="weight")),
            betweenness=betweenness[n],
            eigenvector=eigenvector[n],
            component=component_of[n],
            community=community_of.get(n),
            brokerage=joins[n],
        )
        for n in nodes
    }
    brokers = rank_brokers(graph, community_of, joins, betweenness)
    for rank, n in enumerate(brokers, start=1):
        records[n].broker, records[n].broker_rank = True, rank
    for theme, municipalities in isolates.items():
        for m in municipalities:
            records[m].isolated_themes.append(theme)
    weighted, unweighted = densities(graph, nodes)
    summary = GraphSummary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=weighted,
        unweighted_density=unweighted,
        components=len(components),
        isolated_nodes=sum(1 for n in nodes if graph.degree(n) == 0),
        communities=len(communities),
        modularity=modularity,
    )
    return NetworkMetrics(
        network=graph.graph.get("network", ""),
        filters=dict(graph.graph.get("filters", {})),
        summary=summary,
        nodes=[records[n] for n in nodes],
        communities=communities,
        brokers=brokers,
        isolates=isolates,
        density=county_density(graph),
    )


def eigenvector_per_component(graph: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality of each connected component (unit norm per
    component); 0 for a node without edges."""
    values = dict.fromkeys(graph.nodes, 0.0)
    for component in nx.connected_components(graph):
        if len(component) > 1:
            values.update(_power_iteration(graph, sorted(component)))
    return values


def _power_iteration(graph: nx.Graph, nodes: list[str]) -> dict[str, float]:
    """NetworkX's method (power iteration on ``A + I``, which converges on a connected,
    also bipartite, graph) without its failure: after ``EIGENVECTOR_MAX_ITER`` rounds
    the last iterate is kept (the error is then above ``EIGENVECTOR_TOL`` per node)."""
    x = dict.fromkeys(nodes, 1.0 / len(nodes))
    for _ in range(EIGENVECTOR_MAX_ITER):
        new = {
            n: x[n] + sum(x[m] * d.get("weight", 1) for m, d in sorted(graph.adj[n].items()))
            for n in nodes
        }
        norm = math.sqrt(sum(v * v for v in new.values())) or 1.0
        new = {n: v / norm for n, v in new.items()}
        done = sum(abs(new[n] - x[n]) for n in nodes) < len(nodes) * EIGENVECTOR_TOL
        x = new
        if done:
            break
    return x


def louvain(graph: nx.Graph) -> tuple[list[list[str]], float]:
    """Louvain communities of the nodes with edges (fixed seed) and their modularity."""
    linked = nx.Graph()
    linked.add_nodes_from(sorted(n for n in graph.nodes if graph.degree(n) > 0))
    linked.add_weighted_edges_from(sorted(graph.edges(data="weight", default=1)))
    if linked.number_of_edges() == 0:
        return [], 0.0
    found = nx.community.louvain_communities(linked, weight="weight", seed=LOUVAIN_SEED)
    communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return communities, nx.community.modularity(linked, found, weight="weight")


def theme_isolates(graph: nx.Graph) -> dict[str, list[str]]:
    """For each theme, the municipalities in scope of it with no edge about it."""
    if graph.graph.get("network") == "dual-role":
        return {}
    only = graph.graph.get("filters", {}).get("theme")
    found: dict[str, list[str]] = {}
    for n, data in sorted(graph.nodes(data=True)):
        if data.get("kind") != "municipality":
            continue
        covered = {t for _, _, themes in graph.edges(n, data="themes", default=()) for t in themes}
        for theme in data.get("themes_in_scope", ()):
            if only is None or theme == only:
                found.setdefault(theme, [])
                if theme not in covered:
                    found[theme].append(n)
    return dict(sorted(found.items()))


def densities(graph: nx.Graph, nodes: list[str]) -> tuple[float, float]:
    """The (weighted, unweighted) density of ``graph`` over ``nodes`` (see the module)."""
    if any("bipartite" in graph.nodes[n] for n in nodes):
        top = {n for n in nodes if graph.nodes[n].get("bipartite") == 0}
        bottom = {m for n in top for m in graph[n] if graph.nodes[m].get("bipartite") == 1}
        bottom |= {n for n in nodes if graph.nodes[n].get("bipartite") == 1}
        edges = sum(1 for n in top for m in graph[n] if m in bottom)
        share = edges / (len(top) * len(bottom)) if top and bottom else 0.0
        return share, share
    if len(nodes) < 2:
        return 0.0, 0.0
    sub = graph.subgraph(nodes)
    pairs = len(nodes) * (len(nodes) - 1) / 2
    total = sum((exact_weight(w) for *_, w in sub.edges(data="weight", default=1)), Fraction(0))
    return float(total / Fraction(pairs)), sub.number_of_edges() / pairs


def county_density(graph: nx.Graph) -> dict[str, CountyDensity]:
    """The densities of each county's nodes (by their ``county`` attribute; in a two-mode
    network its organisations and the nodes joined to them)."""
    members: dict[str, list[str]] = defaultdict(list)
    for n, data in graph.nodes(data=True):
        if data.get("county") is not None and data.get("bipartite", 0) == 0:
            members[data["county"]].append(n)
    result = {}
    for county, nodes in sorted(members.items()):
        weighted, unweighted = densities(graph, sorted(nodes))
        if any("bipartite" in graph.nodes[n] for n in nodes):
            joined = {m for n in nodes for m in graph[n]}
            count, edges = len(nodes) + len(joined), sum(graph.degree(n) for n in nodes)
        else:
            count, edges = len(nodes), graph.subgraph(nodes).number_of_edges()
        result[county] = CountyDensity(county, count, edges, weighted, unweighted)
    return result
