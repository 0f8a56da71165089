"""A table a page shows: its columns, rows and the query behind it.

Every table on the service's pages says where it came from: a named query (``query_id``
with its ``params``), so a researcher can open it at ``/queries/{id}``, and the SPARQL text
with those parameters bound (``sparql``), which opens in the editor. ``download`` is the
page's own address with its state, to which ``format=csv`` or ``format=json`` is added.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from kg.spreadsheet_cells import neutralise


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # the keys of the rows shown, in order
    headers: tuple[str, ...]  # their headings in the page's language
    rows: Sequence[Mapping[str, Any]]
    query_id: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    sparql: str = ""
    links: Mapping[str, str] = field(default_factory=dict)  # column → row key of its link
    download: str = ""

    def __post_init__(self) -> None:
        if len(self.columns) != len(self.headers):
            raise ValueError(f"{len(self.columns)} columns but {len(self.headers)} headers")

    def query_string(self, lang: str) -> str:
        """The query string of the named query's page with this table's parameters."""
        return urlencode({**{k: v for k, v in self.params.items() if v}, "lang": lang})

    def editor_string(self, lang: str) -> str:
        """The query string that opens this table's SPARQL in the editor."""
        return urlencode({"query": self.sparql, "lang": lang})


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV (RFC 4180, CRLF), a formula-like cell neutralised as in every export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_json(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps(
        {"columns": list(columns), "rows": [{c: row.get(c) for c in columns} for row in rows]},
        ensure_ascii=False,
        default=str,
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value) if isinstance(value, str) else str(value)
