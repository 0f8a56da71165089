"""The walls a process running SPARQL queries puts around itself.

* :func:`deny_network`: the process can no longer open a network socket. A seccomp filter
  (Linux; libseccomp through ``pyseccomp``) makes ``socket()`` and ``socketpair()`` fail
  with ``EACCES`` for every address family but ``AF_UNIX`` (the pipe to the service is a
  Unix socket pair) and refuses ``io_uring`` (which can open sockets without the
  ``socket()`` call). It holds for every thread, present and future, and cannot be lifted.
  Should the query check in :mod:`kg.sparql_guard` ever miss a way of spelling
  ``SERVICE``, the engine's request still fails: nothing leaves the process.
* :func:`limit_memory`: a ceiling on the process's address space (``RLIMIT_AS``). An engine
  allocation over it aborts the process (the pool replaces it); a Python one raises
  ``MemoryError``.
* :func:`call_on_large_stack`: the engine parses and evaluates recursively; a query runs
  on a thread with a stack of :data:`QUERY_STACK_MB` so that what :mod:`kg.sparql_guard`
  lets through fits with room to spare (the main thread's stack is 8 MB).
"""

from __future__ import annotations

import ctypes
import errno
import resource
import socket
import threading
from collections.abc import Callable
from typing import Any, TypeVar

QUERY_STACK_MB = 64

T = TypeVar("T")


class SandboxUnavailable(RuntimeError):
    """The network wall cannot be put up here (no seccomp, or no libseccomp)."""


def deny_network() -> None:
    """From now on, no thread of this process can open a network socket.

    Raises :class:`SandboxUnavailable` when the filter cannot be loaded.
    """
    try:
        import pyseccomp  # loads libseccomp.so.2 with ctypes; fails when it is missing
    except (ImportError, OSError, RuntimeError) as exc:
        raise SandboxUnavailable(
            f"the query workers' network wall needs libseccomp (Debian: libseccomp2) and the "
            f"pyseccomp package: {exc}"
        ) from exc
    try:
        wall = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
        wall.set_attr(pyseccomp.Attr.CTL_TSYNC, 1)  # every thread, not only this one
        for call in ("socket", "socketpair"):
            wall.add_rule(
                pyseccomp.ERRNO(errno.EACCES),
                call,
                pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX),
            )
        wall.add_rule(pyseccomp.ERRNO(errno.EPERM), "io_uring_setup")
        wall.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxUnavailable(f"the kernel refused the seccomp filter: {exc}") from exc


def network_denied() -> bool:
    """Whether this process can no longer open a TCP socket (the wall is up)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
MALLOC_ARENAS = 2


def limit_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc use at most ``arenas`` arenas; False where there is no glibc.

    Each thread that allocates may get its own arena, and each arena reserves 64 MB of
    address space up front; under an address-space cap a worker whose engine runs on a few
    threads then runs out of room with little memory in use (seen: 948 MB of address space
    reserved against 284 MB with two arenas, for the same queries)."""
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` (never above a lower hard limit),
    with malloc's arenas limited first (:func:`limit_arenas`)."""
    limit_arenas()
    wanted = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, wanted))


def call_on_large_stack(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` run on a thread with a :data:`QUERY_STACK_MB` stack;
    its result is returned and its exception raised here."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, function(*args, **kwargs)))
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            outcome.append((False, exc))

    with _STACK_LOCK:
        previous = threading.stack_size(QUERY_STACK_MB * 1024 * 1024)
        try:
            thread = threading.Thread(target=run, name="sparql-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if ok:
        return value
    raise value


_STACK_LOCK = threading.Lock()
