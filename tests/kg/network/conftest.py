"""The small hand-built graphs of tests/fixtures/network/ in in-memory stores:
``small.ttl`` (every relation and the time filters) and ``events.ttl`` (events that many
organisations attend)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.config import REPO_ROOT
from kg.store import Store

SMALL = REPO_ROOT / "tests/fixtures/network/small.ttl"
EVENTS = REPO_ROOT / "tests/fixtures/network/events.ttl"
ID = "https://w3id.org/yhdyspinta/id/"
THEME = "https://w3id.org/yhdyspinta/theme/"


def load_fixture(path: Path) -> Store:
    store = Store()
    graph = NamedNode(ID + "graph/test/" + path.stem)
    store.load_quads(
        Quad(q.subject, q.predicate, q.object, graph)
        for q in parse(input=path.read_bytes(), format=RdfFormat.TURTLE)
    )
    return store


def load_small() -> Store:
    return load_fixture(SMALL)


@pytest.fixture(scope="module")
def small() -> Store:
    return load_small()


@pytest.fixture(scope="module")
def events() -> Store:
    return load_fixture(EVENTS)
