"""Cell checks: every bad cell of a row found, Finnish dates, dates in the future, and
personal addresses on rows that do not allow publishing the name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.importing.cells import YEARS_AHEAD_WARNING, check_cells, years_after
from kg.importing.reader import read_file
from kg.importing.schema import RESPONSIBILITIES
from kg.importing.values import Context

from .conftest import plain_rows, write_excel_csv

HEADER = [c.fi for c in RESPONSIBILITIES.columns]


def _col(key: str) -> int:
    return [c.key for c in RESPONSIBILITIES.columns].index(key)


def _finnish(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"  # as Finnish Excel writes a date


def _check(tmp_path: Path, ctx: Context, **cells: str) -> tuple[bool, Context]:
    """One responsibility row of the example, with ``cells`` changed, written as Finnish
    Excel's CSV and checked; whether the row passed."""
    row = list(plain_rows("vastuut")[1])
    for key, value in cells.items():
        row[_col(key)] = value
    path = write_excel_csv(tmp_path / "vastuut.csv", [HEADER, row])
    (table,) = read_file(path)
    return bool(check_cells(table, ctx)), ctx


def test_check_cells_plain_row_passes(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh)
    assert ok and ctx.errors == [] and ctx.warnings == []


def test_check_cells_every_bad_cell_of_a_row(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh, theme="hytee", valid_from="2024-13-45", contact="???")
    assert not ok
    assert [e.column for e in ctx.errors] == ["teema", "yhteyskanava", "voimassa alkaen"]
    assert all(e.line == 2 and e.fix for e in ctx.errors)


def test_check_cells_missing_required_value(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh, post_fi="")
    (error,) = ctx.errors
    assert not ok and error.column == "tehtävänimike" and error.message == "value is missing"
    assert error.fix is not None and RESPONSIBILITIES.column("post_fi").help_en in error.fix


def test_check_cells_finnish_date(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh, valid_from="1.3.2025", valid_to="31.12.2025")
    assert ok, ctx.errors


def test_check_cells_last_verified_after_today_is_an_error(tmp_path: Path, fresh: Context) -> None:
    tomorrow = fresh.today + dt.timedelta(days=1)
    ok, ctx = _check(tmp_path, fresh, last_verified=_finnish(tomorrow))
    (error,) = ctx.errors
    assert not ok and error.column == "tarkistettu"
    assert f"{tomorrow} is after today ({fresh.today})" in error.message


def test_check_cells_last_verified_today_passes(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh, last_verified=_finnish(fresh.today))
    assert ok and not ctx.warnings


def test_check_cells_date_years_ahead_is_a_warning(tmp_path: Path, fresh: Context) -> None:
    far = years_after(fresh.today, YEARS_AHEAD_WARNING) + dt.timedelta(days=1)
    near = years_after(fresh.today, YEARS_AHEAD_WARNING)
    ok, ctx = _check(tmp_path, fresh, valid_from=_finnish(far), valid_to=_finnish(far))
    assert ok  # a warning does not stop the row
    (warning,) = ctx.warnings  # the end date may be far ahead
    assert warning.column == "voimassa alkaen" and str(far) in warning.message
    fresh.reset()
    ok, ctx = _check(tmp_path, fresh, valid_from=_finnish(near))
    assert ok and not ctx.warnings


@pytest.mark.parametrize("publish", ["ei", "", "EI"])
def test_check_cells_personal_address_refused(tmp_path: Path, fresh: Context, publish: str) -> None:
    ok, ctx = _check(
        tmp_path, fresh, contact="matti.virtanen@kajaani.fi", publish_person_name=publish
    )
    (error,) = ctx.errors
    assert not ok and error.column == "yhteyskanava"
    assert "person's own address" in error.message
    assert error.fix is not None and "shared mailbox" in error.fix
    assert "'nimen saa julkaista'" in error.fix


@pytest.mark.parametrize("publish", ["kyllä", "TOSI"])
def test_check_cells_personal_address_allowed_when_name_may_be_published(
    tmp_path: Path, fresh: Context, publish: str
) -> None:
    ok, ctx = _check(
        tmp_path,
        fresh,
        contact="matti.virtanen@kajaani.fi",
        person_name="Matti Virtanen",
        publish_person_name=publish,
    )
    assert ok, ctx.errors


def test_check_cells_county_remembered_with_first_row(tmp_path: Path, fresh: Context) -> None:
    ok, ctx = _check(tmp_path, fresh)
    ((county, row),) = ctx.counties.items()
    assert ok and row.row == 2
    assert ctx.names.by_iri(county).label == plain_rows("vastuut")[1][_col("county")]
