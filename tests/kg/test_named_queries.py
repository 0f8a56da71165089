"""Every file in queries/ has its header, parses, runs and returns its declared columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from kg.errors import DataError
from kg.named_queries import QUERIES_DIR, load_named_queries, parse_named_query
from kg.store import Store

FILES = sorted(QUERIES_DIR.glob("*.rq"))


def test_named_queries_exist_with_unique_ids() -> None:
    queries = load_named_queries()
    assert len(queries) == len(FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_named_query_runs_with_declared_columns(path: Path, store: Store) -> None:
    query = parse_named_query(path)
    assert query.question_fi and query.question_en
    result = store.query(query.text)
    assert isinstance(result, QuerySolutions)
    assert tuple(v.value for v in result.variables) == query.columns
    list(result)  # evaluates fully without error


def test_municipalities_by_county_lists_every_mainland_municipality(store: Store) -> None:
    rows = store.select(load_named_queries()["municipalities-by-county"].text)
    assert len(rows) == 292
    assert {"countyCode": "90", "name": "Helsinki"}.items() <= next(
        r for r in rows if r["code"] == "091"
    ).items()
    assert all(r["employmentAreaName"] for r in rows)


def test_employment_areas_crossing_county_borders(store: Store) -> None:
    rows = store.select(load_named_queries()["employment-areas-crossing-county-borders"].text)
    # SOURCES.md lists these areas as crossing county borders
    names = {r["areaName"] for r in rows}
    assert {"Kerava-Sipoo", "Keski-Savo", "Kainuu-Koillismaa", "Suupohja"} <= names


def test_parse_named_query_missing_header_field(tmp_path: Path) -> None:
    path = tmp_path / "x.rq"
    path.write_text("# id: x\n# question_fi: a\nSELECT * WHERE {}\n", "utf-8")
    with pytest.raises(DataError, match="question_en") as info:
        parse_named_query(path)
    assert info.value.path == path
