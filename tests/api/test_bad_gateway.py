"""502 Bad Gateway when the SPARQL server holding the graph fails (api/bad_gateway.py):
the service is given a server address where nothing answers, as when the server is down."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import RemoteEndpoints, Settings
from tests.oxigraph_server import free_port


@pytest.fixture(scope="module")
def client(built_settings: Settings) -> Iterator[TestClient]:
    down = RemoteEndpoints.under(f"http://127.0.0.1:{free_port()}")
    settings = dataclasses.replace(built_settings, remote=down, query_workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_a_lookup_with_the_server_down_is_502_naming_it(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kg.store"):
        r = client.get("/api/v1/responsibilities", params={"municipality": "091"})
    assert r.status_code == 502
    assert "cannot be reached" in r.json()["detail"]
    assert any("/api/v1/responsibilities" in m for m in caplog.messages)  # logged for the host


def test_a_sparql_query_with_the_server_down_is_502(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    assert r.status_code == 502, r.text
    assert "cannot be reached" in r.json()["detail"]
