"""The two-mode organisation–event network and its Newman-weighted projection, against
values worked out by hand on tests/fixtures/network/events.ttl and checked on the national
graph (North Savo's one agreement of all parties, Kainuu's negotiations)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms import bipartite
from pyoxigraph import NamedNode

from kg.namespaces import YP_IRI
from kg.network import compute_metrics, organisation_event_network, organisation_network
from kg.network.records import read_records
from kg.store import Store
from tests.kg.network.conftest import EVENTS, ID, load_fixture

C7, C8 = ID + "county/07", ID + "county/08"
M1, M2, M3, M4 = (ID + f"municipality/70{i}" for i in range(1, 5))
R = ID + "regional-council/7"
AGREEMENT, TALKS, FORUM = ID + "agreement/07-all", ID + "event/07-talks", ID + "forum/07-housing"
N8 = [C8, *(ID + f"municipality/80{i}" for i in range(1, 4))]


# --- the two-mode network ------------------------------------------------------------


def test_organisation_event_network_joins_organisations_to_events(events: Store) -> None:
    g = organisation_event_network(events, county="07")
    assert nx.is_bipartite(g) and g.graph["network"] == "organisation-event"
    assert {n for n, side in g.nodes(data="bipartite") if side == 0} == {C7, M1, M2, M3, M4, R}
    assert {n for n, side in g.nodes(data="bipartite") if side == 1} == {AGREEMENT, TALKS, FORUM}
    # each event is joined to every organisation that took part: 5 + 2 + 3 edges
    assert set(g[AGREEMENT]) == {C7, M1, M2, M3, M4}
    assert set(g[TALKS]) == {C7, M1}  # the convener and the participant
    assert set(g[FORUM]) == {M3, M4, R}
    assert g.number_of_edges() == 10
    assert g.edges[M1, TALKS] == {
        "relations": {"negotiation": 1},
        "weight": 1,
        "evidence": [TALKS],
        "themes": ["hyte"],
        "illustrative": False,
    }


def test_event_nodes_have_kind_name_date_county_and_size(events: Store) -> None:
    g = organisation_event_network(events, county="07")
    agreement, talks, forum = g.nodes[AGREEMENT], g.nodes[TALKS], g.nodes[FORUM]
    assert (agreement["kind"], talks["kind"], forum["kind"]) == (
        "agreement",
        "negotiation",
        "forum",
    )
    # a title in each language, else another language's
    assert (agreement["label_fi"], agreement["label_sv"], agreement["label_en"]) == (
        "Seiskan yhdyspintasopimus",
        "Sjuans gränsyteavtal",
        "Interface agreement of County Seven",
    )
    assert forum["label_en"] == "Seiskan asumisen työryhmä"
    # no title and no ontology here: the relation's name and the date
    assert (talks["label_fi"], talks["label_sv"], talks["label_en"]) == (
        "neuvottelu 2024-05-02",
        "förhandling 2024-05-02",
        "negotiation 2024-05-02",
    )
    assert (agreement["code"], agreement["start"], agreement["end"]) == (
        "07-all",
        "2024-01-01",
        None,
    )
    assert (talks["start"], talks["end"]) == ("2024-05-02", "2024-05-02")
    assert [agreement["participants"], talks["participants"], forum["participants"]] == [5, 2, 3]
    # the agreement concerns county 07; the forum's members are all of county 07
    assert agreement["county"] == forum["county"] == "07"
    assert agreement["themes"] == ["hyte"] and forum["themes"] == ["housing"]


def test_event_names_come_from_the_ontology_in_the_built_store(store: Store) -> None:
    g = organisation_event_network(store, county="20", relations=["negotiation"])
    talks = g.nodes[ID + "event/kainuu-14-2023"]
    # yp:CooperationNegotiation's rdfs:label in each language, and the event's date
    assert talks["label_fi"] == "yhteistyöneuvottelu 2023-05-15"
    assert talks["label_sv"] == "samarbetsförhandling 2023-05-15"
    assert talks["label_en"] == "cooperation negotiation 2023-05-15"


def test_organisation_event_network_filters_by_period_and_relation(events: Store) -> None:
    before = organisation_event_network(events, county="07", as_of=dt.date(2024, 5, 1))
    assert TALKS not in before and AGREEMENT in before  # the talks were on 2024-05-02
    forums = organisation_event_network(events, county="07", relations=["forum"])
    assert {n for n, side in forums.nodes(data="bipartite") if side == 1} == {FORUM}


# --- the projection, by hand ------------------------------------------------------------


def test_newman_weights_by_hand(events: Store) -> None:
    # The agreement of five (C7, 701-704) adds 1/(5-1) = 1/4 to each of its 10 pairs; the
    # talks of two (C7, 701) add 1/(2-1) = 1 to C7-701; the forum of three (703, 704, R)
    # adds 1/2 to each of its 3 pairs.
    g = organisation_network(events, county="07")
    quarter, half = Fraction(1, 4), Fraction(1, 2)
    expected = {
        frozenset((C7, M1)): {"agreement": quarter, "negotiation": Fraction(1)},  # 5/4
        frozenset((M3, M4)): {"agreement": quarter, "forum": half},  # 3/4
        frozenset((M3, R)): {"forum": half},
        frozenset((M4, R)): {"forum": half},
    }
    for u, v in ((C7, M2), (C7, M3), (C7, M4), (M1, M2), (M1, M3), (M1, M4), (M2, M3), (M2, M4)):
        expected[frozenset((u, v))] = {"agreement": quarter}
    assert {frozenset((u, v)) for u, v in g.edges} == set(expected)
    for pair, parts in expected.items():
        data = g.edges[tuple(pair)]
        assert data["relation_weights"] == {r: float(w) for r, w in parts.items()}, pair
        assert data["weight"] == float(sum(parts.values())), pair
        assert data["relations"] == dict.fromkeys(parts, 1), pair
    assert g.edges[C7, M1]["evidence"] == [AGREEMENT, TALKS]
    assert g.edges[M3, M4]["themes"] == ["housing", "hyte"]
    # each organisation's weighted degree is the number of events it shared:
    # C7 5/4 + 3 * 1/4 = 2 (agreement, talks); 702 4 * 1/4 = 1 (agreement);
    # 703 3 * 1/4 + 3/4 + 1/2 = 2 (agreement, forum); R 1/2 + 1/2 = 1 (forum)
    strength = dict(g.degree(weight="weight"))
    assert strength == pytest.approx({C7: 2, M1: 2, M2: 1, M3: 2, M4: 2, R: 1})


def test_projection_is_networkx_collaboration_projection(events: Store, store: Store) -> None:
    for source, county in ((events, "07"), (store, "20"), (store, "13")):
        two_mode = organisation_event_network(source, county=county)
        orgs = [n for n, side in two_mode.nodes(data="bipartite") if side == 0]
        reference = bipartite.collaboration_weighted_projected_graph(two_mode, orgs)
        ours = organisation_network(source, county=county)
        assert set(ours.nodes) == set(reference.nodes)
        assert {frozenset(e) for e in ours.edges} == {frozenset(e) for e in reference.edges}
        for u, v, w in reference.edges(data="weight"):
            assert ours.edges[u, v]["weight"] == pytest.approx(w, rel=1e-12), (u, v)


def test_one_all_party_agreement_is_not_a_complete_network(events: Store) -> None:
    # County 08: one agreement of its four organisations and nothing else. As it happened
    # (the two-mode view) it is one event the four attend: a star of 4 edges around the
    # agreement, not the 6 pair edges of a clique.
    two_mode = organisation_event_network(events, county="08")
    agreement = ID + "agreement/08-all"
    assert sorted(two_mode.nodes) == sorted([*N8, agreement])
    assert sorted(map(sorted, two_mode.edges)) == sorted(sorted((o, agreement)) for o in N8)
    assert not any(two_mode.has_edge(a, b) for a in N8 for b in N8)
    # In the one-mode projection every pair is tied, each by 1/(4-1) = 1/3: weighted density
    # = 6 * 1/3 / 6 = 1/3 = 1/(n-1), not 1; the share of pairs tied is 1. No pair needs an
    # intermediary (betweenness 0), Louvain keeps one community, and nobody is a broker.
    g = organisation_network(events, county="08")
    assert sorted(g.nodes) == sorted(N8) and g.number_of_edges() == 6
    assert {w for *_, w in g.edges(data="weight")} == {1 / 3}
    m = compute_metrics(g)
    assert m.density["08"].density == pytest.approx(1 / 3)
    assert m.density["08"].unweighted_density == 1.0
    assert m.summary.density == pytest.approx(1 / 3)
    assert all(n.betweenness == 0 and n.brokerage == 0 for n in m.nodes)
    assert m.brokers == [] and len(m.communities) == 1
    assert [n.weighted_degree for n in m.nodes] == pytest.approx([1.0] * 4)  # one event each


def test_cancelled_negotiation_draws_no_edge(tmp_path: Path) -> None:
    # County 08 gains a negotiation recorded as cancelled between the county and 801: it was
    # planned, not held, so it joins nobody (the audit counts it as a duty missed).
    fixture = tmp_path / "events.ttl"
    fixture.write_text(
        EVENTS.read_text("utf-8") + "\n<event/08-cancelled> a yp:CooperationNegotiation ;\n"
        '    dcterms:date "2024-06-01"^^xsd:date ; yp:convener <county/08> ;\n'
        "    yp:participant <municipality/801> ; yp:eventStatus yp:EventCancelled .\n",
        "utf-8",
    )
    with_cancelled = load_fixture(fixture)
    assert with_cancelled.contains_triple(
        NamedNode(ID + "event/08-cancelled"), NamedNode(YP_IRI + "eventStatus"), None
    )
    before, after = organisation_network(load_fixture(EVENTS)), organisation_network(with_cancelled)
    assert sorted(after.edges(data="weight")) == sorted(before.edges(data="weight"))
    events = organisation_event_network(with_cancelled, county="08")
    assert ID + "event/08-cancelled" not in events


def test_north_savo_one_agreement_weights_from_the_data(example_store: Store) -> None:
    # North Savo (county 13) records one agreement of all its parties (the county, its
    # regional council and its municipalities) and a forum with the county alone
    # (data/seeds/north-savo-case.ttl): a complete graph of weak ties, 1/(n-1) each.
    # (Without the public record, whose negotiations and forums add ties of their own.)
    store = example_store
    records = read_records(store)
    county = records.organiser("13")
    assert county is not None
    agreements = [r for r in records.records if r.relation == "agreement" and county.iri in r.orgs]
    assert len(agreements) == 1
    n = len(agreements[0].orgs)
    g = organisation_network(store, county="13")
    assert g.number_of_nodes() == n and g.number_of_edges() == n * (n - 1) // 2
    assert [w for *_, w in g.edges(data="weight")] == pytest.approx([1 / (n - 1)] * len(g.edges))
    m = compute_metrics(g)
    assert m.density["13"].density == pytest.approx(1 / (n - 1))
    assert m.density["13"].unweighted_density == 1.0
    assert m.brokers == []
    assert all(node.betweenness == 0 for node in m.nodes)


def test_kainuu_negotiations_join_the_county_to_their_participants(store: Store) -> None:
    # every negotiation of the example region joins its convener (the county) to each of
    # its participants, with 1/(n-1) per negotiation of n organisations
    records = read_records(store)
    kainuu = ID + "county/20"
    talks = [r for r in records.records if r.relation == "negotiation" and kainuu in r.orgs]
    assert talks
    g = organisation_network(store, county="20")
    for municipality in sorted({o for r in talks for o in r.orgs} - {kainuu}):
        shared = [r for r in talks if municipality in r.orgs]
        data = g.edges[kainuu, municipality]
        assert data["relations"]["negotiation"] == len(shared)
        expected = sum(Fraction(1, len(r.orgs) - 1) for r in shared)
        assert data["relation_weights"]["negotiation"] == pytest.approx(float(expected))
