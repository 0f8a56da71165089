"""Named SPARQL queries: one file per query in ``queries/``, described by its header.

A header is the leading block of ``# key: value`` comment lines::

    # id: municipalities-by-county
    # question_fi: …
    # question_en: …
    # keywords: municipality, county
    # param: county string optional  County code, e.g. 13
    # columns: countyCode, countyName, code, name
    # obligations: 611-2021-14

``id``, ``question_fi``, ``question_en`` and ``columns`` are required; ``question_sv`` may
give the question in Swedish (without it a Swedish page shows the Finnish text, marked as
Finnish). ``obligations`` names
the statutory duties (ids in ``data/obligations/obligations.csv``) a query is about, so that
whoever lists it can cite their law sections. Each ``param`` line
declares ``name type default description``: the type is ``string``, ``integer``, ``date``
or ``iri``; the default is a value, ``today`` (dates) or ``optional`` (left unbound when not
given, so the query answers for all). A value is checked against its type and bound into the
query as a ``VALUES`` block on ``?name``, never pasted in as text.

``view`` says how the rows are best seen (as Wikidata Query Service's ``#defaultView``); the
query's page draws that picture above its table. One of::

    # view: table                                  (the default: the table alone)
    # view: bar LABEL VALUE [MAX]                  one bar per row
    # view: heatmap ROW COLUMN VALUE [MAX]         a grid of ROW × COLUMN cells

``LABEL``, ``VALUE``, ``ROW`` and ``COLUMN`` are names from ``columns`` (``VALUE`` a number
column): a bar chart has a bar of length ``VALUE`` for each row, labelled by ``LABEL``; a
heat map has a row for each ``ROW`` value and a column for each ``COLUMN`` value, its cell
saying ``VALUE``. ``MAX``, a positive number, is where the scale ends: the end of the bars'
axis, or the value at which a cell counts as full (green; 0 is red, between amber). Without
it the scale ends at the largest value shown. For example ``# view: bar countyName share 1``.
An unknown view, a wrong number of words, a column not in ``columns`` or a ``MAX`` that is
not a positive number is an error naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from kg.bindings import Term, bind_values
from kg.config import PACKAGED_QUERIES
from kg.errors import DataError

if TYPE_CHECKING:
    from kg.store import Store

QUERIES_DIR = PACKAGED_QUERIES  # the default of Settings.queries_dir
REQUIRED = ("id", "question_fi", "question_en", "columns")
TYPES = ("string", "integer", "date", "iri")
XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER_LINE = re.compile(r"^#\s*([a-z_]+):\s*(.*\S)\s*$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PARAM = re.compile(r"^([a-z][A-Za-z0-9_]*)\s+(\w+)\s+(\S+)\s*(.*)$")
# each view and the roles of the columns it names, in the order the header gives them
VIEWS: dict[str, tuple[str, ...]] = {
    "table": (),
    "bar": ("label", "value"),
    "heatmap": ("row", "column", "value"),
}


@dataclass(frozen=True)
class View:
    """How a query's rows are best seen (its ``view`` header): ``kind`` one of
    :data:`VIEWS`, ``columns`` the columns it names (by role: :meth:`column`), ``max`` where
    its scale ends (None: at the largest value)."""

    kind: str = "table"
    columns: tuple[str, ...] = ()
    max: float | None = None

    @property
    def picture(self) -> bool:
        """Whether the view draws a picture (every view but the table)."""
        return self.kind != "table"

    def column(self, role: str) -> str:
        """The column playing ``role`` (``label``, ``value``, ``row``, ``column``)."""
        return self.columns[VIEWS[self.kind].index(role)]


def parse_view(value: str, columns: Sequence[str]) -> View:
    """The ``view`` header's value (see the module docstring); ValueError saying what is
    wrong with it."""
    kind, *words = value.split()
    if kind not in VIEWS:
        raise ValueError(f"unknown view {kind!r}; known: {', '.join(VIEWS)}")
    roles = VIEWS[kind]
    usage = " ".join([kind, *(r.upper() for r in roles), *(["[MAX]"] if roles else [])])
    if len(words) not in ((len(roles), len(roles) + 1) if roles else (0,)):
        raise ValueError(f"view is not '{usage}': {value!r}")
    named, rest = tuple(words[: len(roles)]), words[len(roles) :]
    unknown = [c for c in named if c not in columns]
    if unknown:
        raise ValueError(f"view {kind} names {unknown}, not in columns {list(columns)}")
    top = None
    if rest:
        try:
            top = float(rest[0])
        except ValueError:
            top = None
        if top is None or not 0 < top < float("inf"):
            raise ValueError(f"view {kind}: MAX must be a positive number, not {rest[0]!r}")
    return View(kind, named, top)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str  # a value, "today" or "optional"
    description: str

    def term(self, value: str | None) -> Term | None:
        """The bound term for ``value`` (or the default); None leaves the variable unbound."""
        if value is None:
            if self.default == "optional":
                return None
            value = dt.date.today().isoformat() if self.default == "today" else self.default
        try:
            if self.type == "integer":
                return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
            if self.type == "date":
                return Literal(
                    dt.date.fromisoformat(value).isoformat(), datatype=NamedNode(XSD + "date")
                )
            if self.type == "iri":
                if not value.startswith(("http://", "https://")):
                    raise ValueError("not an http(s) IRI")
                return NamedNode(value)
            if len(value) > 200:
                raise ValueError("longer than 200 characters")
            return Literal(value)
        except ValueError as exc:
            raise ValueError(f"parameter {self.name!r} ({self.type}): {value!r}: {exc}") from None


@dataclass(frozen=True)
class NamedQuery:
    id: str
    path: Path
    question_fi: str
    question_en: str
    keywords: tuple[str, ...]
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str
    obligations: tuple[str, ...] = ()
    question_sv: str = ""  # "" when the header gives none
    view: View = field(default_factory=View)

    def question(self, lang: str) -> tuple[str, str]:
        """The question in ``lang`` and the language it is written in: Finnish for a
        Swedish reader when the header gives no ``question_sv``."""
        if lang == "en":
            return self.question_en, "en"
        if lang == "sv" and self.question_sv:
            return self.question_sv, "sv"
        return self.question_fi, "fi"

    def bindings(self, values: Mapping[str, str]) -> dict[str, Term]:
        """Typed, checked bindings for the given parameter values (others take defaults)."""
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                f"unknown parameter(s) {unknown} for query {self.id!r}; known: {sorted(known)}"
            )
        out = {}
        for param in self.params:
            term = param.term(values.get(param.name))
            if term is not None:
                out[param.name] = term
        return out

    def prepared(self, values: Mapping[str, str]) -> str:
        """The query text with the checked, typed values bound as a VALUES block."""
        bindings = self.bindings(values)
        return bind_values(self.text, bindings) if bindings else self.text


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a missing or malformed header field is a DataError."""
    text = path.read_text("utf-8")
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if not match:
            raise DataError("header line is not '# key: value'", path=path, line=number)
        key, value = match.group(1), match.group(2)
        if key == "param":
            param = _PARAM.match(value)
            if not param or param.group(2) not in TYPES:
                raise DataError(
                    f"param line is not 'name type default description' with a type in {TYPES}",
                    path=path,
                    line=number,
                )
            params.append(Param(*param.groups()))
        else:
            header[key] = value
            lines[key] = number
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise DataError(f"header lacks {missing}", path=path, line=1)
    if not _ID.match(header["id"]):
        raise DataError(f"id {header['id']!r} is not a lowercase slug", path=path, line=1)
    split = [v.strip() for v in header.get("keywords", "").split(",") if v.strip()]
    duties = [v.strip() for v in header.get("obligations", "").split(",") if v.strip()]
    columns = tuple(c.strip() for c in header["columns"].split(","))
    view = View()
    if "view" in header:
        try:
            view = parse_view(header["view"], columns)
        except ValueError as exc:
            raise DataError(str(exc), path=path, line=lines["view"]) from None
    return NamedQuery(
        id=header["id"],
        path=path,
        question_fi=header["question_fi"],
        question_en=header["question_en"],
        keywords=tuple(split),
        obligations=tuple(duties),
        params=tuple(params),
        columns=columns,
        text=text,
        question_sv=header.get("question_sv", ""),
        view=view,
    )


def load_named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``directory`` by id; ids must be unique."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        query = parse_named_query(path)
        if query.id in queries:
            raise DataError(
                f"id {query.id!r} also used by {queries[query.id].path.name}", path=path, line=1
            )
        queries[query.id] = query
    return queries


def catalogue(store: Store, directory: Path = QUERIES_DIR) -> list[dict[str, object]]:
    """The named queries as JSON-ready records: id, questions, parameters, columns, and
    the law section of each statutory duty a query is about (citation, ELI, Finlex link),
    as the store being served holds the duties."""
    from kg.audit.obligations import read_obligations

    duties = {duty.id: duty for duty in read_obligations(store)}
    out: list[dict[str, object]] = []
    for q in load_named_queries(directory).values():
        unknown = [d for d in q.obligations if d not in duties]
        if unknown:
            raise DataError(f"unknown obligation(s) {unknown}", path=q.path, line=1)
        out.append(
            {
                "id": q.id,
                "question": {
                    "fi": q.question_fi,
                    "en": q.question_en,
                    **({"sv": q.question_sv} if q.question_sv else {}),
                },
                "keywords": list(q.keywords),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.params
                ],
                "columns": list(q.columns),
                "view": {
                    "kind": q.view.kind,
                    "columns": list(q.view.columns),
                    "max": q.view.max,
                },
                "obligations": [
                    {
                        "id": d,
                        "citation": duties[d].citation,
                        "eli": duties[d].eli,
                        "finlex_url": duties[d].finlex_url,
                    }
                    for d in q.obligations
                ],
            }
        )
    return out
