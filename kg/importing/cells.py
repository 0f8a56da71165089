"""Every cell of every row checked on its own, by its column's kind, before rows become RDF.

All the cell errors of a file are found in one run; a row with a bad cell is left out of
the conversion, so one mistake does not set off others (a row compared with a broken
first row of the same agreement, say). The checks that need several cells (a
municipality's county, dates in order, one post per row) run in ``convert`` on the rows
that pass here.

Dates: ``last verified`` may not be after today; any other date except an end date
(``valid to``) more than two years ahead is a warning, printed with the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

from kg.errors import DataError
from kg.importing import values as v
from kg.importing.personal import check_contact
from kg.importing.reader import LocatedRow, TableRows
from kg.importing.schema import RESPONSIBILITIES, Column, Kind

NOT_AFTER_TODAY = {"last_verified"}  # a check cannot have happened in the future
MAY_BE_FAR_AHEAD = {"valid_to"}  # agreements and roles may run for years
YEARS_AHEAD_WARNING = 2

Check = Callable[[LocatedRow, Column, v.Context], object]


def _date(row: LocatedRow, column: Column, ctx: v.Context) -> None:
    day = v.date(row, column.key)
    if day is None:
        return
    if column.key in NOT_AFTER_TODAY and day > ctx.today:
        raise row.error(
            column.key,
            f"{day} is after today ({ctx.today})",
            fix="give the day the row was last checked: today or earlier",
        )
    if column.key not in MAY_BE_FAR_AHEAD and day > years_after(ctx.today, YEARS_AHEAD_WARNING):
        ctx.warnings.append(
            row.error(
                column.key,
                f"{day} is more than {YEARS_AHEAD_WARNING} years ahead",
                fix="check the year",
            )
        )


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _county(row: LocatedRow, column: Column, ctx: v.Context) -> None:
    ctx.counties.setdefault(v.county(row, column.key, ctx), row)


def _one_theme(row: LocatedRow, column: Column, ctx: v.Context) -> None:
    if len(v.themes(row, column.key, ctx)) != 1:
        raise row.error(
            column.key, "give exactly one theme per row", fix="put each theme on a row of its own"
        )


CHECKS: dict[Kind, Check] = {
    Kind.TEXT: lambda row, c, ctx: v.text(row, c.key),
    Kind.ID: lambda row, c, ctx: v.identifier(row, c.key),
    Kind.DATE: _date,
    Kind.PARTIAL_DATE: lambda row, c, ctx: v.partial_date(row, c.key),
    Kind.URL: lambda row, c, ctx: v.url(row, c.key),
    Kind.BOOLEAN: lambda row, c, ctx: v.boolean(row, c.key),
    Kind.MUNICIPALITY: lambda row, c, ctx: v.municipality(row, c.key, ctx),
    Kind.COUNTY: _county,
    Kind.ORGANISATION: lambda row, c, ctx: v.organisation(row, c.key, ctx),
    Kind.ORGANISATIONS: lambda row, c, ctx: v.organisations(row, c.key, ctx),
    Kind.THEME: _one_theme,
    Kind.THEMES: lambda row, c, ctx: v.themes(row, c.key, ctx),
    Kind.CHOICE: lambda row, c, ctx: v.choice(row, c),
    Kind.CONTACT: lambda row, c, ctx: v.contact(row, c.key),
}


def _personal_contact(row: LocatedRow, ctx: v.Context) -> None:
    check_contact(row, "contact", v.boolean(row, "publish_person_name"), "person_name")


# checks of a row's cells together that need no other row (run when every cell is good)
ROW_CHECKS: dict[str, list[Callable[[LocatedRow, v.Context], None]]] = {
    RESPONSIBILITIES.key: [_personal_contact],
}


def check_cells(table: TableRows, ctx: v.Context) -> list[LocatedRow]:
    """The rows whose every cell is good; the errors of the others go to ``ctx.errors``."""
    good = []
    for row in table.rows:
        before = len(ctx.errors)
        for column in table.table.columns:
            if not row.values[column.key]:
                if column.required:
                    ctx.errors.append(
                        row.error(column.key, "value is missing", fix=f"fill in: {column.help_en}")
                    )
                continue
            try:  # not `with collecting(ctx)`: this runs for every cell
                CHECKS[column.kind](row, column, ctx)
            except DataError as exc:
                ctx.errors.append(exc)
        if len(ctx.errors) == before:
            for rule in ROW_CHECKS.get(table.table.key, []):
                with collecting(ctx):
                    rule(row, ctx)
        if len(ctx.errors) == before:
            good.append(row)
    return good


@contextlib.contextmanager
def collecting(ctx: v.Context) -> Iterator[None]:
    """Add a DataError raised inside to ``ctx.errors`` and carry on after the block."""
    try:
        yield
    except DataError as exc:
        ctx.errors.append(exc)
