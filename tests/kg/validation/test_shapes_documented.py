"""Every shape documents itself: name, description and message in fi, sv and en, a
severity; every SPARQL constraint's own message in the three languages, naming the same
things."""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, SH

from kg.validation.shapes import load_shapes_graph

LANGS = ["en", "fi", "sv"]


def test_every_shape_has_texts_in_fi_sv_and_en_and_a_severity() -> None:
    graph = load_shapes_graph()
    shapes = (
        set(graph.subjects(RDF.type, SH.NodeShape))
        | set(graph.objects(None, SH.property))
        | set(graph.subjects(RDF.type, SH.PropertyShape))
    )
    assert len(shapes) > 40
    problems = []
    for shape in shapes:
        for predicate in (SH.name, SH.description, SH.message):
            langs = sorted(
                str(o.language) for o in graph.objects(shape, predicate) if isinstance(o, Literal)
            )
            if langs != LANGS:
                problems.append((str(shape), str(predicate), langs))
        if graph.value(shape, SH.severity) not in (SH.Violation, SH.Warning, SH.Info):
            problems.append((str(shape), "severity", None))
    assert problems == []


def test_every_sparql_message_is_in_fi_sv_and_en_with_the_names_it_selects() -> None:
    graph = load_shapes_graph()
    constraints = list(graph.objects(None, SH.sparql))
    assert constraints
    problems = []
    for constraint in constraints:
        messages = [m for m in graph.objects(constraint, SH.message) if isinstance(m, Literal)]
        if not messages:
            continue  # the shape's own message is used (checked above)
        if sorted(str(m.language) for m in messages) != LANGS:
            problems.append((str(constraint), sorted(str(m.language) for m in messages)))
        select = str(graph.value(constraint, SH.select))
        projected = set(re.findall(r"\?(\w+)", select.split("WHERE", 1)[0]))
        used = [set(re.findall(r"\{\?(\w+)\}", str(m))) for m in messages]
        if any(u - projected for u in used):  # every placeholder is selected
            problems.append((str(constraint), [sorted(u - projected) for u in used]))
        if len({len(u) for u in used}) > 1:  # each language names as many things
            problems.append((str(constraint), "placeholders differ by language"))
    assert problems == []
