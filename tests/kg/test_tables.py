"""CSV reading with locations in every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DataError
from kg.tables import read_table


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
