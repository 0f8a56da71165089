"""Rendering a validation report: text, JSON, CSV, self-contained HTML, and the standard
SHACL ``sh:ValidationReport`` in Turtle."""

from __future__ import annotations

import io
import json
import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.html_page import PAGE_END, esc, link, page_start
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


_STYLE = """
.counts span { display: inline-block; margin-right: 1.5em; font-weight: bold; }
.Violation { color: #a00; } .Warning { color: #a60; } .Info { color: #06a; }
td.rule small { color: #555; }
""".strip()


def render_html(report: Report) -> str:
    """A self-contained HTML page (no external CSS, scripts or fonts); all text escaped."""
    words = WORDS[report.lang]
    out = [
        *page_start(_heading(report), report.lang, _STYLE),
        '<p class="counts">'
        + "".join(
            f'<span class="{esc(s)}">{esc(words.get(s + "+", s))}: {n}</span>'
            for s, n in report.counts.items()
        )
        + f"<span>{esc(words['total'])}: {len(report.results)}</span></p>",
    ]
    if report.conforms:
        out.append(f"<p>{esc(words['conforms'])}</p>")
    county: object = ()
    municipality: object = ()
    for group in report.groups:
        if group.county != county:
            county, municipality = group.county, ()
            out.append(f"<h2>{esc(_place_text(group.county, words['no_county']))}</h2>")
        if group.municipality != municipality:
            municipality = group.municipality
            if group.municipality is not None or group.county is not None:
                name = _place_text(group.municipality, words["whole_county"])
                out.append(f"<h3>{esc(name)}</h3>")
        if group.theme is not None:
            out.append(f"<h4>{esc(group.theme.name)} ({esc(group.theme.code)})</h4>")
        out.append("<table>")
        out.append(
            "<tr>"
            + "".join(
                f"<th>{esc(words[k])}</th>"
                for k in ("severity", "focus", "rule", "message", "value")
            )
            + "</tr>"
        )
        for e in group.entries:
            value = _value_text(e)
            out.append(
                "<tr>"
                f'<td class="{esc(e.severity)}">{esc(words.get(e.severity, e.severity))}</td>'
                f"<td>{_link(e.result.focus, e.label)}</td>"
                f'<td class="rule">{esc(e.rule)}<br><small>{esc(e.description)}</small></td>'
                f"<td>{esc(e.message)}</td>"
                f"<td>{'' if value is None else _link(e.result.value or '', value)}</td>"
                "</tr>"
            )
        out.append("</table>")
    out += PAGE_END
    return "\n".join(out) + "\n"


def _link(iri: str, text: str) -> str:
    return link(iri, text) if is_iri(iri) else esc(text)


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
