"""The small hand-built graph of tests/fixtures/network/small.ttl in an in-memory store."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.config import REPO_ROOT
from kg.store import Store

SMALL = REPO_ROOT / "tests/fixtures/network/small.ttl"
ID = "https://w3id.org/yhdyspinta/id/"
THEME = "https://w3id.org/yhdyspinta/theme/"


def load_small() -> Store:
    store = Store()
    graph = NamedNode(ID + "graph/test/network-small")
    store.load_quads(
        Quad(q.subject, q.predicate, q.object, graph)
        for q in parse(input=SMALL.read_bytes(), format=RdfFormat.TURTLE)
    )
    return store


@pytest.fixture(scope="module")
def small() -> Store:
    return load_small()
