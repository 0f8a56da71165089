"""Who may write what: a credential's scope against the rows of an upload.

An upload is refused (403) before anything else is done with it when any of its rows
lies outside the scope it is written to:

- a **county's** upload (``county:13``) may only hold rows of that county: the
  ``hyvinvointialue`` column names it, and the ``kunta`` column, where a table has one,
  names one of its municipalities;
- a **municipality's** upload (``municipality:297``) may only hold responsibility and dual
  role rows of that municipality, and of responsibilities only its own side
  (``puoli = kunta``): agreements, negotiations and forums are its county's to record, as
  is the county's side;
- **the country** (an administrator's scope) may write any county or municipality.

Each refusal names the file, sheet, row and column, like every other row error. Names
that do not resolve are left to the import's own checks (they are errors there).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.auth.scopes import Scope
from kg.errors import DataError
from kg.importing.reader import TableRows
from kg.names import AmbiguousName, NameIndex, NameNotFound
from kg.organisers import Organiser

MUNICIPALITY_TABLES = ("responsibilities", "dual_roles")
_MUNICIPALITY_SIDE = {"kunta", "municipality", "kommun"}


@dataclass(frozen=True)
class Organisers:
    """The organisers and the county of each municipality, by code, from the store."""

    iri_of: Mapping[str, str]  # organiser code -> IRI
    code_of: Mapping[str, str]  # organiser IRI -> code
    county_of: Mapping[str, str]  # municipality code -> organiser code

    @classmethod
    def of(cls, organisers: Iterable[Organiser], county_of_iri: Mapping[str, str]) -> Organisers:
        """``county_of_iri`` maps municipality IRIs to organiser IRIs (``Context.county_of``)."""
        known = list(organisers)
        iri_of = {o.code: o.iri for o in known}
        code_of = {o.iri: o.code for o in known}
        county_of = {
            m.rsplit("/", 1)[1]: code_of[c] for m, c in county_of_iri.items() if c in code_of
        }
        return cls(iri_of, code_of, county_of)

    def county_of_scope(self, scope: Scope) -> str | None:
        """The organiser code whose data a county or municipality scope belongs to."""
        if scope.kind == "county":
            return scope.code
        if scope.kind == "municipality" and scope.code is not None:
            return self.county_of.get(scope.code)
        return None


def violations(
    tables: Iterable[TableRows], scope: Scope, org: Organisers, names: NameIndex
) -> list[DataError]:
    """Every row of ``tables`` that ``scope`` may not write, as a located error."""
    out: list[DataError] = []
    if scope.kind == "country":
        return out
    county = org.county_of_scope(scope)
    for table in tables:
        key = table.table.key
        if scope.kind == "municipality" and key not in MUNICIPALITY_TABLES:
            if table.rows:
                out.append(
                    table.rows[0].error(
                        "county",
                        f"the {key} table is the county's to record; the scope {scope} "
                        "writes responsibilities and dual roles of its own municipality",
                        fix="upload only the responsibilities and dual roles of your "
                        "municipality, or ask the county's coordinator",
                    )
                )
            continue
        for row in table.rows:
            out += _row_violations(row, key, scope, county, org, names)
    return out


def _row_violations(
    row: object, key: str, scope: Scope, county: str | None, org: Organisers, names: NameIndex
) -> list[DataError]:
    from kg.importing.reader import LocatedRow

    assert isinstance(row, LocatedRow)
    out: list[DataError] = []
    values = row.values
    named = _organiser_code(values.get("county", ""), org, names)
    if named is not None and named != county:
        out.append(
            row.error(
                "county",
                f"this row belongs to county {named}; the scope {scope} may write only "
                f"county {county}'s data",
                fix="remove the row, or upload it with a credential of that county",
            )
        )
    municipality = values.get("municipality", "")
    if municipality.strip():
        code = _municipality_code(municipality, names)
        if code is not None:
            allowed = (
                code == scope.code
                if scope.kind == "municipality"
                else org.county_of.get(code) == county
            )
            if not allowed:
                out.append(
                    row.error(
                        "municipality",
                        f"municipality {code} is outside the scope {scope}",
                        fix="remove the row, or upload it with a credential of that "
                        "municipality or its county",
                    )
                )
    if scope.kind == "municipality" and key == "responsibilities":
        side = values.get("side", "").strip().casefold()
        if side and side not in _MUNICIPALITY_SIDE:
            out.append(
                row.error(
                    "side",
                    f"the county's side is the county's to record; the scope {scope} "
                    "writes its municipality's side (kunta)",
                    fix="remove the row, or ask the county's coordinator",
                )
            )
    return out


def _organiser_code(text: str, org: Organisers, names: NameIndex) -> str | None:
    if not text.strip():
        return None
    try:
        entity = names.match(text, kinds={"county", "organiser"}, what="county")
    except (NameNotFound, AmbiguousName):
        return None
    return org.code_of.get(entity.iri)


def _municipality_code(text: str, names: NameIndex) -> str | None:
    try:
        entity = names.match(text, kinds={"municipality"}, what="municipality")
    except (NameNotFound, AmbiguousName):
        return None
    return entity.code
