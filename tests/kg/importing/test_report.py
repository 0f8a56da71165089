"""The import result for people and scripts: errors grouped and capped, JSON fields."""

from __future__ import annotations

from pathlib import Path

from kg.errors import MAX_SHOWN, DataError, DataErrors
from kg.importing.report import errors_json, render_errors


def test_render_errors_grouped_by_file_and_sheet_with_fixes() -> None:
    book, csv = Path("pohja.xlsx"), Path("vastuut.csv")
    errors = DataErrors(
        [
            DataError("x", path=csv, line=4, column="kunta", fix="did you mean 'Kajaani'?"),
            DataError("y", path=book, sheet="foorumit", line=2, column="taso"),
            DataError("z", path=csv, line=2, column="teema", fix="use a theme code"),
        ]
    )
    assert render_errors(errors).splitlines() == [
        "3 errors:",
        "vastuut.csv",
        "  row 2, column 'teema': z",
        "      fix: use a theme code",
        "  row 4, column 'kunta': x",
        "      fix: did you mean 'Kajaani'?",
        "pohja.xlsx, sheet 'foorumit'",
        "  row 2, column 'taso': y",
    ]


def test_render_errors_caps_with_count() -> None:
    n = MAX_SHOWN + 15
    errors = DataErrors(
        DataError("bad", path="v.csv", line=i + 2, column="kunta") for i in range(n)
    )
    lines = render_errors(errors).splitlines()
    assert lines[-1] == "… and 15 more"
    assert sum(1 for line in lines if line.startswith("  row ")) == MAX_SHOWN
    data = errors_json(errors)
    assert data["errors_total"] == n and len(data["errors"]) == MAX_SHOWN  # type: ignore[arg-type]
