"""How a collaboration network changed between two periods: per node, per edge, overall.

:func:`network_diff` projects the graph for two periods (council terms or dates) with the
same county, theme and relation filters, computes the metrics of each
(:func:`kg.network.metrics.compute_metrics`) and compares them; :func:`diff_graphs` compares
two graphs already projected.

Per node, each numeric metric (degree, weighted degree, betweenness, eigenvector) is given
before, after and as ``after - before``; a node missing from one side counts as 0 there
(its before or after value is empty). Community numbers are not comparable between two
graphs, so ``community_changed`` says whether the node's community peers changed among
the nodes present in both graphs. A node is ``added``, ``removed``, ``changed`` (a metric,
its community peers or its broker status changed) or ``unchanged``; an edge is ``added``,
``removed``, ``changed`` (its relation counts or evidence changed) or ``unchanged``, with
the evidence gained and lost and its weight before and after (in the organisation network
Newman's collaboration weight; the difference is taken in exact fractions).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Literal

import networkx as nx

from kg.network.brokerage import exact_weight
from kg.network.metrics import GraphSummary, NetworkMetrics, compute_metrics
from kg.network.projection import (
    dual_role_network,
    organisation_event_network,
    organisation_network,
    organisation_theme_network,
)
from kg.network.records import RELATIONS
from kg.spreadsheet_cells import SpreadsheetDictWriter
from kg.store import Store

NUMERIC = ("degree", "weighted_degree", "betweenness", "eigenvector")
STATUS_ORDER = ("added", "removed", "changed", "unchanged")
NETWORKS = {
    "organisation": organisation_network,
    "organisation-event": organisation_event_network,
    "organisation-theme": organisation_theme_network,
    "dual-role": dual_role_network,
}
_EPSILON = 1e-9  # float changes below this are rounding, not change
_DIGITS = 6
_IDENTITY = ("kind", "label_fi", "label_sv", "label_en", "code", "county")


@dataclass
class NodeChange:
    iri: str
    kind: str
    label_fi: str
    label_sv: str
    label_en: str
    code: str
    county: str | None
    status: str
    before: dict[str, float | int] | None  # the numeric metrics, None when absent
    after: dict[str, float | int] | None
    delta: dict[str, float | int]
    community_before: int | None
    community_after: int | None
    community_changed: bool | None  # None when the node is on one side only
    broker_before: bool
    broker_after: bool


@dataclass
class EdgeChange:
    source: str
    target: str
    source_label_fi: str
    target_label_fi: str
    status: str
    relations_before: dict[str, int]
    relations_after: dict[str, int]
    weight_before: float  # the network's edge weight (Newman's in the organisation network)
    weight_after: float
    weight_delta: float
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)


@dataclass
class NetworkDiff:
    network: str
    before_filters: dict[str, Any]
    after_filters: dict[str, Any]
    summary_before: GraphSummary
    summary_after: GraphSummary
    nodes: list[NodeChange]  # by status (added, removed, changed, unchanged), then IRI
    edges: list[EdgeChange]

    def node(self, iri: str) -> NodeChange:
        return next(n for n in self.nodes if n.iri == iri)

    def edge(self, u: str, v: str) -> EdgeChange:
        source, target = sorted((u, v))
        return next(e for e in self.edges if (e.source, e.target) == (source, target))

    def counts(self) -> dict[str, dict[str, int]]:
        """How many nodes and edges have each status."""
        return {
            "nodes": {s: sum(1 for n in self.nodes if n.status == s) for s in STATUS_ORDER},
            "edges": {s: sum(1 for e in self.edges if e.status == s) for s in STATUS_ORDER},
        }

    def to_dict(self) -> dict[str, Any]:
        before, after = asdict(self.summary_before), asdict(self.summary_after)
        nodes = [asdict(n) for n in self.nodes]
        for n in nodes:
            for key in ("before", "after", "delta"):
                if n[key] is not None:
                    n[key] = {k: _rounded(v) for k, v in n[key].items()}
        return {
            "network": self.network,
            "before_filters": self.before_filters,
            "after_filters": self.after_filters,
            "summary": {
                "before": {k: _rounded(v) for k, v in before.items()},
                "after": {k: _rounded(v) for k, v in after.items()},
                "delta": {k: _rounded(after[k] - before[k]) for k in before},
            },
            "counts": self.counts(),
            "nodes": nodes,
            "edges": [{k: _rounded(v) for k, v in asdict(e).items()} for e in self.edges],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_csv(self, table: Literal["nodes", "edges"] = "nodes") -> str:
        """The node changes (one row per node) or the edge changes (one row per edge)."""
        out = io.StringIO()
        if table == "nodes":
            fields = ["iri", *_IDENTITY, "status"]
            fields += [f"{m}_{side}" for m in NUMERIC for side in ("before", "after", "delta")]
            fields += ["community_before", "community_after", "community_changed"]
            fields += ["broker_before", "broker_after"]
            rows = [_node_row(n) for n in self.nodes]
        elif table == "edges":
            fields = ["source", "target", "source_label_fi", "target_label_fi", "status"]
            fields += ["weight_before", "weight_after", "weight_delta"]
            fields += [f"{r}_{side}" for r in RELATIONS for side in ("before", "after")]
            fields += ["evidence_added", "evidence_removed"]
            rows = [_edge_row(e) for e in self.edges]
        else:
            raise ValueError(f"unknown table {table!r}; nodes or edges")
        writer = SpreadsheetDictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if row.get(k) is None else row[k] for k in fields} for row in rows)
        return out.getvalue()


def network_diff(
    store: Store,
    before: dt.date | str,
    after: dt.date | str,
    *,
    network: str = "organisation",
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
) -> NetworkDiff:
    """Compare a network in two periods: each a date (``as_of``) or a council term (IRI or
    label, ``term``). Filters are checked as by the projections."""
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}; one of {', '.join(NETWORKS)}")
    project = NETWORKS[network]
    chosen = list(relations) if relations is not None else None
    graphs = []
    for period in (before, after):
        when: dict[str, Any] = (
            {"as_of": period} if isinstance(period, dt.date) else {"term": period}
        )
        graphs.append(project(store, county=county, theme=theme, relations=chosen, **when))
    return diff_graphs(graphs[0], graphs[1])


def diff_graphs(
    before: nx.Graph,
    after: nx.Graph,
    *,
    before_metrics: NetworkMetrics | None = None,
    after_metrics: NetworkMetrics | None = None,
) -> NetworkDiff:
    """Compare two projected graphs (their metrics are computed unless given)."""
    mb = before_metrics or compute_metrics(before)
    ma = after_metrics or compute_metrics(after)
    nb = {n.iri: n for n in mb.nodes}
    na = {n.iri: n for n in ma.nodes}
    common = nb.keys() & na.keys()
    peers_before = _peers(mb, common)
    peers_after = _peers(ma, common)
    nodes = []
    for iri in sorted(nb.keys() | na.keys()):
        b, a = nb.get(iri), na.get(iri)
        shown = a or b
        assert shown is not None
        values_b = {m: getattr(b, m) for m in NUMERIC} if b else None
        values_a = {m: getattr(a, m) for m in NUMERIC} if a else None
        delta = {m: (values_a or {}).get(m, 0) - (values_b or {}).get(m, 0) for m in NUMERIC}
        moved = peers_before.get(iri) != peers_after.get(iri) if b and a else None
        broker_b, broker_a = bool(b and b.broker), bool(a and a.broker)
        if b is None:
            status = "added"
        elif a is None:
            status = "removed"
        elif moved or broker_b != broker_a or any(abs(d) > _EPSILON for d in delta.values()):
            status = "changed"
        else:
            status = "unchanged"
        nodes.append(
            NodeChange(
                iri=iri,
                kind=shown.kind,
                label_fi=shown.label_fi,
                label_sv=shown.label_sv,
                label_en=shown.label_en,
                code=shown.code,
                county=shown.county,
                status=status,
                before=values_b,
                after=values_a,
                delta=delta,
                community_before=b.community if b else None,
                community_after=a.community if a else None,
                community_changed=moved,
                broker_before=broker_b,
                broker_after=broker_a,
            )
        )
    nodes.sort(key=lambda n: (STATUS_ORDER.index(n.status), n.iri))
    return NetworkDiff(
        network=after.graph.get("network", "") or before.graph.get("network", ""),
        before_filters=dict(before.graph.get("filters", {})),
        after_filters=dict(after.graph.get("filters", {})),
        summary_before=mb.summary,
        summary_after=ma.summary,
        nodes=nodes,
        edges=_edge_changes(before, after),
    )


def _peers(metrics: NetworkMetrics, common: set[str]) -> dict[str, frozenset[str]]:
    """Each node's community peers among ``common`` (none for a node in no community)."""
    peers: dict[str, frozenset[str]] = {n.iri: frozenset() for n in metrics.nodes}
    for community in metrics.communities:
        members = frozenset(community) & common
        for n in community:
            peers[n] = members - {n}
    return peers


def _edge_changes(before: nx.Graph, after: nx.Graph) -> list[EdgeChange]:
    keys = {tuple(sorted(e)) for e in before.edges} | {tuple(sorted(e)) for e in after.edges}
    changes = []
    for u, v in sorted(keys):
        b = before.edges[u, v] if before.has_edge(u, v) else None
        a = after.edges[u, v] if after.has_edge(u, v) else None
        eb = set(b["evidence"]) if b else set()
        ea = set(a["evidence"]) if a else set()
        rb = dict(b["relations"]) if b else {}
        ra = dict(a["relations"]) if a else {}
        if b is None:
            status = "added"
        elif a is None:
            status = "removed"
        else:
            status = "changed" if (rb != ra or eb != ea) else "unchanged"
        wb, wa = (exact_weight(b["weight"]) if b else 0), (exact_weight(a["weight"]) if a else 0)
        graph = after if a else before
        changes.append(
            EdgeChange(
                source=u,
                target=v,
                source_label_fi=graph.nodes[u].get("label_fi", ""),
                target_label_fi=graph.nodes[v].get("label_fi", ""),
                status=status,
                relations_before=rb,
                relations_after=ra,
                weight_before=_number(wb),
                weight_after=_number(wa),
                weight_delta=_number(wa - wb),
                evidence_added=sorted(ea - eb),
                evidence_removed=sorted(eb - ea),
            )
        )
    changes.sort(key=lambda e: (STATUS_ORDER.index(e.status), e.source, e.target))
    return changes


def _number(value: Fraction | int) -> float:
    """An exact weight or difference as a float (an int when it is whole)."""
    return int(value) if value == int(value) else float(value)


def _rounded(value: Any) -> Any:
    return round(value, _DIGITS) if isinstance(value, float) else value


def _node_row(n: NodeChange) -> dict[str, Any]:
    row: dict[str, Any] = {k: getattr(n, k) for k in ("iri", *_IDENTITY, "status")}
    for m in NUMERIC:
        row[f"{m}_before"] = _rounded(n.before[m]) if n.before else None
        row[f"{m}_after"] = _rounded(n.after[m]) if n.after else None
        row[f"{m}_delta"] = _rounded(n.delta[m])
    row |= {
        "community_before": n.community_before,
        "community_after": n.community_after,
        "community_changed": n.community_changed,
        "broker_before": n.broker_before,
        "broker_after": n.broker_after,
    }
    return row


def _edge_row(e: EdgeChange) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": e.source,
        "target": e.target,
        "source_label_fi": e.source_label_fi,
        "target_label_fi": e.target_label_fi,
        "status": e.status,
        "weight_before": _rounded(e.weight_before),
        "weight_after": _rounded(e.weight_after),
        "weight_delta": _rounded(e.weight_delta),
        "evidence_added": ";".join(e.evidence_added),
        "evidence_removed": ";".join(e.evidence_removed),
    }
    for r in RELATIONS:
        row[f"{r}_before"] = e.relations_before.get(r, 0)
        row[f"{r}_after"] = e.relations_after.get(r, 0)
    return row
