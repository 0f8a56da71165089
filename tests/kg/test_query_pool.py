"""Queries in worker processes: a query past the limit is really stopped; the queue is
bounded, waiting counts against the limit, one client cannot take every place, and a
query whose client has gone is dropped or its worker killed."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import time
from collections.abc import Callable, Iterator

import pytest

from kg.build import build
from kg.config import Settings
from kg.query_pool import (
    DEMOTE_AFTER_S,
    LOWEST_NICENESS,
    WORKER_NICENESS,
    ClientBusy,
    QueryPool,
    QueryTimeout,
    QueueFull,
    WorkerLost,
)
from kg.sparql_worker import WorkerConfig
from tests.helpers import run_async

JSON = ["application/sparql-results+json"]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = 'ASK { ?m <http://purl.org/dc/terms/identifier> "091" }'


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def make_pool(settings: Settings) -> Iterator[Callable[..., QueryPool]]:
    pools: list[QueryPool] = []

    def make(**kwargs: object) -> QueryPool:
        # these tests are about scheduling: the slow cartesian query must stay slow, not
        # reach the default 1 GB address-space ceiling first on a loaded machine (it did,
        # twice); the ceiling itself is tested in test_sparql_worker.py
        kwargs.setdefault("worker", WorkerConfig(memory_mb=4096))
        pool = QueryPool(settings.store_path, **kwargs)  # type: ignore[arg-type]
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()


def _pids(pool: QueryPool) -> set[int]:
    return {w.process.pid for w in pool._workers}


def test_query_pool_answers_and_reports_errors(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1, timeout=20)

    async def main() -> None:
        body = (await pool.answer(ASK, media_types=JSON)).body
        assert b'"boolean":true' in body
        with pytest.raises(SyntaxError):
            await pool.answer("SELECT WHERE {", media_types=JSON)
        with pytest.raises(LookupError):
            await pool.answer("ASK {}", media_types=["image/png"])

    run_async(main)


def test_query_pool_stops_a_query_past_the_limit(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1, timeout=1.0)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)  # start the worker
        (pid,) = _pids(pool)
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="limit of 1 s"):
            await pool.answer(CARTESIAN, media_types=JSON)
        assert time.monotonic() - start < 5
        assert _gone(pid)  # the process running it is gone
        assert pool.killed == 1
        assert pid not in _pids(pool) and len(_pids(pool)) == 1  # replaced at once
        assert b"true" in (await pool.answer("ASK { ?s ?p ?o }", media_types=JSON)).body

    run_async(main)


def test_query_pool_follows_a_rebuild(data_copy: Settings) -> None:
    build(data_copy)
    pool = QueryPool(data_copy.store_path, size=1, timeout=20)
    query = (
        'SELECT ?n WHERE { ?m <http://purl.org/dc/terms/identifier> "091" ; '
        '<http://www.w3.org/2004/02/skos/core#prefLabel> ?n . FILTER(LANG(?n)="fi") }'
    )

    async def ask() -> bytes:
        return (await pool.answer(query, media_types=JSON)).body

    try:
        assert b"Helsinki (uusi)" not in run_async(ask)
        path = data_copy.data_dir / "reference" / "municipalities.csv"
        path.write_text(
            path.read_text("utf-8").replace("091,Helsinki,", "091,Helsinki (uusi),"), "utf-8"
        )
        build(dataclasses.replace(data_copy))
        assert b"Helsinki (uusi)" in run_async(ask)
    finally:
        pool.close()


async def _until(condition: Callable[[], bool], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


def test_query_pool_refuses_at_once_when_the_queue_is_full(
    make_pool: Callable[..., QueryPool],
) -> None:
    pool = make_pool(size=1, timeout=8, queue_size=2, per_client=10)

    async def main() -> None:
        slow = [
            asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client=f"c{i}"))
            for i in range(3)  # one runs, two wait
        ]
        await _until(lambda: pool.running == 1 and pool.waiting == 2)
        start = time.monotonic()
        with pytest.raises(QueueFull, match="at most 2") as refused:
            await pool.answer(ASK, media_types=JSON, client="other")
        assert time.monotonic() - start < 0.5
        # a place frees by the earliest time limit among the queries holding one
        assert 1 <= refused.value.retry_after <= 8
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)

    run_async(main)


def test_query_pool_limits_queries_per_client(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=2, timeout=8, queue_size=10, per_client=2)

    async def main() -> None:
        mine = [
            asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
            for _ in range(2)
        ]
        # one runs; the other waits although a worker is free: one query per client runs
        await _until(lambda: pool.running == 1 and pool.waiting == 1)
        with pytest.raises(ClientBusy, match="at most 2") as refused:
            await pool.answer(ASK, media_types=JSON, client="a")
        assert 1 <= refused.value.retry_after <= 8
        # another client runs at once on the free worker
        start = time.monotonic()
        assert b"true" in (await pool.answer(ASK, media_types=JSON, client="b")).body
        assert time.monotonic() - start < 3
        assert pool.waiting == 1  # "a"'s second query still waits for its first
        for task in mine:
            task.cancel()
        await asyncio.gather(*mine, return_exceptions=True)

    run_async(main)


def test_query_pool_serves_the_client_with_nothing_running_first(
    make_pool: Callable[..., QueryPool],
) -> None:
    pool = make_pool(size=2, timeout=20, queue_size=10, per_client=4)

    async def main() -> None:
        slow_a = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        slow_c = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="c"))
        await _until(lambda: pool.running == 2)
        queued = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        await _until(lambda: pool.waiting == 1)
        honest = asyncio.ensure_future(pool.answer(ASK, media_types=JSON, client="b"))
        await _until(lambda: pool.waiting == 2)
        # "c"'s worker frees (killed and replaced): "b" gets it although "a"'s second
        # query waited longer, since "a" already has one running
        slow_c.cancel()
        assert b"true" in (await asyncio.wait_for(honest, 10)).body
        assert not queued.done() and pool.waiting == 1
        for task in (slow_a, queued):
            task.cancel()
        await asyncio.gather(slow_a, slow_c, queued, return_exceptions=True)

    run_async(main)


def test_query_pool_workers_run_at_a_lower_priority(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1)
    pool.start()
    (pid,) = _pids(pool)
    assert os.getpriority(os.PRIO_PROCESS, pid) == os.nice(0) + WORKER_NICENESS


# every triple × every mainland municipality × five: seconds, but far within the limit
LONGISH = (
    "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 4 5 } ?a ?b ?c . "
    "?d a <https://w3id.org/yhdyspinta/ontology#MainlandMunicipality> }"
)


def test_query_pool_demotes_a_long_query_and_restores_its_worker(
    make_pool: Callable[..., QueryPool],
) -> None:
    pool = make_pool(size=1, timeout=120)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)
        (pid,) = _pids(pool)
        task = asyncio.ensure_future(pool.answer(LONGISH, media_types=JSON))
        await asyncio.sleep(DEMOTE_AFTER_S + 0.5)
        assert not task.done(), "the query ended too soon to show its demotion"
        assert os.getpriority(os.PRIO_PROCESS, pid) == LOWEST_NICENESS
        body = json.loads((await task).body)
        assert int(body["results"]["bindings"][0]["n"]["value"]) > 0
        assert _pids(pool) == {pid}  # the same worker, at its usual priority again
        assert os.getpriority(os.PRIO_PROCESS, pid) == os.nice(0) + WORKER_NICENESS

    run_async(main)


def test_query_pool_counts_waiting_against_the_limit(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1, timeout=2.0)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)  # the worker is up
        slow = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        await _until(lambda: pool.running == 1)
        await asyncio.sleep(0.5)
        start = time.monotonic()
        # arrives 0.5 s after the slow one: it waits 1.5 s, the slow one's remaining limit,
        # then has 0.5 s of its own left, and the slow one ends past its limit
        with pytest.raises(QueryTimeout):
            await pool.answer(CARTESIAN, media_types=JSON, client="b")
        waited = time.monotonic() - start
        assert 1.5 < waited < 2.6, waited  # its own 2 s from arrival, not 2 s more
        with pytest.raises(QueryTimeout):
            await slow

    run_async(main)


def test_query_pool_drops_a_waiting_query_whose_client_left(
    make_pool: Callable[..., QueryPool],
) -> None:
    pool = make_pool(size=1, timeout=20)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)
        slow = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        await _until(lambda: pool.running == 1)
        waiting = asyncio.ensure_future(pool.answer(ASK, media_types=JSON, client="b"))
        await _until(lambda: pool.waiting == 1)
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        assert pool.waiting == 0 and pool.running == 1  # dropped; the slow one runs on
        assert pool.killed == 0
        slow.cancel()
        await asyncio.gather(slow, return_exceptions=True)

    run_async(main)


def test_query_pool_kills_the_worker_of_a_query_whose_client_left(
    make_pool: Callable[..., QueryPool],
) -> None:
    pool = make_pool(size=1, timeout=60)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)
        (pid,) = _pids(pool)
        slow = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        await _until(lambda: pool.running == 1)
        await asyncio.sleep(0.3)
        slow.cancel()
        await asyncio.gather(slow, return_exceptions=True)
        assert _gone(pid)
        assert pool.killed == 1
        start = time.monotonic()
        assert b"true" in (await pool.answer(ASK, media_types=JSON)).body
        assert time.monotonic() - start < 5  # the replacement, not the slow query

    run_async(main)


def test_query_pool_replaces_a_worker_that_dies(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1, timeout=60)

    async def main() -> None:
        await pool.answer("ASK {}", media_types=JSON)
        (pid,) = _pids(pool)
        slow = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON))
        await _until(lambda: pool.running == 1)
        os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
        with pytest.raises(WorkerLost, match=r"ended \(signal 9\) and was replaced"):
            await asyncio.wait_for(slow, 10)
        assert b"true" in (await pool.answer(ASK, media_types=JSON)).body

    run_async(main)


def test_query_pool_says_why_a_query_cannot_wait(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=2, timeout=20, queue_size=0, per_client=4)

    async def main() -> None:
        slow = asyncio.ensure_future(pool.answer(CARTESIAN, media_types=JSON, client="a"))
        await _until(lambda: pool.running == 1)
        # a worker is free, but "a" runs one query at a time and nothing may wait
        with pytest.raises(QueueFull, match="this client's other query is running"):
            await pool.answer(ASK, media_types=JSON, client="a")
        assert b"true" in (await pool.answer(ASK, media_types=JSON, client="b")).body
        slow.cancel()
        await asyncio.gather(slow, return_exceptions=True)

    run_async(main)


def test_a_worker_freed_after_a_swap_is_replaced_not_handed_on(data_copy: Settings) -> None:
    """Under a steady queue a freed worker goes straight to the next query: one on a store
    that a build or publish replaced meanwhile is replaced first."""
    build(data_copy)
    pool = QueryPool(data_copy.store_path, size=1, timeout=20)
    try:
        worker = pool._take()
        old = worker.store_dir
        build(dataclasses.replace(data_copy))  # a new store directory, the link switched
        new = data_copy.store_path.resolve()
        assert new != old
        pool._release(worker)
        assert [w.store_dir for w in pool._idle] == [new]
        assert worker not in pool._workers
    finally:
        pool.close()
