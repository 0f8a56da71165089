"""The processes of a running uvicorn: which one answers a connection, their CPU and memory.

With ``--workers N`` uvicorn is a supervisor and N API processes that accept on the one
listening socket (each with SPARQL worker processes of its own); with one process it serves
in its own. No answer names the process that gave it, so the system is asked: the process
holding the server side of a connection is the one answering on it (psutil reads /proc).
"""

from __future__ import annotations

import contextlib

import psutil


def api_processes(root: psutil.Process, port: int, workers: int) -> list[psutil.Process]:
    """The processes that answer on ``port``: ``root`` itself with one worker, else its
    children listening there (not multiprocessing's resource tracker)."""
    if workers == 1:
        return [root]
    found = []
    for p in root.children():
        with contextlib.suppress(psutil.Error):
            if any(
                c.status == psutil.CONN_LISTEN and c.laddr.port == port
                for c in p.net_connections(kind="tcp")
            ):
                found.append(p)
    return found


def serving_pid(root: psutil.Process, port: int, client_port: int) -> int | None:
    """The pid of the process under ``root`` (or ``root``) holding the server side of the
    connection from ``client_port`` to ``port``."""
    for p in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            for c in p.net_connections(kind="tcp"):
                if c.laddr.port == port and c.raddr and c.raddr.port == client_port:
                    return p.pid
    return None


def _tree(root: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return [root, *root.children(recursive=True)]
    return []


def cpu_seconds(root: psutil.Process) -> float:
    """User and system CPU seconds of ``root`` and every process under it now."""
    total = 0.0
    for p in _tree(root):
        with contextlib.suppress(psutil.Error):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def rss_mb(root: psutil.Process) -> float:
    """The resident memory of ``root`` and every process under it, MB."""
    total = 0
    for p in _tree(root):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 1e6
