"""The SPARQL 1.1 Graph Store Protocol, read only: a named graph by its IRI in the format
asked for, holding exactly the store's statements of that graph; the default graph; and
every write refused with 405."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.routes import graph_store
from kg.config import Settings
from kg.store import Store

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def triples(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=fmt)}


def graph_iri(settings: Settings, name: str) -> str:
    return f"{settings.base_iri}graph/{name}"


@pytest.mark.parametrize("media_type", FORMATS)
def test_a_named_graph_is_the_stores_statements_of_it(
    client: TestClient, store: Store, settings: Settings, media_type: str
) -> None:
    iri = graph_iri(settings, "reference/counties")
    expected = {q.triple for q in store.quads(iri)}
    assert len(expected) > 100
    answer = client.get("/graph-store", params={"graph": iri}, headers={"Accept": media_type})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert triples(answer.content, FORMATS[media_type]) == expected


def test_turtle_is_the_default_and_json_means_json_ld(
    client: TestClient, store: Store, settings: Settings
) -> None:
    iri = graph_iri(settings, "reference/regions")
    expected = {q.triple for q in store.quads(iri)}
    plain = client.get("/graph-store", params={"graph": iri})
    assert plain.headers["content-type"] == "text/turtle; charset=utf-8"
    assert triples(plain.content, ox.RdfFormat.TURTLE) == expected
    json = client.get("/graph-store", params={"graph": iri}, headers={"Accept": "application/json"})
    assert json.headers["content-type"] == "application/ld+json"
    assert triples(json.content, ox.RdfFormat.JSON_LD) == expected
    refused = client.get("/graph-store", params={"graph": iri}, headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_head_gives_the_headers_of_the_get(client: TestClient, settings: Settings) -> None:
    params = {"graph": graph_iri(settings, "reference/counties")}
    got = client.get("/graph-store", params=params)
    head = client.head("/graph-store", params=params)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) == len(got.content) > 0
    assert head.headers["content-type"] == got.headers["content-type"]


def test_the_default_graph_is_the_union_of_the_named_graphs(
    client: TestClient, store: Store
) -> None:
    union = {q.triple for q in store.quads()}
    answer = client.get("/graph-store?default", headers={"Accept": "application/n-triples"})
    assert answer.status_code == 200
    got = triples(answer.content, ox.RdfFormat.N_TRIPLES)
    assert len(got) == len(store) == len(union)
    assert got == union


def test_a_default_graph_too_large_is_refused_for_the_dumps(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph_store, "DEFAULT_GRAPH_MAX", 1000)
    answer = client.get("/graph-store?default")
    assert answer.status_code == 400
    assert "/dumps" in answer.json()["detail"]


def test_an_unknown_graph_is_404(client: TestClient, settings: Settings) -> None:
    for iri in (graph_iri(settings, "no/such/graph"), "https://example.org/g", "urn:x:y"):
        answer = client.get("/graph-store", params={"graph": iri})
        assert answer.status_code == 404, iri
        assert iri in answer.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "",  # neither graph nor default
        "?graph=counties",  # a relative IRI
        "?graph=",
        "?graph=http://exa%20mple.org/",
        "?graph=https://w3id.org/yhdyspinta/id/graph/reference/counties&default",
    ],
)
def test_a_missing_or_bad_iri_is_400(client: TestClient, query: str) -> None:
    assert client.get("/graph-store" + query).status_code == 400


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_nothing_is_written(
    writable_client: TestClient, writable_store: Store, settings: Settings, method: str
) -> None:
    """On a writable copy of the store: a write that landed could be seen."""
    store = writable_store
    iri = graph_iri(settings, "reference/counties")
    before = {q.triple for q in store.quads(iri)}
    answer = writable_client.request(
        method,
        "/graph-store",
        params={"graph": iri},
        content=b"<urn:a> <urn:b> <urn:c> .\n",
        headers={"Content-Type": "application/n-triples"},
    )
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
    assert {q.triple for q in store.quads(iri)} == before
    assert not store.contains_triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), None)


def test_the_route_is_in_the_openapi_description(client: TestClient) -> None:
    operations = client.get("/openapi.json").json()["paths"]["/graph-store"]
    assert set(operations) == {"get"}
    assert {"400", "404", "405", "406"} <= set(operations["get"]["responses"])
    assert set(operations["get"]["responses"]["200"]["content"]) == set(FORMATS)
