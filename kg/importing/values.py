"""Cell texts to RDF terms, each failure a DataError naming file, sheet, row and column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.importing.reader import LocatedRow
from kg.importing.schema import Choice, Column
from kg.iris import Minter
from kg.names import AmbiguousName, NameIndex, NameNotFound, normalise
from kg.source_graph import literal

XSD = "http://www.w3.org/2001/XMLSchema#"
DATE = XSD + "date"
BOOLEAN = XSD + "boolean"
ANY_URI = XSD + "anyURI"
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT = 2000
TRUE = {"kyllä", "kylla", "k", "yes", "y", "ja", "true", "1", "x"}
FALSE = {"ei", "e", "no", "n", "nej", "false", "0", ""}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode Cc except tab, newline
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,20}[0-9]$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
ORGANISATION_KINDS = {"organisation", "municipality", "county", "organiser"}


@dataclass
class Context:
    """What cell values are checked against: names, themes, and the county of each
    municipality."""

    mint: Minter
    names: NameIndex
    themes: NameIndex
    county_of: dict[str, str]  # municipality IRI -> organiser IRI
    illustrative: bool = False
    notes: list[str] = field(default_factory=list)


def text(row: LocatedRow, key: str) -> str:
    value = row.values[key]
    if len(value) > MAX_TEXT:
        raise row.error(key, f"text is {len(value)} characters, more than {MAX_TEXT}")
    if _CONTROL.search(value):
        raise row.error(key, "text contains control characters")
    return value


def identifier(row: LocatedRow, key: str) -> str:
    value = text(row, key)
    if not _ID.match(value):
        raise row.error(
            key,
            f"{value!r} is not an identifier (lowercase letters, digits, "
            "dashes; e.g. kainuu-hyte-2024)",
        )
    return value


def date(row: LocatedRow, key: str) -> dt.date | None:
    value = text(row, key)
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise row.error(key, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST <= day <= LATEST:
        raise row.error(key, f"{value} is outside {EARLIEST}–{LATEST}")
    return day


def date_literal(day: dt.date) -> str:
    return literal(day.isoformat(), datatype=DATE)


def boolean(row: LocatedRow, key: str) -> bool:
    value = text(row, key).casefold()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise row.error(key, f"{row.values[key]!r} is not kyllä/ei (yes/no)")


def url(row: LocatedRow, key: str) -> str | None:
    value = text(row, key)
    if not value:
        return None
    if not _URL.match(value):
        raise row.error(key, f"{value!r} is not an http(s) address")
    return literal(value, datatype=ANY_URI)


def contact(row: LocatedRow, key: str) -> str | None:
    value = text(row, key)
    if not value:
        return None
    if not (_EMAIL.match(value) or _PHONE.match(value)):
        raise row.error(key, f"{value!r} is neither an e-mail address nor a phone number")
    return value


def choice(row: LocatedRow, column: Column) -> Choice | None:
    value = text(row, column.key)
    if not value:
        return None
    wanted = normalise(value)
    for option in column.choices:
        if wanted in (normalise(option.value), normalise(option.en)):
            return option
    allowed = ", ".join(c.value for c in column.choices)
    raise row.error(column.key, f"{value!r} is not one of: {allowed}")


def entity(row: LocatedRow, key: str, value: str, ctx: Context, kinds: set[str], what: str) -> str:
    try:
        return ctx.names.match(value, kinds=kinds, what=what).iri
    except (NameNotFound, AmbiguousName) as exc:
        raise row.error(key, str(exc)) from None


def municipality(row: LocatedRow, key: str, ctx: Context) -> str:
    return entity(row, key, text(row, key), ctx, {"municipality"}, "municipality")


def county(row: LocatedRow, key: str, ctx: Context) -> str:
    return entity(
        row, key, text(row, key), ctx, {"county", "organiser"}, "wellbeing services county"
    )


def organisation(row: LocatedRow, key: str, ctx: Context, value: str | None = None) -> str:
    value = text(row, key) if value is None else value
    if value.isdigit():  # bare codes in an organisation cell are municipality codes
        return entity(row, key, value, ctx, {"municipality"}, "organisation")
    return entity(row, key, value, ctx, ORGANISATION_KINDS, "organisation")


def organisations(row: LocatedRow, key: str, ctx: Context) -> list[str]:
    out: list[str] = []
    for part in split(text(row, key)):
        iri = organisation(row, key, ctx, part)
        if iri in out:
            raise row.error(key, f"{part!r} is listed twice")
        out.append(iri)
    return out


def themes(row: LocatedRow, key: str, ctx: Context) -> list[str]:
    out: list[str] = []
    for part in split(text(row, key)):
        try:
            iri = ctx.themes.match(part, kinds={"theme"}, what="theme").iri
        except (NameNotFound, AmbiguousName) as exc:
            raise row.error(key, str(exc)) from None
        if iri not in out:
            out.append(iri)
    return out


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def slug(value: str, *, limit: int = 60) -> str:
    """A readable IRI segment: accents dropped, lowercase, runs of other characters → '-'."""
    plain = re.sub(r"[^a-z0-9]+", "-", normalise(value)).strip("-")
    return plain[:limit].rstrip("-") or "x"
