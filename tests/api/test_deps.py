"""The service follows `kg build`'s link swap without a restart."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from kg.build import build
from kg.config import Settings

Q = 'SELECT ?n WHERE { ?m dcterms:identifier "091" ; skos:prefLabel ?n . FILTER(LANG(?n)="fi") }'


def _name(client: TestClient) -> str:
    r = client.get("/sparql", params={"query": Q})
    assert r.status_code == 200, r.text
    return str(r.json()["results"]["bindings"][0]["n"]["value"])


def test_store_holder_follows_rebuild(data_copy: Settings) -> None:
    build(data_copy)
    client = TestClient(create_app(data_copy))
    assert _name(client) == "Helsinki"
    path = data_copy.data_dir / "reference" / "municipalities.csv"
    path.write_text(
        path.read_text("utf-8").replace("091,Helsinki,", "091,Helsinki (uusi),"), "utf-8"
    )
    build(data_copy)
    assert _name(client) == "Helsinki (uusi)"
