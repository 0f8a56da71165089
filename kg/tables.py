"""The one way a CSV file is read: records with the line each starts on, and rows whose
errors name the file, sheet, line and column.

:func:`csv_records` is the core every CSV reader uses: it streams the records of an open
file and turns a malformed one into a :class:`DataError` naming the file and line. :class:`Row`
is the one row type: a row of a project table here, and of a regional template (CSV or
XLSX sheet) in ``kg.importing.reader``, which adds the spreadsheet dialects, header
matching in Finnish or English, and the import limits on top of the same core.

:func:`read_table` reads the project's own tables (``data/reference``, ``legal``, ``survey``,
``scope``, ``obligations``): UTF-8, comma-separated, and the header must match exactly, so
a renamed or missing column is an error, not a silent empty value.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from kg.errors import DataError


@dataclass(frozen=True)
class Row:
    """One data row, with where it came from: the file, the sheet of a workbook, and the
    line (the spreadsheet's row number; the header is line 1). ``values`` and ``headers``
    are keyed by column key; ``headers`` gives a column's header as written in the file
    where it differs from the key, so that errors name the column a person sees."""

    path: Path
    line: int
    values: dict[str, str]
    sheet: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def row(self) -> int:
        """The line, as spreadsheets number rows."""
        return self.line

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def header(self, column: str) -> str:
        """The column's header as written in the file (for messages about other cells)."""
        return self.headers.get(column, column)

    def error(self, column: str, message: str, *, fix: str | None = None) -> DataError:
        return DataError(
            message,
            path=self.path,
            sheet=self.sheet,
            line=self.line,
            column=self.header(column),
            fix=fix,
        )

    def match(self, column: str, pattern: str, what: str, *, optional: bool = False) -> str:
        """The cell's value, checked against a full-match regular expression."""
        value = self.values[column]
        if optional and value == "":
            return value
        if not re.fullmatch(pattern, value):
            raise self.error(column, f"{what} {value!r} is not valid (expected {pattern})")
        return value

    def required(self, column: str) -> str:
        value = self.values[column]
        if not value.strip():
            raise self.error(column, "value is missing")
        return value

    def date(self, column: str, *, optional: bool = False) -> date | None:
        value = self.values[column]
        if optional and value == "":
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not a date (YYYY-MM-DD)") from None


def read_table(path: Path, columns: Sequence[str] | None = None) -> list[Row]:
    """All rows of a UTF-8 CSV file whose header is exactly ``columns`` (by default the
    file's own header, whatever it is)."""
    return list(iter_table(path, columns))


def read_header(path: Path) -> list[str]:
    """The header of a UTF-8 CSV file (its first record)."""
    for row in _records(path):
        return row
    raise DataError("file is empty (expected a header row)", path=path, line=1)


def csv_records(
    handle: TextIO, path: Path, *, delimiter: str = ",", fix: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Each record of an open CSV file (opened with ``newline=""``) with the line it starts
    on; a malformed record raises DataError naming the file and line (with ``fix``)."""
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"malformed CSV: {exc}", path=path, line=reader.line_num, fix=fix) from exc


def iter_table(path: Path, columns: Sequence[str] | None = None) -> Iterator[Row]:
    records = _located_records(path)
    first = next(records, None)
    if first is None:
        raise DataError("file is empty (expected a header row)", path=path, line=1)
    header = first[1]
    columns = header if columns is None else list(columns)
    if header != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append(f"columns out of order, expected {columns}")
        raise DataError("header " + "; ".join(detail), path=path, line=1)
    for line, cells in records:
        if len(cells) != len(columns):
            raise DataError(
                f"row has {len(cells)} cells, the header has {len(columns)}", path=path, line=line
            )
        yield Row(path, line, dict(zip(columns, cells, strict=True)))


def _records(path: Path) -> Iterator[list[str]]:
    return (cells for _, cells in _located_records(path))


def _located_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The records of a UTF-8, comma-separated file, with their lines."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=path) from exc
    with handle:
        try:
            yield from csv_records(handle, path)
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8: {exc.reason}", path=path) from exc
