"""Every shape documents itself: name, description and message in fi and en, a severity."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, SH

from kg.validation.shapes import load_shapes_graph


def test_every_shape_has_texts_in_fi_and_en_and_a_severity() -> None:
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
            if langs != ["en", "fi"]:
                problems.append((str(shape), str(predicate), langs))
        if graph.value(shape, SH.severity) not in (SH.Violation, SH.Warning, SH.Info):
            problems.append((str(shape), "severity", None))
    assert problems == []
