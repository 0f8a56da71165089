"""Dumps and the VoID description over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from kg.config import DEFAULT_PUBLIC_URL
from kg.dumps import DUMPS
from kg.store import Store

SITE = DEFAULT_PUBLIC_URL  # the settings of the tests' client


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_dump_is_served_as_a_file(client: TestClient, store: Store, name: str) -> None:
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == DUMPS[name].media_type
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.headers["etag"] and r.headers["last-modified"]
    quads = set(parse(r.content, format=DUMPS[name].format))
    if DUMPS[name].quads:
        assert quads == set(store.quads())
    else:
        assert len(quads) == len(store)
        rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        triples = {Triple(r["s"], r["p"], r["o"]) for r in rows}  # type: ignore[index]
        assert {q.triple for q in quads} == triples


def test_dump_conditional_and_head_requests(client: TestClient) -> None:
    first = client.get("/dumps/yhdyspinta.nt")
    again = client.get("/dumps/yhdyspinta.nt", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    stale = client.get("/dumps/yhdyspinta.nt", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200
    head = client.head("/dumps/yhdyspinta.nt")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(first.content)


@pytest.mark.parametrize("name", ["yhdyspinta.xml", "..%2Fbuild.json", "build.json", "%00"])
def test_unknown_dump_is_404(client: TestClient, name: str) -> None:
    assert client.get(f"/dumps/{name}").status_code == 404


def test_dump_list(client: TestClient) -> None:
    listed = {d["name"]: d for d in client.get("/dumps").json()}
    assert set(listed) == set(DUMPS)
    ttl = listed["yhdyspinta.ttl"]
    assert ttl["url"] == SITE + "dumps/yhdyspinta.ttl" and ttl["media_type"] == "text/turtle"
    assert ttl["bytes"] == len(client.get(ttl["url"]).content)


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        (None, "text/turtle", RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
        ("application/json", "application/ld+json", RdfFormat.JSON_LD),
        ("text/turtle;q=0.2, application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
    ],
)
def test_void_by_accept(
    client: TestClient, store: Store, accept: str | None, media: str, fmt: RdfFormat
) -> None:
    headers = {"accept": accept} if accept else {}
    r = client.get("/void", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    # Origin too: with an Origin header the answer carries the CORS header (api.cors)
    assert [v.strip() for v in r.headers["vary"].split(",")] == ["Accept", "Origin"]
    triples = {q.triple for q in parse(r.content, format=fmt)}
    dataset = NamedNode(SITE + "void#dataset")
    values = {
        t.predicate.value.rsplit("#", 1)[1]: t.object.value
        for t in triples
        if t.subject == dataset and t.predicate.value.startswith("http://rdfs.org/ns/void#")
    }
    assert int(values["triples"]) == len(store)
    assert values["sparqlEndpoint"] == SITE + "sparql"  # absolute, from YP_PUBLIC_URL
    assert values["dataDump"].startswith(SITE + "dumps/yhdyspinta.")


def test_well_known_void_is_the_same(client: TestClient) -> None:
    assert client.get("/.well-known/void").content == client.get("/void").content
    assert client.get("/void", headers={"accept": "image/png"}).status_code == 406


def test_void_urls_come_from_the_public_url_not_the_host(client: TestClient) -> None:
    r = client.get("/void", headers={"host": "kg.example.fi"})
    assert f"<{SITE}sparql>".encode() in r.content
    assert b"kg.example.fi" not in r.content
