"""Located errors, and a run's errors together in file, sheet and row order."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import MAX_SHOWN, DataError, DataErrors


def test_data_error_names_location_and_fix() -> None:
    error = DataError("bad", path="a.csv", sheet="s", line=3, column="kunta", fix="do this")
    assert str(error) == "a.csv, sheet 's', line 3, column 'kunta': bad (fix: do this)"
    assert error.as_dict() == {
        "file": "a.csv",
        "sheet": "s",
        "row": 3,
        "column": "kunta",
        "message": "bad",
        "fix": "do this",
    }


def test_data_errors_ordered_by_file_sheet_row_stable_within_row() -> None:
    a, b = Path("a.xlsx"), Path("b.csv")
    found = [
        DataError("a-s2-1", path=a, sheet="s2", line=1),
        DataError("b-5", path=b, line=5),
        DataError("a-s1-9", path=a, sheet="s1", line=9),
        DataError("a-s2-1-second", path=a, sheet="s2", line=1),
        DataError("a-s1-2", path=a, sheet="s1", line=2),
        DataError("b-header", path=b),
    ]
    errors = DataErrors([found[0], DataErrors(found[1:3]), *found[3:]])  # nested ones opened
    assert [e.message for e in errors.errors] == [
        "a-s2-1",
        "a-s2-1-second",
        "a-s1-2",
        "a-s1-9",
        "b-header",
        "b-5",
    ]


def test_data_errors_message_caps_the_list() -> None:
    errors = DataErrors(DataError(f"e{i}", path="x.csv", line=i) for i in range(MAX_SHOWN + 7))
    lines = str(errors).splitlines()
    assert lines[0] == f"{MAX_SHOWN + 7} errors:"
    assert len(lines) == 1 + MAX_SHOWN + 1 and lines[-1] == "  … and 7 more"


def test_data_errors_needs_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        DataErrors([])
