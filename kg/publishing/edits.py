"""A scope's current data as template rows, and the small edits made without Excel.

The rows are the county's export (``kg.importing.export``: they import back to the same
graph); a municipality's are its own responsibility rows (its side) and dual roles. A
small edit (an owner's post or public contact changed, a missing owner added, a row
marked verified today) changes those rows and becomes an upload of the whole scope, so it
is checked, shown and published exactly like a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kg.auth.scopes import Scope
from kg.importing.export import collect
from kg.importing.schema import TABLES, Table
from kg.importing.templates import workbook
from kg.iris import Minter
from kg.store import Store

Rows = dict[str, list[list[str]]]
EDITABLE = ("post_fi", "post_sv", "post_en", "unit", "contact", "organisation")
NEW_OWNER = ("municipality", "theme", "side", *EDITABLE)
_MUNICIPALITY_SIDES = {"kunta", "municipality", "kommun"}
# the columns of a responsibility row a coordinator's page lists
SHOWN = ("municipality", "theme", "side", "post_fi", "unit", "contact", "last_verified")


def shown(row: list[str]) -> dict[str, str]:
    """The listed columns of a responsibility row, by key."""
    return {key: row[_index("responsibilities", key)] for key in SHOWN}


def scope_rows(store: Store, mint: Minter, scope: Scope, county: str) -> Rows:
    """The template rows a scope's coordinators keep (the county's export, or a
    municipality's part of it)."""
    rows = collect(store, mint, county).rows
    if scope.kind != "municipality":
        return rows
    mine: Rows = {t.key: [] for t in TABLES}
    resp, dual = _table("responsibilities"), _table("dual_roles")
    m, side = _index(resp.key, "municipality"), _index(resp.key, "side")
    mine[resp.key] = [
        r
        for r in rows[resp.key]
        if _code(r[m]) == scope.code and r[side].casefold() in _MUNICIPALITY_SIDES
    ]
    dm = _index(dual.key, "municipality")
    mine[dual.key] = [r for r in rows[dual.key] if _code(r[dm]) == scope.code]
    return mine


def edit_owner(rows: Rows, index: int, values: Mapping[str, str]) -> Rows:
    """The rows with responsibility row ``index`` (0-based) given new ``values`` of the
    editable columns (IndexError, KeyError for others)."""
    out = _copy(rows)
    row = out["responsibilities"][index]
    for key, value in values.items():
        if key not in EDITABLE:
            raise KeyError(f"{key} cannot be edited here")
        row[_index("responsibilities", key)] = value.strip()
    return out


def add_owner(rows: Rows, county: str, values: Mapping[str, str], today: dt.date) -> Rows:
    """The rows with a new responsibility row (a missing owner), verified today."""
    out = _copy(rows)
    table = _table("responsibilities")
    row = ["" for _ in table.columns]
    row[_index(table.key, "county")] = county
    for key, value in values.items():
        if key not in NEW_OWNER:
            raise KeyError(f"{key} cannot be set here")
        row[_index(table.key, key)] = value.strip()
    row[_index(table.key, "valid_from")] = today.isoformat()
    row[_index(table.key, "last_verified")] = today.isoformat()
    out[table.key].append(row)
    return out


def verify(rows: Rows, index: int, today: dt.date) -> Rows:
    """The rows with responsibility row ``index`` marked verified ``today``."""
    out = _copy(rows)
    out["responsibilities"][index][_index("responsibilities", "last_verified")] = today.isoformat()
    return out


def as_workbook(rows: Rows) -> bytes:
    """The rows as the Finnish template workbook (what a download gives, and an edit
    uploads)."""
    return workbook("fi", rows)


def _table(key: str) -> Table:
    return next(t for t in TABLES if t.key == key)


def _index(table: str, key: str) -> int:
    return [c.key for c in _table(table).columns].index(key)


def _code(text: str) -> str:
    return text.strip().zfill(3) if text.strip().isdigit() else text.strip()


def _copy(rows: Rows) -> Rows:
    return {k: [list(r) for r in v] for k, v in rows.items()}
