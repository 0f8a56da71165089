"""Projections to NetworkX: the graph contract, each relation's source, and the filters.

The small graph (tests/fixtures/network/small.ttl, its evidence listed in its header) is
read without inference; the national store checks the contract on real data.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from kg.network import (
    RELATIONS,
    dual_role_network,
    organisation_event_network,
    organisation_network,
    organisation_theme_network,
)
from kg.store import Store
from tests.kg.network.conftest import ID, THEME
from tests.source_data import mainland_codes, organiser_codes

A, B = ID + "county/01", ID + "county/02"
M101, M102, M103, M104 = (ID + f"municipality/{c}" for c in ("101", "102", "103", "104"))
M201, M202 = ID + "municipality/201", ID + "municipality/202"
RC, KELA, EA = ID + "regional-council/1", ID + "organisation/kela", ID + "employment-authority/02"
P1 = ID + "elected-official/p1"
T1, T2 = ID + "council-term/county-2021-2025", ID + "council-term/county-2025-2029"
NETWORKS = (
    organisation_network,
    organisation_event_network,
    organisation_theme_network,
    dual_role_network,
)
KINDS = {
    *RELATIONS,  # the event nodes of the organisation-event network
    "municipality",
    "county",
    "regional-council",
    "employment-authority",
    "kela",
    "organisation",
    "theme",
    "person",
}
NODE_KEYS = {"kind", "label_fi", "label_sv", "label_en", "code", "county", "illustrative"}
EDGE_KEYS = {"relations", "weight", "evidence"}


def _edges(graph: nx.Graph) -> dict[frozenset[str], dict[str, int]]:
    return {frozenset((u, v)): d["relations"] for u, v, d in graph.edges(data=True)}


def _check_contract(graph: nx.Graph) -> None:
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    for node, data in graph.nodes(data=True):
        assert isinstance(node, str) and node.startswith("http"), node
        assert data.keys() >= NODE_KEYS, node
        assert data["kind"] in KINDS, data
        for key in ("label_fi", "label_sv", "label_en", "code"):
            assert isinstance(data[key], str), (node, key)
        for key in ("label_fi", "label_sv", "label_en"):
            assert data[key], (node, key)
        assert data["county"] is None or isinstance(data["county"], str)
        assert isinstance(data["illustrative"], bool)
    for u, v, data in graph.edges(data=True):
        assert data.keys() >= EDGE_KEYS, (u, v)
        assert set(data["relations"]) <= set(RELATIONS)
        assert all(isinstance(c, int) and c > 0 for c in data["relations"].values())
        if "relation_weights" in data:  # the organisation network: Newman's weights
            assert set(data["relation_weights"]) == set(data["relations"])
            assert data["weight"] == pytest.approx(sum(data["relation_weights"].values()))
            assert all(0 < w <= data["relations"][r] for r, w in data["relation_weights"].items())
        else:
            assert data["weight"] == sum(data["relations"].values())
        assert data["evidence"] == sorted(set(data["evidence"])) and data["evidence"]
        if data["illustrative"]:
            assert graph.nodes[u]["illustrative"] and graph.nodes[v]["illustrative"]
    assert set(graph.graph["filters"]) >= {"county", "theme", "relations", "as_of", "term"}


# --- the small graph: contract and relations ---------------------------------------------


def test_small_graph_meets_the_contract_in_every_network(small: Store) -> None:
    for project in NETWORKS:
        _check_contract(project(small))


def test_node_attributes_kinds_codes_counties_and_label_fallback(small: Store) -> None:
    g = organisation_network(small)
    assert (g.nodes[A]["kind"], g.nodes[A]["code"], g.nodes[A]["county"]) == ("county", "01", "01")
    assert g.nodes[A]["label_en"] == "County One"
    m101 = g.nodes[M101]
    assert (m101["kind"], m101["code"], m101["county"]) == ("municipality", "101", "01")
    # 101 has fi and sv labels only: English falls back to Finnish
    assert (m101["label_fi"], m101["label_sv"], m101["label_en"]) == (
        "Ykköskylä",
        "Ettby",
        "Ykköskylä",
    )
    assert m101["themes_in_scope"] == ["housing", "hyte"]
    # the regional council's region has one organiser (county 01); the employment
    # authority's municipalities are all in county 02; Kela belongs to no county
    assert (g.nodes[RC]["kind"], g.nodes[RC]["county"]) == ("regional-council", "01")
    assert (g.nodes[EA]["kind"], g.nodes[EA]["county"]) == ("employment-authority", "02")
    assert (g.nodes[KELA]["kind"], g.nodes[KELA]["county"], g.nodes[KELA]["code"]) == (
        "kela",
        None,
        "",
    )
    # organisations in scope are nodes without edges too; 202 never cooperates here
    assert M202 in g and g.degree(M202) == 0


def test_every_relation_comes_from_its_evidence(small: Store) -> None:
    g = organisation_network(small)  # no time filter: everything ever recorded
    edges = _edges(g)
    # A-101: the old and the strategic agreement, the 2026 negotiation, interface 101/hyte
    assert edges[frozenset((A, M101))] == {"agreement": 2, "negotiation": 1, "interface": 1}
    assert g.edges[A, M101]["evidence"] == [
        ID + "agreement/old",
        ID + "agreement/strategy",
        ID + "event/neg-2026",
        ID + "interface/101/hyte",
    ]
    # Newman's weight: the old agreement of three 1/2, the strategy of two 1, the 2026
    # negotiation of four 1/3, the interface 1
    assert g.edges[A, M101]["relation_weights"] == pytest.approx(
        {"agreement": 1 / 2 + 1, "negotiation": 1 / 3, "interface": 1}
    )
    assert g.edges[A, M101]["weight"] == pytest.approx(17 / 6)
    # the forum joins each pair of its three members
    assert edges[frozenset((M103, RC))] == {"forum": 1}
    # A-104: the 2026 negotiation and the dual role (interface 104 has one side only)
    assert edges[frozenset((A, M104))] == {"negotiation": 1, "dual-role": 1}
    assert g.edges[A, M104]["illustrative"] and g.nodes[M104]["illustrative"]
    # the TYM agreement of four joins each of its six pairs with 1/3
    for pair in ((B, M201), (B, KELA), (B, EA), (M201, KELA), (M201, EA), (KELA, EA)):
        assert edges[frozenset(pair)] == {"agreement": 1}
        assert g.edges[pair]["weight"] == pytest.approx(1 / 3)
    assert not g.edges[B, KELA]["illustrative"]


def test_interface_edge_needs_owners_on_both_sides_at_the_same_time(small: Store) -> None:
    # 103/housing: municipality side until 2024-12-31, county side from 2025-01-01
    for kwargs in ({}, {"as_of": dt.date(2024, 6, 1)}, {"as_of": dt.date(2025, 6, 1)}):
        g = organisation_network(small, relations=["interface"], **kwargs)  # type: ignore[arg-type]
        assert not g.has_edge(A, M103), kwargs
        assert not g.has_edge(A, M104), kwargs  # one side only
        assert g.edges[A, M102]["relations"] == {"interface": 1}
    assert not organisation_network(
        small, as_of=dt.date(2022, 12, 31), relations=["interface"]
    ).has_edge(A, M101)


# --- time filters ----------------------------------------------------------------------


def test_agreement_ended_before_as_of_is_not_an_edge(small: Store) -> None:
    # agreement/old (A, 101, 102) was valid 2020-01-01 .. 2022-12-31
    before = organisation_network(small, as_of=dt.date(2022, 6, 1))
    assert before.edges[M101, M102]["evidence"] == [ID + "agreement/old"]
    last_day = organisation_network(small, as_of=dt.date(2022, 12, 31))
    assert last_day.has_edge(M101, M102)
    after = organisation_network(small, as_of=dt.date(2023, 1, 1))
    assert not after.has_edge(M101, M102)
    # the strategic agreement began 2023-01-01 and still joins A and 101
    assert after.edges[A, M101]["relations"] == {"agreement": 1, "interface": 1}
    assert after.graph["filters"]["as_of"] == "2023-01-01"


def test_as_of_counts_events_dated_on_or_before_it(small: Store) -> None:
    def negotiations(day: dt.date) -> int:
        g = organisation_network(small, as_of=day, relations=["negotiation"])
        return g.edges[A, M102]["relations"]["negotiation"] if g.has_edge(A, M102) else 0

    # A and 102 met on 2023-03-01 and 2026-02-01
    assert negotiations(dt.date(2023, 2, 28)) == 0
    assert negotiations(dt.date(2023, 3, 1)) == 1
    assert negotiations(dt.date(2026, 1, 31)) == 1
    assert negotiations(dt.date(2026, 2, 1)) == 2


def test_term_keeps_what_was_valid_within_it_and_events_in_it(small: Store) -> None:
    g1 = organisation_network(small, county="01", term=T1)
    # term 2021-08-01 .. 2025-05-31: the old agreement (to 2022), the strategy, the 2023
    # negotiation, the forum and interfaces 101 and 102; not the dual role (from 2025-06-01)
    # nor the 2026 negotiation
    assert _edges(g1) == {
        frozenset((A, M101)): {"agreement": 2, "interface": 1},
        frozenset((A, M102)): {"agreement": 1, "negotiation": 1, "interface": 1},
        frozenset((M101, M102)): {"agreement": 1},
        frozenset((A, M103)): {"forum": 1},
        frozenset((A, RC)): {"forum": 1},
        frozenset((M103, RC)): {"forum": 1},
    }
    g2 = organisation_network(small, county="01", term=T2)
    assert _edges(g2) == {
        frozenset((A, M101)): {"agreement": 1, "negotiation": 1, "interface": 1},
        frozenset((A, M102)): {"negotiation": 1, "interface": 1},
        frozenset((A, M104)): {"negotiation": 1, "dual-role": 1},
        frozenset((M101, M102)): {"negotiation": 1},
        frozenset((M101, M104)): {"negotiation": 1},
        frozenset((M102, M104)): {"negotiation": 1},
    }
    assert RC not in g2  # the forum ended 2024-12-31
    assert (g1.graph["filters"]["term"], g1.graph["filters"]["period_start"]) == (T1, "2021-08-01")


def test_term_by_iri_tail_or_label(small: Store) -> None:
    expected = _edges(organisation_network(small, term=T1))
    for key in (
        "county-2021-2025",
        "Aluevaltuuston toimikausi 2021-2025",
        "county council TERM 2021-2025",
    ):
        g = organisation_network(small, term=key)
        assert _edges(g) == expected and g.graph["filters"]["term"] == T1


# --- county, theme and relation filters ------------------------------------------------------


def test_county_filter_keeps_its_organisations_and_those_joined_to_them(small: Store) -> None:
    g = organisation_network(small, county="02")
    assert set(g) == {B, M201, M202, KELA, EA}
    assert g.graph["filters"]["county"] == "02"
    assert organisation_network(small, county="2").graph["filters"]["county"] == "02"
    g1 = organisation_network(small, county="01", as_of=dt.date(2024, 6, 1))
    assert set(g1) == {A, M101, M102, M103, M104, RC}  # the council joins through the forum


def test_theme_filter_keeps_evidence_about_the_theme(small: Store) -> None:
    g = organisation_network(small, theme="housing", as_of=dt.date(2024, 6, 1))
    assert _edges(g) == {
        frozenset((A, M102)): {"negotiation": 1},  # the 2023 negotiation was about housing
        frozenset((A, M103)): {"forum": 1},
        frozenset((A, RC)): {"forum": 1},
        frozenset((M103, RC)): {"forum": 1},
    }
    hyte = organisation_network(small, theme="hyte")
    assert not any("dual-role" in r or "forum" in r for r in _edges(hyte).values())
    assert all("hyte" in d["themes"] for _, _, d in hyte.edges(data=True))


def test_theme_filter_takes_any_name_of_the_theme(small: Store) -> None:
    # the importer and the lookups take a theme by code or any of its names; so do networks
    by_code = organisation_network(small, theme="housing")
    for name in ("Asuminen", "boende", "HOUSING"):
        assert _edges(organisation_network(small, theme=name)) == _edges(by_code), name
    with pytest.raises(LookupError, match="Asuminen"):  # the suggestion names the theme
        organisation_network(small, theme="asumnen")


def test_relations_filter(small: Store) -> None:
    g = organisation_network(small, relations=["forum", "dual-role"])
    assert {r for rel in _edges(g).values() for r in rel} == {"forum", "dual-role"}
    assert g.graph["filters"]["relations"] == ["forum", "dual-role"]
    assert organisation_network(small, relations=[]).number_of_edges() == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "named"),
    [
        ({"county": "99"}, LookupError, "code 99; organiser codes: 01–02"),
        ({"county": '20" } #'}, LookupError, '20" } #'),
        ({"theme": "knitting"}, LookupError, "'knitting'"),
        ({"term": "county-1999-2003"}, LookupError, "'county-1999-2003'"),
        ({"relations": ["forum", "marriage"]}, ValueError, "'marriage'"),
        ({"as_of": dt.date(2024, 1, 1), "term": T1}, ValueError, "either"),
    ],
)
def test_bad_filters_are_refused_by_name(
    small: Store, kwargs: dict[str, object], error: type[Exception], named: str
) -> None:
    for project in NETWORKS:
        with pytest.raises(error) as info:
            project(small, **kwargs)  # type: ignore[arg-type]
        assert named in str(info.value)


# --- the organisation-theme and dual-role networks -----------------------------------------


def test_organisation_theme_network_is_bipartite(small: Store) -> None:
    g = organisation_theme_network(small, county="01", as_of=dt.date(2024, 6, 1))
    hyte, housing = THEME + "hyte", THEME + "housing"
    assert {n for n, b in g.nodes(data="bipartite") if b == 1} == {
        hyte,
        housing,
        THEME + "employment",
    }
    assert nx.is_bipartite(g)
    assert all(g.nodes[n]["kind"] == "theme" for n, b in g.nodes(data="bipartite") if b == 1)
    assert (g.nodes[hyte]["code"], g.nodes[hyte]["label_sv"]) == (
        "hyte",
        "Främjande av hälsa och välfärd",
    )
    # A owns hyte through its post on interfaces 101 and 102 and is party to the strategy
    assert g.edges[A, hyte]["relations"] == {"agreement": 1, "interface": 2}
    # 104 owns hyte on its own side (no counterpart needed to own a theme)
    assert g.edges[M104, hyte]["relations"] == {"interface": 1}
    # 103 owned housing until 2024-12-31 and sits in the housing forum
    assert g.edges[M103, housing]["relations"] == {"forum": 1, "interface": 1}
    assert g.edges[A, housing]["relations"] == {"negotiation": 1, "forum": 1}
    assert not g.has_edge(A, THEME + "employment")
    only = organisation_theme_network(small, theme="housing")
    assert {n for n, b in only.nodes(data="bipartite") if b == 1} == {housing}


def test_dual_role_network_bridges_people_and_organisations(small: Store) -> None:
    g = dual_role_network(small, term=T2)
    assert {frozenset(e) for e in g.edges} == {frozenset((A, P1)), frozenset((M104, P1))}
    person = g.nodes[P1]
    assert (person["kind"], person["bipartite"], person["county"]) == ("person", 1, "01")
    assert (
        person["label_fi"] == "Luottamushenkilö p1" and person["label_en"] == "Elected official p1"
    )
    assert person["illustrative"] and g.edges[A, P1]["evidence"] == [ID + "dual-role/p1"]
    assert g.nodes[A]["bipartite"] == 0
    assert dual_role_network(small, term=T1).number_of_nodes() == 0  # before 2025-06-01
    assert dual_role_network(small, theme="hyte").number_of_edges() == 0  # roles have no theme


# --- the national graph --------------------------------------------------------------------


def test_national_networks_meet_the_contract(store: Store) -> None:
    for project in NETWORKS:
        _check_contract(project(store))
    g = organisation_network(store)
    helsinki = g.nodes[ID + "municipality/091"]
    assert (helsinki["kind"], helsinki["code"], helsinki["county"]) == ("county", "091", "90")
    counties = {d["county"] for _, d in g.nodes(data=True) if d["kind"] == "county"}
    assert counties == organiser_codes()  # the counties and Helsinki
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "municipality") >= 290


def test_kainuu_example_region_yields_the_relations_its_data_records(store: Store) -> None:
    g = organisation_network(store, county="20")
    found = {r for _, _, d in g.edges(data=True) for r in d["relations"]}
    assert found == set(RELATIONS)
    kainuu = ID + "county/20"
    # every municipality of the region signed the strategic agreement with the county
    municipalities = [n for n, d in g.nodes(data=True) if d["kind"] == "municipality"]
    assert sorted(g.nodes[m]["code"] for m in municipalities) == mainland_codes("20")
    for m in municipalities:
        assert ID + "agreement/kainuu-strateginen-2024" in g.edges[kainuu, m]["evidence"]
        assert g.edges[kainuu, m]["illustrative"]
    # the TYM agreement brings in Kela and the employment authority
    assert g.edges[kainuu, ID + "organisation/kela"]["relations"] == {"agreement": 1}
    # Kuhmo's employment owner ended 2024-12-31: no employment interface edge in 2025
    kuhmo = ID + "municipality/290"
    now = organisation_network(store, county="20", as_of=dt.date(2025, 6, 30))
    assert ID + "interface/290/employment" not in now.edges[kainuu, kuhmo]["evidence"]
    then = organisation_network(store, county="20", as_of=dt.date(2024, 6, 30))
    assert ID + "interface/290/employment" in then.edges[kainuu, kuhmo]["evidence"]


def test_a_misspelt_filter_is_refused_not_ignored(small: Store) -> None:
    # the filters are keywords of one TypedDict; a name outside it would otherwise
    # be dropped and the whole country returned as if unfiltered
    with pytest.raises(TypeError, match="countty"):
        organisation_network(small, countty="01")  # type: ignore[call-arg]
