"""kg.sparql.answer: the byte cap in every format, the base IRI, formula cells in CSV/TSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from kg.sparql import GRAPH_FORMATS, RESULT_FORMATS, answer
from kg.sparql_guard import QueryTooComplex, UnsupportedQuery
from kg.store import Store

NAMES = (
    "SELECT ?code ?name WHERE { ?m a yp:Municipality ; dcterms:identifier ?code ; "
    'skos:prefLabel ?name FILTER(LANG(?name) = "fi") } ORDER BY ?code'
)
BIG = 10**9


def _rows(media_type: str, body: bytes) -> list[tuple[str, ...]]:
    if media_type == "text/csv":
        return [tuple(r) for r in csv.reader(io.StringIO(body.decode("utf-8")))][1:]
    solutions = parse_query_results(body, format=RESULT_FORMATS[media_type])
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [tuple(s[n].value for n in names) for s in solutions]  # type: ignore[union-attr]


@pytest.mark.parametrize("media_type", list(RESULT_FORMATS))
def test_answer_cut_at_the_byte_cap_keeps_a_prefix_under_the_cap(
    store: Store, media_type: str
) -> None:
    cap = 4_000
    cut = answer(store, NAMES, media_types=[media_type], byte_cap=cap)
    assert len(cut.body) <= cap
    assert cut.truncated and cut.byte_cap == cap and cut.row_cap is None
    kept = _rows(media_type, cut.body)
    full = _rows(media_type, answer(store, NAMES, media_types=[media_type], byte_cap=BIG).body)
    assert 0 < len(kept) < len(full) and kept == full[: len(kept)]


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "text/csv"])
def test_answer_byte_cap_counts_rows_as_sparql_json(store: Store, media_type: str) -> None:
    # JSON is cut exactly where one row more would not fit; CSV and TSV, which are
    # smaller, keep the same rows; XML, which is larger, fewer (next test)
    cap = 4_000
    json_media = "application/sparql-results+json"
    kept = _rows(json_media, answer(store, NAMES, media_types=[json_media], byte_cap=cap).body)
    more = answer(store, NAMES + f" LIMIT {len(kept) + 1}", media_types=[json_media])
    assert len(more.body) > cap
    cut = answer(store, NAMES, media_types=[media_type], byte_cap=cap)
    assert _rows(media_type, cut.body) == kept


@pytest.mark.parametrize("media_type", ["application/sparql-results+xml"])
def test_answer_larger_formats_keep_the_most_rows_that_fit(store: Store, media_type: str) -> None:
    cap = 4_000
    kept = _rows(media_type, answer(store, NAMES, media_types=[media_type], byte_cap=cap).body)
    more = answer(store, NAMES + f" LIMIT {len(kept) + 1}", media_types=[media_type])
    assert len(more.body) > cap


def test_answer_xml_escapes_larger_than_the_count_are_still_cut_to_fit(store: Store) -> None:
    # each '<' is one byte in JSON and four ('&lt;') in XML
    values = " ".join(f'"{"<" * 200}{i}"' for i in range(60))
    query = f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}"
    cap = 20_000
    as_json = answer(store, query, media_types=["application/sparql-results+json"], byte_cap=cap)
    assert not as_json.truncated  # 60 rows of ~230 bytes fit in JSON
    xml = answer(store, query, media_types=["application/sparql-results+xml"], byte_cap=cap)
    assert len(xml.body) <= cap and xml.truncated and xml.byte_cap == cap
    kept = _rows("application/sparql-results+xml", xml.body)
    assert 0 < len(kept) < 60


@pytest.mark.parametrize("media_type", list(GRAPH_FORMATS))
def test_answer_graph_cut_at_the_byte_cap(store: Store, media_type: str) -> None:
    query = "CONSTRUCT WHERE { ?m a yp:Municipality ; skos:prefLabel ?l }"
    cap = 6_000
    cut = answer(store, query, media_types=[media_type], byte_cap=cap)
    assert len(cut.body) <= cap and cut.truncated and cut.byte_cap == cap
    fmt: RdfFormat = GRAPH_FORMATS[media_type]
    kept = list(parse(cut.body, format=fmt))
    full = list(parse(answer(store, query, media_types=[media_type]).body, format=fmt))
    assert 0 < len(kept) < len(full)


def test_answer_row_cap_and_byte_cap_name_the_cap_that_cut(store: Store) -> None:
    by_rows = answer(store, NAMES, media_types=["text/csv"], row_cap=3)
    assert by_rows.truncated and by_rows.row_cap == 3 and by_rows.byte_cap is None
    assert len(_rows("text/csv", by_rows.body)) == 3
    whole = answer(store, NAMES + " LIMIT 3", media_types=["text/csv"], row_cap=3)
    assert not whole.truncated and whole.row_cap is None and whole.byte_cap is None


def test_answer_resolves_relative_iris_against_the_base(store: Store) -> None:
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    body = answer(
        store, query, media_types=["application/n-triples"], base_iri="http://h.example/sparql"
    ).body
    (quad,) = parse(body, format=RdfFormat.N_TRIPLES)
    assert quad.subject.value == "http://h.example/s"
    assert quad.predicate.value == "http://h.example/p"
    own = answer(
        store,
        "BASE <http://own.example/q/> " + query,
        media_types=["application/n-triples"],
        base_iri="http://h.example/sparql",
    ).body
    assert next(iter(parse(own, format=RdfFormat.N_TRIPLES))).subject.value == (
        "http://own.example/q/s"
    )
    with pytest.raises(SyntaxError):  # without a base a relative IRI cannot be resolved
        answer(store, query, media_types=["application/n-triples"])


# (value in the data, as a spreadsheet cell in CSV)
FORMULAS = [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("-1", "-1"),
    ("+2.5", "+2.5"),
    ("ok = fine", "ok = fine"),
]


def _values_query() -> str:
    literals = " ".join(json.dumps(value) for value, _ in FORMULAS)
    return f"SELECT ?v WHERE {{ VALUES ?v {{ {literals} -7 }} }}"


def test_answer_csv_neutralises_formula_cells_and_keeps_numbers(store: Store) -> None:
    body = answer(store, _values_query(), media_types=["text/csv"]).body
    cells = [row[0] for row in csv.reader(io.StringIO(body.decode("utf-8")))][1:]
    assert cells == [cell for _, cell in FORMULAS] + ["-7"]


def test_answer_tsv_neutralises_formula_cells_inside_the_literal(store: Store) -> None:
    body = answer(store, _values_query(), media_types=["text/tab-separated-values"]).body
    values = [
        s["v"].value  # type: ignore[index]
        for s in parse_query_results(body, format=QueryResultsFormat.TSV)  # type: ignore[union-attr]
    ]
    assert values[: len(FORMULAS)] == [cell for _, cell in FORMULAS]
    assert body.decode("utf-8").rstrip("\n").split("\n")[-1] == "-7"  # a number, bare


def test_answer_json_and_xml_keep_values_as_they_are(store: Store) -> None:
    body = answer(store, _values_query(), media_types=["application/sparql-results+json"]).body
    values = [b["v"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert values[: len(FORMULAS)] == [value for value, _ in FORMULAS]


def test_answer_refuses_service_and_deep_nesting_before_running(store: Store) -> None:
    with pytest.raises(UnsupportedQuery, match="SERVICE"):
        answer(store, "ASK { #\rSERVICE <http://127.0.0.1:9/> {} }")
    with pytest.raises(QueryTooComplex, match="deep"):
        answer(store, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
