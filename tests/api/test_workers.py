"""Several API processes (``make run WORKERS=N``: uvicorn ``--workers``) over one store.

A real uvicorn with two worker processes serves a private copy of the data and store, on
the embedded store and on a real Oxigraph server (``YP_STORE=http://…``). No
answer says which process gave it, so the test asks the system: the process holding the
server side of a connection (``psutil``) is the one answering on it. With that, a publish
is sent to one process and every process is asked, on fresh connections, for the new
data; a dry run is checked by one process and published by the other (the upload lives
in ``var/uploads``, shared on disk); and two publishes sent to the two processes at once
take turns under the write lock (an ``flock`` on ``var/store.lock``), neither lost. Last,
``make -n run WORKERS=N`` shows the command ``make run`` gives the shell.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from kg import history
from kg.auth.scopes import parse_scope
from kg.config import REPO_ROOT, Settings
from tests.oxigraph_server import oxigraph_server
from tests.writing import SECRET, accounts, responsibility_rows, writable_settings, xlsx

PROCESSES = 2
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOWNS = {"005": "16", "297": "13"}  # the towns written to, and their counties
DEADLINE_S = 90.0
ROUNDS = 12  # fresh connections asked after a publish


@dataclass
class Service:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def processes(self) -> list[psutil.Process]:
        """The API processes: the supervisor's children that listen on the port (not
        multiprocessing's resource tracker)."""
        found = []
        for p in psutil.Process(self.proc.pid).children():
            with contextlib.suppress(psutil.Error):
                if any(
                    c.status == psutil.CONN_LISTEN and c.laddr.port == self.port
                    for c in p.net_connections(kind="tcp")
                ):
                    found.append(p)
        return found

    def serving(self, conn: http.client.HTTPConnection) -> int | None:
        """The pid of the process holding the server side of ``conn``."""
        assert conn.sock is not None
        local = conn.sock.getsockname()[1]
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                for c in p.net_connections(kind="tcp"):
                    if c.laddr.port == self.port and c.raddr and c.raddr.port == local:
                        return p.pid
        return None

    def connect(self) -> tuple[http.client.HTTPConnection, int]:
        """A fresh keep-alive connection, answered once, and the process behind it."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("GET", "/healthz")
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 200
        pid = self.serving(conn)
        assert pid is not None, "no process holds the connection"
        return conn, pid

    def connect_to(self, pid: int) -> http.client.HTTPConnection:
        """A fresh connection that process ``pid`` answers (new connections until one is)."""
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            conn, served_by = self.connect()
            if served_by == pid:
                return conn
            conn.close()
        pytest.fail(f"no connection reached process {pid} in {DEADLINE_S:g} s")


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store_kind(request: pytest.FixtureRequest) -> str:
    """The processes share one embedded store, or read from one Oxigraph server."""
    return str(request.param)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Settings:
    return writable_settings(tmp_path_factory.mktemp(f"workers-{store_kind}"))


@pytest.fixture(scope="module")
def store_env(
    settings: Settings, store_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The store settings of the processes: the store link, or a real Oxigraph server
    (given the linked version by the service's start-up) with the link of the versions'
    files."""
    if store_kind == "embedded":
        yield {"YP_STORE": str(settings.store_path)}
        return
    with oxigraph_server(tmp_path_factory.mktemp("workers-server") / "db") as endpoints:
        url = endpoints.query.removesuffix("/query")
        yield {"YP_STORE": url, "YP_STORE_DIR": str(settings.store_path)}


@pytest.fixture(scope="module")
def tokens(settings: Settings) -> dict[str, str]:
    """An editor's bearer token for each town's county, by town."""
    made = accounts(settings)
    return {t: made.create_token(parse_scope(f"county:{c}"), "editor")[1] for t, c in TOWNS.items()}


@pytest.fixture(scope="module")
def service(settings: Settings, store_env: dict[str, str]) -> Iterator[Service]:
    """uvicorn with ``--workers 2`` over ``settings``' data, store and accounts; up once
    both processes answer."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = os.environ | store_env
    env |= {
        "YP_DATA_DIR": str(settings.data_dir),
        "YP_ACCOUNTS": str(settings.accounts_path),
        "YP_SECRET": SECRET,
        "YP_WRITES_PER_MINUTE": "100000",
        "YP_QUERY_WORKERS": "1",
        "YP_PUBLIC_URL": f"http://127.0.0.1:{port}/",
    }
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--workers", str(PROCESSES), "--no-access-log"]
    log = settings.store_path.parent / "service.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
    up = Service(port, proc, log)
    try:
        deadline = time.monotonic() + DEADLINE_S
        seen: set[int] = set()
        while len(seen) < PROCESSES:  # both processes started and answering
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the service did not start both processes:\n{log.read_text()}")
            try:
                conn, pid = up.connect()
            except OSError:
                time.sleep(0.2)
                continue
            conn.close()
            seen.add(pid)
        assert seen == {p.pid for p in up.processes()}
        yield up
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _ask(conn: http.client.HTTPConnection, method: str, path: str, **kw: Any) -> Any:
    """``method path`` on ``conn`` (multipart ``files``/``data`` built by httpx); the
    status and JSON body."""
    built = httpx.Request(method, f"http://x{path}", **kw)
    headers = {k: v for k, v in built.headers.items() if k.lower() != "host"}
    conn.request(method, path, body=built.read() or None, headers=headers)
    answer = conn.getresponse()
    body = answer.read()
    return answer.status, json.loads(body) if body else None


def _titles(conn: http.client.HTTPConnection, town: str) -> set[str]:
    """The post titles of health promotion (hyte) in ``town``, on both sides."""
    status, doc = _ask(conn, "GET", f"/api/v1/responsibilities?municipality={town}&theme=hyte")
    assert status == 200, doc
    (theme,) = doc["themes"]
    return {o["title"] for o in theme["municipality_side"] + theme["county_side"]}


def _upload(token: str, town: str, title: str, *, publish: bool) -> dict[str, Any]:
    """The form of ``POST /api/v1/imports``: one hyte row of ``town`` with ``title``."""
    rows = responsibility_rows(TOWNS[town], town, "hyte", title)
    return {
        "headers": {"Authorization": f"Bearer {token}"},
        "files": {"file": ("pohja.xlsx", xlsx(rows), XLSX)},
        "data": {"publish": "true"} if publish else {},
    }


def _everyone_sees(service: Service, town: str, title: str) -> Counter[int]:
    """Each process on a connection of its own, then ``ROUNDS`` fresh connections
    wherever they land: every answer holds ``title``. How many each process gave."""
    answered: Counter[int] = Counter()
    with contextlib.ExitStack() as opened:
        conns = [(service.connect_to(p.pid), p.pid) for p in service.processes()]
        conns += [service.connect() for _ in range(ROUNDS)]
        for conn, _ in conns:
            opened.enter_context(contextlib.closing(conn))
        for conn, pid in conns:
            assert title in _titles(conn, town), f"process {pid} serves an older store"
            answered[pid] += 1
    return answered


def test_workers_publish_in_one_process_is_seen_by_every_process(
    service: Service, tokens: dict[str, str]
) -> None:
    first, other = (p.pid for p in service.processes())
    for pid in (first, other):
        with contextlib.closing(service.connect_to(pid)) as conn:
            assert "Monta prosessia" not in _titles(conn, "005")
    with contextlib.closing(service.connect_to(first)) as conn:
        form = _upload(tokens["005"], "005", "Monta prosessia", publish=True)
        status, body = _ask(conn, "POST", "/api/v1/imports", **form)
        assert status == 201, body
        assert body["version"] and body["upload"]
        assert service.serving(conn) == first
    answered = _everyone_sees(service, "005", "Monta prosessia")
    assert answered[other] >= 1 and answered[first] >= 1


def test_workers_dry_run_in_one_process_published_by_another(
    service: Service, tokens: dict[str, str]
) -> None:
    checker, publisher = (p.pid for p in service.processes())
    with contextlib.closing(service.connect_to(checker)) as conn:
        form = _upload(tokens["005"], "005", "Toinen prosessi", publish=False)
        status, body = _ask(conn, "POST", "/api/v1/imports", **form)
        assert status == 201, body
        assert body["state"] == "checked"
        upload = body["id"]
    with contextlib.closing(service.connect_to(publisher)) as conn:
        assert "Toinen prosessi" not in _titles(conn, "005")  # a dry run writes nothing
        auth = {"Authorization": f"Bearer {tokens['005']}"}
        status, body = _ask(conn, "POST", f"/api/v1/imports/{upload}/publish", headers=auth)
        assert status == 201, body
        assert body["version"]
    answered = _everyone_sees(service, "005", "Toinen prosessi")
    assert answered[checker] >= 1 and answered[publisher] >= 1


def test_workers_publishes_in_two_processes_at_once_take_turns(
    service: Service, tokens: dict[str, str], settings: Settings
) -> None:
    """Two counties publish at the same moment, each through another process: the write
    lock (an ``flock`` on ``var/store.lock``) makes them take turns, so the second store
    is made from the first's and neither publish is lost."""
    log = history.history_dir(settings.data_dir)
    before = {v.version for v in history.read_log(log)}
    jobs = [
        (pid, town, f"Yhtä aikaa {town}")
        for pid, town in zip((p.pid for p in service.processes()), TOWNS, strict=True)
    ]
    together = threading.Barrier(len(jobs))
    with contextlib.ExitStack() as opened:
        conns = [opened.enter_context(contextlib.closing(service.connect_to(j[0]))) for j in jobs]

        def publish(i: int) -> tuple[int, Any]:
            _pid, town, title = jobs[i]
            form = _upload(tokens[town], town, title, publish=True)
            together.wait()
            return _ask(conns[i], "POST", "/api/v1/imports", **form)

        with ThreadPoolExecutor(len(jobs)) as pool:
            answers = list(pool.map(publish, range(len(jobs))))
    assert [status for status, _ in answers] == [201, 201], answers
    published = {v.version for v in history.read_log(log)} - before
    assert published == {body["version"] for _, body in answers}
    for _pid, town, title in jobs:
        _everyone_sees(service, town, title)


@pytest.mark.parametrize(("workers", "query_workers"), [("1", "4"), ("3", "2")])
def test_workers_make_run_passes_workers(workers: str, query_workers: str) -> None:
    """``make run WORKERS=N`` starts uvicorn with ``--workers N``, and gives each process 2
    SPARQL workers when there are several (4 for one), unless YP_QUERY_WORKERS is set."""
    env = {k: v for k, v in os.environ.items() if k != "YP_QUERY_WORKERS"}
    shown = subprocess.run(
        ["make", "-n", "run", f"WORKERS={workers}"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = shown[shown.index("YP_PUBLIC_URL=") :]
    assert f"--workers {workers}" in command
    # the command as make gives it to the shell, its server replaced by printing the setting
    line = command.replace("\\\n", " ").split("uvicorn api.main:app")[0]
    settings = line.rsplit(None, 1)[0]  # less uvicorn's directory
    echo = settings + " sh -c 'echo \"$YP_QUERY_WORKERS\"'"
    for given, expected in ((None, query_workers), ("7", "7")):
        run_env = env if given is None else env | {"YP_QUERY_WORKERS": given}
        out = subprocess.run(["sh", "-c", echo], env=run_env, capture_output=True, text=True)
        assert out.stdout.strip() == expected, (echo, out.stderr)
