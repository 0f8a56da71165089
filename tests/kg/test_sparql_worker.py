"""The worker process: its walls hold without the guard, it fails closed, its answers are
capped in bytes and its memory is bounded; a worker lost to memory is replaced."""

from __future__ import annotations

import json
import multiprocessing as mp
import signal
import sys
import time
from typing import Any

import pytest
from pyoxigraph import Store

from kg.config import Settings
from kg.query_pool import QueryPool
from kg.sparql import DEFAULT_BYTE_CAP
from kg.sparql_worker import (
    QueryMemoryExceeded,
    QueryWorkerLost,
    WorkerConfig,
    lost,
    put_up_walls,
    serve,
)
from tests.federation import Listener
from tests.helpers import run_async

JSON = ["application/sparql-results+json"]


def _doubling(times: int, *, rows: str = "?a ?b ?c", limit: int = 400) -> str:
    """A string of 16 characters doubled ``times`` times in every row."""
    binds = " ".join(f"BIND(CONCAT(?s{i},?s{i}) AS ?s{i + 1})" for i in range(times))
    return (
        f'SELECT ?s{times} WHERE {{ {rows} BIND("0123456789abcdef" AS ?s0) {binds} }} LIMIT {limit}'
    )


def _service_behind_walls(queue: Any, config: WorkerConfig, port: int) -> None:
    walls = put_up_walls(config)
    try:  # the engine itself, no guard in front: what a guard bypass would reach
        result = Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{}} }}")
        outcome = f"answered {len(list(result))}"
    except OSError as exc:
        outcome = f"refused: {exc}"
    queue.put((walls, outcome))


def _behind_walls(config: WorkerConfig, port: int) -> tuple[str | None, str]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_service_behind_walls, args=(queue, config, port))
    process.start()
    process.join(timeout=60)
    return queue.get(timeout=5)  # type: ignore[no-any-return]


def test_worker_walls_stop_a_service_call_that_passed_the_guard() -> None:
    with Listener() as listener:
        walls, outcome = _behind_walls(WorkerConfig(memory_mb=None), listener.port)
        time.sleep(0.3)
        assert walls is None and outcome.startswith("refused")
        assert listener.connections == 0
        # the control: the same worker walls without the network one, and it calls out
        _, outcome = _behind_walls(WorkerConfig(memory_mb=None, sandbox=False), listener.port)
        deadline = time.monotonic() + 2
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert listener.connections >= 1, outcome


def _serve_without_seccomp(conn: Any, store_dir: str, config: WorkerConfig) -> None:
    sys.modules["pyseccomp"] = None  # type: ignore[assignment]  # as if not installed
    serve(conn, store_dir, config)


def _ask_worker_without_seccomp(settings: Settings, config: WorkerConfig) -> tuple:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    store_dir = str(settings.store_path.resolve())
    process = ctx.Process(target=_serve_without_seccomp, args=(child, store_dir, config))
    process.start()
    try:
        parent.send({"query": "ASK {}", "media_types": JSON})
        assert parent.poll(60)
        return parent.recv()  # type: ignore[no-any-return]
    finally:
        parent.send(None)
        process.join(timeout=10)


def test_worker_fails_closed_without_seccomp(settings: Settings) -> None:
    status, message = _ask_worker_without_seccomp(settings, WorkerConfig())
    assert status == "unavailable"
    assert "libseccomp" in message and "YP_WORKER_SANDBOX=off" in message
    # the documented way out: the same worker with the wall turned off answers
    status, body, *_ = _ask_worker_without_seccomp(settings, WorkerConfig(sandbox=False))
    assert status == "ok" and json.loads(body)["boolean"] is True


def _peak_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))


def test_worker_doubling_query_stays_under_the_byte_cap(settings: Settings) -> None:
    # the probe's query: 555 bytes, a string doubled 16 times in each of 400 rows (420 MB)
    query = _doubling(16)

    async def main() -> None:
        pool = QueryPool(settings.store_path, size=1, timeout=60)
        try:
            for media_type in (*JSON, "text/csv", "application/sparql-results+xml"):
                result = await pool.answer(query, media_types=[media_type])
                (worker,) = pool._idle
                assert len(result.body) <= DEFAULT_BYTE_CAP
                assert result.truncated and result.byte_cap == DEFAULT_BYTE_CAP
                assert result.row_cap is None
                print(
                    f"\n{len(query.encode())}-byte query as {media_type}: "
                    f"{len(result.body):,} bytes (cap {DEFAULT_BYTE_CAP:,}); "
                    f"worker peak {_peak_kb(worker.process.pid):,} kB"
                )
            answer = await pool.answer(query, media_types=JSON)
            rows = json.loads(answer.body)["results"]["bindings"]
            value = rows[0]["s16"]["value"]
            assert value == "0123456789abcdef" * 2**16
            assert 0 < len(rows) < 400
        finally:
            pool.close()

    run_async(main)


def test_worker_over_its_memory_is_replaced_and_the_query_refused(settings: Settings) -> None:
    # doubled 26 times a string takes 1 GB: over the default 1024 MB of address space
    config = WorkerConfig()

    async def main() -> None:
        pool = QueryPool(settings.store_path, size=1, timeout=60, worker=config)
        try:
            await pool.answer("ASK {}", media_types=JSON)
            (worker,) = pool._idle
            with pytest.raises(
                QueryMemoryExceeded, match=f"more memory than the {config.memory_mb} MB"
            ):
                await pool.answer(_doubling(26, rows="", limit=1), media_types=JSON)
            assert pool.killed == 1 and not worker.process.is_alive()
            assert worker.process.exitcode == -signal.SIGABRT
            fresh = await pool.answer("ASK {}", media_types=JSON)
            assert b"true" in fresh.body
        finally:
            pool.close()

    run_async(main)


def test_lost_names_the_memory_limit_for_an_aborted_worker() -> None:
    config = WorkerConfig(memory_mb=700)
    error = lost(-signal.SIGABRT, config)
    assert isinstance(error, QueryMemoryExceeded) and "700 MB" in str(error)
    crash = lost(-signal.SIGSEGV, config)
    assert type(crash) is QueryWorkerLost and f"signal {int(signal.SIGSEGV)}" in str(crash)
    assert type(lost(-signal.SIGABRT, WorkerConfig(memory_mb=None))) is QueryWorkerLost
