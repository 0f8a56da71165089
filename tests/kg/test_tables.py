"""CSV reading with locations in every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DataError
from kg.tables import Row, csv_records, read_header, read_table


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, "utf-8")
    return path


def test_read_table_rows_keep_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'a,b\n1,"two\nlines"\n3,4\n')
    rows = read_table(path, ["a", "b"])
    assert [(r.line, r["a"]) for r in rows] == [(2, "1"), (4, "3")]


def test_read_table_missing_column_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,c\n1,2\n")
    with pytest.raises(DataError, match=r"missing \['b'\]; unexpected \['c'\]") as info:
        read_table(path, ["a", "b"])
    assert (info.value.path, info.value.line) == (path, 1)


def test_read_table_short_row_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,b\n1,2\n3\n")
    with pytest.raises(DataError) as info:
        read_table(path, ["a", "b"])
    assert info.value.line == 3
    assert "1 cells" in str(info.value)


def test_read_table_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("a,b\nÅ,1\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_table(path, ["a", "b"])


def test_row_match_and_date_errors_name_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "code,day\n12,2025-13-01\n")
    (row,) = read_table(path, ["code", "day"])
    with pytest.raises(DataError) as info:
        row.match("code", r"\d{3}", "municipality code")
    assert (info.value.line, info.value.column) == (2, "code")
    with pytest.raises(DataError, match="not a date") as info:
        row.date("day")
    assert info.value.column == "day"


def test_malformed_record_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'a,b\n1,2\n3,"x"y\n')
    with pytest.raises(DataError, match="malformed CSV") as info:
        read_table(path, ["a", "b"])
    assert (info.value.path, info.value.line) == (path, 3)
    with path.open(encoding="utf-8", newline="") as handle:
        records = csv_records(handle, path, fix="quote it")
        assert next(records) == (1, ["a", "b"])
        assert next(records) == (2, ["1", "2"])
        with pytest.raises(DataError) as info:
            next(records)
    assert (info.value.line, info.value.fix) == (3, "quote it")


def test_own_header_and_read_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "x,y\n1,2\n")
    (row,) = read_table(path)
    assert (row.line, row.values) == (2, {"x": "1", "y": "2"})
    assert read_header(path) == ["x", "y"]
    with pytest.raises(DataError, match="empty"):
        read_header(_write(tmp_path, ""))


def test_row_error_names_the_header_as_written_and_the_sheet() -> None:
    row = Row(Path("t.xlsx"), 7, {"municipality": "x"}, "Vastuut", {"municipality": "kunta"})
    error = row.error("municipality", "unknown", fix="pick one")
    assert (error.path, error.sheet, error.line, error.column, error.fix) == (
        Path("t.xlsx"),
        "Vastuut",
        7,
        "kunta",
        "pick one",
    )
    assert row.row == 7 and row.header("other") == "other"


def test_one_csv_reader_in_the_code() -> None:
    """Only kg/tables.py reads CSV records; the import's dialect sniffer reads the header
    line alone to tell the delimiter."""
    import ast

    from kg.config import REPO_ROOT

    readers = set()
    for folder in ("kg", "api"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in ("reader", "DictReader")
                    and getattr(node.value, "id", None) == "csv"
                ):
                    readers.add(str(path.relative_to(REPO_ROOT)))
    assert readers == {"kg/tables.py", "kg/importing/csv_dialect.py"}
