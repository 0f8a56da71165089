"""Oxigraph's own SPARQL server, started by the tests on 127.0.0.1 in a temporary folder.

The ``oxigraph`` package on PyPI (a test dependency) ships the ``oxigraph`` command;
``oxigraph serve`` answers the SPARQL 1.1 Protocol at ``/query`` and ``/update`` and the
Graph Store Protocol at ``/store``, the layout ``YP_STORE=http://…`` expects by default.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from kg.config import RemoteEndpoints

START_TIMEOUT_S = 30.0


def binary() -> str:
    """The ``oxigraph`` command of this environment (installed with the test extra)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        raise RuntimeError("no `oxigraph` command: install the test extra (make install-test)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(folder: Path, *, timeout_s: float | None = None) -> Iterator[RemoteEndpoints]:
    """A running ``oxigraph serve`` with its database in ``folder``; stopped on exit.
    ``timeout_s``: the server's own query time limit (``--timeout-s``)."""
    port = free_port()
    command = [binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        command += ["--timeout-s", f"{timeout_s:g}"]
    log = (folder.parent / f"{folder.name}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph serve ended ({process.returncode}); see {log.name}")
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1.0)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not answer at {url}") from None
                time.sleep(0.05)
        yield RemoteEndpoints.under(url)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
