"""The service as `make run` starts it: a real uvicorn process answering over HTTP."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from kg.config import REPO_ROOT, Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "YP_STORE": str(settings.store_path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            proc.kill()
            pytest.fail(
                f"service did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


def _count(url: str, where: str) -> int:
    q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    r = httpx.get(
        url + "/sparql", params={"query": q}, headers={"accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_service_counts_over_http(service: str) -> None:
    assert _count(service, "?x a yp:Municipality") == 308
    assert _count(service, "?x a yp:MainlandMunicipality") == 292
    assert _count(service, "?x a yp:WellbeingServicesOrganiser") == 22
    assert _count(service, "?x a yp:EmploymentArea") == 45


def test_service_municipalities_per_county_match_csv(service: str) -> None:
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        expected = Counter(r["wellbeing_county_code"] for r in csv.DictReader(f))
    del expected["91"]
    q = """SELECT ?code (COUNT(?m) AS ?n) WHERE {
             ?m yp:county ?org . ?org skos:exactMatch ?cl .
             FILTER(CONTAINS(STR(?cl), "/hyvinvointialue_1_"))
             BIND(REPLACE(STR(?cl), "^.*/", "") AS ?code) } GROUP BY ?code"""
    r = httpx.post(service + "/sparql", data={"query": q})
    got = {b["code"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert got == dict(expected)
