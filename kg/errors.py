"""Domain failures of the knowledge-graph library.

Hierarchy::

    ValueError
     └── DataError            bad input data, with its location (file, sheet, line/row,
          │                   column) and, where one can be given, how to fix it
          ├── DataErrors      every DataError one run found (an import reports them all)
          └── BuildError      a build that could not complete; the previous store is kept

    RuntimeError
     └── StoreUnavailable  the SPARQL server holding the graph failed, could not be
                           reached, or its answer broke off or did not parse

Other failures use the built-in types: ``OSError`` for I/O and unreachable services,
``SyntaxError`` (raised by the SPARQL engine) for malformed queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MAX_SHOWN = 200  # errors listed in one report; the rest are counted


class DataError(ValueError):
    """Bad input data. Names the file and, where known, the sheet, the line or row and the
    column; ``fix`` says what to do about it."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.sheet = sheet
        self.fix = fix
        super().__init__(self._render())

    def location(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def _render(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} (fix: {self.fix})" if self.fix else text

    def as_dict(self) -> dict[str, object]:
        """The error for machines: file, sheet, row, column, message, fix."""
        return {
            "file": str(self.path) if self.path is not None else None,
            "sheet": self.sheet,
            "row": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
        }


class DataErrors(DataError):
    """Every error found in one run, in file, sheet and row order (stable within a row).

    Its message lists the first ``MAX_SHOWN`` and counts the rest."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = ordered(flatten(errors))
        if not self.errors:
            raise ValueError("DataErrors needs at least one error")
        super().__init__(self.render())

    def render(self, limit: int = MAX_SHOWN) -> str:
        lines = [f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}:"]
        lines += [f"  {e}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"  … and {len(self.errors) - limit} more")
        return "\n".join(lines)


def flatten(errors: Iterable[DataError]) -> list[DataError]:
    """The single errors, with every DataErrors opened up."""
    out: list[DataError] = []
    for error in errors:
        out += error.errors if isinstance(error, DataErrors) else [error]
    return out


def ordered(errors: list[DataError]) -> list[DataError]:
    """Grouped by file and sheet in the order they were first met, then by row; errors of
    one row keep the order they were found in (left to right, then across cells)."""
    files: dict[Path | None, int] = {}
    sheets: dict[tuple[Path | None, str | None], int] = {}
    for e in errors:
        files.setdefault(e.path, len(files))
        sheets.setdefault((e.path, e.sheet), len(sheets))
    return sorted(errors, key=lambda e: (files[e.path], sheets[(e.path, e.sheet)], e.line or 0))


class BuildError(DataError):
    """A build failed; the store that was serving before is unchanged."""


class StoreUnavailable(RuntimeError):
    """The SPARQL server holding the graph (``YP_STORE=http…``) failed, could not be
    reached, or sent an answer that broke off or did not parse: never taken as a result."""
