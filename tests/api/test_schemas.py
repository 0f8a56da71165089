"""One JSON casing: every field the API's own JSON names is snake case; the camel-case names
of the last release (api.schemas.DEPRECATED) are still given, with the same values, and
marked deprecated in the OpenAPI schema; a named query's camel-case parameter is also taken
in snake case."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.schemas import DEPRECATED
from kg.audit.evaluate import STATUSES

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# keys that are values, not field names: the audit's statuses (``counts``, ``statuses``)
VALUE_KEYS = set(STATUSES)
ANSWERS = [
    "/api/v1/municipalities",
    "/api/v1/municipalities/091",
    "/api/v1/counties",
    "/api/v1/counties/20",
    "/api/v1/themes",
    "/api/v1/responsibilities?municipality=Kajaani&as_of=2026-11-23",
    "/api/v1/audit?as_of=2026-11-23&county=20",
    "/dumps",
    "/healthz",
    "/queries",
]


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize("url", ANSWERS)
def test_every_field_is_snake_case_but_the_deprecated_names(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    keys = set(_keys(r.json()))
    assert keys, url
    assert {k for k in keys if not SNAKE.match(k)} - DEPRECATED.keys() - VALUE_KEYS == set()


def test_the_old_names_carry_the_new_names_values(client: TestClient) -> None:
    municipalities = client.get("/api/v1/municipalities").json()
    assert len(municipalities) >= 300
    for m in municipalities:
        assert m["countyCode"] == m["county_code"] and m["countyName"] == m["county_name"]
    helsinki = client.get("/api/v1/municipalities/091").json()
    assert helsinki["county_code"] == "90" and helsinki["county_name"]
    aland = client.get("/api/v1/municipalities/Maarianhamina").json()
    assert aland["county_code"] is None and aland["countyCode"] is None
    for dump in client.get("/dumps").json():
        assert dump["mediaType"] == dump["media_type"]


def test_openapi_marks_the_old_names_deprecated_and_names_their_successors(
    client: TestClient,
) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    seen = set()
    for model, schema in schemas.items():
        for name, prop in schema.get("properties", {}).items():
            if name in DEPRECATED:
                seen.add(name)
                assert prop.get("deprecated") is True, (model, name)
                assert DEPRECATED[name] in prop["description"]
                assert DEPRECATED[name] in schema["properties"], (model, name)
            else:
                assert not prop.get("deprecated"), (model, name)
                assert SNAKE.match(name) or name in VALUE_KEYS, (model, name)
    assert seen == set(DEPRECATED)


def _rows(client: TestClient, **params: str) -> list[dict[str, str]]:
    r = client.get(
        "/queries/interfaces-without-owner", params=params, headers={"accept": "text/csv"}
    )
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.text)))


def test_a_named_query_takes_its_parameter_in_snake_case_too(client: TestClient) -> None:
    # on 2022-12-31 the example region's owners had not started: every interface is open
    early = _rows(client, county="20", as_of="2022-12-31")
    assert early == _rows(client, county="20", asOf="2022-12-31")
    late = _rows(client, county="20", as_of="2026-11-23")
    assert late == _rows(client, county="20", asOf="2026-11-23")
    assert len(early) > len(late) > 0  # the date was bound, whichever name carried it
    assert _rows(client, county="20", as_of="2026-11-23", asOf="2026-11-23") == late
    r = client.get(
        "/queries/interfaces-without-owner", params={"as_of": "2026-11-23", "asOf": "2022-12-31"}
    )
    assert r.status_code == 400 and "asOf given twice" in r.text
