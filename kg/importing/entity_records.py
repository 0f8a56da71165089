"""A graph read as records of entities: each entity of a kind (``entity_kinds``) with the
values of its fields, and the nodes its fields read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.importing.entity_kinds import KINDS, LINKS, EntityKind, Term
from kg.namespaces import RDF

Index = dict[Term, dict[str, list[Term]]]
Value = tuple[Term, ...]  # one value of a field (one term, or the terms of its parts)


@dataclass
class Record:
    iri: str
    fields: dict[str, frozenset[Value]]
    reached: set[Term] = field(default_factory=set, repr=False)  # nodes its fields read


def index(triples: Iterable[ox.Triple]) -> Index:
    out: Index = defaultdict(lambda: defaultdict(list))
    for t in triples:
        out[t.subject][t.predicate.value].append(t.object)
    return out


def touched(changed: set[ox.Triple], graphs: Iterable[Index]) -> set[Term]:
    """The subjects of the changed statements and every node that leads to one of them
    through LINKS: the only entities whose records can differ."""
    back: dict[Term, set[Term]] = defaultdict(set)
    for graph in graphs:
        for s, props in graph.items():
            for p in LINKS.intersection(props):
                for o in props[p]:
                    back[o].add(s)
    found: set[Term] = {t.subject for t in changed}
    frontier = set(found)
    while frontier:
        frontier = {s for o in frontier for s in back.get(o, ())} - found
        found |= frontier
    return found


def of_kind(graph: Index, among: set[Term]) -> dict[str, list[ox.NamedNode]]:
    """The entities among ``among`` by the kind their types make them."""
    kind_of: dict[Term, str] = {ox.NamedNode(t): kind.key for kind in KINDS for t in kind.types}
    rdf_type = str(RDF.type)
    out: dict[str, list[ox.NamedNode]] = defaultdict(list)
    for node in among:
        props = graph.get(node)
        if props is None or not isinstance(node, ox.NamedNode):
            continue
        kinds = {kind_of[t] for t in props.get(rdf_type, ()) if t in kind_of}
        for key in kinds:
            out[key].append(node)
    return out


def records(graph: Index, kind: EntityKind, entities: list[ox.NamedNode]) -> dict[str, Record]:
    """The ``entities`` (of ``kind``) in ``graph``, as records of their fields."""
    out = {}
    for entity in entities:
        record = Record(entity.value, {}, {entity})
        for f in kind.fields:
            if not f.path:
                record.fields[f.key] = frozenset({(ox.Literal(entity.value.rsplit("/", 1)[1]),)})
                continue
            nodes = _follow(graph, [entity], f.path, record.reached)
            values = [
                n
                for n in nodes
                if (f.lang is None or (isinstance(n, ox.Literal) and n.language == f.lang))
                and not (isinstance(n, ox.NamedNode) and n.value in f.leave_out)
            ]
            record.fields[f.key] = frozenset(
                tuple(
                    t
                    for path in f.parts
                    for t in sorted(_follow(graph, [n], path, record.reached), key=str)
                )
                if f.parts
                else (n,)
                for n in values
            )
        out[entity.value] = record
    return out


def _follow(
    graph: Index, nodes: list[Term], path: tuple[str, ...], reached: set[Term]
) -> list[Term]:
    for p in path:
        nodes = [o for n in nodes for o in graph.get(n, _NOTHING).get(p, ())]
        reached.update(n for n in nodes if not isinstance(n, ox.Literal))
    return nodes


_NOTHING: dict[str, list[Term]] = {}
