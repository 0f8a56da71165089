"""Rendering a validation report: text, JSON, CSV, self-contained HTML, and the standard
SHACL ``sh:ValidationReport`` in Turtle."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.spreadsheet_cells import SpreadsheetDictWriter
from kg.validation.engine import Result
from kg.validation.locate import Place
from kg.validation.report import (
    WORDS,
    Entry,
    Report,
    is_iri,
    pick,
)
from kg.web.render import Chrome
from kg.web.render import render as render_page

CSV_COLUMNS = [
    "severity",
    "county_code",
    "county",
    "municipality_code",
    "municipality",
    "theme_code",
    "theme",
    "label",
    "rule",
    "message",
    "value",
    "value_label",
    "focus",
    "path",
    "component",
    "shape",
]


def _heading(report: Report) -> str:
    words = WORDS[report.lang]
    scope = f"{report.county.name} ({report.county.code})" if report.county else words["all"]
    date = f", {words['as_of']} {report.as_of.isoformat()}" if report.as_of else ""
    return f"{words['title']}: {scope}{date}"


def _count_line(report: Report) -> str:
    words = WORDS[report.lang]
    parts = [f"{words[s + '+']}: {n}" for s, n in report.counts.items()]
    return "  ".join(parts) + f"  ({words['total']} {len(report.results)})"


def _place_text(place: Place | None, fallback: str) -> str:
    return fallback if place is None else f"{place.code} {place.name}"


def _value_text(entry: Entry) -> str | None:
    value = entry.result.value
    if value is None:
        return None
    return entry.value_label or value


def render_text(report: Report) -> str:
    """Plain text: heading, counts, then county → municipality → theme, one line per result."""
    words = WORDS[report.lang]
    lines = [_heading(report), _count_line(report)]
    if report.conforms:
        lines.append(words["conforms"])
    county: object = ()
    municipality: object = ()
    for group in report.groups:
        if group.county != county:
            county, municipality = group.county, ()
            lines += ["", f"== {_place_text(group.county, words['no_county'])} =="]
        if group.municipality != municipality:
            municipality = group.municipality
            if group.municipality is not None or group.county is not None:
                lines.append(f"  -- {_place_text(group.municipality, words['whole_county'])} --")
        indent = "    "
        if group.theme is not None:
            lines.append(f"    {group.theme.name} ({group.theme.code})")
            indent = "      "
        for e in group.entries:
            lines.append(f"{indent}[{words[e.severity]}] {e.label}: {e.rule}")
            lines.append(f"{indent}    {e.message}")
            value = _value_text(e)
            if value is not None:
                lines.append(f"{indent}    {words['value']}: {value}")
    return "\n".join(lines) + "\n"


def _place_json(place: Place | None) -> dict[str, str] | None:
    return None if place is None else {"code": place.code, "name": place.name, "iri": place.iri}


def render_json(report: Report) -> str:
    """A JSON object: counts first, then the groups, each with its results."""
    data = {
        "title": _heading(report),
        "lang": report.lang,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "county": _place_json(report.county),
        "conforms": report.conforms,
        "counts": report.counts,
        "total": len(report.results),
        "groups": [
            {
                "county": _place_json(g.county),
                "municipality": _place_json(g.municipality),
                "theme": _place_json(g.theme),
                "counts": g.counts(),
                "results": [
                    {
                        "severity": e.severity,
                        "label": e.label,
                        "rule": e.rule,
                        "description": e.description,
                        "message": e.message,
                        "value": e.result.value,
                        "value_label": e.value_label,
                        "focus": e.result.focus,
                        "path": e.result.path,
                        "component": e.result.component,
                        "shape": e.result.shape,
                    }
                    for e in g.entries
                ],
            }
            for g in report.groups
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: Report) -> str:
    """A header row, then one row per result (and county), in report order."""
    buf = io.StringIO()
    writer = SpreadsheetDictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in report.entries:
        loc = e.location
        writer.writerow(
            {
                "severity": e.severity,
                "county_code": loc.county.code if loc.county else "",
                "county": loc.county.name if loc.county else "",
                "municipality_code": loc.municipality.code if loc.municipality else "",
                "municipality": loc.municipality.name if loc.municipality else "",
                "theme_code": loc.theme.code if loc.theme else "",
                "theme": loc.theme.name if loc.theme else "",
                "label": e.label,
                "rule": e.rule,
                "message": e.message,
                "value": e.result.value or "",
                "value_label": e.value_label or "",
                "focus": e.result.focus,
                "path": e.result.path or "",
                "component": e.result.component,
                "shape": e.result.shape,
            }
        )
    return buf.getvalue()


@dataclass(frozen=True)
class Linked:
    """A text and the address it links to ("" for none: a blank node, a literal, a URN)."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class ResultRow:
    """One result in words: its severity (and the word for it), the focus node, the rule
    (its name and description), what to add or fix, and the value it is about."""

    severity: str
    severity_label: str
    focus: Linked
    rule: str
    description: str
    message: str
    value: Linked | None


@dataclass(frozen=True)
class ResultTable:
    """The results at one place; ``county``, ``municipality`` and ``theme`` are the
    headings to show before the table (None where the place is the one above)."""

    county: str | None
    municipality: str | None
    theme: str | None
    rows: tuple[ResultRow, ...]


@dataclass(frozen=True)
class ValidationView:
    """Everything the validation page shows: its title, the counts per severity (each
    ``(severity, its word, count)``) and their total, whether the data conforms, and the
    results by county, municipality and theme."""

    title: str
    counts: tuple[tuple[str, str, int], ...]
    total: int
    conforms: bool
    tables: tuple[ResultTable, ...]


def _linked(iri: str, text: str) -> Linked:
    linkable = is_iri(iri) and iri.startswith(("http://", "https://"))
    return Linked(text, iri if linkable else "")


def validation_view(report: Report) -> ValidationView:
    """The report's page in its language, in report order."""
    words = WORDS[report.lang]
    tables = []
    county: object = ()
    municipality: object = ()
    for group in report.groups:
        county_heading = municipality_heading = None
        if group.county != county:
            county, municipality = group.county, ()
            county_heading = _place_text(group.county, words["no_county"])
        if group.municipality != municipality:
            municipality = group.municipality
            if group.municipality is not None or group.county is not None:
                municipality_heading = _place_text(group.municipality, words["whole_county"])
        theme = group.theme
        rows = []
        for e in group.entries:
            value = _value_text(e)
            rows.append(
                ResultRow(
                    severity=e.severity,
                    severity_label=words.get(e.severity, e.severity),
                    focus=_linked(e.result.focus, e.label),
                    rule=e.rule,
                    description=e.description,
                    message=e.message,
                    value=None if value is None else _linked(e.result.value or "", value),
                )
            )
        tables.append(
            ResultTable(
                county_heading,
                municipality_heading,
                None if theme is None else f"{theme.name} ({theme.code})",
                tuple(rows),
            )
        )
    return ValidationView(
        title=_heading(report),
        counts=tuple((s, words.get(s + "+", s), n) for s, n in report.counts.items()),
        total=len(report.results),
        conforms=report.conforms,
        tables=tuple(tables),
    )


def render_html(report: Report, *, chrome: Chrome | None = None) -> str:
    """The report as an HTML page; without ``chrome`` a self-contained file (no external
    CSS, scripts or fonts). All text is escaped."""
    view = validation_view(report)
    return render_page("validation_report.html", report.lang, chrome=chrome, report=view)


def render_ttl(report: Report) -> str:
    """The W3C SHACL validation report (``sh:ValidationReport``) in Turtle.

    ``sh:conforms`` is true only when there are no results at all. Counts are given as
    comments at the top. A blank-node property shape (named ``<node shape> <path>`` by the
    fast engine) is described by a blank node with its ``sh:path``.
    """
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, _node(result.focus)))
        path = _path_node(graph, result.path)
        if path is not None:
            graph.add((node, SH.resultPath, path))
        graph.add((node, SH.sourceConstraintComponent, URIRef(result.component)))
        graph.add((node, SH.resultSeverity, URIRef(result.severity)))
        graph.add((node, SH.sourceShape, _shape_node(graph, result)))
        if result.value is not None:
            graph.add(
                (
                    node,
                    SH.value,
                    _node(result.value) if is_iri(result.value) else Literal(result.value),
                )
            )
        message = pick(result.messages, report.lang)
        if message:
            graph.add((node, SH.resultMessage, Literal(message, lang=report.lang)))
    words = WORDS[report.lang]
    head = [f"# {_heading(report)}"] + [
        f"# {words.get(s + '+', s)}: {n}" for s, n in report.counts.items()
    ]
    return "\n".join(head) + "\n\n" + graph.serialize(format="turtle")


def _node(text: str) -> URIRef | BNode:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


_STEP = re.compile(r"(\^?)<([^<>\s]*)>")


def parse_path(text: str) -> list[tuple[bool, str]] | None:
    """``<a>``, ``^<a>`` or ``<a>/^<b>`` as (inverse?, IRI) steps; ``None`` if not of that form."""
    steps = []
    at = 0
    for match in _STEP.finditer(text):
        if match.start() != at:
            return None
        steps.append((match.group(1) == "^", match.group(2)))
        at = match.end()
        if at < len(text):
            if text[at] != "/":
                return None
            at += 1
    return steps if steps and at == len(text) and not text.endswith("/") else None


def _path_node(graph: Graph, text: str | None) -> Node | None:
    """A SHACL path node for the path text: an IRI, an inverse path or a sequence (a list)."""
    if not text:
        return None
    steps = parse_path(text)
    if steps is None:
        return None
    nodes: list[Node] = []
    for inverse, iri in steps:
        if inverse:
            step = BNode()
            graph.add((step, SH.inversePath, URIRef(iri)))
            nodes.append(step)
        else:
            nodes.append(URIRef(iri))
    if len(nodes) == 1:
        return nodes[0]
    head = BNode()
    Collection(graph, head, nodes)
    return head


def _shape_node(graph: Graph, result: Result) -> Node:
    if is_iri(result.shape):
        return URIRef(result.shape)
    shape = BNode()
    graph.add((shape, RDF.type, SH.PropertyShape))
    path = _path_node(graph, result.path)
    if path is not None:
        graph.add((shape, SH.path, path))
    return shape


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
    "ttl": render_ttl,
}


def render(report: Report, fmt: str) -> str:
    """The report in one of :data:`RENDERERS`' formats."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"format must be one of {', '.join(RENDERERS)}, not {fmt!r}") from None
    return renderer(report)
