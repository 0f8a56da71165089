"""The ``view`` header of the named queries, and what kg.views.queries makes of a query's
parameters and answer: values read back as the engine's own terms give them, a picture of
each view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.named_queries import (
    QUERIES_DIR,
    View,
    load_named_queries,
    parse_named_query,
    parse_view,
)
from kg.sparql import answer
from kg.store import Store
from kg.views import queries as views

COLUMNS = ("county", "theme", "owners", "share")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("table", View()),
        ("bar county share", View("bar", ("county", "share"))),
        ("bar  county   share  1", View("bar", ("county", "share"), 1.0)),
        ("heatmap county theme owners", View("heatmap", ("county", "theme", "owners"))),
        ("heatmap county theme owners 2.5", View("heatmap", ("county", "theme", "owners"), 2.5)),
    ],
)
def test_a_view_header_in_each_valid_form(value: str, expected: View) -> None:
    assert parse_view(value, COLUMNS) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("pie county share", "unknown view 'pie'"),
        ("Bar county share", "unknown view 'Bar'"),
        ("table county", "view is not 'table'"),
        ("bar county", "view is not 'bar LABEL VALUE"),
        ("bar county share 1 2", "view is not 'bar LABEL VALUE"),
        ("heatmap county theme", "view is not 'heatmap ROW COLUMN VALUE"),
        ("bar county mean", r"names \['mean'\], not in columns"),
        ("heatmap municipality theme owners", r"names \['municipality'\]"),
        ("bar county share 0", "MAX must be a positive number"),
        ("bar county share -1", "MAX must be a positive number"),
        ("bar county share ten", "MAX must be a positive number"),
        ("bar county share inf", "MAX must be a positive number"),
        ("bar county share nan", "MAX must be a positive number"),
    ],
)
def test_a_bad_view_header_is_refused(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_view(value, COLUMNS)


def _query_file(folder: Path, view: str | None, name: str = "001_x.rq") -> Path:
    path = folder / name
    lines = [
        "# id: x",
        "# question_fi: kysymys",
        "# question_en: question",
        "# columns: county, theme, owners",
        *([f"# view: {view}"] if view is not None else []),
        "SELECT ?county ?theme ?owners WHERE { }",
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_bad_view_is_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    path = _query_file(tmp_path, "bar county share")
    with pytest.raises(DataError, match="not in columns") as info:
        parse_named_query(path)
    assert info.value.path == path and info.value.line == 5
    assert str(path) in str(info.value)
    with pytest.raises(DataError, match="001_x.rq"):
        load_named_queries(tmp_path)  # loading the folder refuses it too


def test_a_query_without_a_view_header_is_a_table(tmp_path: Path) -> None:
    query = parse_named_query(_query_file(tmp_path, None))
    assert query.view == View() and not query.view.picture
    assert parse_named_query(_query_file(tmp_path, "heatmap county theme owners")).view.picture


def test_the_views_the_queries_declare_name_number_columns(store: Store) -> None:
    """Every declared view names columns the query has, its value column a number in
    every row (the two ranking queries are bar charts)."""
    queries = load_named_queries()
    assert queries["owner-coverage-by-county"].view == View("bar", ("countyName", "share"), 1.0)
    assert queries["survey-county-means-ranked"].view == View("bar", ("countyName", "mean"), 5.0)
    for query in queries.values():
        if not query.view.picture:
            continue
        rows = store.select(query.text, bindings=query.bindings({}))
        assert rows, query.id
        value = query.view.column("value")
        assert all(isinstance(row[value], int | float) for row in rows), query.id
        if query.view.max is not None:
            assert all(row[value] <= query.view.max for row in rows), query.id


def test_the_view_lines_are_documented() -> None:
    import kg.named_queries

    doc = kg.named_queries.__doc__ or ""
    for form in ("# view: table", "# view: bar LABEL VALUE [MAX]", "# view: heatmap ROW COLUMN"):
        assert form in doc
    # the packaged queries are the researchers' folder itself (a link), not a copy
    assert QUERIES_DIR.resolve() == (QUERIES_DIR.parent.parent / "queries").resolve()


@pytest.mark.parametrize("query_id", sorted(load_named_queries()))
def test_answers_read_back_as_the_store_gives_them(store: Store, query_id: str) -> None:
    """The page reads the SPARQL JSON answer (what the query workers send) into the same
    values as Store.select and ``kg query`` (kg.store.to_python on the engine's terms)."""
    query = load_named_queries()[query_id]
    result = answer(store, query.prepared({}), media_types=["application/sparql-results+json"])
    columns, rows = views.rows_from_results(result.body)
    assert columns == query.columns
    assert rows == store.select(query.text, bindings=query.bindings({}))


def test_an_ask_answer_is_one_row() -> None:
    assert views.rows_from_results(b'{"head": {}, "boolean": true}') == (
        ("result",),
        [{"result": True}],
    )


def test_parameter_values_are_checked_and_empty_ones_dropped() -> None:
    query = load_named_queries()["interfaces-without-owner"]
    given = [("county", ""), ("as_of", "2026-01-31"), ("lang", "sv"), ("format", "html")]
    assert views.parameter_values(query, given) == {"asOf": "2026-01-31"}
    with pytest.raises(ValueError, match="asOf"):
        views.parameter_values(query, [("asOf", "31.1.2026")])
    with pytest.raises(ValueError, match="nope"):
        views.parameter_values(query, [("nope", "1")])
    with pytest.raises(ValueError, match="given twice"):
        views.parameter_values(query, [("asOf", "2026-01-31"), ("as_of", "2026-02-01")])
    # a query that declares a parameter named lang gets it
    declares_lang = [
        q for q in load_named_queries().values() if "lang" in [p.name for p in q.params]
    ]
    for q in declares_lang:
        assert views.parameter_values(q, [("lang", "sv")]) == {"lang": "sv"}


def test_the_question_is_in_the_readers_language_or_marked_finnish(tmp_path: Path) -> None:
    query = load_named_queries()["owner-coverage-by-county"]
    assert query.question("en") == (query.question_en, "en")
    assert query.question("fi") == (query.question_fi, "fi")
    assert query.question("sv") == (query.question_sv, "sv")
    path = _query_file(tmp_path, None)
    assert parse_named_query(path).question("sv")[1] == "fi"  # no question_sv: Finnish
    path.write_text(
        path.read_text("utf-8").replace("# columns", "# question_sv: fråga\n# columns"), "utf-8"
    )
    assert parse_named_query(path).question("sv") == ("fråga", "sv")


def test_a_bar_picture_has_a_bar_per_positive_value(store: Store) -> None:
    query = load_named_queries()["survey-county-means-ranked"]
    rows = store.select(query.text, bindings=query.bindings({}))
    svg = str(views.picture(query, rows, "fi"))
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg)
    assert labels == [row["countyName"] for row in rows]
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', svg)
    assert values == [f"{row['mean']:.2f}".replace(".", ",") for row in rows]  # Finnish comma
    assert views.picture(load_named_queries()["municipalities-by-county"], rows, "fi") is None


def test_a_heat_map_picture_has_a_cell_per_row(tmp_path: Path) -> None:
    query = parse_named_query(_query_file(tmp_path, "heatmap county theme owners 2"))
    rows = [
        {"county": "A", "theme": "hyte", "owners": 2},
        {"county": "A", "theme": "tym", "owners": 0},
        {"county": "B", "theme": "tym", "owners": 1},
    ]
    svg = str(views.picture(query, rows, "en"))
    cells = re.findall(r'<g class="cell"><title>([^<]*)</title>.*?fill="(#[0-9a-f]+)"', svg)
    shown = dict(cells)
    assert shown["A · hyte: 2"] == "#d9efdf"  # full (2 of MAX 2): green
    assert shown["A · tym: 0"] == "#f8d8d8"  # none: red
    assert shown["B · tym: 1"] == "#fbe7c3"  # between: amber
    assert len(cells) == 3  # the cell B · hyte has no row: drawn as not in scope, no title
    assert svg.count('<g class="cell">') == 4
