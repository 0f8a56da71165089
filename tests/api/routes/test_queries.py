"""Named queries over HTTP."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from kg.named_queries import load_named_queries
from kg.store import Store

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)


def test_queries_lists_every_named_query_with_its_header(client: TestClient) -> None:
    r = client.get("/queries")
    assert r.status_code == 200
    listed = {q["id"]: q for q in r.json()}
    assert set(listed) == set(load_named_queries())
    iface = listed["interfaces-without-owner"]
    assert iface["question"]["fi"] and iface["question"]["en"]
    assert {p["name"]: p["type"] for p in iface["parameters"]} == {
        "county": "string",
        "asOf": "date",
    }
    assert iface["columns"][0] == "countyCode"


def test_queries_about_a_duty_name_its_law_section(client: TestClient) -> None:
    listed = {q["id"]: q for q in client.get("/queries").json()}
    # every query whose question cites a statute number lists that duty and its section
    statute = re.compile(r"\b(611/2021|612/2021|681/2023|381/2023)\b|TYM")
    about_duties = {i for i, q in listed.items() if statute.search(q["question"]["en"])}
    assert about_duties == {i for i, q in listed.items() if q["obligations"]}
    assert len(about_duties) >= 3
    [section14] = listed["cooperation-negotiations-per-term"]["obligations"]
    assert section14["citation"] == "611/2021 14 §"
    assert section14["eli"] == "http://data.finlex.fi/eli/sd/2021/611/alkup"
    assert section14["finlex_url"].startswith("https://finlex.fi/")


def test_queries_run_binds_typed_parameters(client: TestClient, store: Store) -> None:
    r = client.get(
        "/queries/interfaces-without-owner",
        params={"county": "20", "asOf": "2026-11-23"},
        headers={"accept": "text/csv"},
    )
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    # the rows the store answers with the same values bound (the HTTP layer adds nothing)
    query = load_named_queries()["interfaces-without-owner"]
    direct = store.select(
        query.text, bindings=query.bindings({"county": "20", "asOf": "2026-11-23"})
    )
    assert rows and [r["municipalityCode"] for r in rows] == [
        str(d["municipalityCode"]) for d in direct
    ]
    assert {row["countyCode"] for row in rows} == {"20"}


def test_queries_bad_parameter_is_400_and_unknown_query_404(client: TestClient) -> None:
    assert (
        client.get("/queries/interfaces-without-owner", params={"asOf": "tomorrow"}).status_code
        == 400
    )
    assert client.get("/queries/interfaces-without-owner", params={"nope": "1"}).status_code == 400
    assert client.get("/queries/no-such-query").status_code == 404


def test_queries_hostile_value_is_data(client: TestClient) -> None:
    r = client.get(
        "/queries/municipalities-by-county", params={"county": '20" } UNION { ?s ?p ?o } #'}
    )
    assert r.status_code == 200
    assert r.json()["results"]["bindings"] == []
