"""Projections of the graph to NetworkX: organisations, organisations × events,
organisations × themes, dual roles.

Every projection reads the graph once (:func:`kg.network.records.read_records`, a few
SELECTs), keeps the evidence the filters allow (:mod:`kg.network.evidence`) and builds an
undirected ``networkx.Graph`` with this contract (the views depend on it):

* node key: the entity IRI; node attributes ``kind`` (``municipality``, ``county`` (the 21
  counties and the City of Helsinki as organiser), ``regional-council``,
  ``employment-authority``, ``kela``, ``organisation``, ``theme``, ``person``, or for an
  event node of the organisation–event network its relation: ``agreement``,
  ``negotiation``, ``forum``, ``interface``, ``dual-role``), ``label_fi``, ``label_sv``,
  ``label_en`` (falling back to another language, then the code), ``code`` (official
  code, notation or identifier, or ""), ``county`` (county code or None),
  ``illustrative`` (``yp:illustrative`` on the node or on any evidence of its edges), and
  ``themes_in_scope`` (the theme codes in scope of a municipality's county, else []);
  the two-mode networks mark their sides with ``bipartite`` (0 for organisations);
* edge attributes ``relations`` (count per relation type), ``weight``, ``evidence`` (the
  sorted IRIs of the agreements, events, forums, interfaces and dual roles behind the
  edge), ``themes`` (sorted codes of the themes the evidence is about) and
  ``illustrative``. In the organisation network ``weight`` is Newman's collaboration
  weight and ``relation_weights`` splits it per relation (:mod:`kg.network.collaboration`);
  in the two-mode networks it is the number of pieces of evidence;
* ``graph.graph["filters"]``: the filters used (:meth:`Filters.as_dict`);
  ``graph.graph["network"]``: ``organisation``, ``organisation-event``,
  ``organisation-theme`` or ``dual-role``.

The networks:

* ``organisation``: organisations joined by the events they share, weighted
  (:func:`kg.network.collaboration.organisation_network`);
* ``organisation-event``: organisations and the events they attend, two-mode
  (:func:`kg.network.collaboration.organisation_event_network`);
* ``organisation-theme``: organisations and the themes they own or cooperate on;
* ``dual-role``: elected officials and the organisations whose bodies they sit in.
"""

from __future__ import annotations

from typing import Unpack

import networkx as nx

from kg.network.collaboration import organisation_event_network, organisation_network
from kg.network.evidence import (
    EdgeEvidence,
    add_edges,
    core,
    kept,
    new_graph,
    node_attributes,
    org_node,
)
from kg.network.filters import FilterArgs, resolve
from kg.network.records import RELATIONS, read_records
from kg.store import Store

__all__ = [
    "RELATIONS",
    "dual_role_network",
    "organisation_event_network",
    "organisation_network",
    "organisation_theme_network",
]


def organisation_theme_network(store: Store, **filters: Unpack[FilterArgs]) -> nx.Graph:
    """The bipartite network of organisations (``bipartite=0``) and themes (``bipartite=1``).

    An organisation is joined to a theme when it owns the theme through a responsible post
    (relation ``interface``, counted per interface; the post's organisation and the side
    it acts for), or is a party, participant or member of an agreement, event or forum
    about the theme (``agreement``, ``negotiation``, ``forum``). Dual roles have no theme.
    """
    records = read_records(store)
    f = resolve(records, **filters)
    in_scope = core(records, f)
    code_iri = {t.code: t.iri for t in records.themes.values()}
    edges: dict[tuple[str, str], EdgeEvidence] = {}
    for ev in kept(records, f, in_scope, with_self_interfaces=True):
        for code in sorted(ev.themes):
            if f.theme is not None and code != f.theme:
                continue
            for org in sorted(ev.orgs):
                edges.setdefault((org, code_iri[code]), EdgeEvidence()).add(ev, [code])
    graph = new_graph("organisation-theme", f)
    orgs = in_scope | {org for org, _ in edges}
    for iri in sorted(orgs):
        graph.add_node(iri, bipartite=0, **node_attributes(org_node(records, iri)))
    for t in sorted(records.themes.values(), key=lambda t: t.iri):
        if f.theme is None or t.code == f.theme:
            graph.add_node(t.iri, bipartite=1, **node_attributes(t))
    add_edges(graph, edges)
    return graph


def dual_role_network(store: Store, **filters: Unpack[FilterArgs]) -> nx.Graph:
    """Elected officials (``person``, ``bipartite=1``) joined to the organisations whose
    bodies they sit in (``bipartite=0``): the bridges dual roles make.

    Only organisations and people with a kept dual role are nodes. Dual roles have no
    theme, so a theme filter, or relations without ``dual-role``, leave no edges.
    """
    records = read_records(store)
    f = resolve(records, **filters)
    in_scope = core(records, f)
    edges: dict[tuple[str, str], EdgeEvidence] = {}
    for ev in kept(records, f, in_scope, with_self_interfaces=False):
        if ev.relation == "dual-role" and ev.person is not None:
            for org in sorted(ev.orgs):
                edges.setdefault((org, ev.person), EdgeEvidence()).add(ev)
    graph = new_graph("dual-role", f)
    for org in sorted({org for org, _ in edges}):
        graph.add_node(org, bipartite=0, **node_attributes(org_node(records, org)))
    for person in sorted({p for _, p in edges}):
        node = records.persons[person]
        counties = {
            records.orgs[o].county
            for o, p in edges
            if p == person and o in records.orgs and records.orgs[o].kind == "county"
        }
        node.county = next(iter(counties)) if len(counties) == 1 else None
        graph.add_node(person, bipartite=1, **node_attributes(node))
    add_edges(graph, edges)
    return graph
