"""Every file in queries/ has its header, parses, runs and returns its declared columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from kg.config import Settings
from kg.errors import DataError
from kg.named_queries import QUERIES_DIR, load_named_queries, parse_named_query
from kg.store import Store
from tests.helpers import store_fingerprint

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


def _run(store: Store, query_id: str, **values: str) -> list[dict[str, object]]:
    query = load_named_queries()[query_id]
    return store.select(query.text, bindings=query.bindings(values))


def test_named_queries_are_at_least_twelve_each_with_columns() -> None:
    queries = load_named_queries()
    assert len(queries) >= 12
    assert all(q.columns and q.question_fi and q.question_en for q in queries.values())


def test_named_query_county_parameter_filters(store: Store) -> None:
    rows = _run(store, "municipalities-by-county", county="20")
    assert sorted(r["code"] for r in rows) == [
        "105",
        "205",
        "290",
        "578",
        "620",
        "697",
        "765",
        "777",
    ]
    assert len(_run(store, "municipalities-by-county")) == 292


def test_named_query_interfaces_without_owner_match_the_example_gaps(store: Store) -> None:
    rows = _run(store, "interfaces-without-owner", county="20", asOf="2026-11-23")
    assert {(r["municipalityCode"], r["theme"], r["missingSide"]) for r in rows} == {
        ("105", "housing", "municipality"),
        ("697", "hyte", "municipality"),
        ("697", "student-welfare", "municipality"),
        ("620", "integration", "county"),
        ("777", "preparedness", "county"),
        ("290", "employment", "municipality"),
    }
    # before the Kuhmo owner's validity ended, that interface was owned
    earlier = _run(store, "interfaces-without-owner", county="20", asOf="2024-06-30")
    assert ("290", "employment", "municipality") not in {
        (r["municipalityCode"], r["theme"], r["missingSide"]) for r in earlier
    }


def test_named_query_pending_approvals(store: Store) -> None:
    rows = _run(store, "agreements-pending-approval")
    assert sorted(r["partyCode"] for r in rows) == ["105", "620", "777"]


def test_named_query_tym_agreements_depend_on_date(store: Store) -> None:
    now = {
        r["areaName"]
        for r in _run(store, "employment-areas-without-tym-agreement", asOf="2026-11-23")
    }
    before = {
        r["areaName"]
        for r in _run(store, "employment-areas-without-tym-agreement", asOf="2024-12-31")
    }
    assert "Kainuu-Koillismaa" not in now and len(now) == 44
    assert len(before) == 45


@pytest.mark.parametrize(
    ("query_id", "values", "message"),
    [
        ("interfaces-without-owner", {"asOf": "2026-13-01"}, "asOf"),
        ("interfaces-without-owner", {"nope": "1"}, "unknown parameter"),
        ("municipalities-by-county", {"county": "x" * 201}, "longer than 200"),
    ],
)
def test_named_query_bad_parameters_are_refused(
    query_id: str, values: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_named_queries()[query_id].bindings(values)


@pytest.mark.parametrize(
    "hostile", ['20" } ; DROP ALL ; { "', "20') || true || ('", "<http://x> } UNION {"]
)
def test_named_query_parameters_are_bound_not_pasted(writable_store: Store, hostile: str) -> None:
    # a writable copy: on the read-only store no write could land, whatever the code did
    before = store_fingerprint(writable_store)
    assert _run(writable_store, "municipalities-by-county", county=hostile) == []
    assert store_fingerprint(writable_store) == before


def test_catalogue_refuses_an_unknown_obligation(tmp_path: Path, settings: Settings) -> None:
    from kg.named_queries import catalogue

    (tmp_path / "001_x.rq").write_text(
        "# id: x\n# question_fi: k\n# question_en: q\n# columns: a\n# obligations: no-such-duty\n"
        "SELECT ?a WHERE { }\n",
        "utf-8",
    )
    with pytest.raises(DataError, match="no-such-duty"):
        catalogue(settings.data_dir, tmp_path)
