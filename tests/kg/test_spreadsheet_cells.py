"""Text cells that a spreadsheet would run as formulas get a leading '; numbers do not."""

from __future__ import annotations

import csv
import io

import pytest

from kg.spreadsheet_cells import SpreadsheetDictWriter, neutralise, neutralise_row


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-1", "-1"),
        ("+2.5", "+2.5"),
        ("-3E2", "-3E2"),
        ("-.5", "-.5"),
        ("Kuopio", "Kuopio"),
        ("a=b", "a=b"),
        ("'=already quoted", "'=already quoted"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_starts_only(value: str, cell: str) -> None:
    assert neutralise(value) == cell


def test_neutralise_row_leaves_non_text_values() -> None:
    assert neutralise_row({"a": "=x", "b": -1, "c": None, "d": 2.5}) == {
        "a": "'=x",
        "b": -1,
        "c": None,
        "d": 2.5,
    }


def test_spreadsheet_dict_writer_neutralises_rows_and_keeps_the_header() -> None:
    buf = io.StringIO()
    writer = SpreadsheetDictWriter(buf, fieldnames=["name", "delta"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"name": "=HYPERLINK(1)", "delta": -0.5})
    writer.writerows([{"name": "@x", "delta": "-1"}, {"name": "plain", "delta": 3}])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [
        ["name", "delta"],
        ["'=HYPERLINK(1)", "-0.5"],
        ["'@x", "-1"],
        ["plain", "3"],
    ]
