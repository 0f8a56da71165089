"""Queries in worker processes: a query past the limit is really stopped."""

from __future__ import annotations

import dataclasses
import os
import time

import pytest

from kg.build import build
from kg.config import Settings
from kg.query_pool import QueryPool, QueryTimeout

JSON = ["application/sparql-results+json"]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_query_pool_answers_and_reports_errors(settings: Settings) -> None:
    pool = QueryPool(settings.store_path, size=1, timeout=20)
    try:
        body = pool.answer(
            'ASK { ?m <http://purl.org/dc/terms/identifier> "091" }', media_types=JSON
        ).body
        assert b'"boolean":true' in body
        with pytest.raises(SyntaxError):
            pool.answer("SELECT WHERE {", media_types=JSON)
        with pytest.raises(LookupError):
            pool.answer("ASK {}", media_types=["image/png"])
    finally:
        pool.close()


def test_query_pool_stops_a_query_past_the_limit(settings: Settings) -> None:
    pool = QueryPool(settings.store_path, size=1, timeout=1.0)
    try:
        pool.answer("ASK {}", media_types=JSON)  # start the worker
        (worker,) = pool._idle
        pid = worker.process.pid
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="limit of 1 s"):
            pool.answer(CARTESIAN, media_types=JSON)
        assert time.monotonic() - start < 5
        time.sleep(0.2)
        assert not _alive(pid)  # the process running it is gone
        assert pool.killed == 1
        assert b"true" in pool.answer("ASK { ?s ?p ?o }", media_types=JSON).body
    finally:
        pool.close()


def test_query_pool_follows_a_rebuild(data_copy: Settings) -> None:
    build(data_copy)
    pool = QueryPool(data_copy.store_path, size=1, timeout=20)
    try:
        query = (
            'SELECT ?n WHERE { ?m <http://purl.org/dc/terms/identifier> "091" ; '
            '<http://www.w3.org/2004/02/skos/core#prefLabel> ?n . FILTER(LANG(?n)="fi") }'
        )
        assert b"Helsinki (uusi)" not in pool.answer(query, media_types=JSON).body
        path = data_copy.data_dir / "reference" / "municipalities.csv"
        path.write_text(
            path.read_text("utf-8").replace("091,Helsinki,", "091,Helsinki (uusi),"), "utf-8"
        )
        build(dataclasses.replace(data_copy))
        assert b"Helsinki (uusi)" in pool.answer(query, media_types=JSON).body
    finally:
        pool.close()
