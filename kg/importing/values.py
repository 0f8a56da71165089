"""Cell texts to RDF terms, each failure a DataError naming file, sheet, row and column
and saying how to fix it.

Dates are read as ISO (``2025-03-01``) or as Finnish spreadsheets write them
(``1.3.2025``); yes/no also as a Finnish spreadsheet writes a logical value (``TOSI``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.errors import DataError
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
TRUE = {"kyllä", "kylla", "k", "yes", "y", "ja", "true", "1", "x", "tosi", "sant"}
FALSE = {"ei", "e", "no", "n", "nej", "false", "0", "", "epätosi", "epatosi", "falskt"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode Cc except tab, newline
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,20}[0-9]$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ORGANISATION_KINDS = {"organisation", "municipality", "county", "organiser"}
DATE_FIX = "write the date as YYYY-MM-DD or d.m.yyyy, e.g. 2025-03-01 or 1.3.2025"
CONTACT_FIX = "give a shared mailbox (e.g. kirjaamo@kunta.fi) or a switchboard number"


@dataclass
class Context:
    """What cell values are checked against (names, themes, the county of each
    municipality, today's date), and what the checks found: errors of the file being
    read, warnings and notes of the whole run, and the counties the rows carry (each
    with the first row that names it)."""

    mint: Minter
    names: NameIndex
    themes: NameIndex
    county_of: dict[str, str]  # municipality IRI -> organiser IRI
    illustrative: bool = False
    public_record: bool = False  # rows must say where they were read, and name no person
    # the folder's kind (``source.json``): "own" (a county's own or example data),
    # "public-record", or "municipality" (one municipality's own rows, kg.publishing)
    kind: str = "own"
    today: dt.date = field(default_factory=dt.date.today)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)
    notes: list[DataError] = field(default_factory=list)
    counties: dict[str, LocatedRow] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget what an earlier run found (the name indexes are kept)."""
        self.errors, self.warnings, self.notes = [], [], []
        self.counties = {}


def text(row: LocatedRow, key: str) -> str:
    value = row.values[key]
    if len(value) > MAX_TEXT:
        raise row.error(
            key,
            f"text is {len(value)} characters, more than {MAX_TEXT}",
            fix=f"shorten it to at most {MAX_TEXT} characters (link a document for more)",
        )
    if _CONTROL.search(value):
        raise row.error(
            key,
            "text contains control characters",
            fix="retype the cell or paste it as plain text",
        )
    return value


def identifier(row: LocatedRow, key: str) -> str:
    value = text(row, key)
    if not _ID.match(value):
        raise row.error(
            key,
            f"{value!r} is not an identifier",
            fix="use lowercase letters a-z, digits and dashes, e.g. kainuu-hyte-2024",
        )
    return value


def date(row: LocatedRow, key: str) -> dt.date | None:
    value = text(row, key)
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise row.error(key, f"{value!r} is not a date", fix=DATE_FIX)
    if not EARLIEST <= day <= LATEST:
        raise row.error(
            key,
            f"{value} is outside {EARLIEST}–{LATEST}",
            fix="check the year",
        )
    return day


PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class PartialDate:
    """A date the source gives to the day, or only to the month or year (``first`` is its
    first day; :func:`kg.validity.span_end` gives its last)."""

    first: dt.date
    precision: str = "day"  # one of PRECISIONS


def partial_date(row: LocatedRow, key: str) -> PartialDate | None:
    """``YYYY-MM-DD`` (or ``d.m.yyyy``), or ``YYYY-MM`` / ``YYYY`` when the source gives no
    day: a month or year is never turned into a guessed day."""
    value = text(row, key)
    if not value:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2})?", value):
        day = date(row, key)
        assert day is not None
        return PartialDate(day)
    year, _, month = value.partition("-")
    if month and not 1 <= int(month) <= 12:
        raise row.error(key, f"{value!r} is not a month", fix="write YYYY-MM, e.g. 2025-03")
    first = dt.date(int(year), int(month or 1), 1)
    if not EARLIEST <= first <= LATEST:
        raise row.error(key, f"{value} is outside {EARLIEST}–{LATEST}", fix="check the year")
    return PartialDate(first, "month" if month else "year")


def parse_date(value: str) -> dt.date | None:
    """``2025-03-01`` or ``1.3.2025`` (as a Finnish spreadsheet writes it); None if neither."""
    finnish = _FINNISH_DATE.match(value)
    try:
        if finnish:
            day, month, year = (int(g) for g in finnish.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        return None
    return None


def date_literal(day: dt.date) -> str:
    return literal(day.isoformat(), datatype=DATE)


def boolean(row: LocatedRow, key: str) -> bool:
    value = text(row, key).casefold()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise row.error(key, f"{row.values[key]!r} is not kyllä/ei (yes/no)", fix="write kyllä or ei")


def url(row: LocatedRow, key: str) -> str | None:
    value = text(row, key)
    if not value:
        return None
    if not _URL.match(value):
        raise row.error(
            key,
            f"{value!r} is not an http(s) address",
            fix="give the whole web address, starting with https://",
        )
    return literal(value, datatype=ANY_URI)


def contact(row: LocatedRow, key: str) -> str | None:
    value = text(row, key)
    if not value:
        return None
    if not (_EMAIL.match(value) or _PHONE.match(value)):
        raise row.error(
            key, f"{value!r} is neither an e-mail address nor a phone number", fix=CONTACT_FIX
        )
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
    raise row.error(
        column.key,
        f"{value!r} is not one of the listed values",
        fix=f"use one of: {allowed} (or the English values)",
    )


def entity(
    row: LocatedRow,
    key: str,
    value: str,
    ctx: Context,
    kinds: set[str],
    what: str,
    *,
    index: NameIndex | None = None,
) -> str:
    try:
        return (index or ctx.names).match(value, kinds=kinds, what=what).iri
    except NameNotFound as exc:
        raise row.error(
            key, f"unknown {what} {value.strip()!r}", fix=_name_fix(exc, what)
        ) from None
    except AmbiguousName as exc:
        raise row.error(key, str(exc), fix="write the code instead of the name") from None


def _name_fix(exc: NameNotFound, what: str) -> str:
    if exc.suggestions:
        return "did you mean " + " or ".join(repr(s) for s in exc.suggestions) + "?"
    if what == "theme":
        return "use a theme code or name from the theme list of the template"
    return f"give the {what}'s code or its Finnish or Swedish name"


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
            raise row.error(key, f"{part!r} is listed twice", fix="list it once")
        out.append(iri)
    return out


def themes(row: LocatedRow, key: str, ctx: Context) -> list[str]:
    out: list[str] = []
    for part in split(text(row, key)):
        iri = entity(row, key, part, ctx, {"theme"}, "theme", index=ctx.themes)
        if iri not in out:
            out.append(iri)
    return out


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def slug(value: str, *, limit: int = 60) -> str:
    """A readable IRI segment: accents dropped, lowercase, runs of other characters → '-'."""
    plain = re.sub(r"[^a-z0-9]+", "-", normalise(value)).strip("-")
    return plain[:limit].rstrip("-") or "x"
