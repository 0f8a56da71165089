"""The shapes files as a model the compiler reads.

Only what the fast engine needs is modelled; anything a shape uses that the compiler does
not know raises :class:`UnsupportedShape` naming the shape and the term, so a new kind of
constraint is never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.config import PACKAGED_SHAPES

SHAPES_DIR = PACKAGED_SHAPES  # the default of Settings.shapes_dir
TEXTS = {SH.name, SH.description, SH.message}
CONSTRAINTS = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.pattern,
    SH.flags,
    SH["class"],
    SH["in"],
    SH.uniqueLang,
    SH.lessThanOrEquals,
    SH.minInclusive,
    SH.maxInclusive,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.hasValue,
}
STRUCTURE = {
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.property,
    SH.path,
    SH.severity,
    SH.sparql,
    SH.deactivated,
}
KNOWN = CONSTRAINTS | STRUCTURE | TEXTS

Value = Node | list[Node]


class UnsupportedShape(ValueError):
    """A shape uses SHACL the fast engine does not compile."""


@dataclass
class Texts:
    name: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    message: dict[str, str] = field(default_factory=dict)


@dataclass
class Sparql:
    select: str
    messages: dict[str, str]


@dataclass
class Nested:
    """A shape used as sh:qualifiedValueShape: values it requires, SPARQL it must pass,
    or (for a language check) the languages its values must be in."""

    has_values: list[tuple[str, Node]] = field(default_factory=list)  # (path, value)
    sparql: list[Sparql] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class PropertyShape:
    node: Node
    label: str  # the shape's IRI, or its node shape's IRI + path for a blank node
    path: str  # as SPARQL property path text
    severity: URIRef
    texts: Texts
    constraints: dict[Node, Value]
    nested: Nested | None
    sparql: list[Sparql]


@dataclass
class NodeShape:
    iri: URIRef
    targets: list[tuple[URIRef, URIRef]]  # (sh:targetClass | sh:targetSubjectsOf, term)
    severity: URIRef
    texts: Texts
    properties: list[PropertyShape]
    sparql: list[Sparql]


def load_shapes_graph(directory: Path = SHAPES_DIR) -> Graph:
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        graph.parse(path)
    return graph


def read_shapes(graph: Graph) -> list[NodeShape]:
    """Every targeted node shape (shapes without targets are read where they are used)."""
    shapes = []
    for iri in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(iri, URIRef):
            raise UnsupportedShape(f"node shapes must be IRIs: {iri}")
        if graph.value(iri, SH.deactivated) == Literal(True):
            continue
        targets = [
            (kind, t)
            for kind in (SH.targetClass, SH.targetSubjectsOf)
            for t in graph.objects(iri, kind)
            if isinstance(t, URIRef)
        ]
        if not targets:
            continue
        _check_known(graph, iri)
        properties = [_property(graph, iri, p) for p in graph.objects(iri, SH.property)]
        shapes.append(
            NodeShape(
                iri,
                targets,
                _severity(graph, iri),
                texts_of(graph, iri),
                properties,
                _sparql(graph, iri),
            )
        )
    return shapes


def _property(graph: Graph, parent: URIRef, node: Node) -> PropertyShape:
    _check_known(graph, node)
    path = path_text(graph, graph.value(node, SH.path), node)
    constraints: dict[Node, Value] = {}
    nested = None
    for predicate, value in graph.predicate_objects(node):
        if predicate == SH["in"]:
            constraints[predicate] = list(Collection(graph, value))
        elif predicate == SH.qualifiedValueShape:
            nested = _nested(graph, value)
        elif predicate in CONSTRAINTS:
            constraints[predicate] = value
    label = str(node) if isinstance(node, URIRef) else f"{parent} {path}"
    return PropertyShape(
        node,
        label,
        path,
        _severity(graph, node),
        texts_of(graph, node),
        constraints,
        nested,
        _sparql(graph, node),
    )


def _nested(graph: Graph, shape: Node) -> Nested:
    _check_known(graph, shape)
    languages = graph.value(shape, SH.languageIn)
    if languages is not None:
        return Nested(languages=[str(lang) for lang in Collection(graph, languages)])
    nested = Nested(sparql=_sparql(graph, shape))
    for prop in graph.objects(shape, SH.property):
        value = graph.value(prop, SH.hasValue)
        others = set(graph.predicates(prop)) - TEXTS - {RDF.type, SH.path, SH.hasValue, SH.severity}
        if value is None or others:
            raise UnsupportedShape(f"{shape}: nested property shapes may only use sh:hasValue")
        nested.has_values.append((path_text(graph, graph.value(prop, SH.path), prop), value))
    return nested


def path_text(graph: Graph, path: Node | None, shape: Node) -> str:
    """A SHACL path as SPARQL property-path text (IRI, inverse or sequence)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode):
        inverse = graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return f"^<{inverse}>"
        if graph.value(path, RDF.first) is not None:
            return "/".join(path_text(graph, step, shape) for step in Collection(graph, path))
    raise UnsupportedShape(f"{shape}: path {path!r} is not an IRI, inverse or sequence path")


def _check_known(graph: Graph, node: Node) -> None:
    for predicate in graph.predicates(node):
        if predicate not in KNOWN | {SH.languageIn}:
            raise UnsupportedShape(f"{node}: {predicate} is not compiled by the fast engine")


def _severity(graph: Graph, node: Node) -> URIRef:
    value = graph.value(node, SH.severity)
    return value if isinstance(value, URIRef) else SH.Violation


def texts_of(graph: Graph, node: Node) -> Texts:
    """``sh:name``, ``sh:description`` and ``sh:message`` of a shape, by language."""
    texts = Texts()
    for predicate, target in (
        (SH.name, texts.name),
        (SH.description, texts.description),
        (SH.message, texts.message),
    ):
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and value.language:
                target[value.language] = str(value)
    return texts


def _sparql(graph: Graph, node: Node) -> list[Sparql]:
    out = []
    for constraint in graph.objects(node, SH.sparql):
        select = graph.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"{node}: SPARQL constraints need sh:select")
        messages = {
            str(m.language): str(m)
            for m in graph.objects(constraint, SH.message)
            if isinstance(m, Literal) and m.language
        }
        out.append(Sparql(str(select), messages))
    return out
