"""SPARQL queries run in worker processes, scheduled fairly and waited for asynchronously.

Neither pyoxigraph nor rdflib can cancel a running query; a process can be killed. Each
worker (:mod:`kg.sparql_worker`) opens the store read-only and answers one request at a
time over a pipe. The pool decides who runs when:

- each client (an address) runs one query at a time; a free worker goes to the query
  that has waited longest among those whose client has none running, so one client
  cannot hold every worker while others wait;
- a client may have at most ``per_client`` queries running or waiting; one more is
  refused at once (:class:`ClientBusy`);
- at most ``queue_size`` queries wait; when the queue is full a query that would have
  to wait is refused at once (:class:`QueueFull`);
- the time limit counts from arrival: a query that waited 20 s of a 30 s limit has 10 s
  left to run. A query past its limit raises :class:`QueryTimeout`; if it was running,
  its worker is killed and replaced;
- :meth:`QueryPool.answer` is a coroutine. Waiting for a worker and for its answer holds
  no thread: each worker's pipe is read by one thread of its own, which hands the reply
  to the event loop. Cancelling the coroutine (the client went away) drops a waiting
  query from the queue, or kills and replaces the worker running it;
- every worker is walled in by :class:`kg.sparql_worker.WorkerConfig` (no network, a
  memory ceiling, a byte cap, the query guard's limits); a worker that dies while
  answering raises :class:`WorkerLost` (:class:`QueryMemoryExceeded` when it was over its
  memory ceiling) and is replaced, as is one that ran out of memory and says so;
- workers run at a lower CPU priority (niceness :data:`WORKER_NICENESS`) than the
  service, so busy workers slow the lookups, pages and ``/healthz`` as little as can be;
  a query still running after :data:`DEMOTE_AFTER_S` drops to the lowest priority
  (niceness 19), so that short queries get the CPU before long ones, as in a multilevel
  feedback queue. Its worker gets its priority back afterwards, or, where the service may
  not raise a priority again (it does not run as root), is replaced.

Workers follow ``kg build``'s link swap: a worker on an older store is replaced before it
answers. The refusals carry ``retry_after``, the seconds until a place is sure to free up
(the earliest time limit among the queries holding one).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing as mp
import os
import queue
import threading
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import StoreUnavailable
from kg.sparql import DEFAULT_ROW_CAP, Answer, UnsupportedQuery
from kg.sparql_worker import (
    QueryMemoryExceeded,
    QueryWorkerLost,
    WorkerConfig,
    WorkerUnavailable,
    lost,
    serve,
)

WORKER_NICENESS = 10  # added to the service's own; the kernel gives them less CPU
DEMOTE_AFTER_S = 1.0  # a query running longer drops to the lowest CPU priority
LOWEST_NICENESS = 19
_ERRORS: dict[str, type[Exception]] = {
    "syntax": SyntaxError,
    "unsupported": UnsupportedQuery,
    "lookup": LookupError,
    "value": ValueError,
    "memory": QueryMemoryExceeded,
    "unavailable": WorkerUnavailable,
    "store": StoreUnavailable,
}


class QueryTimeout(Exception):
    """The query reached its time limit (waiting and running) and was stopped."""


class Refused(Exception):
    """The query was not admitted; ``retry_after`` seconds is when to try again."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueueFull(Refused):
    """Every worker is busy and the queue of waiting queries is full."""


class ClientBusy(Refused):
    """This client already has as many queries running or waiting as it may."""


# the worker process ended while answering (it was killed, or ran out of memory)
WorkerLost = QueryWorkerLost


@dataclass(eq=False)
class _Ticket:
    """An admitted query: whose it is, when its time is up (event-loop time), and the
    future through which it is handed a worker if it has to wait."""

    client: str
    deadline: float
    future: asyncio.Future[_Worker]


class _Worker:
    """One worker process and the thread that talks to it over its pipe.

    The thread sends a request, blocks reading the reply and hands it to the event loop
    that asked; only it touches the pipe. Killing the process ends the read with
    ``EOFError``; the thread then reaps the process and closes the pipe.
    """

    def __init__(self, ctx: Any, store_dir: Path, config: WorkerConfig) -> None:
        parent, child = ctx.Pipe()
        self.config = config
        self.process = ctx.Process(target=serve, args=(child, str(store_dir), config), daemon=True)
        self.process.start()
        child.close()
        self.demoted = False
        self._nice(os.nice(0) + WORKER_NICENESS)
        self.conn = parent
        self.store_dir = store_dir
        self._jobs: queue.SimpleQueue[tuple[dict[str, Any], Any, Any] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=self._talk, name=f"query-worker-{self.process.pid}", daemon=True
        )
        self._thread.start()

    def ask(self, request: dict[str, Any]) -> asyncio.Future[Any]:
        """Send ``request``; the future gets the worker's reply or :class:`WorkerLost`."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._jobs.put((request, loop, future))
        return future

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def demote(self) -> None:
        """The lowest CPU priority, for a query that has run long."""
        self.demoted = self._nice(LOWEST_NICENESS)

    def restore(self) -> bool:
        """The worker's usual priority again; False if the service may not raise it."""
        if self.demoted:
            self.demoted = not self._nice(os.nice(0) + WORKER_NICENESS)
        return not self.demoted

    def _nice(self, niceness: int) -> bool:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, min(niceness, LOWEST_NICENESS))
        except OSError:  # not permitted, or the process has died
            return False
        return True

    def kill(self) -> None:
        """Stop the process at once; the thread reaps it (nothing here blocks)."""
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self._jobs.put(None)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _talk(self) -> None:  # runs in the worker's own thread
        try:
            while (job := self._jobs.get()) is not None:
                request, loop, future = job
                try:
                    self.conn.send(request)
                    reply = self.conn.recv()
                except (EOFError, OSError):
                    self.process.join(timeout=1)  # its exit code says why it ended
                    _settle(loop, future, error=lost(self.process.exitcode, self.config))
                    return
                _settle(loop, future, reply=reply)
        finally:
            with contextlib.suppress(OSError, ValueError):
                self.process.kill()
            self.process.join(timeout=5)
            self.conn.close()


def _settle(loop: Any, future: Any, *, reply: Any = None, error: Exception | None = None) -> None:
    """Give ``future`` its result from another thread (ignored if nobody waits any more)."""

    def settle() -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(reply)

    with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
        loop.call_soon_threadsafe(settle)


class QueryPool:
    """A few worker processes answering SPARQL queries under a time limit, fairly."""

    def __init__(
        self,
        store_link: Path,
        *,
        size: int = 4,
        timeout: float = 30.0,
        row_cap: int = DEFAULT_ROW_CAP,
        queue_size: int = 64,
        per_client: int = 4,
        worker: WorkerConfig | None = None,
    ) -> None:
        self.store_link = store_link
        self.size = size
        self.timeout = timeout
        self.row_cap = row_cap
        self.queue_size = queue_size
        self.per_client = per_client
        self.worker = worker or WorkerConfig()  # the walls and caps of every worker
        self.killed = 0  # workers killed (past the limit, abandoned, lost)
        self._ctx = mp.get_context("spawn")
        self._workers: set[_Worker] = set()  # alive: idle or busy
        self._idle: list[_Worker] = []
        self._waiting: deque[_Ticket] = deque()
        self._held: Counter[str] = Counter()  # per client: running or waiting
        self._running: Counter[str] = Counter()  # per client: running (0 or 1)
        self._tickets: set[_Ticket] = set()

    @property
    def waiting(self) -> int:
        """Queries waiting for a worker."""
        return len(self._waiting)

    @property
    def running(self) -> int:
        """Queries being answered by a worker."""
        return sum(self._running.values())

    def start(self) -> None:
        """Start the workers now rather than at the first queries."""
        target = self.store_link.resolve()
        while len(self._workers) < self.size:
            self._idle.append(self._spawn(target))

    async def answer(
        self,
        query: str,
        *,
        media_types: Sequence[str],
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        client: str = "",
    ) -> Answer:
        """Answer ``query`` on a worker (see the module docstring for the rules).

        Raises what the worker reports (``SyntaxError``, :class:`UnsupportedQuery`,
        ``LookupError``, ``ValueError``), :class:`QueueFull`, :class:`ClientBusy`,
        :class:`QueryTimeout`, :class:`WorkerLost` (:class:`QueryMemoryExceeded`) or
        :class:`WorkerUnavailable` (the workers' network wall cannot be put up here).
        """
        request = {
            "query": query,
            "media_types": list(media_types),
            "default_graphs": default_graphs,
            "named_graphs": named_graphs,
            "row_cap": self.row_cap,
        }
        ticket = self._admit(client, asyncio.get_running_loop().time() + self.timeout)
        try:
            worker = await self._acquire(ticket)
            reply = await self._run(worker, ticket, request)
        finally:
            self._tickets.discard(ticket)
            self._held[client] -= 1
            if self._held[client] <= 0:
                del self._held[client]
        status, *payload = reply
        if status == "ok":
            return Answer(*payload)
        raise _ERRORS.get(status, RuntimeError)(payload[0])

    def close(self) -> None:
        """Stop every worker; queries still waiting are cancelled."""
        for ticket in self._waiting:
            ticket.future.cancel()
        self._waiting.clear()
        workers = list(self._workers)
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.join(timeout=5)
        self._workers.clear()
        self._idle.clear()

    # admission and the queue

    def _admit(self, client: str, deadline: float) -> _Ticket:
        now = asyncio.get_running_loop().time()
        if self._held[client] >= self.per_client:
            held = [t.deadline for t in self._tickets if t.client == client]
            raise ClientBusy(
                f"this client already has {self._held[client]} queries running or "
                f"waiting (at most {self.per_client}); wait for an answer before sending more",
                _seconds_until(held, now),
            )
        if not self._runs_now(client) and len(self._waiting) >= self.queue_size:
            why = (
                "this client's other query is running"
                if self._running[client]
                else "the query workers are busy"
            )
            raise QueueFull(
                f"{why} and {len(self._waiting)} queries are waiting (at most "
                f"{self.queue_size}); try again later",
                _seconds_until([t.deadline for t in self._tickets], now),
            )
        ticket = _Ticket(client, deadline, asyncio.get_running_loop().create_future())
        self._tickets.add(ticket)
        self._held[client] += 1
        return ticket

    def _runs_now(self, client: str) -> bool:
        """Whether a query of ``client`` would get a worker at once."""
        free = bool(self._idle) or len(self._workers) < self.size
        return free and not self._running[client]

    async def _acquire(self, ticket: _Ticket) -> _Worker:
        if self._runs_now(ticket.client):
            self._running[ticket.client] += 1
            return self._take()
        self._waiting.append(ticket)
        try:
            async with asyncio.timeout_at(ticket.deadline):
                return await ticket.future
        except BaseException as exc:  # out of time, or cancelled (the client went away)
            with contextlib.suppress(ValueError):
                self._waiting.remove(ticket)
            future = ticket.future
            if future.done() and not future.cancelled():  # handed a worker as it gave up
                self._finish(ticket)
                self._release(future.result())
            future.cancel()
            if isinstance(exc, TimeoutError):
                raise QueryTimeout(
                    f"the query waited for a worker until the limit of {self.timeout:g} s "
                    "and was not run; the service is busy, try again later"
                ) from None
            raise

    def _take(self) -> _Worker:
        target = self.store_link.resolve()
        while self._idle:
            worker = self._idle.pop()
            if worker.store_dir == target and worker.alive():
                return worker
            self._workers.discard(worker)  # on an older store, or dead: replace it
            worker.kill()
        return self._spawn(target)

    def _release(self, worker: _Worker) -> None:
        """A free worker goes to the query that has waited longest among those whose
        client has no query running, else to the idle ones. A worker on a store that a
        build or publish has since replaced is replaced first: under a steady queue no
        worker is ever idle, and the waiting queries would go on reading the old store."""
        target = self.store_link.resolve()
        if worker.store_dir != target:
            self._workers.discard(worker)
            worker.kill()
            worker = self._spawn(target)
        for ticket in self._waiting:
            if not self._running[ticket.client] and not ticket.future.done():
                self._waiting.remove(ticket)
                self._running[ticket.client] += 1
                ticket.future.set_result(worker)
                return
        self._idle.append(worker)

    def _finish(self, ticket: _Ticket) -> None:
        self._running[ticket.client] -= 1
        if self._running[ticket.client] <= 0:
            del self._running[ticket.client]

    def _spawn(self, target: Path) -> _Worker:
        worker = _Worker(self._ctx, target, self.worker)
        self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker, *, stopped_a_query: bool = True) -> None:
        """Kill ``worker`` and start another in its place (it starts while the next query
        is handed to it, so that one waits for no more than the start-up)."""
        worker.kill()
        self._workers.discard(worker)
        self.killed += stopped_a_query
        self._release(self._spawn(self.store_link.resolve()))

    # running

    async def _run(self, worker: _Worker, ticket: _Ticket, request: dict[str, Any]) -> Any:
        demotion = asyncio.get_running_loop().call_later(DEMOTE_AFTER_S, worker.demote)
        try:
            async with asyncio.timeout_at(ticket.deadline):
                reply = await worker.ask(request)
        except TimeoutError:
            self._finish(ticket)
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran past the limit of {self.timeout:g} s and was stopped"
            ) from None
        except BaseException:  # cancelled (the client went away) or the worker was lost
            self._finish(ticket)
            self._replace(worker)
            raise
        finally:
            demotion.cancel()
        self._finish(ticket)
        if reply[0] == "memory":  # the worker ends after a MemoryError: a fresh one
            self._replace(worker)
        elif worker.restore():
            self._release(worker)
        else:  # it would stay at the lowest priority: a fresh one takes its place
            self._replace(worker, stopped_a_query=False)
        return reply


def _seconds_until(deadlines: list[float], now: float) -> int:
    """Whole seconds (at least 1) until the earliest of ``deadlines``."""
    return max(1, math.ceil(min(deadlines, default=now + 1) - now))
