"""Absolute URLs come from YP_PUBLIC_URL: a hostile Host header is found nowhere in any
answer (bodies and headers), and the URLs written name the configured address."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings
from tests.helpers import running_service

HOSTILE = "evil.example.net"
PUBLIC = "https://kg.example.fi/yhdyspinta/"
PAGES = [
    "/sparql",
    "/void",
    "/.well-known/void",
    "/dumps",
    "/id/municipality/091",
    "/id/county/20",
    "/id/graph/reference/municipalities",
    "/id/no/such/thing",
    "/theme",
    "/theme/hyte",
    "/ontology",
    "/network?county=20",
    "/network?county=20&format=json",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/queries",
    "/healthz",
    "/api/v1/municipalities/091",
    "/api/v1/themes/",  # a trailing slash: no redirect written with the Host
    "/void/",
]
ACCEPTS = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "*/*"]


@pytest.fixture(scope="module")
def public_client(settings: Settings) -> TestClient:
    return TestClient(create_app(dataclasses.replace(settings, public_url=PUBLIC)))


def _everything(response: httpx.Response) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return headers + "\n" + response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("accept", ACCEPTS)
def test_urls_hostile_host_is_found_nowhere(
    public_client: TestClient, path: str, accept: str
) -> None:
    r = public_client.get(
        path,
        headers={"host": HOSTILE, "accept": accept, "x-forwarded-host": HOSTILE},
        follow_redirects=False,
    )
    assert r.status_code < 500
    assert HOSTILE not in _everything(r)


def test_urls_come_from_the_public_url(public_client: TestClient) -> None:
    hostile = {"host": HOSTILE}
    description = public_client.get("/sparql", headers=hostile).text
    assert f"<{PUBLIC}sparql>" in description
    void = public_client.get("/void", headers=hostile).text
    assert f"<{PUBLIC}sparql>" in void and f"<{PUBLIC}dumps/yhdyspinta.nt>" in void
    dumps = public_client.get("/dumps", headers=hostile).json()
    assert {d["url"] for d in dumps} == {f"{PUBLIC}dumps/{d['name']}" for d in dumps}
    page = public_client.get("/id/county/20", headers={**hostile, "accept": "text/html"})
    assert f'href="{PUBLIC}id/municipality/205"' in page.text
    assert f"<{PUBLIC}id/county/20?format=ttl>" in page.headers["link"]
    network = public_client.get("/network?county=20", headers=hostile).text
    assert f"{PUBLIC}id/county/20" in network


def test_urls_hostile_host_over_http(settings: Settings) -> None:
    """The same through uvicorn, which takes the Host header as it comes."""
    with running_service(settings) as url:
        for path in ("/sparql", "/void", "/dumps", "/id/county/20", "/docs", "/void/"):
            r = httpx.get(url + path, headers={"host": HOSTILE, "accept": "text/html, */*;q=0.5"})
            assert r.status_code < 500, path
            assert HOSTILE not in _everything(r), path
