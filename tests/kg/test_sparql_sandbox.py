"""The walls of a query process, each tried in a process of its own (they cannot be lifted)."""

from __future__ import annotations

import multiprocessing as mp
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from pyoxigraph import Store

from kg.sparql_sandbox import (
    call_on_large_stack,
    deny_network,
    limit_memory,
    network_denied,
)

# 4,000 OPTIONALs side by side (within the guard's chain limit): the engine's recursion
# needs more than the main thread's 8 MB stack
SIDE_BY_SIDE = "SELECT * WHERE { " + " ".join(["OPTIONAL { ?s ?p ?o }"] * 4000) + " }"


def _in_child(target: Callable[..., Any], *args: Any) -> tuple[int | None, Any]:
    """Run ``target(queue, *args)`` in a fresh process: its exit code and what it put."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(queue, *args))
    process.start()
    process.join(timeout=120)
    result = queue.get(timeout=5) if not queue.empty() else None
    return process.exitcode, result


def _sockets_after_the_wall(queue: Any) -> None:
    deny_network()
    outcome = {"denied": network_denied()}
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.socket(family, socket.SOCK_STREAM).close()
            outcome[family.name] = "opened"
        except PermissionError:
            outcome[family.name] = "refused"
    left, right = socket.socketpair()  # AF_UNIX: what the pipe to the service uses
    left.sendall(b"x")
    outcome["socketpair"] = right.recv(1).decode()
    queue.put(outcome)


def test_deny_network_refuses_inet_sockets_but_keeps_unix_pairs() -> None:
    exitcode, outcome = _in_child(_sockets_after_the_wall)
    assert exitcode == 0
    assert outcome == {
        "denied": True,
        "AF_INET": "refused",
        "AF_INET6": "refused",
        "socketpair": "x",
    }


def test_network_denied_is_false_without_the_wall() -> None:
    assert network_denied() is False


def _allocate_after_limit(queue: Any, headroom_mb: int, allocate_mb: int) -> None:
    with open("/proc/self/status") as status:
        size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize"))
    limit_memory(size_kb // 1024 + headroom_mb)
    try:
        block = bytearray(allocate_mb * 1024 * 1024)
        queue.put(f"allocated {len(block)}")
    except MemoryError:
        queue.put("MemoryError")


def test_limit_memory_makes_a_larger_allocation_fail() -> None:
    # 100 MB above what the process already takes: 300 MB more cannot fit
    assert _in_child(_allocate_after_limit, 100, 300) == (0, "MemoryError")
    # the control: with 1 GB of room the same allocation succeeds
    assert _in_child(_allocate_after_limit, 1024, 300) == (0, f"allocated {300 * 1024 * 1024}")


def _query_on_main_thread(queue: Any) -> None:
    queue.put(len(list(Store().query(SIDE_BY_SIDE))))


def _query_on_large_stack(queue: Any) -> None:
    queue.put(call_on_large_stack(lambda: len(list(Store().query(SIDE_BY_SIDE)))))


def test_call_on_large_stack_runs_what_overflows_the_main_thread() -> None:
    exitcode, _ = _in_child(_query_on_main_thread)
    assert exitcode is not None and exitcode < 0  # killed by a signal (stack overflow)
    assert _in_child(_query_on_large_stack) == (0, 1)


def test_call_on_large_stack_returns_and_raises_as_the_function_does() -> None:
    assert call_on_large_stack(lambda a, b=0: a + b, 2, b=3) == 5

    def fails() -> None:
        raise KeyError("inner")

    with pytest.raises(KeyError, match="inner"):
        call_on_large_stack(fails)


def test_malloc_arenas_are_limited_where_glibc_runs() -> None:
    """The workers cap their address space; glibc's per-thread arenas (64 MB reserved each)
    would use it up with little in use, so a worker limits them first."""
    code = (
        "from kg.sparql_sandbox import limit_arenas; import sys; "
        "sys.exit(0 if limit_arenas(2) else 1)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
