"""SPARQL 1.1 Protocol: query via GET, form POST and direct POST; union default graph."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from kg.config import Settings

COUNT = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a yp:Municipality }"
JSON = "application/sparql-results+json"


def _n(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(JSON)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_get(client: TestClient) -> None:
    assert _n(client.get("/sparql", params={"query": COUNT})) == 308


def test_sparql_post_form(client: TestClient) -> None:
    assert _n(client.post("/sparql", data={"query": COUNT})) == 308


def test_sparql_post_direct(client: TestClient) -> None:
    r = client.post(
        "/sparql", content=COUNT.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert _n(r) == 308


def test_sparql_default_graph_is_union_of_named_graphs(
    client: TestClient, settings: Settings
) -> None:
    # municipalities and counties live in different named graphs; one pattern joins them
    q = """SELECT (COUNT(?m) AS ?n) WHERE {
             ?m yp:county ?c . ?c a yp:WellbeingServicesCounty ; yp:region ?r }"""
    assert _n(client.get("/sparql", params={"query": q})) == 291
    # with an explicit default graph only that graph is seen
    graph = f"{settings.base_iri}graph/reference/municipalities"
    r = client.get("/sparql", params={"query": q, "default-graph-uri": graph})
    assert _n(r) == 0


def test_sparql_ask_and_csv(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": 'ASK { ?m dcterms:identifier "091" }'})
    assert r.json()["boolean"] is True
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": "text/csv"})
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], ["308"]]


def test_sparql_construct_turtle(client: TestClient) -> None:
    q = (
        "CONSTRUCT { ?m skos:prefLabel ?l } "
        'WHERE { ?m dcterms:identifier "091" ; skos:prefLabel ?l }'
    )
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    assert '"Helsingfors"@sv' in r.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"default-graph-uri": "http://example.org/g"}, 400),
        ({"query": "SELECT WHERE {"}, 400),
        ({"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}, 400),
    ],
)
def test_sparql_bad_requests_are_400(client: TestClient, params: dict, status: int) -> None:
    r = client.get("/sparql", params=params)
    assert r.status_code == status
    assert "detail" in r.json()


def test_sparql_two_queries_is_400(client: TestClient) -> None:
    r = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400


def test_sparql_wrong_content_type_is_400(client: TestClient) -> None:
    r = client.post("/sparql", content=COUNT.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 400


def test_sparql_bad_encoding_is_400(client: TestClient) -> None:
    r = client.post(
        "/sparql", content=b"ASK { \xff }", headers={"content-type": "application/sparql-query"}
    )
    assert r.status_code == 400


def test_sparql_unacceptable_format_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["triples"] > 5000


class _Listener:
    """A real TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "LOAD <http://127.0.0.1:{port}/data.ttl>",
    ],
)
def test_sparql_federation_and_load_refused_without_outgoing_request(
    client: TestClient, template: str
) -> None:
    listener = _Listener()
    try:
        query = template.format(port=listener.port)
        for response in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"update": query}),
            client.post(
                "/sparql",
                content=query.encode(),
                headers={"content-type": "application/sparql-query"},
            ),
        ):
            assert response.status_code == 400, response.text
        import time

        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_sparql_get_without_query_is_the_service_description(client: TestClient) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    r = client.get("/sparql")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(g.subjects(RDF.type, URIRef(sd + "Service")))
    assert len(services) == 1
    assert (services[0], URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g


def test_sparql_construct_json_ld(client: TestClient) -> None:
    q = (
        "CONSTRUCT { ?m skos:prefLabel ?l } "
        'WHERE { ?m dcterms:identifier "091" ; skos:prefLabel ?l }'
    )
    r = client.get("/sparql", params={"query": q}, headers={"accept": "application/ld+json"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert "Helsingfors" in r.text
