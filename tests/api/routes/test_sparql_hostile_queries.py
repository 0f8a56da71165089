"""/sparql under the probe's findings: SERVICE spelt every way reaches nobody, deep nesting
is 400, a doubling query stays under the byte cap, a query over the memory ceiling is 503,
relative IRIs resolve against the endpoint, CSV cells do not run as formulas."""

from __future__ import annotations

import csv
import dataclasses
import io
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from kg.config import Settings
from tests.federation import Listener, Spelling, federated_queries
from tests.helpers import running_service

JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    """The real service (uvicorn, its query workers behind their walls)."""
    with running_service(settings) as url:
        yield url


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with Listener() as listening:
        yield listening


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spelling=federated_queries(), method=st.sampled_from(["get", "form", "direct"]))
def test_sparql_no_spelling_of_service_reaches_the_listener(
    service: str, listener: Listener, spelling: Spelling, method: str
) -> None:
    query = spelling.at(listener.port)
    before = listener.connections
    if method == "get":
        response = httpx.get(service + "/sparql", params={"query": query}, timeout=30)
    elif method == "form":
        response = httpx.post(service + "/sparql", data={"query": query}, timeout=30)
    else:
        response = httpx.post(
            service + "/sparql",
            content=query.encode("utf-8"),
            headers={"content-type": "application/sparql-query"},
            timeout=30,
        )
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.json()["detail"]
    time.sleep(0.02)
    assert listener.connections == before


def test_sparql_3000_nested_braces_are_400_and_the_service_goes_on(service: str) -> None:
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    response = httpx.post(service + "/sparql", data={"query": query}, timeout=30)
    assert response.status_code == 400
    assert "nests brackets more than 64 deep" in response.json()["detail"]
    ask = httpx.get(service + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert ask.status_code == 200 and ask.json()["boolean"] is True


def _doubling(times: int, *, rows: str = "?a ?b ?c", limit: int = 400) -> str:
    binds = " ".join(f"BIND(CONCAT(?s{i},?s{i}) AS ?s{i + 1})" for i in range(times))
    return (
        f'SELECT ?s{times} WHERE {{ {rows} BIND("0123456789abcdef" AS ?s0) {binds} }} LIMIT {limit}'
    )


def test_sparql_doubling_query_is_cut_at_the_byte_cap(settings: Settings) -> None:
    capped = dataclasses.replace(settings, byte_cap=3_000_000)
    with TestClient(create_app(capped)) as client:
        r = client.post("/sparql", data={"query": _doubling(16)}, headers={"accept": "text/csv"})
        assert r.status_code == 200
        assert len(r.content) <= capped.byte_cap
        assert r.headers["yhdyspinta-result-truncated"] == "true"
        assert r.headers["yhdyspinta-byte-cap"] == str(capped.byte_cap)
        assert "yhdyspinta-row-cap" not in r.headers
        lines = r.text.split("\r\n")  # the values hold no line breaks: one line per row
        assert lines[0] == "s16" and lines[1] == "0123456789abcdef" * 2**16


def test_sparql_query_over_the_memory_ceiling_is_503_and_the_next_one_runs(
    client: TestClient, settings: Settings
) -> None:
    r = client.get("/sparql", params={"query": _doubling(26, rows="", limit=1)})
    assert r.status_code == 503
    assert f"more memory than the {settings.worker_memory_mb} MB" in r.json()["detail"]
    assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_sparql_relative_iris_resolve_against_the_endpoint(settings: Settings) -> None:
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    for public_url in (settings.public_url, "https://kg.example.fi/palvelu/"):
        app = create_app(dataclasses.replace(settings, public_url=public_url))
        with TestClient(app) as client:
            r = client.get(
                "/sparql", params={"query": query}, headers={"accept": "application/n-triples"}
            )
            assert r.status_code == 200, r.text
            assert r.text.startswith(f"<{public_url}s> <{public_url}p> ")
            own = client.get(
                "/sparql",
                params={"query": "BASE <http://own.example/> " + query},
                headers={"accept": "application/n-triples"},
            )
            assert own.text.startswith("<http://own.example/s> ")


def test_sparql_csv_and_tsv_cells_do_not_run_as_formulas(client: TestClient) -> None:
    query = 'SELECT ?v WHERE { VALUES ?v { "=HYPERLINK(\\"http://evil.example\\")" "-1" 2 } }'
    r = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert list(csv.reader(io.StringIO(r.text))) == [
        ["v"],
        ['\'=HYPERLINK("http://evil.example")'],
        ["-1"],
        ["2"],
    ]
    r = client.get(
        "/sparql", params={"query": query}, headers={"accept": "text/tab-separated-values"}
    )
    assert r.text.splitlines() == [
        "?v",
        '"\'=HYPERLINK(\\"http://evil.example\\")"',
        '"-1"',
        "2",
    ]


@pytest.mark.parametrize(
    "body",
    [
        '"' * 150_000,
        "'''" * 50_000,
        "<a" * 75_000,
        '"a' * 75_000,
        "SELECT * WHERE { FILTER(" + "?a<" * 37_000 + "1) }",
        "#" + "SERVICE " * 18_000,
        "a" * 150_000,  # the regex's name pattern backtracked from every position: ~60 s
        "a." * 75_000,
        '"\\' * 75_000,  # every quote escaped by the backslash before the next
    ],
    ids=[
        "quotes",
        "long-quotes",
        "angles",
        "open-strings",
        "less-thans",
        "comment",
        "word",
        "dots",
        "escaped-quotes",
    ],
)
def test_sparql_150_kb_invalid_bodies_are_400_within_a_short_limit(
    settings: Settings, body: str
) -> None:
    # the regex this replaces held a worker for the whole limit on such bodies (503);
    # the guard reads them in one pass, so even a 5 s limit leaves room for a 400
    quick = dataclasses.replace(settings, query_timeout_s=5.0)
    with TestClient(create_app(quick)) as client:
        r = client.post(
            "/sparql", content=body.encode(), headers={"content-type": "application/sparql-query"}
        )
        assert r.status_code == 400, r.text[:300]
