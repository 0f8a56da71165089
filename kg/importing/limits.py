"""How much one import may read, so that a careless or hostile file cannot take the
machine: checked before a file is opened and while its rows are read, never after.

- ``YP_IMPORT_MAX_BYTES``: the files of one import together (and so each file), checked
  on their sizes before any is read;
- ``YP_IMPORT_MAX_ROWS``: the rows of one import together; reading stops at the first row
  past it (an import's memory grows with its rows: ``python -m bench import-memory``);
- ``YP_IMPORT_MAX_CELLS``: the cells of one sheet or CSV file, checked on an XLSX sheet's
  declared dimension (``<dimension ref="A1:XFD1048576"/>``) before its rows are read, and
  on the cells as read (empty rows and padding count), so a sheet that leaves out its
  dimension or understates it is stopped too;
- an XLSX archive may unpack to at most ten times ``YP_IMPORT_MAX_BYTES``.

A limit passed is a DataError naming the file (and sheet and row) and the setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.errors import DataError


@dataclass
class Limits:
    """The limits of one import and what it has read so far."""

    max_bytes: int = Settings.import_max_bytes
    max_rows: int = Settings.import_max_rows
    max_cells: int = Settings.import_max_cells
    max_unpacked: int = 10 * Settings.import_max_bytes
    bytes_read: int = 0
    rows_read: int = 0

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            settings.import_max_bytes,
            settings.import_max_rows,
            settings.import_max_cells,
            10 * settings.import_max_bytes,
        )

    def fresh(self) -> Limits:
        """The same limits with nothing read (for a reader of single files: the build)."""
        return Limits(self.max_bytes, self.max_rows, self.max_cells, self.max_unpacked)

    def check_files(self, where: Path, paths: list[Path]) -> None:
        """Refuse an import whose files together are above the byte limit, unread."""
        total = sum(p.stat().st_size for p in paths)
        if total > self.max_bytes:
            raise DataError(
                f"the {len(paths)} files to import are {total} bytes together, above the "
                f"limit of {self.max_bytes} bytes an import may read (YP_IMPORT_MAX_BYTES)",
                path=where,
                fix="import only the region's own files; if they are genuinely this large, "
                "raise YP_IMPORT_MAX_BYTES",
            )

    def take_file(self, path: Path, size: int) -> None:
        """Count a file of ``size`` bytes, before it is read."""
        self.bytes_read += size
        if self.bytes_read > self.max_bytes:
            before = self.bytes_read - size
            together = f"; with the files before it, {self.bytes_read}" if before else ""
            raise DataError(
                f"file is {size} bytes{together}, above the limit of {self.max_bytes} bytes "
                "an import may read (YP_IMPORT_MAX_BYTES)",
                path=path,
                fix="import only the region's own files; if they are genuinely this large, "
                "raise YP_IMPORT_MAX_BYTES",
            )

    def take_row(self, path: Path, sheet: str | None, row: int) -> None:
        """Count one data row, as it is read."""
        self.rows_read += 1
        if self.rows_read > self.max_rows:
            raise DataError(
                f"the import has more than {self.max_rows} rows (YP_IMPORT_MAX_ROWS); reading "
                "stopped here",
                path=path,
                sheet=sheet,
                line=row,
                fix="check that the file holds only the region's rows; if they are genuine, "
                "raise YP_IMPORT_MAX_ROWS",
            )

    def check_cells(self, path: Path, sheet: str | None, row: int, cells: int) -> None:
        """Stop a file or sheet whose cells read so far pass the limit."""
        if cells > self.max_cells:
            raise DataError(
                f"more than {self.max_cells} cells read (YP_IMPORT_MAX_CELLS), empty ones "
                "included; reading stopped here",
                path=path,
                sheet=sheet,
                line=row,
                fix="delete the empty rows and columns beyond the table (a single cell far "
                "below or to the right of it makes the sheet that large)",
            )

    def check_dimension(self, path: Path, sheet: str, ref: str, rows: int, columns: int) -> None:
        """Refuse a sheet whose declared dimension is above the cell limit, unread."""
        if rows * columns > self.max_cells:
            raise DataError(
                f"the sheet's dimension is {ref} ({rows} rows × {columns} columns = "
                f"{rows * columns} cells), above the limit of {self.max_cells} cells "
                "(YP_IMPORT_MAX_CELLS)",
                path=path,
                sheet=sheet,
                fix="delete the empty rows and columns beyond the table (a single cell far "
                "below or to the right of it, such as XFD1048576, makes the sheet that "
                "large), then save the workbook again",
            )
