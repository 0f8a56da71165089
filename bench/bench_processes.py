"""Several API processes over one store: ``python -m bench processes``.

The national graph with the public record (a private copy, ``bench/writable_data.py``) is
served as ``make run WORKERS=N`` serves it, for N = 1, 2 and 4 in turn: uvicorn
``--workers N`` (the access log off), each process opening the store read-only, with
``YP_QUERY_WORKERS`` as the Makefile sets it (4 for one process, 2 each for several,
unless it is set). For each N, at 8 and 32 clients (``bench/load_client.py``: one
keep-alive connection per client, each from its own loopback address, one request in
flight), a mix cycles through, 32 in 41 of them lookups:

* ``GET /api/v1/responsibilities?municipality=…&theme=…``: ``LOOKUPS`` (municipality,
  theme) pairs, shuffled, the municipality by its Finnish or Swedish name or its code;
* 8 in 41: ``GET /municipalities/{code}?lang=fi``, the pages of the municipalities of
  ``YP_BENCH_COUNTIES`` organisers (default 2);
* 1 in 41: the named query ``municipalities-by-county`` for each organiser in turn (it
  runs in a SPARQL worker process, about 20 ms of CPU: at 1 in 11 the queries alone
  took the machine's two cores, and the cells measured the workers, not the processes).

Every answer is checked, what it must be computed beforehand on the embedded store: a
lookup is the municipality and theme asked for with all their owners, a page a whole
Finnish document whose heading is the municipality's name, the named query every
municipality of the organiser. Anything else, or no answer within ``TIMEOUT_S``, is an
error.

Before the cells of each N, every address of the mix is asked once of each process (a
connection is opened until the wanted process holds it: ``bench/process_tree.py``), so
that what a process makes once per store (a page, its county's audit) is made before the
measuring: the figures are the steady state, and the warm-up's time is printed apart.

Server and client share the machine's cores (nothing is pinned: the processes are what is
measured). "server cores" is the CPU the whole server (its processes and their SPARQL
workers) used per second of the cell, "client CPU" the load client's. A cell is
``YP_BENCH_WARMUP`` s (default 1) of warm-up and ``YP_BENCH_SECONDS`` s (default 4)
measured. Prints the table and the throughput of 2 and 4 processes over 1, and writes the
figures as JSON to ``YP_BENCH_JSON`` (default ``var/bench/processes.json``).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench import load_client
from bench.bench_api import HOST, check_ours, free_port, lookup_pairs, our_requests, wait_until_up
from bench.bench_pages import check_page, heading
from bench.load_client import Request, Result
from bench.process_tree import api_processes, cpu_seconds, rss_mb, serving_pid
from bench.writable_data import writable_settings
from kg import lookups
from kg.config import REPO_ROOT, Settings
from kg.named_queries import load_named_queries
from kg.store import Store

PROCESSES = (1, 2, 4)
CLIENTS = (8, 32)
WARMUP_S = float(os.environ.get("YP_BENCH_WARMUP", "1"))
WINDOW_S = float(os.environ.get("YP_BENCH_SECONDS", "4"))
COUNTIES = int(os.environ.get("YP_BENCH_COUNTIES", "2"))
LOOKUPS = 400
TIMEOUT_S = 10.0
STARTUP_S = 180.0
NAMED = "municipalities-by-county"
SOURCES = tuple(f"127.0.5.{i + 1}" for i in range(max(CLIENTS)))
KINDS = ("lookup", "page", "query")
NICE = 10


# -- the check (module level: the client process imports it by name) ---------------------


def check_mixed(status: int, body: bytes, expect: tuple[str, Any]) -> bool:
    kind, detail = expect
    if kind == "lookup":
        return check_ours(status, body, detail)
    if kind == "page":
        return check_page(status, body, detail)
    if status != 200:
        return False
    rows = json.loads(body)["results"]["bindings"]
    return len(rows) == detail and all(r["countyCode"]["value"] for r in rows)


# -- what is asked -------------------------------------------------------------------------


def mixed_requests(store: Store, port: int) -> list[Request]:
    """The cycle: after each lookup, every 4th a page and every 32nd a named query."""
    host = f"{HOST}:{port}"
    asked = our_requests(store, lookup_pairs(store)[:LOOKUPS], port)
    organisers = lookups.counties(store)
    random.Random(17).shuffle(organisers)
    codes = {c["code"] for c in organisers[:COUNTIES]}
    towns = [m for m in lookups.municipalities(store) if m["county_code"] in codes]
    random.Random(17).shuffle(towns)
    html = [("Accept", "text/html")]
    pages = [
        Request(
            load_client.http_request(
                "GET", f"/municipalities/{m['code']}?lang=fi", host, headers=html
            ),
            ("page", heading(m["name_fi"])),
            "page",
        )
        for m in towns
    ]
    named = load_named_queries()[NAMED]
    queries = []
    for row in store.select("SELECT DISTINCT ?c WHERE { ?o yp:organiserCode ?c } ORDER BY ?c"):
        code = str(row["c"])
        rows = len(list(store.query(named.prepared({"county": code}))))  # type: ignore[arg-type]
        path = f"/queries/{NAMED}?" + urllib.parse.urlencode({"county": code})
        accept = [("Accept", "application/sparql-results+json")]
        raw = load_client.http_request("GET", path, host, headers=accept)
        queries.append(Request(raw, ("query", rows), "query"))
    cycle = []
    for i, lookup in enumerate(asked):
        cycle.append(Request(lookup.raw, ("lookup", lookup.expect), "lookup"))
        if i % 4 == 3:
            cycle.append(pages[(i // 4) % len(pages)])
        if i % 32 == 31:
            cycle.append(queries[(i // 32) % len(queries)])
    return cycle


# -- the server ----------------------------------------------------------------------------


def query_workers(processes: int) -> str:
    """SPARQL workers per API process, as ``make run`` sets them."""
    return os.environ.get("YP_QUERY_WORKERS") or ("2" if processes > 1 else "4")


@dataclass
class Served:
    processes: int
    proc: subprocess.Popen[bytes]
    port: int
    root: psutil.Process
    pids: list[int] = field(default_factory=list)


def start(settings: Settings, processes: int, log: Any) -> Served:
    port = free_port()
    env = os.environ | {
        "YP_STORE": str(settings.store_path),
        "YP_DATA_DIR": str(settings.data_dir),
        "YP_PUBLIC_URL": f"http://{HOST}:{port}/",
        "YP_QUERY_WORKERS": query_workers(processes),
    }
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(processes), "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    return Served(processes, proc, port, psutil.Process(proc.pid))


def ask(sock: socket.socket, raw: bytes) -> tuple[int, bytes]:
    """One request on a keep-alive connection: the status and body."""
    sock.sendall(raw)
    buf = bytearray()
    while (parsed := load_client.parse_response(buf)) is None:
        data = sock.recv(262144)
        if not data:
            raise ConnectionError("the server closed the connection")
        buf += data
    return parsed[0], parsed[1]


def connect_to(served: Served, pid: int, deadline: float) -> socket.socket:
    """A connection that process ``pid`` holds (new connections until one is)."""
    health = load_client.http_request("GET", "/healthz", f"{HOST}:{served.port}")
    while time.monotonic() < deadline:
        sock = socket.create_connection((HOST, served.port), timeout=120)
        answered = ask(sock, health)[0] == 200
        if answered and serving_pid(served.root, served.port, sock.getsockname()[1]) == pid:
            return sock
        sock.close()
    raise RuntimeError(f"no connection reached process {pid}")


def wait_all(served: Served) -> None:
    """Until all the API processes are up and each has answered."""
    deadline = time.monotonic() + STARTUP_S
    wait_until_up(served.proc, served.port, f"{served.processes} processes", STARTUP_S)
    while len(api_processes(served.root, served.port, served.processes)) < served.processes:
        if served.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{served.processes} processes did not start")
        time.sleep(0.2)
    served.pids = [p.pid for p in api_processes(served.root, served.port, served.processes)]
    for pid in served.pids:
        connect_to(served, pid, deadline).close()


def warm(served: Served, requests: Sequence[Request]) -> None:
    """Every address once of every process (at once, a thread each), each answer checked."""
    distinct = list({r.raw: r for r in requests}.values())
    deadline = time.monotonic() + STARTUP_S
    failures: list[str] = []

    def one(pid: int) -> None:
        try:
            with connect_to(served, pid, deadline) as sock:
                for r in distinct:
                    status, body = ask(sock, r.raw)
                    if not check_mixed(status, body, r.expect):
                        line = r.raw.split(b"\r\n", 1)[0].decode()
                        failures.append(f"process {pid}: {line}: status {status} {body[:120]!r}")
                        return
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(f"process {pid}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=one, args=(pid,)) for pid in served.pids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError("warm-up: " + "; ".join(failures[:3]))


def settle(root: psutil.Process, limit: float = 30) -> None:
    """Until the server is idle (requests queued when the client stopped are worked off)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu_seconds(root)
        time.sleep(0.3)
        if cpu_seconds(root) - before < 0.02:
            return


def stop(served: Served) -> None:
    served.proc.terminate()
    try:
        served.proc.wait(30)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait(10)


# -- the run -------------------------------------------------------------------------------


@dataclass
class Cell:
    processes: int
    clients: int
    rps: float
    p50_ms: float
    p99_ms: float
    kinds: dict[str, dict[str, float]]  # kind -> answers, p50_ms, p99_ms
    errors: int
    error_samples: list[str]
    server_cores: float
    client_cpu: float


@dataclass
class Setup:
    processes: int
    query_workers: int
    startup_s: float
    warmup_s: float
    rss_mb: float


def cell(
    pool: concurrent.futures.ProcessPoolExecutor,
    served: Served,
    requests: list[Request],
    clients: int,
) -> Cell:
    before, t0 = cpu_seconds(served.root), time.perf_counter()
    result: Result = pool.submit(
        load_client.run,
        HOST,
        served.port,
        requests,
        check_mixed,
        clients=clients,
        duration=WINDOW_S,
        warmup=WARMUP_S,
        timeout=TIMEOUT_S,
        sources=SOURCES[:clients],
    ).result()
    cores = (cpu_seconds(served.root) - before) / (time.perf_counter() - t0)
    settle(served.root)
    kinds = {
        k: {
            "answers": len(result.by_kind.get(k, [])),
            "p50_ms": result.percentile(50, k) * 1000,
            "p99_ms": result.percentile(99, k) * 1000,
        }
        for k in KINDS
    }
    return Cell(
        served.processes,
        clients,
        result.rps,
        result.percentile(50) * 1000,
        result.percentile(99) * 1000,
        kinds,
        result.errors,
        result.error_samples,
        cores,
        result.client_cpu,
    )


def run(settings: Settings, store: Store, log: Any) -> tuple[list[Setup], list[Cell]]:
    setups: list[Setup] = []
    cells: list[Cell] = []
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        for n in PROCESSES:
            t0 = time.perf_counter()
            served = start(settings, n, log)
            try:
                wait_all(served)
                up = time.perf_counter() - t0
                requests = mixed_requests(store, served.port)
                t1 = time.perf_counter()
                warm(served, requests)
                warmed = time.perf_counter() - t1
                settle(served.root)
                setups.append(Setup(n, int(query_workers(n)), up, warmed, rss_mb(served.root)))
                for clients in CLIENTS:
                    cells.append(cell(pool, served, requests, clients))
            finally:
                stop(served)
    return setups, cells


def ratios(cells: Sequence[Cell]) -> dict[str, dict[str, float]]:
    """Throughput of each number of processes over one process's, per client count."""
    one = {c.clients: c.rps for c in cells if c.processes == 1}
    return {
        f"{n} over 1": {
            f"{c.clients} clients": c.rps / one[c.clients] if one.get(c.clients) else float("nan")
            for c in cells
            if c.processes == n
        }
        for n in PROCESSES
        if n != 1
    }


def report(setups: Sequence[Setup], cells: Sequence[Cell]) -> None:
    for s in setups:
        print(
            f"  {s.processes} process(es), {s.query_workers} SPARQL workers each: all answering "
            f"{s.startup_s:.1f} s after start; warm-up (every address once per process) "
            f"{s.warmup_s:.1f} s; memory (the server's processes and workers) {s.rss_mb:,.0f} MB"
        )
    print(
        f"{'processes':>9} {'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'lookup p50':>10} {'lookup p99':>10} {'page p99':>8} {'query p99':>9} "
        f"{'errors':>6} {'server cores':>12} {'client CPU':>10}"
    )
    for c in cells:
        k = c.kinds
        print(
            f"{c.processes:>9} {c.clients:>7} {c.rps:>7,.0f} {c.p50_ms:>7.1f} {c.p99_ms:>7.1f} "
            f"{k['lookup']['p50_ms']:>10.1f} {k['lookup']['p99_ms']:>10.1f} "
            f"{k['page']['p99_ms']:>8.1f} {k['query']['p99_ms']:>9.1f} {c.errors:>6} "
            f"{c.server_cores:>12.2f} {c.client_cpu:>10.0%}"
        )
        for sample in c.error_samples[:2]:
            print(f"{'':>9} error: {sample[:110]}")
    for name, by_clients in ratios(cells).items():
        shown = ", ".join(f"{k} {v:.2f}x" for k, v in by_clients.items())
        print(f"throughput, {name} process: {shown}")


def write_json(path: Path, about: dict[str, Any], setups: list[Setup], cells: list[Cell]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = about | {
        "setups": [asdict(s) for s in setups],
        "cells": [asdict(c) for c in cells],
        "ratios": ratios(cells),
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"figures written to {path}")


def main() -> None:
    started = time.perf_counter()
    with contextlib.suppress(PermissionError):  # as root: other work disturbs less
        os.nice(-NICE)
    out = Path(os.environ.get("YP_BENCH_JSON") or REPO_ROOT / "var" / "bench" / "processes.json")
    with tempfile.TemporaryDirectory() as tmp:
        settings = writable_settings(Path(tmp))
        store = Store.open(settings.store_path)
        load = os.getloadavg()
        print(
            f"Processes: national graph with the public record, {len(store):,} triples; "
            f"uvicorn --workers 1, 2, 4 on {os.cpu_count()} cores shared with the load "
            f"client; {WARMUP_S:g} s warm-up + {WINDOW_S:g} s per cell; load average before "
            f"{load[0]:.2f}"
        )
        log_path = Path(tmp) / "server.log"
        with log_path.open("wb") as log:
            setups, cells = run(settings, store, log)
        report(setups, cells)
        problems = [
            line
            for line in log_path.read_text("utf-8", "replace").splitlines()
            if "Traceback" in line or "ERROR" in line
        ]
        if problems:
            print(f"server log: {len(problems)} error lines, first: {problems[0][:160]}")
        about = {
            "bench": "processes",
            "triples": len(store),
            "cores": os.cpu_count(),
            "load_before": load[0],
            "warmup_s": WARMUP_S,
            "window_s": WINDOW_S,
            "lookups": LOOKUPS,
            "page_organisers": COUNTIES,
            "named_query": NAMED,
        }
        write_json(out, about, setups, cells)
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
