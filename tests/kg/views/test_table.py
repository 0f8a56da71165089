"""A page's table: its rows as CSV and JSON, and the addresses of the query behind it."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs

import pytest

from kg.views.table import Table, to_csv, to_json


def test_csv_neutralises_formula_cells_and_keeps_numbers() -> None:
    rows = [{"a": '=HYPERLINK("x")', "b": -1}, {"a": "@SUM(1)", "b": None}, {"a": "-3", "b": True}]
    text = to_csv(("a", "b"), rows)
    assert text.endswith("\r\n")
    read = list(csv.DictReader(io.StringIO(text)))
    assert [r["a"] for r in read] == ['\'=HYPERLINK("x")', "'@SUM(1)", "-3"]
    assert [r["b"] for r in read] == ["-1", "", "true"]


def test_json_keeps_the_columns_in_order() -> None:
    data = json.loads(to_json(("b", "a"), [{"a": 1, "b": "x", "c": "hidden"}]))
    assert data == {"columns": ["b", "a"], "rows": [{"b": "x", "a": 1}]}


def test_the_query_behind_a_table_keeps_its_parameters() -> None:
    table = Table(
        ("x",),
        ("X",),
        [],
        query_id="q",
        params={"county": "13", "asOf": ""},
        sparql="SELECT * WHERE { ?s ?p ?o }",
    )
    assert parse_qs(table.query_string("sv")) == {"county": ["13"], "lang": ["sv"]}
    assert parse_qs(table.editor_string("en"))["query"] == ["SELECT * WHERE { ?s ?p ?o }"]


def test_columns_and_headers_must_pair() -> None:
    with pytest.raises(ValueError, match="2 columns but 1 headers"):
        Table(("a", "b"), ("A",), [])
