"""The Queries pages: every named query listed, and one query's page.

A query's page (``/queries/{id}`` in a browser) asks the query's question, has a form with
one typed input per parameter (submitted by GET to the same address, so every state of the
page is a permalink), draws the query's ``view`` (a bar chart or a heat map, see
:mod:`kg.named_queries`) and shows its rows as a table with their CSV download and the
query, its parameters bound, to open in the SPARQL editor.

The rows come from the same machinery as every other answer of the query: its parameter
values are checked against their types and bound (``VALUES``), never pasted into the text,
and the engine's answer is read back with :func:`kg.store.to_python`, so the page, its CSV
and ``kg query --named`` give the same values for the same parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.messages import message, translator
from kg.named_queries import NamedQuery, Param
from kg.store import to_python
from kg.views.named import editor_text
from kg.views.table import Table
from kg.web import svg
from kg.web.render import number

# the page's own parameters: a query gets them only when it declares a parameter so named
PAGE_PARAMS = ("lang", "format")
# the HTML input of each parameter type
INPUT_TYPES = {"string": "text", "integer": "number", "date": "date", "iri": "url"}


def snake_case(name: str) -> str:
    """``asOf`` → ``as_of``: a parameter's name as every other route spells it."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def declared_names(query: NamedQuery, given: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The request's parameters under the names the query declares: a parameter may be
    given in snake case (``as_of``), as the other routes take it, or as the query's header
    declares it (``asOf``); both at once must agree (ValueError)."""
    snake = {snake_case(p.name): p.name for p in query.params}
    out: dict[str, str] = {}
    for name, value in given:
        declared = snake.get(name, name)
        if out.get(declared, value) != value:
            raise ValueError(f"{declared} given twice with different values")
        out[declared] = value
    return out


def parameter_values(query: NamedQuery, given: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The values a request gives the query's parameters, by their declared names: an empty
    value (a form's field left empty) is no value, so the parameter takes its default; the
    page's own ``lang`` and ``format`` are left out unless the query declares a parameter
    of that name. Checked as :meth:`NamedQuery.bindings` checks them (ValueError naming an
    unknown parameter or a value its type refuses)."""
    declared = {p.name for p in query.params}
    values = declared_names(
        query, ((k, v) for k, v in given if v != "" and (k not in PAGE_PARAMS or k in declared))
    )
    query.bindings(values)  # raises ValueError naming the parameter
    return values


def given_values(query: NamedQuery, given: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The values given for the query's declared parameters as they came, unchecked (for
    a form that refused one to show what was typed), under their declared names."""
    names = {snake_case(p.name): p.name for p in query.params} | {
        p.name: p.name for p in query.params
    }
    return {names[k]: v for k, v in given if k in names and v != ""}


@dataclass(frozen=True)
class Field:
    """One input of a query's form: ``value`` what it holds (the given value, else the
    default; "" for an optional parameter left empty)."""

    name: str
    type: str  # the input's type attribute
    label: str
    value: str
    optional: bool
    param: Param


def form_fields(query: NamedQuery, values: Mapping[str, str]) -> tuple[Field, ...]:
    """The form's inputs, one per parameter, filled with ``values`` or the defaults."""
    out = []
    for p in query.params:
        if p.name in values:
            value = values[p.name]
        elif p.default == "optional":
            value = ""
        elif p.default == "today":
            value = dt.date.today().isoformat()
        else:
            value = p.default
        out.append(
            Field(
                name=p.name,
                type=INPUT_TYPES[p.type],
                label=p.description or p.name,
                value=value,
                optional=p.default == "optional",
                param=p,
            )
        )
    return tuple(out)


def rows_from_results(body: bytes | str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of a SPARQL JSON results document, each value as
    :func:`kg.store.to_python` gives it for the engine's own term (so the same as
    :meth:`kg.store.Store.select` and ``kg query``); an ASK answer is one ``result`` row."""
    data = json.loads(body)
    if "boolean" in data:
        return ("result",), [{"result": bool(data["boolean"])}]
    names = tuple(data["head"]["vars"])
    rows = [
        {n: to_python(_term(b[n])) if n in b else None for n in names}
        for b in data["results"]["bindings"]
    ]
    return names, rows


def _term(value: Mapping[str, str]) -> NamedNode | BlankNode | Literal:
    kind = value["type"]
    if kind == "uri":
        return NamedNode(value["value"])
    if kind == "bnode":
        return BlankNode(value["value"])
    if "datatype" in value:
        return Literal(value["value"], datatype=NamedNode(value["datatype"]))
    if "xml:lang" in value:
        return Literal(value["value"], language=value["xml:lang"])
    return Literal(value["value"])


def picture(
    query: NamedQuery, rows: Sequence[Mapping[str, Any]], lang: str, *, title: str = ""
) -> Markup | None:
    """The query's ``view`` of ``rows`` as an SVG picture (None for the table view)."""
    view = query.view
    if not view.picture:
        return None
    title = title or query.question(lang)[0]
    words = translator(lang).texts

    def heading(column: str) -> str:
        return words.get(f"column.{column}") or column

    if view.kind == "bar":
        label, value = view.column("label"), view.column("value")
        values = [_number(row.get(value)) for row in rows]
        return svg.bar_chart(
            [_text(row.get(label)) for row in rows],
            values,
            title=title,
            description=message(
                "queries.view.bar", lang, label=heading(label), value=heading(value)
            ),
            id_prefix=f"view-{query.id}",
            value_format=_formatter(values, lang),
            axis_max=view.max,
        )
    row_key, column_key, value = (view.column(r) for r in ("row", "column", "value"))
    row_labels = list(dict.fromkeys(_text(r.get(row_key)) for r in rows))
    column_labels = list(dict.fromkeys(_text(r.get(column_key)) for r in rows))
    numbers = [_number(r.get(value)) for r in rows]
    top = view.max or max((v for v in numbers if v is not None), default=0.0) or 1.0
    show = _formatter(numbers, lang)
    cells: dict[tuple[int, int], svg.Cell] = {}
    for r, v in zip(rows, numbers, strict=True):
        i = row_labels.index(_text(r.get(row_key)))
        j = column_labels.index(_text(r.get(column_key)))
        text = "–" if v is None else show(v)
        level = None if v is None else min(max(v / top, 0.0), 1.0)
        cells[(i, j)] = svg.Cell(text, level, f"{row_labels[i]} · {column_labels[j]}: {text}")
    return svg.heat_map(
        row_labels,
        column_labels,
        cells,
        title=title,
        description=message(
            "queries.view.heatmap",
            lang,
            row=heading(row_key),
            column=heading(column_key),
            value=heading(value),
        ),
        id_prefix=f"view-{query.id}",
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _formatter(values: Sequence[float | None], lang: str) -> Callable[[float], str]:
    """Whole numbers as they are, others with two decimals, as ``lang`` writes them."""
    if all(v is None or float(v).is_integer() for v in values):
        return lambda v: number(int(v), lang=lang)
    return lambda v: number(float(v), 2, lang=lang)


def link_rows(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], base_iri: str, root: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The rows with a link for each IRI they hold (the service's own page for an IRI it
    mints, under ``root``), and the table's ``links`` (column → the row key of its link)."""
    links: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for row in rows:
        shown = dict(row)
        for c in columns:
            value = row.get(c)
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                key = links.setdefault(c, f"{c}@link")
                own = bool(base_iri) and value.startswith(base_iri)
                shown[key] = root + "id/" + value[len(base_iri) :] if own else value
        out.append(shown)
    return out, links


@dataclass(frozen=True)
class QueryPage:
    """What a named query's page shows (see the module docstring)."""

    query: NamedQuery
    question: str
    question_lang: str  # the language the question is written in
    fields: tuple[Field, ...]
    values: Mapping[str, str]  # the parameters given (by declared name)
    sparql: str  # the query with its parameters bound, as the editor opens it
    obligations: Sequence[Mapping[str, Any]] = ()
    table: Table | None = None  # None when no rows were fetched (a refused parameter)
    picture: Markup | None = None
    error: str = ""
    truncated: bool = False
    permalink: str = ""
    downloads: Mapping[str, str] = field(default_factory=dict)  # format → address


def page_address(path: str, values: Mapping[str, str], lang: str, **extra: str) -> str:
    """``path`` with the parameters and the page's language in its query string."""
    return path + "?" + urlencode({"lang": lang, **values, **extra})


def query_page(
    query: NamedQuery,
    values: Mapping[str, str],
    lang: str,
    *,
    path: str,
    rows: Sequence[Mapping[str, Any]] | None = None,
    columns: Sequence[str] | None = None,
    obligations: Sequence[Mapping[str, Any]] = (),
    error: str = "",
    truncated: bool = False,
    base_iri: str = "",
    root: str = "/",
) -> QueryPage:
    """The page of ``query`` at ``path`` for the given parameter ``values`` and its
    ``rows`` (None with ``error`` when a parameter was refused)."""
    question, written_in = query.question(lang)
    sparql = editor_text(query, values if not error else {})
    table = None
    picture_svg = None
    if rows is not None:
        shown = tuple(columns or query.columns)
        linked, links = link_rows(shown, rows, base_iri, root)
        words = translator(lang).texts
        table = Table(
            columns=shown,
            headers=tuple(words.get(f"column.{c}") or c for c in shown),
            rows=linked,
            sparql=sparql,
            links=links,
            download=page_address(path, values, lang),
        )
        picture_svg = picture(query, rows, lang, title=question)
    downloads = {fmt: page_address(path, values, lang, format=fmt) for fmt in ("csv", "json")}
    if query.view.picture:
        downloads["svg"] = page_address(path, values, lang, format="svg")
    return QueryPage(
        query=query,
        question=question,
        question_lang=written_in,
        fields=form_fields(query, values),
        values=dict(values),
        sparql=sparql,
        obligations=obligations,
        table=table,
        picture=picture_svg,
        error=error,
        truncated=truncated,
        permalink=page_address(path, values, lang),
        downloads=downloads,
    )


@dataclass(frozen=True)
class Entry:
    """One named query on the list page."""

    id: str
    question: str
    question_lang: str
    keywords: Sequence[str]
    parameters: Sequence[Mapping[str, Any]]
    obligations: Sequence[Mapping[str, Any]]
    view: str


def entries(
    queries: Mapping[str, NamedQuery], records: Sequence[Mapping[str, Any]], lang: str
) -> list[Entry]:
    """The list page's entries: each record of :func:`kg.named_queries.catalogue` with its
    question in ``lang`` (Finnish for Swedish when the query has no Swedish text)."""
    out = []
    for record in records:
        query = queries[str(record["id"])]
        question, written_in = query.question(lang)
        out.append(
            Entry(
                id=query.id,
                question=question,
                question_lang=written_in,
                keywords=list(record["keywords"]),
                parameters=list(record["parameters"]),
                obligations=list(record["obligations"]),
                view=query.view.kind,
            )
        )
    return out
