"""SPARQL 1.1 Protocol: query via GET, form POST and direct POST; union default graph."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from kg.config import Settings
from tests import source_data as src

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

COUNT = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a yp:Municipality }"
MUNICIPALITIES = len(src.municipalities())  # data/reference/municipalities.csv
JSON = "application/sparql-results+json"


def _n(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(JSON)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_get(client: TestClient) -> None:
    assert _n(client.get("/sparql", params={"query": COUNT})) == MUNICIPALITIES


def test_sparql_post_form(client: TestClient) -> None:
    assert _n(client.post("/sparql", data={"query": COUNT})) == MUNICIPALITIES


def test_sparql_post_direct(client: TestClient) -> None:
    r = client.post(
        "/sparql", content=COUNT.encode(), headers={"content-type": "application/sparql-query"}
    )
    assert _n(r) == MUNICIPALITIES


def test_sparql_default_graph_is_union_of_named_graphs(
    client: TestClient, settings: Settings
) -> None:
    # municipalities and counties live in different named graphs; one pattern joins them
    q = """SELECT (COUNT(?m) AS ?n) WHERE {
             ?m yp:county ?c . ?c a yp:WellbeingServicesCounty ; yp:region ?r }"""
    # the mainland municipalities less Helsinki, its own organiser and in no county
    in_counties = len(src.mainland_municipalities()) - len(
        src.mainland_codes(src.HELSINKI_ORGANISER)
    )
    assert _n(client.get("/sparql", params={"query": q})) == in_counties
    # with an explicit default graph only that graph is seen
    graph = f"{settings.base_iri}graph/reference/municipalities"
    r = client.get("/sparql", params={"query": q, "default-graph-uri": graph})
    assert _n(r) == 0


def test_sparql_ask_and_csv(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": 'ASK { ?m dcterms:identifier "091" }'})
    assert r.json()["boolean"] is True
    r = client.get("/sparql", params={"query": COUNT}, headers={"accept": "text/csv"})
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], [str(MUNICIPALITIES)]]


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
    workers = client.app.state.settings.query_workers  # type: ignore[attr-defined]
    assert r.json()["queries"] == {"running": 0, "waiting": 0, "workers": workers}


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


MUNICIPALITY_CODES = "SELECT ?code WHERE { ?m a yp:Municipality ; dcterms:identifier ?code }"


def _codes_from(media_type: str, body: bytes) -> set[str]:
    from pyoxigraph import QueryResultsFormat, parse_query_results

    if media_type == "text/csv":  # lossy; pyoxigraph does not parse it back
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["code"]
        return {row[0] for row in rows[1:]}
    fmt = {
        "application/sparql-results+json": QueryResultsFormat.JSON,
        "application/sparql-results+xml": QueryResultsFormat.XML,
        "text/csv": QueryResultsFormat.CSV,
        "text/tab-separated-values": QueryResultsFormat.TSV,
    }[media_type]
    return {s["code"].value for s in parse_query_results(body, format=fmt)}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "media_type",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
@pytest.mark.parametrize("method", ["get", "form", "direct"])
def test_sparql_select_in_every_format_and_method(
    client: TestClient, media_type: str, method: str
) -> None:
    headers = {"accept": media_type}
    if method == "get":
        r = client.get("/sparql", params={"query": MUNICIPALITY_CODES}, headers=headers)
    elif method == "form":
        r = client.post("/sparql", data={"query": MUNICIPALITY_CODES}, headers=headers)
    else:
        headers["content-type"] = "application/sparql-query"
        r = client.post("/sparql", content=MUNICIPALITY_CODES.encode(), headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media_type)
    codes = _codes_from(media_type, r.content)
    assert len(codes) == MUNICIPALITIES and {"091", "205", "478"} <= codes
    assert "yhdyspinta-result-truncated" not in r.headers


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparql_graph_results_in_every_format(
    client: TestClient, settings: Settings, media_type: str, rdflib_format: str, form: str
) -> None:
    from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

    query = {
        "CONSTRUCT": "CONSTRUCT { ?m skos:prefLabel ?l } "
        'WHERE { ?m dcterms:identifier "091" ; a yp:Municipality ; skos:prefLabel ?l }',
        "DESCRIBE": 'DESCRIBE ?m WHERE { ?m a yp:Municipality ; dcterms:identifier "091" }',
    }[form]
    r = client.get("/sparql", params={"query": query}, headers={"accept": media_type})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media_type)
    fmt = {"turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "json-ld": RdfFormat.JSON_LD}
    graph = {q.triple for q in parse(r.content, format=fmt[rdflib_format])}
    expected = Triple(
        NamedNode(f"{settings.base_iri}municipality/091"),
        NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        Literal("Helsingfors", language="sv"),
    )
    assert expected in graph


def test_sparql_q_values_choose_the_format(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": COUNT},
        headers={"accept": "text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    # a graph result skips the preferred result formats and takes the best graph format
    r = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s a yp:Municipality } LIMIT 1"},
        headers={"accept": "text/csv, application/n-triples;q=0.2, text/turtle;q=0.1"},
    )
    assert r.headers["content-type"].startswith("application/n-triples")
    # q=0 refuses even what a wildcard admits: a boolean result has nothing left
    r = client.get(
        "/sparql",
        params={"query": "ASK {}"},
        headers={
            "accept": "*/*, application/sparql-results+json;q=0, "
            "application/sparql-results+xml;q=0, text/csv;q=0, text/tab-separated-values;q=0"
        },
    )
    assert r.status_code == 406, r.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}},
        {"data": {"update": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_sparql_update_is_refused_as_read_only(client: TestClient, request_kwargs: dict) -> None:
    r = client.post("/sparql", **request_kwargs)
    assert r.status_code == 400
    assert "read-only" in r.json()["detail"]
    assert _n(client.get("/sparql", params={"query": COUNT})) == MUNICIPALITIES


def test_sparql_result_above_the_row_cap_is_cut_and_flagged(settings: Settings) -> None:
    import dataclasses

    from api.main import create_app

    capped = dataclasses.replace(settings, row_cap=5)
    with TestClient(create_app(capped)) as small:
        r = small.get(
            "/sparql", params={"query": MUNICIPALITY_CODES}, headers={"accept": "text/csv"}
        )
        assert r.status_code == 200
        assert r.headers["yhdyspinta-result-truncated"] == "true"
        assert r.headers["yhdyspinta-row-cap"] == "5"
        assert len(_codes_from("text/csv", r.content)) == 5
        r = small.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a yp:Municipality }"})
        assert r.headers["yhdyspinta-result-truncated"] == "true"
        assert r.text.count(" a ") + r.text.count("rdf-syntax-ns#type") == 5
        # exactly at the cap is not cut
        r = small.get(
            "/sparql",
            params={"query": MUNICIPALITY_CODES + " LIMIT 5"},
            headers={"accept": "text/csv"},
        )
        assert "yhdyspinta-result-truncated" not in r.headers
        assert len(_codes_from("text/csv", r.content)) == 5
        # named queries share the cap
        r = small.get("/queries/municipalities-by-county", headers={"accept": "text/csv"})
        assert r.headers.get("yhdyspinta-result-truncated") == "true", r.text
