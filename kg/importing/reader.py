"""CSV and XLSX files to rows that know where they came from (file, sheet, row, column).

XLSX files are read with XML entity expansion off (openpyxl parses through defusedxml when
it is installed, and this module refuses to run without it), formulas are refused (paste
values), and files above a size limit are refused before they are opened, as are
archives that would unpack to far more than their size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import DataError
from kg.importing.schema import TABLES, Column, Table, table_named

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
IGNORED_SHEETS = {"ohjeet", "instructions", "listat", "lists", "anvisningar"}
IGNORED_SHEETS |= {"teemaluettelo", "theme list"}  # the templates' theme list
# a leading apostrophe written by our exports to keep a spreadsheet from reading a formula
_NEUTRALISED = re.compile(r"^'(?=[=+\-@'\t\r])")


@dataclass(frozen=True)
class LocatedRow:
    path: Path
    sheet: str | None
    row: int  # as numbered in the spreadsheet (the header is row 1)
    values: dict[str, str]  # column key -> cell text
    headers: dict[str, str]  # column key -> header as written in the file

    def error(self, key: str, message: str) -> DataError:
        return DataError(
            message,
            path=self.path,
            sheet=self.sheet,
            line=self.row,
            column=self.headers.get(key, key),
        )


@dataclass(frozen=True)
class TableRows:
    path: Path
    sheet: str | None
    table: Table
    rows: list[LocatedRow]


def read_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, max_unpacked: int = MAX_UNPACKED_BYTES
) -> list[TableRows]:
    """All template tables in a CSV or XLSX file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=path) from exc
    if size > max_bytes:
        raise DataError(f"file is {size} bytes, above the limit of {max_bytes}", path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(path)]
    if suffix == ".xlsx":
        return _read_xlsx(path, max_unpacked)
    raise DataError("only .csv and .xlsx files can be imported", path=path)


def unneutralise(text: str) -> str:
    """Undo the apostrophe our exports put before a cell that looks like a formula."""
    return _NEUTRALISED.sub("", text, count=1)


def _header_map(
    table: Table | None, headers: list[str], path: Path, sheet: str | None
) -> tuple[Table, dict[int, Column]]:
    """Match the header cells to a table's columns (Finnish or English headers)."""
    cleaned = [h.strip().casefold() for h in headers]
    candidates = [table] if table else list(TABLES)
    best: tuple[Table, dict[int, Column]] | None = None
    for t in candidates:
        by_header = {c.fi.casefold(): c for c in t.columns} | {
            c.en.casefold(): c for c in t.columns
        }
        mapping = {i: by_header[h] for i, h in enumerate(cleaned) if h in by_header}
        if best is None or len(mapping) > len(best[1]):
            best = (t, mapping)
    assert best is not None
    t, mapping = best
    for i, h in enumerate(headers):
        if i not in mapping and h.strip():
            raise DataError(
                f"unknown column {h!r} for table {t.fi!r}/{t.en!r}; expected one of "
                f"{[c.fi for c in t.columns]} (or the English headers)",
                path=path,
                sheet=sheet,
                line=1,
                column=h,
            )
    seen: dict[str, str] = {}
    for i, column in mapping.items():
        if column.key in seen:
            raise DataError(
                f"column given twice ({seen[column.key]!r} and {headers[i]!r})",
                path=path,
                sheet=sheet,
                line=1,
                column=headers[i],
            )
        seen[column.key] = headers[i]
    missing = [c.fi for c in t.columns if c.required and c.key not in seen]
    if missing:
        raise DataError(f"required columns missing: {missing}", path=path, sheet=sheet, line=1)
    return t, mapping


def _rows(
    path: Path, sheet: str | None, table: Table | None, cells: Iterator[tuple[int, list[str]]]
) -> TableRows:
    first = next(cells, None)
    if first is None:
        raise DataError("no header row", path=path, sheet=sheet, line=1)
    _, headers = first
    table, mapping = _header_map(table, headers, path, sheet)
    header_text = {c.key: headers[i] for i, c in mapping.items()}
    rows = []
    for number, row in cells:
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not data
        if len(row) > len(headers) and any(cell.strip() for cell in row[len(headers) :]):
            raise DataError(
                f"row has {len(row)} cells, the header has {len(headers)}",
                path=path,
                sheet=sheet,
                line=number,
            )
        values = {c.key: "" for c in table.columns}
        for i, column in mapping.items():
            values[column.key] = unneutralise(row[i].strip()) if i < len(row) else ""
        rows.append(LocatedRow(path, sheet, number, values, header_text))
    return TableRows(path, sheet, table, rows)


def _read_csv(path: Path) -> TableRows:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 (byte {exc.start})", path=path) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)

    def cells() -> Iterator[tuple[int, list[str]]]:
        line = 1
        try:
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except csv.Error as exc:
            raise DataError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from exc

    return _rows(path, None, table_named(path.stem), cells())


def _read_xlsx(path: Path, max_unpacked: int) -> list[TableRows]:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed to read XLSX files safely")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DataError("not an XLSX file (not a zip archive)", path=path) from exc
    if unpacked > max_unpacked:
        raise DataError(
            f"unpacks to {unpacked} bytes, above the limit of {max_unpacked}", path=path
        )
    with path.open("rb") as handle:  # closed here even when parsing fails half-way
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False)
        except Exception as exc:  # defusedxml and openpyxl raise their own types
            raise _xml_error(path, exc) from exc
        try:
            return _read_sheets(path, workbook)
        finally:
            workbook.close()


def _read_sheets(path: Path, workbook: Any) -> list[TableRows]:
    out = []
    for sheet in workbook.worksheets:
        title = sheet.title
        if title.strip().casefold() in IGNORED_SHEETS:
            continue
        table = table_named(title)
        if table is None:
            raise DataError(
                f"sheet {title!r} is not a template table; expected one of "
                f"{[t.fi for t in TABLES]} (or the English names)",
                path=path,
                sheet=title,
            )
        try:
            out.append(_rows(path, title, table, _sheet_cells(path, title, sheet)))
        except DataError:
            raise
        except Exception as exc:  # sheets are parsed lazily, while rows are read
            raise _xml_error(path, exc, sheet=title) from exc
    return out


def _xml_error(path: Path, exc: Exception, *, sheet: str | None = None) -> DataError:
    from defusedxml import DefusedXmlException

    chain: BaseException | None = exc
    while chain is not None and not isinstance(chain, DefusedXmlException):
        chain = chain.__cause__ or chain.__context__
    if chain is not None:
        return DataError(
            "XML entities or DTDs are not allowed in XLSX files", path=path, sheet=sheet
        )
    return DataError(f"cannot read the workbook: {exc}", path=path, sheet=sheet)


def _sheet_cells(path: Path, title: str, sheet: object) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(sheet.iter_rows(), start=1):  # type: ignore[attr-defined]
        texts = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise DataError(
                    "formulas are not accepted; paste the values instead",
                    path=path,
                    sheet=title,
                    line=number,
                    column=getattr(cell, "column_letter", None),
                )
            texts.append(_cell_text(cell.value))
        yield number, texts


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
