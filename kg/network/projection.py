"""Projections of the graph to NetworkX: organisations, organisations × themes, dual roles.

Every projection reads the graph once (:func:`kg.network.records.read_records`, a few
SELECTs), keeps the evidence the filters allow and builds an undirected ``networkx.Graph``
with this contract (the views depend on it):

* node key: the entity IRI; node attributes ``kind`` (``municipality``, ``county`` (the 21
  counties and the City of Helsinki as organiser), ``regional-council``,
  ``employment-authority``, ``kela``, ``organisation``, ``theme`` or ``person``),
  ``label_fi``, ``label_sv``, ``label_en`` (falling back to another language, then the
  code), ``code`` (official code or notation, or ""), ``county`` (county code or None),
  ``illustrative`` (``yp:illustrative`` on the node or on any evidence of its edges), and
  ``themes_in_scope`` (the theme codes in scope of a municipality's county, else []);
* edge attributes ``relations`` (count per relation type), ``weight`` (their sum),
  ``evidence`` (the sorted IRIs of the agreements, events, forums, interfaces and dual roles
  behind the edge), ``themes`` (sorted codes of the themes the evidence is about) and
  ``illustrative``;
* ``graph.graph["filters"]``: the filters used (:meth:`Filters.as_dict`);
  ``graph.graph["network"]``: ``organisation``, ``organisation-theme`` or ``dual-role``.

Which evidence a filter keeps: ``county`` keeps evidence that involves the county's
organiser or one of its municipalities or that ``yp:concernsCounty`` it; ``theme`` keeps
agreements, events and forums ``yp:aboutTheme`` the theme and the interfaces of the theme
(dual roles have no theme and are dropped); ``relations`` keeps those relation types;
``as_of``/``term`` select a period (see :mod:`kg.network.filters`). The organisations in
scope (the county's organiser and its municipalities, or all organisers and mainland
municipalities without a county filter) are nodes even without edges, so that a
municipality with no recorded cooperation shows as an isolate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from kg.network.filters import Filters, Window, resolve
from kg.network.records import RELATIONS, GraphRecords, Interface, Node, read_records
from kg.store import Store

__all__ = [
    "RELATIONS",
    "dual_role_network",
    "organisation_network",
    "organisation_theme_network",
]


@dataclass
class _Evidence:
    """One agreement, event, forum, interface or dual role kept by the filters."""

    iri: str
    relation: str
    orgs: set[str]
    themes: set[str]  # theme codes
    illustrative: bool
    person: str | None = None


@dataclass
class _Edge:
    relations: Counter[str] = field(default_factory=Counter)
    evidence: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    illustrative: bool = False

    def add(self, ev: _Evidence, themes: Iterable[str] | None = None) -> None:
        if ev.iri not in self.evidence:
            self.relations[ev.relation] += 1
            self.evidence.add(ev.iri)
        self.themes.update(ev.themes if themes is None else themes)
        self.illustrative = self.illustrative or ev.illustrative


def organisation_network(
    store: Store,
    *,
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    term: str | None = None,
) -> nx.Graph:
    """Organisations joined by the agreements, events, forums, interfaces and dual roles
    they share; an edge counts each piece of evidence once per relation type."""
    records = read_records(store)
    f = resolve(records, county=county, theme=theme, relations=relations, as_of=as_of, term=term)
    core = _core(records, f)
    edges: dict[tuple[str, str], _Edge] = {}
    for ev in _kept(records, f, core, with_self_interfaces=False):
        for u, v in combinations(sorted(ev.orgs), 2):
            edges.setdefault((u, v), _Edge()).add(ev)
    graph = _graph("organisation", f)
    for iri in sorted(core | {n for pair in edges for n in pair}):
        graph.add_node(iri, **_attributes(_org(records, iri)))
    _add_edges(graph, edges)
    return graph


def organisation_theme_network(
    store: Store,
    *,
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    term: str | None = None,
) -> nx.Graph:
    """The bipartite network of organisations (``bipartite=0``) and themes (``bipartite=1``).

    An organisation is joined to a theme when it owns the theme through a responsible post
    (relation ``interface``, counted per interface; the post's organisation and the side
    it acts for), or is a party, participant or member of an agreement, event or forum
    about the theme (``agreement``, ``negotiation``, ``forum``). Dual roles have no theme.
    """
    records = read_records(store)
    f = resolve(records, county=county, theme=theme, relations=relations, as_of=as_of, term=term)
    core = _core(records, f)
    code_iri = {t.code: t.iri for t in records.themes.values()}
    edges: dict[tuple[str, str], _Edge] = {}
    for ev in _kept(records, f, core, with_self_interfaces=True):
        for code in sorted(ev.themes):
            if f.theme is not None and code != f.theme:
                continue
            for org in sorted(ev.orgs):
                edges.setdefault((org, code_iri[code]), _Edge()).add(ev, [code])
    graph = _graph("organisation-theme", f)
    orgs = core | {org for org, _ in edges}
    for iri in sorted(orgs):
        graph.add_node(iri, bipartite=0, **_attributes(_org(records, iri)))
    for t in sorted(records.themes.values(), key=lambda t: t.iri):
        if f.theme is None or t.code == f.theme:
            graph.add_node(t.iri, bipartite=1, **_attributes(t))
    _add_edges(graph, edges)
    return graph


def dual_role_network(
    store: Store,
    *,
    county: str | None = None,
    theme: str | None = None,
    relations: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    term: str | None = None,
) -> nx.Graph:
    """Elected officials (``person``, ``bipartite=1``) joined to the organisations whose
    bodies they sit in (``bipartite=0``): the bridges dual roles make.

    Only organisations and people with a kept dual role are nodes. Dual roles have no
    theme, so a theme filter, or relations without ``dual-role``, leave no edges.
    """
    records = read_records(store)
    f = resolve(records, county=county, theme=theme, relations=relations, as_of=as_of, term=term)
    core = _core(records, f)
    edges: dict[tuple[str, str], _Edge] = {}
    for ev in _kept(records, f, core, with_self_interfaces=False):
        if ev.relation == "dual-role" and ev.person is not None:
            for org in sorted(ev.orgs):
                edges.setdefault((org, ev.person), _Edge()).add(ev)
    graph = _graph("dual-role", f)
    for org in sorted({org for org, _ in edges}):
        graph.add_node(org, bipartite=0, **_attributes(_org(records, org)))
    for person in sorted({p for _, p in edges}):
        node = records.persons[person]
        counties = {
            records.orgs[o].county
            for o, p in edges
            if p == person and o in records.orgs and records.orgs[o].kind == "county"
        }
        node.county = next(iter(counties)) if len(counties) == 1 else None
        graph.add_node(person, bipartite=1, **_attributes(node))
    _add_edges(graph, edges)
    return graph


def _graph(network: str, f: Filters) -> nx.Graph:
    graph = nx.Graph()
    graph.graph["network"] = network
    graph.graph["filters"] = f.as_dict()
    return graph


def _core(records: GraphRecords, f: Filters) -> set[str]:
    """The organisations in scope: nodes even without edges."""
    if f.organiser is not None:
        return {f.organiser} | {
            o.iri
            for o in records.orgs.values()
            if o.kind == "municipality" and o.county == f.county
        }
    return {
        o.iri
        for o in records.orgs.values()
        if o.kind == "county" or (o.kind == "municipality" and o.county is not None)
    }


def _kept(
    records: GraphRecords, f: Filters, core: set[str], *, with_self_interfaces: bool
) -> list[_Evidence]:
    """The evidence the filters keep."""
    kept = []
    for r in records.records:
        if r.relation not in f.relations:
            continue
        if r.relation == "negotiation":
            if not f.window.event(r.start):
                continue
        elif not f.window.valid((r.start, r.end)):
            continue
        themes = {records.themes[t].code for t in r.themes if t in records.themes}
        if f.theme is not None and f.theme not in themes:
            continue
        if f.organiser is not None and not (r.orgs & core or f.organiser in r.concerns):
            continue
        kept.append(_Evidence(r.iri, r.relation, set(r.orgs), themes, r.illustrative, r.person))
    if "interface" not in f.relations:
        return kept
    for i in records.interfaces:
        if f.theme_iri is not None and i.theme != f.theme_iri:
            continue
        if f.organiser is not None and i.municipality not in core:
            continue
        theme = records.themes[i.theme].code if i.theme in records.themes else i.theme
        if with_self_interfaces:  # who owns the theme: every current owner, either side
            for owner in i.owners.values():
                if f.window.valid((owner.start, owner.end)):
                    kept.append(
                        _Evidence(i.iri, "interface", owner.holders, {theme}, owner.illustrative)
                    )
        elif i.municipality != i.organiser and _both_sides(i, f.window):
            # Helsinki, its own organiser, has no pair of organisations at an interface
            flag = any(o.illustrative for o in i.owners.values())
            kept.append(_Evidence(i.iri, "interface", {i.municipality, i.organiser}, {theme}, flag))
    return kept


def _both_sides(interface: Interface, window: Window) -> bool:
    """Whether on some day in the window both sides had a responsible owner."""
    owners = interface.owners.values()
    return any(
        window.valid((m.start, m.end), (c.start, c.end))
        for m in owners
        if m.side == "municipality"
        for c in owners
        if c.side == "county"
    )


def _org(records: GraphRecords, iri: str) -> Node:
    return records.orgs.get(iri) or Node(iri, "organisation")


def _attributes(node: Node) -> dict[str, object]:
    return {
        "kind": node.kind,
        "label_fi": node.label("fi"),
        "label_sv": node.label("sv"),
        "label_en": node.label("en"),
        "code": node.code,
        "county": node.county,
        "illustrative": node.illustrative,
        "themes_in_scope": sorted(node.themes_in_scope),
    }


def _add_edges(graph: nx.Graph, edges: dict[tuple[str, str], _Edge]) -> None:
    for (u, v), e in sorted(edges.items()):
        relations = {r: e.relations[r] for r in RELATIONS if e.relations[r]}
        graph.add_edge(
            u,
            v,
            relations=relations,
            weight=sum(relations.values()),
            evidence=sorted(e.evidence),
            themes=sorted(e.themes),
            illustrative=e.illustrative,
        )
        if e.illustrative:
            graph.nodes[u]["illustrative"] = graph.nodes[v]["illustrative"] = True
