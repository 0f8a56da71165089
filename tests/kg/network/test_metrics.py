"""Network metrics against values computed by hand on the small graphs
(tests/fixtures/network/small.ttl and events.ttl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import subprocess
import sys

import pytest

from kg.config import REPO_ROOT
from kg.network import (
    compute_metrics,
    dual_role_network,
    organisation_network,
    organisation_theme_network,
    to_csv,
    to_json,
)
from kg.network.metrics import CSV_FIELDS
from kg.store import Store
from tests.kg.network.conftest import ID, THEME

A, B = ID + "county/01", ID + "county/02"
M101, M102, M103, M104 = (ID + f"municipality/{c}" for c in ("101", "102", "103", "104"))
M201, M202 = ID + "municipality/201", ID + "municipality/202"
RC, KELA, EA = ID + "regional-council/1", ID + "organisation/kela", ID + "employment-authority/02"
P1 = ID + "elected-official/p1"
C7, R7 = ID + "county/07", ID + "regional-council/7"
E1, E2, E3, E4 = (ID + f"municipality/70{i}" for i in range(1, 5))
T1, T2 = ID + "council-term/county-2021-2025", ID + "council-term/county-2025-2029"
MID_2024 = dt.date(2024, 6, 1)


def test_county_network_mid_2024_by_hand(small: Store) -> None:
    # County 01 on 2024-06-01. Newman weights (an event of n organisations adds 1/(n-1) to
    # each of its pairs): A-101 2 (strategy of two 1, interface 101/hyte 1), A-102 2 (the
    # 2023 negotiation of two 1, interface 102/hyte 1), A-103, A-RC, 103-RC 1/2 each (the
    # forum of three); 104 has no edge (its interface has one side, its dual role starts
    # 2025). n = 6, m = 5.
    m = compute_metrics(organisation_network(small, county="01", as_of=MID_2024))
    degree = {n.iri: (n.degree, n.weighted_degree) for n in m.nodes}
    # weighted degree = the events each attended with another: A 5 (strategy, negotiation,
    # forum, two interfaces), 101 and 102 2, 103 and RC 1 (the forum)
    assert degree == {
        A: (4, 2 + 2 + 0.5 + 0.5),
        M101: (1, 2),
        M102: (1, 2),
        M103: (2, 1),
        RC: (2, 1),
        M104: (0, 0),
    }
    # Betweenness, lengths 1/weight: 1/2, the forum's pairs 2. Every shortest
    # path between {101, 102} and {103, RC} and between 101 and 102 passes A: 5 pairs;
    # 103-RC is direct (2 < 2 + 2). Normalised by (n-1)(n-2)/2 = 10.
    assert m.node(A).betweenness == pytest.approx(5 / 10)
    assert all(m.node(n).betweenness == 0 for n in (M101, M102, M103, RC, M104))
    # density: weighted (2 + 2 + 3 * 1/2) / 15 pairs = 11/30; unweighted 5 / 15 = 1/3
    assert m.summary.density == pytest.approx(11 / 30)
    assert m.summary.unweighted_density == pytest.approx(1 / 3)
    assert (m.summary.nodes, m.summary.edges, m.summary.isolated_nodes) == (6, 5, 1)
    assert m.summary.components == 2
    assert m.density["01"].density == pytest.approx(11 / 30)  # all six nodes are county 01
    assert m.density["01"].unweighted_density == pytest.approx(1 / 3)
    # Louvain. Total weight W = 11/2; strengths A 5, 101 2, 102 2, 103 1, RC 1. The split
    # {A,101,102}, {103,RC} has modularity (4/W - (9/11)^2) + (1/2/W - (2/11)^2) =
    # (88 - 81 + 11 - 4)/121 = 14/121; one community has 0, {A,103,RC},{101},{102} and
    # {A,101},{102},{103,RC} are negative: the split is the best.
    assert m.communities == [[A, M101, M102], [M103, RC]]
    assert m.summary.modularity == pytest.approx(14 / 121)
    assert m.node(M104).community is None  # no edges, no community
    # Brokerage: of the 3 x 2 = 6 pairs across the communities, 101-103, 101-RC, 102-103,
    # 102-RC go through A (4/6); A-103 and A-RC are direct. 103 and RC have neighbours in
    # both communities too, but no pair needs them: A is the one broker.
    assert m.node(A).brokerage == pytest.approx(4 / 6)
    assert m.node(M103).brokerage == 0 and m.node(RC).brokerage == 0
    assert m.brokers == [A] and m.node(A).broker_rank == 1
    assert not m.node(M103).broker and not m.node(M101).broker
    # Isolates: 101's edges are about hyte only, 103's about housing only, 104 has none;
    # 102 has a housing negotiation and a hyte interface.
    assert m.isolates == {"housing": [M101, M104], "hyte": [M103, M104]}
    assert m.node(M104).isolated_themes == ["housing", "hyte"]


def test_betweenness_is_weighted_with_length_one_over_weight(small: Store) -> None:
    # Term 2021-2025: A-101 5/2 (old agreement of three 1/2, strategy 1, interface 1),
    # A-102 5/2 (old agreement 1/2, 2023 negotiation 1, interface 1), 101-102 1/2 (old
    # agreement), A-103, A-RC, 103-RC 1/2 (forum); 104 alone.
    # 101 to 102: directly length 2, through A 2/5 + 2/5 = 4/5, so through A. With the
    # other four pairs across A that is 5 of 10; unweighted it would be 4 / 10 (the
    # direct 101-102 edge would be the shortest path).
    m = compute_metrics(organisation_network(small, county="01", term=T1))
    assert m.node(A).betweenness == pytest.approx(5 / 10)
    assert m.node(M101).betweenness == 0


def test_weighted_betweenness_in_the_second_term(small: Store) -> None:
    # Term 2025-2029: A-101 7/3 (strategy 1, the 2026 negotiation of four 1/3, interface
    # 1), A-102 4/3 (negotiation 1/3, interface 1), A-104 4/3 (negotiation 1/3, dual role
    # 1), 101-102, 101-104, 102-104 1/3 (negotiation); 103 alone; n = 5, normaliser 6.
    # Lengths A-101 3/7, A-102 and A-104 3/4, the others 3: each pair of 101, 102, 104
    # goes through A (at most 3/4 + 3/4 < 3), so A has 3 / 6.
    m = compute_metrics(organisation_network(small, county="01", term=T2))
    assert m.node(A).betweenness == pytest.approx(3 / 6)
    assert m.node(M102).betweenness == 0 and m.node(M104).betweenness == 0
    assert m.node(A).weighted_degree == pytest.approx(7 / 3 + 4 / 3 + 4 / 3)  # 5 events


def test_agreement_forum_and_talks_by_hand(events: Store) -> None:
    # tests/fixtures/network/events.ttl, county 07: an agreement of all five (C7, 701-704;
    # 1/4 per pair), talks of two (C7, 701; 1) and a forum of three (703, 704, R; 1/2 per
    # pair). Weights: C7-701 5/4; 703-704 3/4; 703-R, 704-R 1/2; the other seven pairs of
    # the agreement 1/4. Weighted degrees (events attended): C7 2, 701 2, 702 1, 703 2,
    # 704 2, R 1; total weight W = 5.
    m = compute_metrics(organisation_network(events, county="07"))
    assert {n.iri: n.weighted_degree for n in m.nodes} == pytest.approx(
        {C7: 2, E1: 2, E2: 1, E3: 2, E4: 2, R7: 1}
    )
    # Betweenness, lengths 1/weight: C7-701 4/5, 703-704 4/3, forum pairs to R 2, the rest
    # 4. R is reached from C7, 701 and 702 through 703 or through 704, both 4 + 2 = 6 (any
    # other way is longer): two shortest paths each, 1/2 to 703 and 1/2 to 704 for each
    # of the 3 pairs. Every other pair is joined directly more shortly (e.g. C7-702: 4
    # directly, 4/5 + 4 through 701). 703: 3/2 / ((6-1)(6-2)/2 = 10) = 0.15, 704 too.
    assert m.node(E3).betweenness == pytest.approx(0.15)
    assert m.node(E4).betweenness == pytest.approx(0.15)
    assert all(m.node(n).betweenness == 0 for n in (C7, E1, E2, R7))
    # Louvain: {C7, 701, 702} (inside 5/4 + 1/4 + 1/4 = 7/4, strengths 5) and {703, 704, R}
    # (3/4 + 1/2 + 1/2 = 7/4, strengths 5): 2 * (7/4 / 5 - (5/10)^2) = 1/5; one community
    # gives 0, {C7,701},{702,703,704,R} gives 0.18.
    assert m.communities == [[C7, E1, E2], [E3, E4, R7]]
    assert m.summary.modularity == pytest.approx(1 / 5)
    # Brokerage: of the 3 x 3 = 9 pairs across, C7-R, 701-R and 702-R go half through 703
    # and half through 704: 3/2 of 9 = 1/6 each. Every node but R has neighbours in both
    # communities (the agreement joins them all), so that rule alone would call five of
    # six brokers; only 703 and 704 join the agreement's group to the forum's.
    both_sides = [
        n.iri
        for n in m.nodes
        if len({m.node(x).community for x in organisation_network(events, county="07")[n.iri]}) >= 2
    ]
    assert both_sides == [C7, E1, E2, E3, E4]
    assert m.node(E3).brokerage == pytest.approx(1 / 6)
    assert m.node(E4).brokerage == pytest.approx(1 / 6)
    assert m.brokers == [E3, E4]  # equal brokerage, betweenness and weighted degree: by IRI
    # density: weighted 5 / 15 pairs = 1/3, unweighted 12 edges / 15 pairs = 4/5
    assert m.density["07"].density == pytest.approx(1 / 3)
    assert m.density["07"].unweighted_density == pytest.approx(4 / 5)


def test_star_with_isolates_betweenness_eigenvector_density(small: Store) -> None:
    # Interfaces only, mid-2024: A-101 and A-102 (weight 1 each), 103 and 104 alone.
    # A star with two leaves (a path 101-A-102) and two isolated nodes, n = 5.
    m = compute_metrics(
        organisation_network(small, county="01", as_of=MID_2024, relations=["interface"])
    )
    # betweenness: A is on the one path 101-102, normalised by (5-1)(5-2)/2 = 6
    assert m.node(A).betweenness == pytest.approx(1 / 6)
    # eigenvector of the path P3: lambda = sqrt(2), centre = sqrt(2) * leaf, and
    # centre^2 + 2 leaf^2 = 1, so leaf = 1/2 and centre = sqrt(2)/2; isolated nodes 0
    assert m.node(A).eigenvector == pytest.approx(math.sqrt(2) / 2, abs=1e-9)
    assert m.node(M101).eigenvector == pytest.approx(0.5, abs=1e-9)
    assert m.node(M102).eigenvector == pytest.approx(0.5, abs=1e-9)
    assert m.node(M103).eigenvector == 0 and m.node(M104).eigenvector == 0
    assert m.summary.density == pytest.approx(2 / 10)  # weights 1: weighted = unweighted
    assert m.summary.unweighted_density == pytest.approx(2 / 10)
    assert m.summary.components == 3


def test_eigenvector_per_component_of_a_disconnected_graph(small: Store) -> None:
    # Mid-2025, whole graph: county 01's component and the TYM agreement's clique of four
    # (B, 201, Kela, the authority; weight 1 each), plus isolated 103 and 202.
    # K4: every node alike, norm 1 over four nodes: 1/2 each.
    m = compute_metrics(organisation_network(small, as_of=dt.date(2025, 6, 1)))
    for n in (B, M201, KELA, EA):
        assert m.node(n).eigenvector == pytest.approx(0.5, abs=1e-9)
    first = [n for n in m.nodes if n.component == m.node(A).component]
    assert sum(n.eigenvector**2 for n in first) == pytest.approx(1.0)
    assert max(first, key=lambda n: n.eigenvector).iri == A
    assert m.node(M202).eigenvector == 0 and m.node(M103).eigenvector == 0
    assert m.node(B).component != m.node(A).component
    # density per county: county 02 has B, 201, 202 and the authority (Kela has no
    # county): edges B-201, B-EA, 201-EA, so 3 of 6 pairs, each weighing 1/3 (the TYM
    # agreement of four): weighted 1/6
    assert m.density["02"].nodes == 4 and m.density["02"].edges == 3
    assert m.density["02"].unweighted_density == pytest.approx(3 / 6)
    assert m.density["02"].density == pytest.approx(1 / 6)


def test_dual_role_path_and_bipartite_graphs(small: Store) -> None:
    # term 2025-2029: the path 104 - p1 - A
    m = compute_metrics(dual_role_network(small, term=T2))
    assert m.node(P1).betweenness == pytest.approx(1.0)  # 1 pair of 1
    assert m.node(P1).eigenvector == pytest.approx(math.sqrt(2) / 2, abs=1e-9)
    assert m.node(A).eigenvector == pytest.approx(0.5, abs=1e-9)
    # a two-mode graph's density is bipartite: 2 edges of 2 organisations x 1 person
    assert m.summary.density == m.summary.unweighted_density == pytest.approx(1.0)
    assert m.isolates == {}  # dual roles are about no theme
    # the bipartite organisation-theme network: no crash, unit norm per component
    b = compute_metrics(organisation_theme_network(small))
    for c in {n.component for n in b.nodes}:
        members = [n for n in b.nodes if n.component == c]
        if len(members) > 1:
            assert sum(n.eigenvector**2 for n in members) == pytest.approx(1.0)


def test_isolates_in_the_organisation_theme_network(small: Store) -> None:
    # Mid-2024: 101 owns hyte (interface), 102 hyte and housing (negotiation), 103 housing
    # (forum, interface), 104 hyte (its own side): a theme owned on one side counts here.
    g = organisation_theme_network(small, county="01", as_of=MID_2024)
    assert compute_metrics(g).isolates == {"housing": [M101, M104], "hyte": [M103]}
    only = organisation_theme_network(small, county="01", as_of=MID_2024, theme="hyte")
    assert compute_metrics(only).isolates == {"hyte": [M103]}
    assert THEME + "hyte" in only


def test_communities_are_deterministic_across_hash_seeds() -> None:
    script = (
        "import datetime as dt\n"
        "from tests.kg.network.conftest import load_small\n"
        "from kg.network import organisation_network, compute_metrics\n"
        "g = organisation_network(load_small(), term='county-2021-2025')\n"
        "m = compute_metrics(g)\n"
        "print(m.communities, m.brokers, [round(n.eigenvector, 9) for n in m.nodes])\n"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_exports_csv_one_row_per_node_and_json(small: Store) -> None:
    m = compute_metrics(organisation_network(small, county="01", as_of=MID_2024))
    rows = list(csv.DictReader(io.StringIO(to_csv(m))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert [r["iri"] for r in rows] == sorted([A, M101, M102, M103, M104, RC])
    row = {r["iri"]: r for r in rows}
    assert (row[A]["degree"], row[A]["weighted_degree"], row[A]["betweenness"]) == (
        "4",
        "5.0",
        "0.5",
    )
    assert (row[A]["broker"], row[A]["broker_rank"], row[M104]["community"]) == ("True", "1", "")
    assert (row[A]["brokerage"], row[M103]["broker"]) == ("0.666667", "False")
    assert row[M104]["isolated_themes"] == "housing;hyte"
    data = json.loads(to_json(m))
    assert {"nodes", "communities", "brokers", "isolates", "density", "summary"} <= data.keys()
    assert data["brokers"] == [A]
    assert data["density"]["01"]["density"] == pytest.approx(11 / 30, abs=1e-6)
    assert data["density"]["01"]["unweighted_density"] == pytest.approx(1 / 3, abs=1e-6)
    assert data["filters"]["as_of"] == "2024-06-01" and data["network"] == "organisation"
    assert m.to_json() == to_json(m)


def test_national_metrics_run(store: Store) -> None:
    m = compute_metrics(organisation_network(store))
    assert m.summary.nodes == len(m.nodes) and m.summary.edges > 0
    kainuu = m.node(ID + "county/20")
    assert kainuu.degree >= 8 and kainuu.broker
    # Puolanka (620) has no county-side owner for integration and no integration evidence
    assert ID + "municipality/620" in m.isolates["integration"]
    assert ID + "municipality/205" not in m.isolates["hyte"]
