"""Reading CSV tables with errors that name the file, line and column.

Every row keeps the physical line it started on, so a message can point a person at the
cell to fix. Headers must match exactly: a renamed or missing column is an error, not a
silent empty value.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.errors import DataError


@dataclass(frozen=True)
class Row:
    """One data row of a table, with where it came from."""

    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, column: str, message: str) -> DataError:
        return DataError(message, path=self.path, line=self.line, column=column)

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


def read_table(path: Path, columns: Sequence[str]) -> list[Row]:
    """All rows of a UTF-8 CSV file whose header is exactly ``columns``."""
    return list(iter_table(path, columns))


def iter_table(path: Path, columns: Sequence[str]) -> Iterator[Row]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=path) from exc
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise DataError("file is empty (expected a header row)", path=path, line=1)
            if header != list(columns):
                missing = [c for c in columns if c not in header]
                extra = [c for c in header if c not in columns]
                detail = []
                if missing:
                    detail.append(f"missing {missing}")
                if extra:
                    detail.append(f"unexpected {extra}")
                if not detail:
                    detail.append(f"columns out of order, expected {list(columns)}")
                raise DataError("header " + "; ".join(detail), path=path, line=1)
            line = reader.line_num + 1
            for cells in reader:
                if len(cells) != len(columns):
                    raise DataError(
                        f"row has {len(cells)} cells, the header has {len(columns)}",
                        path=path,
                        line=line,
                    )
                yield Row(path, line, dict(zip(columns, cells, strict=True)))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise DataError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8: {exc.reason}", path=path) from exc
