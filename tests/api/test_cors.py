"""CORS: any origin may read (GET, HEAD) and send the SPARQL query POST; nothing else is
opened, and no credentials ever."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

ORIGIN = "https://yasgui.example.org"


def _preflight(client: TestClient, path: str, method: str, headers: str = "") -> dict[str, str]:
    asked = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    r = client.options(path, headers=asked)
    return {k: v for k, v in r.headers.items() if k.startswith("access-control-")}


@pytest.mark.parametrize("path", ["/api/v1/themes", "/sparql", "/void", "/id/county/20"])
def test_cors_reads_are_open_to_any_origin(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Origin": ORIGIN})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    allowed = _preflight(client, path, "GET")
    assert allowed["access-control-allow-origin"] == "*"
    methods = "GET, HEAD, POST" if path == "/sparql" else "GET, HEAD"
    assert allowed["access-control-allow-methods"] == methods


def test_cors_sparql_query_post_is_open(client: TestClient) -> None:
    allowed = _preflight(client, "/sparql", "POST", "content-type")
    assert allowed["access-control-allow-origin"] == "*"
    assert "POST" in allowed["access-control-allow-methods"]
    assert "content-type" in allowed["access-control-allow-headers"].lower()
    r = client.post(
        "/sparql",
        content=b"ASK {}",
        headers={"Origin": ORIGIN, "content-type": "application/sparql-query"},
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    # a script on the other site may read the row-cap flags and Retry-After
    exposed = r.headers["access-control-expose-headers"]
    assert "Yhdyspinta-Result-Truncated" in exposed and "Retry-After" in exposed


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/sparql", "PUT"),
        ("/sparql", "DELETE"),
        ("/api/v1/themes", "POST"),
        ("/dumps/yhdyspinta.ttl", "POST"),
    ],
)
def test_cors_other_methods_stay_closed(client: TestClient, path: str, method: str) -> None:
    assert _preflight(client, path, method) == {}
    r = client.request(method, path, headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in r.headers


def test_cors_credentials_are_never_allowed(client: TestClient) -> None:
    r = client.get("/healthz", headers={"Origin": ORIGIN, "Cookie": "session=x"})
    assert r.headers["access-control-allow-origin"] == "*"  # never the origin echoed
    assert "access-control-allow-credentials" not in r.headers
