"""What the HTML view hands to vis-network: a line per relation, as wide and opaque as its
weight; event nodes as named triangles; Kainuu's negotiations drawn between the county and its
municipalities."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.network import organisation_event_network, organisation_network
from kg.network.layout import (
    LINE_GAP,
    MIN_OPACITY,
    RELATIONS,
    edge_opacity,
    edge_width,
    text,
)
from kg.network.records import read_records
from kg.network.view import render_html
from kg.network.view_data import network_data
from kg.store import Store
from tests.kg.network.conftest import ID
from tests.kg.network.test_view import page_data, small_graph

C7, M1 = ID + "county/07", ID + "municipality/701"


def _data(graph: nx.Graph, lang: str = "fi") -> dict:
    return network_data(graph, lang=lang, sizes=None, size_label="", href=lambda iri: iri)


def _lines(data: dict, u: str, v: str) -> dict[str, dict]:
    """The vis-network edges between u and v, by relation."""
    return {e["relation"]: e for e in data["edges"] if {e["from"], e["to"]} == {u, v}}


def test_each_relation_of_an_edge_is_its_own_line() -> None:
    g = small_graph()
    county, kajaani = ID + "county/20", ID + "municipality/205"
    assert g.edges[county, kajaani]["relations"] == {"agreement": 2, "negotiation": 5}
    data = _data(g)
    lines = _lines(data, county, kajaani)
    assert set(lines) == {"agreement", "negotiation"}
    for relation, line in lines.items():
        assert line["color"]["color"] == RELATIONS[relation].colour
        assert line["dashes"] == (list(RELATIONS[relation].dashes) or False)
    # side by side: curved to opposite sides, LINE_GAP apart
    assert {lines["agreement"]["smooth"]["type"], lines["negotiation"]["smooth"]["type"]} == {
        "curvedCW",
        "curvedCCW",
    }
    assert lines["agreement"]["smooth"]["roundness"] == pytest.approx(LINE_GAP / 2)
    # a pair with one relation is one straight line
    single = _lines(data, county, ID + "municipality/290")
    assert list(single) == ["agreement"] and single["agreement"]["smooth"] is False
    # every line of the pair shows the whole pair in its tooltip
    assert lines["agreement"]["tooltip"] == lines["negotiation"]["tooltip"]
    assert len(data["edges"]) == sum(len(d["relations"]) for *_, d in g.edges(data=True))


def test_line_width_and_opacity_follow_the_newman_weight(events: Store) -> None:
    g = organisation_network(events, county="07")
    data = _data(g)
    # the county and 701: a quarter of the agreement of five, and talks of two (1)
    lines = _lines(data, C7, M1)
    assert lines["agreement"]["color"]["opacity"] == 0.25
    assert lines["negotiation"]["color"]["opacity"] == 1.0
    assert lines["agreement"]["width"] < lines["negotiation"]["width"] == 1.0
    for e in data["edges"]:
        weight = g.edges[e["from"], e["to"]]["relation_weights"][e["relation"]]
        assert e["color"]["opacity"] == edge_opacity(weight)
        assert e["width"] == edge_width(weight)


def test_opacity_and_width_rules() -> None:
    assert edge_opacity(1 / 20) == MIN_OPACITY  # a share of an agreement of 21 parties
    assert edge_opacity(0.5) == 0.5 and edge_opacity(3) == 1.0
    assert edge_width(1) == 1.0 and edge_width(4) == 3.0 and edge_width(1 / 20) == 0.5
    assert edge_width(10_000) == 6.0


def test_negotiation_lines_between_kainuu_and_its_municipalities(store: Store) -> None:
    # The county convenes every negotiation of the example region; its ties with each
    # municipality are mostly interfaces, so one line per pair in the colour of its
    # largest relation drew none of them as a negotiation.
    kainuu = ID + "county/20"
    met = {
        o
        for r in read_records(store).records
        if r.relation == "negotiation" and kainuu in r.orgs
        for o in r.orgs - {kainuu}
    }
    assert len(met) >= 8
    data = _data(organisation_network(store, county="20"))
    for municipality in sorted(met):
        line = _lines(data, kainuu, municipality).get("negotiation")
        assert line is not None, municipality
        assert line["color"]["color"] == RELATIONS["negotiation"].colour
        assert line["dashes"] == list(RELATIONS["negotiation"].dashes)


def test_events_are_named_triangles_and_two_party_ties_dots(events: Store, store: Store) -> None:
    g = organisation_event_network(events, county="07")
    data = _data(g, lang="en")
    nodes = {n["id"]: n for n in data["nodes"]}
    agreement = nodes[ID + "agreement/07-all"]
    assert agreement["shape"] == "triangleDown"
    assert agreement["label"] == "Interface agreement of County S…"  # 35 characters, cut
    assert "<strong>Interface agreement of County Seven</strong>" in agreement["tooltip"]
    assert agreement["color"]["background"] == RELATIONS["agreement"].colour
    assert "<th>Participants</th><td>5</td>" in agreement["tooltip"]
    assert "<th>Period</th><td>2024-01-01 – </td>" in agreement["tooltip"]
    talks = nodes[ID + "event/07-talks"]
    assert talks["shape"] == "triangleDown" and talks["label"] == "negotiation 2024-05-02"
    assert talks["color"]["background"] == RELATIONS["negotiation"].colour
    assert "<th>Period</th><td>2024-05-02</td>" in talks["tooltip"]
    assert nodes[M1]["shape"] == "dot" and "Participants" not in nodes[M1]["tooltip"]
    # interfaces and dual roles, many and of two parties each, are dots in their colour
    kainuu = _data(organisation_event_network(store, county="20"))
    interface = next(n for n in kainuu["nodes"] if "/interface/" in n["id"])
    assert interface["shape"] == "dot"
    assert interface["color"]["background"] == RELATIONS["interface"].colour


def test_legend_names_the_events_and_the_weights(events: Store) -> None:
    two_mode = render_html(organisation_event_network(events, county="07"), lang="sv")
    legend = two_mode[two_mode.index("<aside") : two_mode.index("</aside>")]
    assert f"<h2>{text('events', 'sv')}</h2>" in legend
    for relation in ("agreement", "negotiation", "forum"):
        assert f"{RELATIONS[relation].label['sv']}</li>" in legend
    assert text("weights", "sv") not in legend  # two-mode edges are memberships
    one_mode = render_html(organisation_network(events, county="07"), lang="sv")
    legend = one_mode[one_mode.index("<aside") : one_mode.index("</aside>")]
    assert "1/(n-1)" in legend and f"<h2>{text('events', 'sv')}</h2>" not in legend
    whole = organisation_network(events)
    lines = sum(len(d["relations"]) for *_, d in whole.edges(data=True))
    assert len(page_data(render_html(whole))["edges"]) == lines


def test_a_public_record_event_links_the_pages_it_was_read_from(store: Store) -> None:
    """Lapland's public record holds a HYTE negotiation read from a public page: its node
    in the event network links that page; a node without a source links none."""
    g = organisation_event_network(store, county="21")
    cited = {iri: attrs["pages"] for iri, attrs in g.nodes(data=True) if attrs.get("pages")}
    assert cited, "no public-record event in county 21"
    nodes = {n["id"]: n for n in _data(g, lang="en")["nodes"]}
    for iri, pages in cited.items():
        for page in pages:
            assert f'<a href="{page}">' in nodes[iri]["tooltip"]
        assert "source pages" in nodes[iri]["tooltip"]
    plain = [n for n in nodes.values() if n["id"] not in cited]  # the organisations
    assert plain and all("source pages" not in n["tooltip"] for n in plain)
