"""Every file in queries/ has its header, parses, runs and returns its declared columns;
parameters are checked and bound. Each query's rows: ``test_named_query_rows.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

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


def test_catalogue_refuses_an_unknown_obligation(tmp_path: Path, store: Store) -> None:
    from kg.named_queries import catalogue

    (tmp_path / "001_x.rq").write_text(
        "# id: x\n# question_fi: k\n# question_en: q\n# columns: a\n# obligations: no-such-duty\n"
        "SELECT ?a WHERE { }\n",
        "utf-8",
    )
    with pytest.raises(DataError, match="no-such-duty"):
        catalogue(store, tmp_path)


def test_every_named_query_asks_its_question_in_finnish_swedish_and_english() -> None:
    for query in load_named_queries().values():
        texts = {lang: query.question(lang) for lang in ("fi", "sv", "en")}
        assert {lang: said for lang, (_, said) in texts.items()} == {
            "fi": "fi",
            "sv": "sv",
            "en": "en",
        }, query.path
        assert len({text for text, _ in texts.values()}) == 3, query.path
