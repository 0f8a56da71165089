"""SPARQL queries run in worker processes, so that a query over its time limit is stopped.

Neither pyoxigraph nor rdflib can cancel a running query; a process can be killed. Each
worker opens the store read-only and answers one request at a time over a pipe; a request
that takes longer than the limit gets its worker killed and replaced, and raises
:class:`QueryTimeout` (the HTTP layer answers 503). Workers follow ``kg build``'s link swap:
a worker on an older store is replaced before it answers.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.sparql import DEFAULT_ROW_CAP, Answer, UnsupportedQuery
from kg.sparql_worker import (
    QueryMemoryExceeded,
    WorkerConfig,
    WorkerUnavailable,
    lost,
    serve,
)

_ERRORS: dict[str, type[Exception]] = {
    "syntax": SyntaxError,
    "unsupported": UnsupportedQuery,
    "lookup": LookupError,
    "value": ValueError,
    "memory": QueryMemoryExceeded,
    "unavailable": WorkerUnavailable,
}


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    store_dir: Path


@dataclass
class QueryPool:
    """A few worker processes answering SPARQL queries under a time limit."""

    store_link: Path
    size: int = 2
    timeout: float = 30.0
    row_cap: int = DEFAULT_ROW_CAP
    worker: WorkerConfig = field(default_factory=WorkerConfig)  # the walls and caps
    killed: int = 0
    _idle: list[_Worker] = field(default_factory=list)
    _count: int = 0
    _lock: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self._ctx = mp.get_context("spawn")

    def answer(
        self,
        query: str,
        *,
        media_types: Sequence[str],
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Answer:
        worker = self._acquire()
        request = {
            "query": query,
            "media_types": list(media_types),
            "default_graphs": default_graphs,
            "named_graphs": named_graphs,
            "row_cap": self.row_cap,
        }
        try:
            worker.conn.send(request)
            finished = worker.conn.poll(self.timeout)
            reply = worker.conn.recv() if finished else None
        except (EOFError, OSError):  # the worker died (out of memory, a crash): replace it
            self._kill(worker)
            raise lost(worker.process.exitcode, self.worker) from None
        if reply is None:
            self._kill(worker)
            raise QueryTimeout(
                f"the query ran past the limit of {self.timeout:g} s and was stopped"
            )
        status, *payload = reply
        if status == "memory":  # the worker ends after a MemoryError: replace it now
            self._kill(worker)
        else:
            self._release(worker)
        if status == "ok":
            return Answer(*payload)
        raise _ERRORS.get(status, RuntimeError)(payload[0])

    def close(self) -> None:
        with self._lock:
            for worker in self._idle:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
                worker.process.join(timeout=2)
                if worker.process.is_alive():
                    worker.process.kill()
            self._idle.clear()
            self._count = 0

    def _spawn(self, store_dir: Path) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=serve, args=(child, str(store_dir), self.worker), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent, store_dir)

    def _acquire(self) -> _Worker:
        target = self.store_link.resolve()
        with self._lock:
            while not self._idle and self._count >= self.size:
                self._lock.wait()
            if self._idle:
                worker = self._idle.pop()
                if worker.store_dir == target and worker.process.is_alive():
                    return worker
                self._stop(worker)  # on an older store, or dead: replace it
            else:
                self._count += 1
        try:
            return self._spawn(target)
        except BaseException:
            with self._lock:
                self._count -= 1
                self._lock.notify()
            raise

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)
            self._lock.notify()

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=2)
        worker.conn.close()

    def _kill(self, worker: _Worker) -> None:
        self._stop(worker)
        with self._lock:
            self.killed += 1
            self._count -= 1
            self._lock.notify()
