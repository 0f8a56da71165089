"""The network diff between two terms or dates, on the small graph with known changes
(tests/fixtures/network/small.ttl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from kg.network import NetworkDiff, diff_graphs, network_diff, organisation_network
from kg.network.records import RELATIONS
from kg.store import Store
from tests.kg.network.conftest import ID

A = ID + "county/01"
M101, M102, M103, M104 = (ID + f"municipality/{c}" for c in ("101", "102", "103", "104"))
RC = ID + "regional-council/1"
T1, T2 = ID + "council-term/county-2021-2025", ID + "council-term/county-2025-2029"


def _pairs(diff: NetworkDiff, status: str) -> set[frozenset[str]]:
    return {frozenset((e.source, e.target)) for e in diff.edges if e.status == status}


def test_diff_between_two_terms_by_hand(small: Store) -> None:
    # Term 2021-2025: A-101 {agreement 2, interface 1}, A-102 {agreement, negotiation,
    # interface}, 101-102 {agreement}, A-103, A-RC, 103-RC {forum}.
    # Term 2025-2029: the old agreement, the 2023 negotiation and the forum are gone; the
    # 2026 negotiation (A, 101, 102, 104) and the dual role (104, A) came:
    # A-101 {agreement, negotiation, interface}, A-102 {negotiation, interface},
    # A-104 {negotiation, dual-role}, 101-102, 101-104, 102-104 {negotiation}.
    d = network_diff(small, T1, T2, county="01")
    assert _pairs(d, "added") == {
        frozenset((A, M104)),
        frozenset((M101, M104)),
        frozenset((M102, M104)),
    }
    assert _pairs(d, "removed") == {frozenset((A, M103)), frozenset((A, RC)), frozenset((M103, RC))}
    assert _pairs(d, "changed") == {
        frozenset((A, M101)),
        frozenset((A, M102)),
        frozenset((M101, M102)),
    }
    assert _pairs(d, "unchanged") == set()
    # Newman weights (see test_metrics): A-101 5/2 -> 7/3, A-102 5/2 -> 4/3
    a101 = d.edge(M101, A)
    assert (a101.weight_before, a101.weight_after) == pytest.approx((5 / 2, 7 / 3))
    assert a101.weight_delta == pytest.approx(-1 / 6)
    assert a101.relations_before == {"agreement": 2, "interface": 1}
    assert a101.relations_after == {"agreement": 1, "negotiation": 1, "interface": 1}
    assert a101.evidence_added == [ID + "event/neg-2026"]
    assert a101.evidence_removed == [ID + "agreement/old"]
    a102 = d.edge(A, M102)
    assert (a102.weight_before, a102.weight_after) == pytest.approx((5 / 2, 4 / 3))
    assert a102.weight_delta == pytest.approx(4 / 3 - 5 / 2)
    assert a102.evidence_removed == [ID + "agreement/old", ID + "event/neg-2023"]
    a104 = d.edge(A, M104)
    assert (a104.weight_before, a104.relations_before, a104.evidence_removed) == (0, {}, [])

    # nodes: the regional council left (its only ties were the forum)
    assert [n.iri for n in d.nodes if n.status == "removed"] == [RC]
    assert not [n for n in d.nodes if n.status == "added"]
    rc = d.node(RC)
    assert rc.before is not None and (rc.before["degree"], rc.before["weighted_degree"]) == (2, 1)
    assert rc.after is None and rc.delta["degree"] == -2 and rc.delta["weighted_degree"] == -1
    # degree and weighted degree (the events shared with another), before -> after:
    # A: old agreement, strategy, 2023 negotiation, forum, interfaces 101 and 102 (6) ->
    # strategy, 2026 negotiation, the interfaces, the dual role (5)
    expected = {
        A: ((4, 6), (3, 5)),
        M101: ((2, 3), (3, 3)),
        M102: ((2, 3), (3, 2)),
        M103: ((2, 1), (0, 0)),
        M104: ((0, 0), (3, 2)),
    }
    for iri, ((db, wb), (da, wa)) in expected.items():
        n = d.node(iri)
        assert n.before is not None and n.after is not None
        assert n.before["degree"] == db and n.before["weighted_degree"] == pytest.approx(wb)
        assert n.after["degree"] == da and n.after["weighted_degree"] == pytest.approx(wa)
        assert n.delta["degree"] == da - db
        assert n.delta["weighted_degree"] == pytest.approx(wa - wb)
        assert n.status == "changed"
    # betweenness of A: 5/10 in the first term, 3/6 in the second (see test_metrics)
    assert d.node(A).delta["betweenness"] == pytest.approx(0)
    # communities: {A,101,102},{103,RC} before; {A,101,102,104} after, 103 in none.
    # Among the nodes in both, A's peers went {101,102} -> {101,102,104}; 103's stayed
    # none (RC is gone, and 103 is alone after).
    assert d.node(A).community_changed is True
    assert d.node(M104).community_changed is True
    assert d.node(M103).community_changed is False
    assert rc.community_changed is None
    counts = d.counts()
    assert counts["nodes"] == {"added": 0, "removed": 1, "changed": 5, "unchanged": 0}
    assert counts["edges"] == {"added": 3, "removed": 3, "changed": 3, "unchanged": 0}
    assert d.before_filters["term"] == T1 and d.after_filters["term"] == T2


def test_diff_between_two_dates(small: Store) -> None:
    # the old agreement ended 2022-12-31: its 101-102 tie is removed by 2023-06-01
    d = network_diff(small, dt.date(2022, 6, 1), dt.date(2023, 6, 1), relations=["agreement"])
    assert _pairs(d, "removed") == {frozenset((M101, M102)), frozenset((A, M102))}
    assert _pairs(d, "changed") == {frozenset((A, M101))}  # old agreement -> strategy
    assert d.edge(A, M101).evidence_added == [ID + "agreement/strategy"]
    assert d.before_filters["as_of"] == "2022-06-01"
    assert d.after_filters["relations"] == ["agreement"]


def test_diff_of_a_graph_with_itself_is_unchanged(small: Store) -> None:
    g = organisation_network(small, term=T1)
    d = diff_graphs(g, organisation_network(small, term=T1))
    assert {n.status for n in d.nodes} == {"unchanged"}
    assert {e.status for e in d.edges} == {"unchanged"}
    assert all(v == 0 for n in d.nodes for v in n.delta.values())


def test_diff_exports(small: Store) -> None:
    d = network_diff(small, T1, T2, county="01")
    nodes = list(csv.DictReader(io.StringIO(d.to_csv())))
    assert len(nodes) == len(d.nodes)
    row = {r["iri"]: r for r in nodes}
    assert (row[A]["degree_before"], row[A]["degree_after"], row[A]["degree_delta"]) == (
        "4",
        "3",
        "-1",
    )
    assert (row[RC]["status"], row[RC]["degree_after"], row[RC]["degree_delta"]) == (
        "removed",
        "",
        "-2",
    )
    assert float(row[A]["weighted_degree_delta"]) == pytest.approx(-1, abs=1e-6)
    edges = list(csv.DictReader(io.StringIO(d.to_csv("edges"))))
    assert {f"{r}_before" for r in RELATIONS} <= set(edges[0])
    added = [e for e in edges if e["status"] == "added"]
    assert len(added) == 3
    e104 = next(e for e in edges if {e["source"], e["target"]} == {A, M104})
    # the dual role of two (1) and the negotiation of four (1/3)
    assert (e104["dual-role_after"], e104["negotiation_after"], e104["weight_after"]) == (
        "1",
        "1",
        "1.333333",
    )
    assert e104["target_label_fi"] == "Neloskylä"
    data = json.loads(d.to_json())
    assert data["counts"]["edges"]["removed"] == 3
    assert data["summary"]["delta"]["nodes"] == -1
    assert data["summary"]["before"]["edges"] == 6 and data["summary"]["after"]["edges"] == 6
    with pytest.raises(ValueError, match="table"):
        d.to_csv("people")  # type: ignore[arg-type]


def test_diff_refuses_unknown_network_and_terms(small: Store) -> None:
    with pytest.raises(ValueError, match="'spider'"):
        network_diff(small, T1, T2, network="spider")
    with pytest.raises(LookupError, match="'county-1999-2003'"):
        network_diff(small, "county-1999-2003", T2)


def test_diff_on_the_national_graph_between_county_terms(store: Store) -> None:
    d = network_diff(store, "county-2022-2025", "county-2025-2029", county="20")
    kuhmo = d.edge(ID + "county/20", ID + "municipality/290")
    # Kuhmo's municipal employment owner ended 2024-12-31 and its dual role 2025-05-31
    assert ID + "interface/290/employment" in kuhmo.evidence_removed
    assert ID + "dual-role/kainuu-lh-03" in kuhmo.evidence_removed
    kajaani = d.edge(ID + "county/20", ID + "municipality/205")
    assert ID + "dual-role/kainuu-lh-01" in kajaani.evidence_added


def test_diff_of_the_weighted_and_the_two_mode_network(events: Store) -> None:
    # County 07 (tests/fixtures/network/events.ttl) between 2024-05-01 and 2024-06-01: the
    # talks of the county and 701 on 2024-05-02 came. In the organisation network their
    # edge gains the talks, 1/4 (the agreement of five) -> 5/4; in the organisation-event
    # network the talks are a new node with two new edges.
    c7, m701 = ID + "county/07", ID + "municipality/701"
    talks = ID + "event/07-talks"
    before, after = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    d = network_diff(events, before, after, county="07")
    edge = d.edge(c7, m701)
    assert edge.status == "changed" and edge.evidence_added == [talks]
    assert (edge.weight_before, edge.weight_after, edge.weight_delta) == (0.25, 1.25, 1)
    assert edge.relations_after == {"agreement": 1, "negotiation": 1}
    assert _pairs(d, "changed") == {frozenset((c7, m701))}
    assert d.node(c7).delta["weighted_degree"] == pytest.approx(1)  # one event more
    two = network_diff(events, before, after, network="organisation-event", county="07")
    assert [n.iri for n in two.nodes if n.status == "added"] == [talks]
    assert _pairs(two, "added") == {frozenset((c7, talks)), frozenset((m701, talks))}
    assert _pairs(two, "removed") == set() and _pairs(two, "changed") == set()
