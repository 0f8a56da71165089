"""Running the shapes: fast (compiled SPARQL on the engine) or by pySHACL (the reference).

Both give the same :class:`Result` records. The date the data is judged for (``as_of``) is
given to the shapes as data: a ``yp:ValidationContext`` node with ``yp:asOf`` and
``yp:staleBefore`` (twelve months earlier), added to a private copy of the graph, never to
the store that serves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.namespaces import YP
from kg.store import Store
from kg.validation.compile import Check, compile_shapes
from kg.validation.shapes import SHAPES_DIR, load_shapes_graph, path_text, read_shapes

CONTEXT_GRAPH = "urn:x-yhdyspinta:validation-context"
_VAR = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class Result:
    focus: str
    path: str | None
    component: str
    severity: str
    shape: str
    value: str | None = None
    messages: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        """What both engines must agree on: focus node, path, component, severity."""
        return (self.focus, self.path, self.component, self.severity)


def stale_before(as_of: dt.date) -> dt.date:
    """Twelve months before ``as_of`` (29 February falls back to the 28th)."""
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:
        return as_of.replace(year=as_of.year - 1, day=28)


def context_triples(as_of: dt.date) -> list[tuple[BNode, URIRef, Literal | URIRef]]:
    ctx = BNode("validationContext")
    return [
        (ctx, RDF.type, YP.ValidationContext),
        (ctx, YP.asOf, Literal(as_of.isoformat(), datatype=XSD.date)),
        (ctx, YP.staleBefore, Literal(stale_before(as_of).isoformat(), datatype=XSD.date)),
    ]


def default_checks(shapes_dir: Path = SHAPES_DIR) -> list[Check]:
    return compile_shapes(read_shapes(load_shapes_graph(shapes_dir)))


def validate(
    store: Store, *, as_of: dt.date, checks: list[Check] | None = None, copy: bool = True
) -> list[Result]:
    """The fast engine: every compiled check as one query over a copy of the store (or,
    without ``copy``, over ``store`` itself, which gets the day's context graph: for a
    store in memory that is thrown away after, such as a publish's candidate)."""
    if copy:
        work = Store()
        work.load_dataset(store)
    else:
        work = store
    context = [
        ox.Quad(
            ox.BlankNode("validationContext"),
            ox.NamedNode(str(p)),
            _ox(o),
            ox.NamedNode(CONTEXT_GRAPH),
        )
        for _, p, o in context_triples(as_of)
    ]
    work.load_quads(context)
    try:
        return _run_checks(work, checks if checks is not None else default_checks())
    finally:
        if not copy:  # the store is given back as it came
            work.remove_quads(
                q2
                for q in context
                for q2 in (q, ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
            )


def _run_checks(work: Store, checks: list[Check]) -> list[Result]:
    """Every check as one query; two at a time (the engine answers queries in parallel
    outside Python's lock, and a few checks take most of the time)."""
    with ThreadPoolExecutor(2) as pool:
        found = pool.map(lambda check: _run_check(work, check), checks)
        results = {r for rs in found for r in rs}
    return sorted(results, key=_order)


def _run_check(work: Store, check: Check) -> list[Result]:
    solutions = work.query(check.query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    out = []
    for row in solutions:
        values = {n: row[n] for n in names if row[n] is not None}
        path = _text(values.get("path")) if "path" in values else check.path
        out.append(
            Result(
                focus=_text(values["this"]) or "",
                path=path,
                component=check.component,
                severity=check.severity,
                shape=check.shape,
                value=_text(values.get("value")),
                messages={lang: _fill(text, values) for lang, text in check.messages.items()},
            )
        )
    return out


def validate_pyshacl(
    store: Store,
    *,
    as_of: dt.date,
    shapes_dir: Path = SHAPES_DIR,
    shapes: Graph | None = None,
) -> list[Result]:
    """The reference engine: pySHACL over the union of the store's graphs, checked against
    ``shapes`` (a shapes graph already read), else the shapes in ``shapes_dir``."""
    import pyshacl

    data = Graph()
    data.parse(
        data=b"".join(f"{q.subject} {q.predicate} {q.object} .\n".encode() for q in store.quads()),
        format="nt",
    )
    for triple in context_triples(as_of):
        data.add(triple)
    if shapes is None:
        shapes = load_shapes_graph(shapes_dir)
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    assert isinstance(report, Graph)
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        path_node = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        results.append(
            Result(
                focus=str(report.value(node, SH.focusNode)),
                path=None if path_node is None else path_text(report, path_node, node),
                component=str(report.value(node, SH.sourceConstraintComponent)),
                severity=str(report.value(node, SH.resultSeverity)),
                shape=str(report.value(node, SH.sourceShape)),
                value=None if value is None else str(value),
                messages={
                    str(m.language): str(m)
                    for m in report.objects(node, SH.resultMessage)
                    if isinstance(m, Literal) and m.language
                },
            )
        )
    return sorted(set(results), key=_order)


def keys(results: Iterable[Result]) -> set[tuple[str, str | None, str, str]]:
    return {r.key for r in results}


def _order(r: Result) -> tuple[str, str, str, str, str]:
    return (r.severity, r.focus, r.component, r.path or "", r.value or "")


def _text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)


def _fill(template: str, values: dict[str, object]) -> str:
    return _VAR.sub(lambda m: _text(values.get(m.group(1))) or m.group(0), template)


def _ox(term: Literal | URIRef) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
