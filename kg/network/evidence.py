"""The evidence a projection keeps, and the node and edge attributes every projection shares.

Which evidence a filter keeps: ``county`` keeps evidence that involves the county's
organiser or one of its municipalities or that ``yp:concernsCounty`` it; ``theme`` keeps
agreements, events and forums ``yp:aboutTheme`` the theme and the interfaces of the theme
(dual roles have no theme and are dropped); ``relations`` keeps those relation types;
``as_of``/``term`` select a period (see :mod:`kg.network.filters`). The organisations in
scope (the county's organiser and its municipalities, or all organisers and mainland
municipalities without a county filter) are nodes even without edges, so that a
municipality with no recorded cooperation shows as an isolate.

Each piece of evidence has a name in fi, sv and en (an event node's label in the
organisation–event network): an agreement's or forum's title or preferred label, else the
name of its most specific class and its date (a negotiation: "yhteistyöneuvottelu
2023-05-15"); an interface is named by its theme and municipality, a dual role by the
elected official.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.messages import Texts
from kg.network.filters import Filters, Window
from kg.network.records import (
    CLASS_ORDER,
    LANGS,
    RELATIONS,
    GraphRecords,
    Interface,
    Node,
    Record,
)


@dataclass
class Evidence:
    """One agreement, event, forum, interface or dual role kept by the filters."""

    iri: str
    relation: str
    orgs: set[str]
    themes: set[str]  # theme codes
    illustrative: bool
    person: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # language -> name
    start: str | None = None  # ISO dates: validity, or an event's day
    end: str | None = None
    code: str = ""  # its identifier, if it has one
    concerns: set[str] = field(default_factory=set)  # organiser IRIs (yp:concernsCounty)
    pages: list[str] = field(default_factory=list)  # the public pages it was read from


@dataclass
class EdgeEvidence:
    """What one edge of a projection rests on."""

    relations: Counter[str] = field(default_factory=Counter)
    evidence: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    illustrative: bool = False

    def add(self, ev: Evidence, themes: Iterable[str] | None = None) -> None:
        if ev.iri not in self.evidence:
            self.relations[ev.relation] += 1
            self.evidence.add(ev.iri)
        self.themes.update(ev.themes if themes is None else themes)
        self.illustrative = self.illustrative or ev.illustrative


def new_graph(network: str, f: Filters) -> nx.Graph:
    graph = nx.Graph()
    graph.graph["network"] = network
    graph.graph["filters"] = f.as_dict()
    return graph


def core(records: GraphRecords, f: Filters) -> set[str]:
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


def kept(
    records: GraphRecords, f: Filters, in_scope: set[str], *, with_self_interfaces: bool
) -> list[Evidence]:
    """The evidence the filters keep, named."""
    found = []
    for r in records.records:
        if r.relation not in f.relations:
            continue
        if r.relation == "negotiation":
            if not f.window.event(r.validity.start):
                continue
        elif not f.window.valid(r.validity):
            continue
        themes = {records.themes[t].code for t in r.themes if t in records.themes}
        if f.theme is not None and f.theme not in themes:
            continue
        if f.organiser is not None and not (r.orgs & in_scope or f.organiser in r.concerns):
            continue
        found.append(
            Evidence(
                r.iri,
                r.relation,
                set(r.orgs),
                themes,
                r.illustrative,
                r.person,
                labels=_record_labels(records, r),
                start=_iso(r.validity.start),
                end=_iso(r.validity.end),
                code=r.identifier,
                concerns=set(r.concerns),
                pages=sorted({c.url for c in r.citations if c.url}),
            )
        )
    if "interface" not in f.relations:
        return found
    for i in records.interfaces:
        if f.theme_iri is not None and i.theme != f.theme_iri:
            continue
        if f.organiser is not None and i.municipality not in in_scope:
            continue
        theme = records.themes[i.theme].code if i.theme in records.themes else i.theme
        labels = _interface_labels(records, i)
        if with_self_interfaces:  # who owns the theme: every current owner, either side
            for owner in i.owners.values():
                if f.window.valid(owner.validity):
                    found.append(
                        Evidence(
                            i.iri,
                            "interface",
                            owner.holders,
                            {theme},
                            owner.illustrative,
                            labels=labels,
                        )
                    )
        elif i.municipality != i.organiser and _both_sides(i, f.window):
            # Helsinki, its own organiser, has no pair of organisations at an interface
            flag = any(o.illustrative for o in i.owners.values())
            pair = {i.municipality, i.organiser}
            found.append(
                Evidence(
                    i.iri, "interface", pair, {theme}, flag, labels=labels, concerns={i.organiser}
                )
            )
    return found


def _record_labels(records: GraphRecords, r: Record) -> dict[str, str]:
    """A record's title, else its most specific class's name (else its relation's) and
    date; a dual role is named by its holder."""
    if r.relation == "dual-role" and r.person in records.persons:
        person = records.persons[r.person]
        return {lang: person.label(lang) for lang in LANGS}
    named = Node(r.iri, r.relation, dict(r.titles))
    if r.titles:
        return {lang: named.label(lang) for lang in LANGS}
    kind = next((c for c in CLASS_ORDER if c in r.classes), None)
    by_class = Node(kind or "", r.relation, dict(records.class_labels.get(kind or "", {})))
    relation_words = Texts(f"network.relation.{r.relation}")
    day = f" {r.validity.start.isoformat()}" if r.validity.start else ""
    return {
        lang: (by_class.label(lang) if by_class.labels else relation_words[lang]) + day
        for lang in LANGS
    }


def _interface_labels(records: GraphRecords, i: Interface) -> dict[str, str]:
    theme = records.themes.get(i.theme) or Node(i.theme, "theme")
    municipality = org_node(records, i.municipality)
    return {lang: f"{theme.label(lang)} – {municipality.label(lang)}" for lang in LANGS}


def _both_sides(interface: Interface, window: Window) -> bool:
    """Whether on some day in the window both sides had a responsible owner."""
    owners = interface.owners.values()
    return any(
        window.valid(m.validity, c.validity)
        for m in owners
        if m.side == "municipality"
        for c in owners
        if c.side == "county"
    )


def org_node(records: GraphRecords, iri: str) -> Node:
    return records.orgs.get(iri) or Node(iri, "organisation")


def node_attributes(node: Node) -> dict[str, object]:
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


def add_edges(graph: nx.Graph, edges: dict[tuple[str, str], EdgeEvidence]) -> None:
    """Edges weighted by how many pieces of evidence join the two (per relation type)."""
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


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
