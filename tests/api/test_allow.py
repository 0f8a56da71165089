"""A 405 names every method the path supports, across the routes that serve it."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_method_not_allowed_lists_every_method_of_the_path(client: TestClient) -> None:
    r = client.request("OPTIONS", "/sparql")
    assert r.status_code == 405
    assert set(r.headers["allow"].split(", ")) == {"GET", "POST"}
    assert "OPTIONS" in r.json()["detail"]
    r = client.delete("/api/v1/counties")
    assert r.status_code == 405
    assert set(r.headers["allow"].split(", ")) == {"GET"}
