"""Small helpers shared by tests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from kg.config import REPO_ROOT, Settings
from kg.store import Store

T = TypeVar("T")


def run_async(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main()`` to completion in a fresh event loop on a thread of its own (the
    browser tests' Playwright keeps a loop running on the main thread for the session)."""

    async def wrapped() -> T:
        return await main()

    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, wrapped()).result()


def edit_line(path: Path, old: str, new: str) -> int:
    """Replace ``old`` in the first line containing it; return that line's 1-based number."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if old in line:
            lines[i] = line.replace(old, new, 1)
            path.write_text("".join(lines), "utf-8")
            return i + 1
    raise AssertionError(f"{old!r} not in {path}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_service(settings: Settings, **env: str) -> Iterator[str]:
    """A real uvicorn process serving the store, started and stopped by the test."""
    with serving_process(settings, **env) as (url, _):
        yield url


@contextlib.contextmanager
def serving_process(
    settings: Settings, **env: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """:func:`running_service`, also giving the uvicorn process (to look at its workers)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # the service is configured with the address it is reached at, as a deployment is
    environ = {
        **os.environ,
        "YP_STORE": str(settings.store_path),
        "YP_PUBLIC_URL": url + "/",
        **env,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO_ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            proc.kill()
            pytest.fail(
                "service did not start: " + (proc.stderr.read().decode() if proc.stderr else "")
            )
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


def store_fingerprint(store: Store) -> tuple[int, str]:
    """The store's whole content: its number of quads (every named graph and the merged
    default graph) and the SHA-256 of its sorted N-Quads dump."""
    lines = sorted(store.dump().splitlines())
    return len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()


class FixedStoreHolder:
    """Stands where the app's ``StoreHolder`` stands (``app.state.store_holder``), giving
    the routes one store opened by the test: the app itself opens stores read-only, so a
    test that claims a request changed nothing gives it a writable one instead."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self) -> Store:
        return self.store
