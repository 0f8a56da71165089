"""CSV and XLSX files to rows that know where they came from (file, sheet, row, column).

CSV records are read by the one CSV core, ``kg.tables.csv_records``, and rows are
``kg.tables.Row`` (``LocatedRow`` here); this module adds what templates filled in
spreadsheets need on top.

CSV files may be saved as spreadsheets save them (``csv_dialect``: UTF-8 with or without
a byte-order mark or Windows-1252, ``;`` or ``,``). A header that does not fit stops its
file or sheet (every problem of the header is reported); a row that does not fit the
header is reported and left out, and reading goes on.

XLSX files are read with XML entity expansion off (openpyxl parses through defusedxml when
it is installed, and this module refuses to run without it), formulas are refused (paste
values), and files above a size limit are refused before they are opened, as are
archives that would unpack to far more than their size and sheets whose declared
dimension is too large (``kg.importing.limits``: the limits and their settings). CSV rows
are read as a stream from the file, never the whole text.

A leading apostrophe is removed from a CSV cell only before ``= + - @ ' tab CR``: our CSV
exports put it there so that a spreadsheet does not read the cell as a formula (a cell
that starts with an apostrophe gets one more), so ``'=SUM(A1)`` reads as ``=SUM(A1)`` and
``''quoted'`` as ``'quoted'``, while ``'quoted'`` stays as it is. XLSX cells are read as
they are: a text cell is never a formula there, so the exports write no apostrophe.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import DataError, DataErrors
from kg.importing.csv_dialect import SAVE_AS, Dialect, detect_encoding, sniff
from kg.importing.limits import Limits
from kg.importing.schema import TABLES, Column, Table, table_named
from kg.tables import Row, csv_records

IGNORED_SHEETS = {"ohjeet", "instructions", "listat", "lists", "anvisningar"}
IGNORED_SHEETS |= {"teemaluettelo", "theme list"}  # the templates' theme list
# a leading apostrophe written by our exports to keep a spreadsheet from reading a formula
_NEUTRALISED = re.compile(r"^'(?=[=+\-@'\t\r])")
QUOTES_FIX = (
    "check the quotes on this line: a cell that holds quotes is written in quotes, with "
    'each quote doubled ("")'
)


# a row of a template table: the one row type of kg.tables, with its sheet and headers
LocatedRow = Row


@dataclass(frozen=True)
class TableRows:
    path: Path
    sheet: str | None
    table: Table
    rows: list[LocatedRow]
    errors: list[DataError] = field(default_factory=list)  # rows left out
    dialect: Dialect | None = None  # how a CSV file was saved


def read_file(path: Path, *, limits: Limits | None = None) -> list[TableRows]:
    """All template tables in a CSV or XLSX file, within ``limits`` (which count what an
    import has read so far; a file alone by default)."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=path) from exc
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError("only .csv and .xlsx files can be imported", path=path)
    limits.take_file(path, size)
    if suffix == ".csv":
        return [_read_csv(path, limits)]
    return _read_xlsx(path, limits)


def unneutralise(text: str) -> str:
    """Undo the apostrophe our exports put before a cell that looks like a formula."""
    return _NEUTRALISED.sub("", text, count=1)


def _header_map(
    table: Table | None,
    headers: list[str],
    path: Path,
    sheet: str | None,
    dialect: Dialect | None = None,
) -> tuple[Table, dict[int, Column]]:
    """Match the header cells to a table's columns (Finnish or English headers); every
    problem of the header is reported together."""
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
    errors = []

    def error(message: str, column: str | None, fix: str) -> None:
        errors.append(DataError(message, path=path, sheet=sheet, line=1, column=column, fix=fix))

    known = [c.fi for c in t.columns] + [c.en for c in t.columns]
    for i, h in enumerate(headers):
        if i not in mapping and h.strip():
            close = difflib.get_close_matches(h.strip(), known, n=3, cutoff=0.6)
            fix = (
                f"rename it to {' or '.join(repr(c) for c in close)}"
                if close
                else "rename it to a header of the template (data/templates/README.md) or "
                "delete the column"
            )
            if dialect is not None and dialect.encoding == "cp1252":
                fix += "; if letters look wrong, " + SAVE_AS
            error(f"unknown column {h!r} for table {t.fi!r}/{t.en!r}", h, fix)
    seen: dict[str, str] = {}
    for i, column in mapping.items():
        if column.key in seen:
            error(
                f"column given twice ({seen[column.key]!r} and {headers[i]!r})",
                headers[i],
                "delete one of the two columns",
            )
        seen.setdefault(column.key, headers[i])
    missing = [c.fi for c in t.columns if c.required and c.key not in seen]
    if missing:
        error(
            f"required columns missing: {missing}",
            None,
            "add the columns (copy the header row from the template)",
        )
    if errors:
        raise DataErrors(errors)
    return t, mapping


def _rows(
    path: Path,
    sheet: str | None,
    table: Table | None,
    cells: Iterator[tuple[int, list[str]]],
    limits: Limits,
    dialect: Dialect | None = None,
) -> TableRows:
    """The rows of one CSV file or sheet; a CSV file's cells lose the apostrophe its
    export put before a formula-like start (``dialect`` is given for CSV only)."""
    clean = unneutralise if dialect is not None else _as_is
    first = next(cells, None)
    if first is None:
        raise DataError(
            "no header row", path=path, sheet=sheet, line=1, fix="copy the template's header row"
        )
    _, headers = first
    table, mapping = _header_map(table, headers, path, sheet, dialect)
    header_text = {c.key: headers[i] for i, c in mapping.items()}
    rows = []
    errors = []
    for number, row in cells:
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not data
        limits.take_row(path, sheet, number)
        if len(row) > len(headers) and any(cell.strip() for cell in row[len(headers) :]):
            errors.append(
                DataError(
                    f"row has {len(row)} cells, the header has {len(headers)}",
                    path=path,
                    sheet=sheet,
                    line=number,
                    fix="a cell holding the delimiter must be in quotes; "
                    "or delete the cells right of the last column",
                )
            )
            continue
        values = {c.key: "" for c in table.columns}
        for i, column in mapping.items():
            values[column.key] = clean(row[i].strip()) if i < len(row) else ""
        rows.append(Row(path, number, values, sheet, header_text))
    return TableRows(path, sheet, table, rows, errors, dialect)


def _as_is(text: str) -> str:
    return text


def _read_csv(path: Path, limits: Limits) -> TableRows:
    encoding = detect_encoding(path)  # reads the bytes once, in blocks
    table = table_named(path.stem)
    headers = [h for t in ([table] if table else TABLES) for c in t.columns for h in (c.fi, c.en)]
    with path.open(encoding=encoding, newline="") as handle:
        dialect = sniff(handle.readline(), encoding, headers, path)
        handle.seek(0)
        records = csv_records(handle, path, delimiter=dialect.delimiter, fix=QUOTES_FIX)

        def cells() -> Iterator[tuple[int, list[str]]]:
            read = 0
            for line, row in records:
                read += max(len(row), 1)
                limits.check_cells(path, None, line, read)
                yield line, row

        return _rows(path, None, table, cells(), limits, dialect)


def _read_xlsx(path: Path, limits: Limits) -> list[TableRows]:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed to read XLSX files safely")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DataError("not an XLSX file (not a zip archive)", path=path) from exc
    if unpacked > limits.max_unpacked:
        raise DataError(
            f"unpacks to {unpacked} bytes, above the limit of {limits.max_unpacked} "
            "(ten times YP_IMPORT_MAX_BYTES)",
            path=path,
        )
    with path.open("rb") as handle:  # closed here even when parsing fails half-way
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False)
        except Exception as exc:  # defusedxml and openpyxl raise their own types
            raise _xml_error(path, exc) from exc
        try:
            return _read_sheets(path, workbook, limits)
        finally:
            workbook.close()


def _read_sheets(path: Path, workbook: Any, limits: Limits) -> list[TableRows]:
    out = []
    errors: list[DataError] = []
    for sheet in workbook.worksheets:
        title = sheet.title
        if title.strip().casefold() in IGNORED_SHEETS:
            continue
        table = table_named(title)
        if table is None:
            errors.append(
                DataError(
                    f"sheet {title!r} is not a template table",
                    path=path,
                    sheet=title,
                    fix=f"name it one of {[t.fi for t in TABLES]} (or the English names), "
                    "or delete it",
                )
            )
            continue
        try:
            _check_dimension(path, sheet, limits)
            out.append(_rows(path, title, table, _sheet_cells(path, title, sheet, limits), limits))
        except DataError as exc:
            errors.append(exc)
        except Exception as exc:  # sheets are parsed lazily, while rows are read
            raise _xml_error(path, exc, sheet=title) from exc
    if errors:
        raise DataErrors(errors)
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


def _check_dimension(path: Path, sheet: Any, limits: Limits) -> None:
    """Refuse a sheet whose declared dimension is too large before a row is read; then
    read it without that dimension, so that rows are not padded to it and cells outside
    an understated one are not dropped (the cells read are counted instead)."""
    if sheet.max_row is not None and sheet.max_column is not None:
        ref = sheet.calculate_dimension()
        limits.check_dimension(path, sheet.title, ref, sheet.max_row, sheet.max_column)
    sheet.reset_dimensions()


def _sheet_cells(
    path: Path, title: str, sheet: Any, limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    formulas = []
    read = 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        read += max(len(row), 1)
        limits.check_cells(path, title, number, read)
        texts = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                formulas.append(
                    DataError(
                        "formulas are not accepted",
                        path=path,
                        sheet=title,
                        line=number,
                        column=getattr(cell, "column_letter", None),
                        fix="copy the cells and paste them as values",
                    )
                )
            texts.append(_cell_text(cell.value))
        if not formulas:
            yield number, texts
    if formulas:  # every formula of the sheet, reported once the sheet is read
        raise DataErrors(formulas)


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
