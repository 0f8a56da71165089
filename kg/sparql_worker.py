"""The SPARQL worker process: walled in, it opens the store read-only and answers one
query at a time.

:mod:`kg.query_pool` starts these processes and schedules queries onto them; this module
is what runs inside one. Before it opens the store a worker denies itself the network
and caps its memory (:mod:`kg.sparql_sandbox`, from :class:`WorkerConfig`); each query is
checked, run and serialised by :func:`kg.sparql.answer` on a thread with a large stack.

A request is a dict of :func:`kg.sparql.answer`'s arguments; the reply is
``("ok", body, media_type, truncated, row_cap, byte_cap)`` or ``(error kind, message)``.
A worker whose network wall cannot be put up answers every request with ``"unavailable"``
(it fails closed) unless the configuration turns the wall off. After a ``MemoryError`` it
answers ``"memory"`` and ends, so that the pool starts a fresh one; an engine allocation
over the ceiling aborts the process (SIGABRT), which the pool reports with :func:`lost`.
"""

from __future__ import annotations

import signal
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.config import RemoteEndpoints, Settings
from kg.errors import StoreUnavailable
from kg.sparql import DEFAULT_BYTE_CAP, UnsupportedQuery, answer
from kg.sparql_guard import QueryLimits
from kg.sparql_sandbox import (
    SandboxUnavailable,
    call_on_large_stack,
    deny_network,
    limit_memory,
)

DEFAULT_WORKER_MEMORY_MB = 1024


class QueryWorkerLost(RuntimeError):
    """The worker process running the query ended before answering (it was replaced)."""


class QueryMemoryExceeded(QueryWorkerLost):
    """The query needed more memory than a worker may use; the worker was replaced."""


class WorkerUnavailable(RuntimeError):
    """The workers cannot run queries here (their network wall cannot be put up)."""


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker may do, and what every query it runs is held to."""

    memory_mb: int | None = DEFAULT_WORKER_MEMORY_MB  # address-space ceiling; None: none
    sandbox: bool = True  # deny the network with seccomp; without it, fail closed
    byte_cap: int = DEFAULT_BYTE_CAP
    base_iri: str | None = None  # relative IRIs in a query without BASE resolve against it
    limits: QueryLimits = field(default_factory=QueryLimits)
    # the SPARQL server queries are sent to (YP_STORE=http…), with the time limit of each
    remote: RemoteEndpoints | None = None
    timeout_s: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerConfig:
        return cls(
            memory_mb=settings.worker_memory_mb,
            sandbox=settings.worker_sandbox,
            byte_cap=settings.byte_cap,
            base_iri=settings.public_url + "sparql",
            limits=QueryLimits(settings.query_max_depth, settings.query_max_chain),
            remote=settings.remote,
            timeout_s=settings.query_timeout_s,
        )


def lost(exitcode: int | None, config: WorkerConfig) -> QueryWorkerLost:
    """What to tell the client when the worker running its query ended with ``exitcode``."""
    if exitcode == -signal.SIGABRT and config.memory_mb is not None:
        return QueryMemoryExceeded(
            f"the query needed more memory than the {config.memory_mb} MB a query may use "
            "and was stopped"
        )
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"{exitcode}"
    return QueryWorkerLost(f"the process running the query ended ({how}) and was replaced")


def serve(conn: Connection, store_dir: str, config: WorkerConfig | None = None) -> None:
    """Run in the worker process: put up the walls, open the store, answer requests."""
    config = config or WorkerConfig()
    refusal = put_up_walls(config)
    store = None
    if refusal is None:
        store = _open(Path(store_dir), config)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the service went away
            return
        if request is None:
            return
        if store is None:
            conn.send(("unavailable", refusal))
            continue
        reply, go_on = _answer(store, request, config)
        conn.send(reply)
        if not go_on:
            return


def _open(store_dir: Path, config: WorkerConfig) -> Any:
    """The store queries run on: the directory's database, or the SPARQL server."""
    if config.remote is not None:
        from kg.remote_store import RemoteStore

        return RemoteStore(config.remote, store_dir, timeout_s=config.timeout_s)
    from kg.store import Store

    return Store(store_dir, read_only=True)


def put_up_walls(config: WorkerConfig) -> str | None:
    """Put up the walls; the reason to refuse every query if the network wall cannot be.
    A worker sending its queries to a SPARQL server needs the network: it gets no
    network wall, only the memory ceiling (the query is checked before it is sent, and
    the server runs it)."""
    if config.sandbox and config.remote is None:
        try:
            deny_network()
        except SandboxUnavailable as exc:
            message = (
                f"SPARQL queries cannot run here: {exc}. Install it, or set "
                "YP_WORKER_SANDBOX=off to run queries without the network wall"
            )
            print(f"kg.sparql_worker: {message}", file=sys.stderr, flush=True)
            return message
    if config.memory_mb is not None:
        limit_memory(config.memory_mb)
    return None


def _answer(store: Any, request: dict[str, Any], config: WorkerConfig) -> tuple[tuple, bool]:
    """The reply to one request, and whether this worker can go on answering."""
    try:
        result = call_on_large_stack(
            answer,
            store,
            **request,
            byte_cap=config.byte_cap,
            base_iri=config.base_iri,
            limits=config.limits,
        )
    except MemoryError:
        message = (
            f"the query needed more memory than the {config.memory_mb} MB a query may use "
            "and was stopped"
        )
        return ("memory", message), False
    except SyntaxError as exc:
        return ("syntax", str(exc)), True
    except UnsupportedQuery as exc:
        return ("unsupported", str(exc)), True
    except LookupError as exc:
        return ("lookup", str(exc)), True
    except ValueError as exc:
        return ("value", str(exc)), True
    except StoreUnavailable as exc:
        return ("store", str(exc)), True
    except Exception as exc:  # noqa: BLE001 - reported to the caller, worker lives on
        return ("error", f"{type(exc).__name__}: {exc}"), True
    body = (result.body, result.media_type, result.truncated, result.row_cap, result.byte_cap)
    return ("ok", *body), True
