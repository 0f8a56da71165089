"""GET /network and /network/diff: the same views and metrics as ``kg network``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from kg.config import DEFAULT_PUBLIC_URL
from kg.network import compute_metrics, organisation_event_network, organisation_network
from kg.store import Store


def test_network_html_is_offline_and_links_entity_pages(client: TestClient) -> None:
    r = client.get("/network", params={"county": "20", "lang": "en"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<script" in page and "vis" in page
    # tooltips link to this service's entity pages, not to the w3id IRIs
    assert f"{DEFAULT_PUBLIC_URL}id/municipality/205" in page
    # nothing is loaded from another host
    assert 'src="http' not in page and 'href="http' not in page.split("<script")[0]


def test_network_metrics_equal_the_library(client: TestClient, store: Store) -> None:
    r = client.get("/network", params={"county": "20", "format": "json"})
    assert r.status_code == 200
    expected = compute_metrics(organisation_network(store, county="20"))
    got = r.json()
    assert {n["iri"]: n["degree"] for n in got["nodes"]} == {
        n.iri: n.degree for n in expected.nodes
    }
    assert got["brokers"] == expected.brokers
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/network", params={"county": "20", "format": "csv"}).text)
        )
    )
    assert len(rows) == len(expected.nodes)


def test_network_png(client: TestClient) -> None:
    r = client.get("/network", params={"county": "20", "format": "png"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_network_filters_change_the_answer(client: TestClient) -> None:
    def edges(**params: str | list[str]) -> int:
        r = client.get("/network", params={"county": "20", "format": "json", **params})
        assert r.status_code == 200, r.text
        return int(r.json()["summary"]["edges"])

    everything = edges()
    assert 0 < edges(relation="interface") < edges(relation=["interface", "forum"]) <= everything
    assert edges(as_of="2020-01-01") < everything  # before the example region's records


def test_network_unknown_values_are_404_or_400(client: TestClient) -> None:
    assert client.get("/network", params={"county": "99"}).status_code == 404
    assert client.get("/network", params={"theme": "nosuch"}).status_code == 404
    assert client.get("/network", params={"term": "1999-2003"}).status_code == 404
    r = client.get("/network", params={"as_of": "2025-01-01", "term": "county-2025-2029"})
    assert r.status_code == 400
    assert client.get("/network", params={"relation": "friendship"}).status_code == 422


def test_network_diff_between_terms(client: TestClient) -> None:
    r = client.get(
        "/network/diff",
        params={"before": "county-2022-2025", "after": "county-2025-2029", "county": "20"},
    )
    assert r.status_code == 200, r.text
    data = json.loads(r.text)
    assert data["before_filters"]["term"] != data["after_filters"]["term"]
    assert sum(data["counts"]["nodes"].values()) == len(data["nodes"])
    r = client.get(
        "/network/diff",
        params={"before": "2024-01-01", "after": "2026-01-01", "format": "csv", "table": "edges"},
    )
    assert r.status_code == 200 and r.text.startswith("source,target")


def test_network_organisation_event_json_equals_the_library(
    client: TestClient, store: Store
) -> None:
    r = client.get(
        "/network", params={"network": "organisation-event", "county": "20", "format": "json"}
    )
    assert r.status_code == 200, r.text
    expected = compute_metrics(organisation_event_network(store, county="20"))
    got = r.json()
    assert got["network"] == "organisation-event"
    assert {n["iri"]: n["kind"] for n in got["nodes"]} == {n.iri: n.kind for n in expected.nodes}
    kinds = {n["kind"] for n in got["nodes"]}
    assert {"agreement", "negotiation", "forum", "interface", "county"} <= kinds
    page = client.get(
        "/network",
        params={"network": "organisation-event", "county": "20", "metric": "brokerage"},
    )
    assert page.status_code == 200 and 'id="network-data"' in page.text


def test_network_weights_are_newman_weights(client: TestClient, store: Store) -> None:
    # the organisation network's weighted degree is the number of events shared: the
    # same as the organisation's degree in the organisation-event network, less the
    # events it attended alone
    r = client.get("/network", params={"county": "13", "format": "json"})
    assert r.status_code == 200
    two_mode = organisation_event_network(store, county="13")
    for node in r.json()["nodes"]:
        shared = [e for e in two_mode[node["iri"]] if two_mode.degree(e) > 1]
        assert node["weighted_degree"] == pytest.approx(len(shared), abs=1e-6), node["iri"]
    assert r.json()["brokers"] == []
