"""The query pool over HTTP, against a real uvicorn process: slow queries cannot block a
trivial one, abandoned queries are stopped, the refusals say when to come back, and the
lookups and /healthz answer while dozens of slow queries wait.

Clients are told apart by address: each test client binds its own loopback address
(127.0.0.0/8 all reaches the service), as separate machines would."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import psutil

from kg.config import Settings
from tests.helpers import run_async, running_service, serving_process

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIVIAL = "ASK {}"


@asynccontextmanager
async def client_at(address: str, timeout: float = 60) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
        yield client


async def sparql(client: httpx.AsyncClient, url: str, query: str) -> httpx.Response:
    return await client.get(url + "/sparql", params={"query": query})


async def timed(work: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = await work
    return response, time.monotonic() - start


async def until_running(url: str, count: int, within: float = 15) -> None:
    """Wait until /healthz reports ``count`` queries running: on a loaded machine a slow
    query sent a moment ago may not yet have reached its worker, and a fixed sleep (or a
    probing query, which could take the worker itself) would race it."""
    deadline = time.monotonic() + within
    async with client_at("127.0.0.250") as probe:
        while (await probe.get(url + "/healthz")).json()["queries"]["running"] < count:
            assert time.monotonic() < deadline, f"{count} queries not running within {within} s"
            await asyncio.sleep(0.05)


def _workers(proc: psutil.Process) -> set[int]:
    return {c.pid for c in proc.children() if "spawn_main" in " ".join(c.cmdline())}


def test_answer_query_trivial_query_is_fast_while_slow_ones_fill_the_queue(
    settings: Settings,
) -> None:
    env = {
        "YP_QUERY_WORKERS": "2",
        "YP_QUERY_QUEUE": "3",
        "YP_QUERIES_PER_CLIENT": "4",
        "YP_QUERY_TIMEOUT": "20",
    }

    async def main(url: str) -> None:
        async with AsyncExitStack() as stack:
            hostile = await stack.enter_async_context(client_at("127.0.0.2"))
            slow = [asyncio.ensure_future(sparql(hostile, url, SLOW)) for _ in range(8)]
            # one runs, three wait (the queue is full), four are refused at once
            refused = [r for r in await _first_answers(slow, 4, within=10)]
            assert [r.status_code for r in refused] == [429] * 4, [r.text for r in refused]
            assert all(int(r.headers["retry-after"]) >= 1 for r in refused)
            assert "at most 4" in refused[0].json()["detail"]

            honest = await stack.enter_async_context(client_at("127.0.0.9"))
            answer, seconds = await timed(sparql(honest, url, TRIVIAL))
            assert answer.status_code == 200 and answer.json()["boolean"] is True
            assert seconds < 2, seconds

            # a second hostile address takes the other worker; its next query would have
            # to wait, the queue is full: 503 at once, saying when to come back
            other = await stack.enter_async_context(client_at("127.0.0.3"))
            running = asyncio.ensure_future(sparql(other, url, SLOW))
            await until_running(url, 2)
            full, seconds = await timed(sparql(other, url, TRIVIAL))
            assert full.status_code == 503, full.text
            assert seconds < 1, seconds
            assert 1 <= int(full.headers["retry-after"]) <= 20
            assert "at most 3" in full.json()["detail"]
            for task in [*slow, running]:
                task.cancel()
            await asyncio.gather(*slow, running, return_exceptions=True)

    with running_service(settings, **env) as url:
        run_async(lambda: main(url))


async def _first_answers(
    tasks: list[asyncio.Future[httpx.Response]], count: int, within: float
) -> list[httpx.Response]:
    """The first ``count`` responses among ``tasks`` (the others keep running)."""
    done: list[httpx.Response] = []
    pending = set(tasks)
    deadline = time.monotonic() + within
    while len(done) < count:
        finished, pending = await asyncio.wait(
            pending, timeout=deadline - time.monotonic(), return_when=asyncio.FIRST_COMPLETED
        )
        assert finished, f"only {len(done)} of {count} answers within {within} s"
        done += [t.result() for t in finished]
    return done


def test_answer_query_abandoned_queries_are_stopped(settings: Settings) -> None:
    env = {
        "YP_QUERY_WORKERS": "2",
        "YP_QUERY_QUEUE": "8",
        "YP_QUERY_TIMEOUT": "20",
    }

    async def abandon(url: str, address: str) -> None:
        async with client_at(address, timeout=2) as client:
            try:
                await sparql(client, url, SLOW)
            except httpx.TimeoutException:
                return
        raise AssertionError("the slow query answered")

    async def main(url: str, proc: psutil.Process) -> None:
        async with client_at("127.0.0.9") as honest:
            await sparql(honest, url, TRIVIAL)  # both workers are up
        before = _workers(proc)
        assert len(before) == 2
        # six clients send a slow query each and give up after 2 s: two ran, four waited
        await asyncio.gather(*(abandon(url, f"127.0.0.{10 + i}") for i in range(6)))
        async with client_at("127.0.0.9") as honest:
            answer, seconds = await timed(sparql(honest, url, TRIVIAL))
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        assert seconds < 2, seconds
        after = _workers(proc)
        assert len(after) == 2 and not after & before  # the two busy workers were replaced

    with serving_process(settings, **env) as (url, proc):
        run_async(lambda: main(url, psutil.Process(proc.pid)))


def test_answer_query_waiting_queries_hold_no_thread(settings: Settings) -> None:
    # 48 slow queries from 48 addresses: two run, 46 wait. Were each wait to hold one of
    # the server's 40 threads, /healthz and the lookups (sync routes) would stall.
    env = {
        "YP_QUERY_WORKERS": "2",
        "YP_QUERY_QUEUE": "64",
        "YP_QUERY_TIMEOUT": "20",
    }

    async def main(url: str) -> None:
        async with AsyncExitStack() as stack:
            clients = [
                await stack.enter_async_context(client_at(f"127.0.1.{i + 1}")) for i in range(48)
            ]
            slow = [asyncio.ensure_future(sparql(c, url, SLOW)) for c in clients]
            await asyncio.sleep(2)
            assert not any(t.done() for t in slow)  # all 48 are held: running or waiting
            async with client_at("127.0.0.9", timeout=10) as honest:
                for _ in range(5):
                    health, seconds = await timed(honest.get(url + "/healthz"))
                    assert health.status_code == 200 and seconds < 1, seconds
                    lookup, seconds = await timed(honest.get(url + "/api/v1/municipalities/091"))
                    assert lookup.status_code == 200 and seconds < 1, seconds
                    assert lookup.json()["code"] == "091"
            for task in slow:
                task.cancel()
            await asyncio.gather(*slow, return_exceptions=True)

    with running_service(settings, **env) as url:
        run_async(lambda: main(url))


def test_answer_query_named_queries_share_the_limits(settings: Settings) -> None:
    env = {"YP_QUERY_WORKERS": "1", "YP_QUERY_QUEUE": "0", "YP_QUERY_TIMEOUT": "20"}

    async def main(url: str) -> None:
        async with client_at("127.0.0.2") as hostile, client_at("127.0.0.9") as honest:
            slow = asyncio.ensure_future(sparql(hostile, url, SLOW))
            await until_running(url, 1)
            named, seconds = await timed(honest.get(url + "/queries/municipalities-by-county"))
            assert named.status_code == 503 and seconds < 1, (named.status_code, seconds)
            assert "retry-after" in named.headers
            slow.cancel()
            await asyncio.gather(slow, return_exceptions=True)

    with running_service(settings, **env) as url:
        run_async(lambda: main(url))
