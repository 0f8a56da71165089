"""Who works with whom: the two-mode organisation–event network and its one-mode
projection with Newman's collaboration weighting.

A many-party agreement, negotiation or forum is an event that organisations attend, not a
set of bilateral ties. :func:`organisation_event_network` keeps it so: a bipartite graph of
organisations (``bipartite=0``) and the evidence that joins them (``bipartite=1``): the
agreements, negotiations and other meetings, forums, interfaces with owners on both sides
(a municipality and its organiser) and dual roles (the two organisations whose bodies one
elected official sits in), each an event node joined to every organisation that is its
party, convener, participant or member.

:func:`organisation_network` projects that graph onto the organisations with NetworkX's
``bipartite.collaboration_weighted_projected_graph`` (M. E. J. Newman, Phys. Rev. E 64,
016132, 2001): an event with ``n`` participants adds ``1/(n-1)`` to the weight of each of
its pairs, so each participant shares one unit among its co-participants. A two-party
negotiation joins its pair with weight 1; an agreement of all 21 parties of a county adds
1/20 to each of its 210 pairs. An organisation's weighted degree is then the number of
events it attended with at least one other organisation, and repeated, small-group
cooperation weighs more than one signature among many.

Edge attributes of the projection (besides those of :mod:`kg.network.projection`):
``relations`` (how many events of each relation type the two share), ``relation_weights``
(the Newman weight per relation type; the view draws one line per relation with it) and
``weight`` (their sum, NetworkX's weight; the parts are added up in exact fractions in a
fixed order, so the value is the same on every run, where NetworkX adds them up in the
order of a set).
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from typing import Unpack

import networkx as nx
from networkx.algorithms import bipartite

from kg.network.evidence import Evidence, core, kept, new_graph, node_attributes, org_node
from kg.network.filters import FilterArgs, Filters, resolve
from kg.network.records import LANGS, RELATIONS, GraphRecords, read_records
from kg.store import Store

EVENT_KINDS = RELATIONS  # an event node's kind is the relation it stands for


def organisation_event_network(store: Store, **filters: Unpack[FilterArgs]) -> nx.Graph:
    """Organisations (``bipartite=0``) and the events that join them (``bipartite=1``).

    An event node has ``kind`` (its relation: ``agreement``, ``negotiation``, ``forum``,
    ``interface`` or ``dual-role``), labels (its title, else its class's name and date),
    ``code`` (its identifier), ``county`` (the county it concerns, else the one county of
    its organisations, else None), ``start`` and ``end`` (ISO dates: its validity or its
    day), ``themes`` (theme codes), ``participants`` (how many organisations) and ``pages``
    (the public pages it was read from). Each
    edge joins an organisation to an event: ``relations`` ``{kind: 1}``, ``weight`` 1,
    ``evidence`` ``[event]``. An event with one organisation (a forum whose only recorded
    member is the county) is drawn with its one edge and joins no pair in the projection.
    """
    records = read_records(store)
    f = resolve(records, **filters)
    return _two_mode(records, f)


def organisation_network(store: Store, **filters: Unpack[FilterArgs]) -> nx.Graph:
    """Organisations joined by the events they share, with Newman's collaboration weight
    (each event of ``n`` organisations adds ``1/(n-1)`` to each of its pairs)."""
    records = read_records(store)
    f = resolve(records, **filters)
    return _projection(_two_mode(records, f), records)


def _two_mode(records: GraphRecords, f: Filters) -> nx.Graph:
    in_scope = core(records, f)
    events: dict[str, Evidence] = {}
    for ev in kept(records, f, in_scope, with_self_interfaces=False):
        if ev.iri in events:  # one resource recorded as two kinds: one event, all its parties
            events[ev.iri].orgs |= ev.orgs
        else:
            events[ev.iri] = ev
    graph = new_graph("organisation-event", f)
    orgs = in_scope | {o for ev in events.values() for o in ev.orgs}
    for iri in sorted(orgs):
        graph.add_node(iri, bipartite=0, **node_attributes(org_node(records, iri)))
    county_of = {o.iri: o.county for o in records.orgs.values() if o.kind == "county"}
    for iri, ev in sorted(events.items()):
        graph.add_node(
            iri,
            bipartite=1,
            kind=ev.relation,
            **{f"label_{lang}": ev.labels.get(lang) or iri.rsplit("/", 1)[-1] for lang in LANGS},
            code=ev.code,
            county=_event_county(ev, county_of, graph),
            illustrative=ev.illustrative,
            themes_in_scope=[],
            themes=sorted(ev.themes),
            start=ev.start,
            end=ev.end,
            participants=len(ev.orgs),
            pages=ev.pages,
        )
        for org in sorted(ev.orgs):
            graph.add_edge(
                org,
                iri,
                relations={ev.relation: 1},
                weight=1,
                evidence=[iri],
                themes=sorted(ev.themes),
                illustrative=ev.illustrative,
            )
            if ev.illustrative:
                graph.nodes[org]["illustrative"] = True
    return graph


def _event_county(ev: Evidence, county_of: dict[str, str | None], graph: nx.Graph) -> str | None:
    concerned = {county_of.get(c) for c in ev.concerns} - {None}
    if len(concerned) == 1:
        return concerned.pop()
    counties = {graph.nodes[o]["county"] for o in ev.orgs} - {None}
    return counties.pop() if len(counties) == 1 else None


def _projection(two_mode: nx.Graph, records: GraphRecords) -> nx.Graph:
    """The organisations of ``two_mode`` with Newman's collaboration weights (NetworkX),
    each edge with the events behind it, counted and weighted per relation type."""
    orgs = sorted(n for n, side in two_mode.nodes(data="bipartite") if side == 0)
    graph = bipartite.collaboration_weighted_projected_graph(two_mode, orgs)
    graph.graph["network"] = "organisation"
    for n in orgs:  # an organisation is illustrative by itself or by its edges (below)
        graph.nodes[n].clear()
        graph.nodes[n].update(node_attributes(org_node(records, n)))
    for u, v, data in graph.edges(data=True):
        shared = sorted(set(two_mode[u]) & set(two_mode[v]))
        counts: Counter[str] = Counter()
        parts: dict[str, Fraction] = {}
        for event in shared:
            kind = two_mode.nodes[event]["kind"]
            counts[kind] += 1
            parts[kind] = parts.get(kind, Fraction(0)) + Fraction(1, two_mode.degree(event) - 1)
        exact = sum(parts.values(), Fraction(0))
        if not math.isclose(float(exact), data["weight"], rel_tol=1e-9):  # pragma: no cover
            raise AssertionError(f"{u} – {v}: weight {data['weight']} is not {exact}")
        illustrative = any(two_mode.nodes[e]["illustrative"] for e in shared)
        data.clear()
        data.update(
            relations={r: counts[r] for r in RELATIONS if counts[r]},
            relation_weights={r: float(parts[r]) for r in RELATIONS if r in parts},
            weight=float(exact),
            evidence=shared,
            themes=sorted({t for e in shared for t in two_mode.nodes[e]["themes"]}),
            illustrative=illustrative,
        )
        if illustrative:
            graph.nodes[u]["illustrative"] = graph.nodes[v]["illustrative"] = True
    return graph
