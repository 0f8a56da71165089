"""Domain failures of the knowledge-graph library.

Hierarchy::

    ValueError
     └── DataError            bad input data, with its location (file, line/row, column)
          └── BuildError      a build that could not complete; the previous store is kept

Other failures use the built-in types: ``OSError`` for I/O and unreachable services,
``SyntaxError`` (raised by the SPARQL engine) for malformed queries.
"""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad input data. Names the file and, where known, the line or row and the column."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.sheet = sheet
        super().__init__(self._render())

    def _render(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class BuildError(DataError):
    """A build failed; the store that was serving before is unchanged."""
