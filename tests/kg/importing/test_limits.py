"""What one import may read: bytes and rows of all its files, cells of a sheet; refused
with the file, sheet, row and setting named, before the work they would cost."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kg.config import Settings, SettingsError
from kg.errors import DataError, DataErrors
from kg.importing.importer import import_path
from kg.importing.limits import Limits
from kg.importing.reader import read_file
from kg.importing.schema import FORUMS
from kg.importing.templates import csv_text
from kg.importing.values import Context

from .conftest import plain_rows, state, write_excel_csv

FORUM = ["kainuu-x", "X", "verkosto", "Kainuu", "Kajaani", "", "asiantuntijat", "", ""]


def test_limits_from_settings_and_bad_values_named() -> None:
    env = {"YP_IMPORT_MAX_BYTES": "1000", "YP_IMPORT_MAX_ROWS": "7", "YP_IMPORT_MAX_CELLS": "99"}
    limits = Limits.of(Settings.from_env(env))
    assert (limits.max_bytes, limits.max_rows, limits.max_cells) == (1000, 7, 99)
    assert limits.max_unpacked == 10_000
    for key in env:
        for bad in ("0", "-5", "many", "1.5"):
            with pytest.raises(SettingsError, match=key):
                Settings.from_env({key: bad})


def _sparse_workbook(path: Path) -> Path:
    """The probe's file: a forums sheet with its header and one cell at XFD1048576."""
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = FORUMS.fi
    sheet.append([c.fi for c in FORUMS.columns])
    sheet["XFD1048576"] = "x"
    wb.save(path)
    return path


def test_sparse_xlsx_refused_by_its_dimension_before_reading_rows(tmp_path: Path) -> None:
    path = _sparse_workbook(tmp_path / "sparse.xlsx")
    assert path.stat().st_size < 10_000  # a few kB that claim 17 billion cells
    with pytest.raises(DataErrors) as info:
        read_file(path)
    (error,) = info.value.errors
    assert (error.path, error.sheet, error.line) == (path, FORUMS.fi, None)
    assert "dimension is A1:XFD1048576 (1048576 rows × 16384 columns" in error.message
    assert "YP_IMPORT_MAX_CELLS" in error.message
    assert error.fix is not None and "XFD1048576" in error.fix


def _without_dimension(path: Path, ref: str | None) -> None:
    """Rewrite the sheet's ``<dimension>``: drop it (None) or state ``ref`` instead."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    new = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
    parts[sheet], n = re.subn(rb"<dimension [^>]*/>", new, parts[sheet])
    assert n == 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_sparse_xlsx_without_dimension_stopped_by_cells_read(tmp_path: Path) -> None:
    path = _sparse_workbook(tmp_path / "sparse.xlsx")
    _without_dimension(path, None)
    assert load_workbook(path, read_only=True)[FORUMS.fi].max_row is None  # the premise
    with pytest.raises(DataErrors) as info:
        read_file(path, limits=Limits(max_cells=5000))
    (error,) = info.value.errors
    # the header's cells, then one for each empty row, until one more than 5000
    assert (error.sheet, error.line) == (FORUMS.fi, 1 + (5000 + 1 - len(FORUMS.columns)))
    assert "more than 5000 cells read (YP_IMPORT_MAX_CELLS), empty ones included" in error.message


def test_xlsx_understated_dimension_reads_every_row(tmp_path: Path) -> None:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = FORUMS.fi
    sheet.append([c.fi for c in FORUMS.columns])
    for i in range(3):
        sheet.append([f"f-{i}", *FORUM[1:]])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    _without_dimension(path, "A1:B2")  # says two rows and two columns
    (table,) = read_file(path)
    assert [r.values["forum_id"] for r in table.rows] == ["f-0", "f-1", "f-2"]
    assert table.rows[0].values["level"] == "asiantuntijat"  # column G, past "B"


def test_csv_cells_counted_as_read(tmp_path: Path) -> None:
    path = tmp_path / "foorumit.csv"
    path.write_text(csv_text(FORUMS, "fi", [FORUM, FORUM + [""] * 5000]), "utf-8")
    with pytest.raises(DataError, match=r"more than 1000 cells read") as info:
        read_file(path, limits=Limits(max_cells=1000))
    assert (info.value.path, info.value.line) == (path, 3)


def test_import_rows_limited_across_its_files(
    built_without_example: Settings, tmp_path: Path, ctx: Context
) -> None:
    before = state(built_without_example)
    folder = tmp_path / "r"
    folder.mkdir()
    rows = plain_rows("vastuut")[:4]  # the header and three rows
    write_excel_csv(folder / "vastuut.csv", rows)
    forums = plain_rows("foorumit")[:4]
    write_excel_csv(folder / "foorumit.csv", forums)
    settings = dataclasses.replace(built_without_example, import_max_rows=5)
    with pytest.raises(DataErrors) as info:
        import_path(folder, settings, ctx=ctx)
    (error,) = [e for e in info.value.errors if "YP_IMPORT_MAX_ROWS" in e.message]
    # files are read in name order: three rows of foorumit.csv, then the sixth row is
    # the third of vastuut.csv (its line 4)
    assert (error.path, error.line) == (folder / "vastuut.csv", 4)
    assert "more than 5 rows" in error.message
    assert state(built_without_example) == before
    assert not (built_without_example.data_dir / "regional" / "r").exists()


def test_import_bytes_limited_across_its_files_before_reading(
    built_without_example: Settings, tmp_path: Path, ctx: Context
) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    rows = plain_rows("vastuut")[:4]
    a = write_excel_csv(folder / "vastuut.csv", rows)
    b = write_excel_csv(folder / "foorumit.csv", plain_rows("foorumit")[:4])
    total = a.stat().st_size + b.stat().st_size
    limit = max(a.stat().st_size, b.stat().st_size) + 1  # each file fits, both do not
    assert limit < total
    settings = dataclasses.replace(built_without_example, import_max_bytes=limit)
    with pytest.raises(DataError) as info:
        import_path(folder, settings, ctx=ctx)
    assert info.value.path == folder.resolve() or info.value.path == folder
    assert f"are {total} bytes together, above the limit of {limit}" in info.value.message
