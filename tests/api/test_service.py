"""The service as `make run` starts it: a real uvicorn process answering over HTTP."""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from kg.config import REPO_ROOT, Settings
from tests import source_data as src
from tests.helpers import running_service


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with running_service(settings) as url:
        yield url


def _count(url: str, where: str) -> int:
    q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    r = httpx.get(
        url + "/sparql", params={"query": q}, headers={"accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_service_counts_over_http(service: str) -> None:
    # as many as data/reference/ lists
    assert _count(service, "?x a yp:Municipality") == len(src.municipalities())
    assert _count(service, "?x a yp:MainlandMunicipality") == len(src.mainland_municipalities())
    assert _count(service, "?x a yp:WellbeingServicesOrganiser") == len(src.organiser_codes())
    assert _count(service, "?x a yp:EmploymentArea") == len(src.employment_areas())


def test_service_municipalities_per_county_match_csv(service: str) -> None:
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        expected = Counter(r["wellbeing_county_code"] for r in csv.DictReader(f))
    del expected["91"]
    q = """SELECT ?code (COUNT(?m) AS ?n) WHERE {
             ?m yp:county ?org . ?org yp:organiserCode ?code } GROUP BY ?code"""
    r = httpx.post(service + "/sparql", data={"query": q})
    got = {b["code"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert got == dict(expected)


@pytest.fixture(scope="module")
def short_limit_service(settings: Settings) -> Iterator[str]:
    with running_service(settings, YP_QUERY_TIMEOUT="2") as url:
        yield url


def test_service_stops_a_long_query_and_keeps_answering(short_limit_service: str) -> None:
    import threading

    url = short_limit_service
    httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)  # workers started
    result: dict[str, httpx.Response] = {}

    def long_query() -> None:
        result["r"] = httpx.get(
            url + "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
            timeout=30,
        )

    started = time.monotonic()
    thread = threading.Thread(target=long_query)
    thread.start()
    time.sleep(0.5)
    health_times = []
    while thread.is_alive() and time.monotonic() - started < 20:
        t = time.monotonic()
        assert httpx.get(url + "/healthz", timeout=5).status_code == 200
        health_times.append(time.monotonic() - t)
        time.sleep(0.2)
    thread.join(timeout=30)
    response = result["r"]
    assert response.status_code == 503
    assert "stopped" in response.json()["detail"]
    assert 1.5 < time.monotonic() - started < 15
    assert health_times and max(health_times) < 0.2
