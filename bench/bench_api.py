"""Responsibility lookups over HTTP: this service beside rdflib-endpoint and `oxigraph serve`.

The three servers answer the same lookup over the same graph in the same run:

* this service: ``GET /api/v1/responsibilities?municipality=NAME&theme=CODE`` (uvicorn,
  one process, as ``make run`` starts it, with the access log off);
* ``oxigraph serve-read-only``, the engine alone: the owners query of ``kg/cooperation.py``
  with the municipality and theme bound by a VALUES block, POSTed as
  ``application/sparql-query``, over the same triples;
* rdflib-endpoint, the Python peer, over an rdflib Graph of the same triples (access log
  off too), with the same owners in the form ``kg/lookups.py`` had before (eight
  OPTIONALs): rdflib evaluates the UNION form by scanning the graph, over 40 s for one
  lookup here, against a fifth of a second for this one. For reference the engine alone
  is also measured with the OPTIONAL form at 8 clients.

The graph is the synthetic national-shape graph of ``bench/synthetic_graph.py`` (the
national reference data with owners for every mainland municipality × theme × side),
built into a temporary folder; its merged default graph is written as N-Triples for the
peers. Requests cycle over every (municipality, theme) pair, shuffled, the municipality
given by its Finnish or Swedish name or its code, so no one answer is repeated back to
back. Every answer is checked: status 200 and a body that parses, for the right
municipality and theme, with exactly the number of owners (rows) computed beforehand on the
embedded store; anything else is an error.

What is measured: this service keeps each lookup's finished answer until a publish or a
build swaps the store (``api/lookup_cache.py``), so its first asking of a pair and a repeat
are different work, and both are reported, apart. First, the **first pass**: every pair
asked exactly once, 8 clients at a time, each answer checked: for this service each request
is a first asking (cold: resolve the names, run the owners query, check and write the
JSON, keep it); ``oxigraph serve`` gets the same pass (it keeps no answers: its figures are
those of its cells), rdflib-endpoint none (a pass would take minutes). Then the **cells**
(1, 8 and 32 clients, cycling over the same pairs): for this service every request there is
a repeat, answered from the kept answer, the service as it runs between publishes; the
aims of issue 19 are about these (at 8 clients: at least 2x ``oxigraph serve``'s
throughput, p99 under 10 ms, no errors).

Each server runs on one core (``taskset``) and the load client (``bench/load_client.py``)
on the other. Before the servers, the client is measured against a trivial server that
answers every request with the same stored answer, with the same checks, to show that its
ceiling is far above the figures it reports. The cells run client count by client count,
the servers in turn, so that a change in the machine's load falls on all of them alike.
"server CPU" is the share of its core the server got while measured, below 100% when it
waited idle or when other processes took the core (the load average before the cells is
printed); "CPU ms/req" is the server's CPU time per answer, which other work on the machine
changes much less than it changes req/s and latency. Run as root, the bench raises its
own priority (``nice -10``, inherited by the servers and the client) so that other work
disturbs the figures less.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import importlib.util
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QueryTriples, RdfFormat

from bench import load_client
from bench.load_client import Request, Result
from bench.synthetic_graph import THEMES, synthetic_store
from kg import cooperation, lookups
from kg.bindings import bind_values
from kg.config import REPO_ROOT
from kg.namespaces import PREFIXES
from kg.store import Store

CLIENTS = (1, 8, 32)
FIRST_PASS_CLIENTS = 8
AIM_P99_MS, AIM_VS_OXIGRAPH, AIM_VS_RDFLIB = 10.0, 2.0, 15.0  # at 8 clients (issue 19)
WARMUP_S = float(os.environ.get("YP_BENCH_WARMUP", "1"))
WINDOW_S = float(os.environ.get("YP_BENCH_SECONDS", "4"))
HOST = "127.0.0.1"
NICE = 10
OURS, RDFLIB, OXIGRAPH = "this service", "rdflib-endpoint", "oxigraph serve"
OXIGRAPH_OPTIONAL = "oxigraph serve, OPTIONAL form"

# The owners query as kg/lookups.py had it before the UNION form: one row per owner.
OWNERS_OPTIONAL = """
SELECT ?i ?theme ?side ?r ?post ?postName ?holderName ?unit ?contact ?person ?from ?to
       ?verified ?source ?illustrative WHERE {
  ?i yp:municipality ?m ; yp:theme ?t . ?t skos:notation ?theme .
  ?r yp:interface ?i ; yp:side ?s ; yp:post ?post . ?s skos:notation ?side .
  ?post org:postIn ?holder ; skos:prefLabel ?postName . FILTER(LANG(?postName) = "fi")
  ?holder skos:prefLabel ?holderName . FILTER(LANG(?holderName) = "fi")
  OPTIONAL { ?post yp:organisationUnit ?unit }
  OPTIONAL { ?r yp:contactChannel ?contact }
  OPTIONAL { ?r yp:personName ?person }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { ?r yp:lastVerified ?verified }
  OPTIONAL { ?r dcterms:source ?source }
  OPTIONAL { ?r yp:illustrative ?illustrative }
} ORDER BY ?theme ?side ?postName"""


@dataclass(frozen=True)
class Pair:
    key: str  # how the municipality is asked for: Finnish or Swedish name, or code
    iri: str
    code: str
    theme: str


# -- checks (module level: the client process imports them by name) ---------------------


def check_ours(status: int, body: bytes, expect: tuple[str, str, int]) -> bool:
    """A complete lookup answer: the municipality, the one theme, all its current owners."""
    if status != 200:
        return False
    code, theme, owners = expect
    doc = json.loads(body)
    (entry,) = doc["themes"]
    return (
        doc["municipality"]["code"] == code
        and entry["theme"] == theme
        and len(entry["municipality_side"]) + len(entry["county_side"]) == owners
        and all(o["post"] and o["title"] for o in entry["municipality_side"] + entry["county_side"])
    )


def check_sparql(status: int, body: bytes, expect: int) -> bool:
    """A complete SPARQL JSON answer: every row, each about a responsibility."""
    if status != 200:
        return False
    bindings = json.loads(body)["results"]["bindings"]
    return len(bindings) == expect and all(b["r"]["type"] == "uri" for b in bindings)


# -- what is asked ---------------------------------------------------------------------


def lookup_pairs(store: Store, seed: int = 11) -> list[Pair]:
    """Every mainland municipality × theme, shuffled; the municipality named by its Finnish
    name, its Swedish name or its code in turn (by code where a name is not unique)."""
    index = lookups.name_index(store)
    pairs = []
    towns = [m for m in lookups.municipalities(store) if m["county_code"]]
    for n, town in enumerate(towns):
        key = [town["name_fi"], town["name_sv"] or town["name_fi"], town["code"]][n % 3]
        try:
            unique = index.match(key, kinds={"municipality"}).iri == town["iri"]
        except LookupError:
            unique = False
        key = key if unique else town["code"]
        pairs += [Pair(key, town["iri"], town["code"], theme) for theme in THEMES]
    random.Random(seed).shuffle(pairs)
    return pairs


def owners_query(pair: Pair, form: str) -> str:
    """An owners query, prefixes declared, municipality and theme bound by VALUES."""
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    bound = bind_values(form, {"m": NamedNode(pair.iri), "theme": Literal(pair.theme)})
    return prologue + bound


def our_requests(store: Store, pairs: Sequence[Pair], port: int) -> list[Request]:
    out = []
    for p in pairs:
        answer = lookups.responsibilities(store, municipality_key=p.key, theme=p.theme)
        (entry,) = answer["themes"]
        owners = len(entry["municipality_side"]) + len(entry["county_side"])
        query = urllib.parse.urlencode({"municipality": p.key, "theme": p.theme})
        raw = load_client.http_request("GET", f"/api/v1/responsibilities?{query}", f"{HOST}:{port}")
        out.append(Request(raw, (p.code, p.theme, owners)))
    return out


def sparql_requests(queries: Sequence[tuple[str, int]], port: int, path: str) -> list[Request]:
    """POSTs of the (query, row count it must give) in ``queries``."""
    headers = [
        ("Content-Type", "application/sparql-query; charset=utf-8"),
        ("Accept", "application/sparql-results+json"),
    ]
    return [
        Request(
            load_client.http_request(
                "POST", path, f"{HOST}:{port}", headers=headers, body=text.encode("utf-8")
            ),
            rows,
        )
        for text, rows in queries
    ]


def counted(store: Store, pairs: Sequence[Pair], form: str) -> list[tuple[str, int]]:
    """The owners query in ``form`` for each pair, with the rows the embedded store gives."""
    texts = [owners_query(p, form) for p in pairs]
    return [(text, len(store.select(text))) for text in texts]


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def pinned(core: int | None, cmd: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *cmd] if core is not None else cmd


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    requests: list[Request]
    check: Any

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process (all its threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, limit: float = 30) -> None:
        """Wait until the server is idle: it may still be working off requests that were
        queued when the client stopped, which would fall on the next server's figures."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.2)
            if self.cpu_seconds() - before < 0.01:
                return


def wait_until_up(proc: subprocess.Popen[bytes], port: int, what: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {limit:.0f} s")


def start_service(
    store_link: Path, data_dir: Path, core: int | None, log: Any
) -> tuple[subprocess.Popen[bytes], int]:
    """This service as ``make run`` starts it (uvicorn, one process, access log off) over
    the store at ``store_link``, pinned to ``core``; its process and port (not yet up:
    :func:`wait_until_up`)."""
    port = free_port()
    env = os.environ | {"YP_STORE": str(store_link), "YP_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", HOST]
    cmd += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(pinned(core, cmd), cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    return proc, port


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return found if Path(found).exists() else None


# -- the trivial server for the client's ceiling ----------------------------------------


def serve_fixed(port: int, body: bytes) -> None:
    """Answer every request on ``port`` with ``body`` as JSON (the client's calibration)."""
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    answer = head + body

    class Fixed(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport: Any = transport
            self.buf = b""

        def data_received(self, data: bytes) -> None:
            self.buf += data
            while b"\r\n\r\n" in self.buf:
                _, self.buf = self.buf.split(b"\r\n\r\n", 1)
                self.transport.write(answer)

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Fixed, HOST, port)
        await server.serve_forever()

    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    asyncio.run(main())


# -- the first pass --------------------------------------------------------------------


def first_pass(
    port: int, requests: Sequence[Request], check: Any, *, clients: int, timeout: float = 30.0
) -> Result:
    """Every request of ``requests`` exactly once, ``clients`` keep-alive connections at a
    time (closed loop: each sends the next request not yet sent when its answer is
    complete), every answer checked as in the cells. The figures are those of the whole
    pass: throughput is requests per second of it."""
    todo = iter(requests)
    lock = threading.Lock()
    latencies: list[float] = []
    samples: list[str] = []
    counts = {"ok": 0, "errors": 0}

    def error(why: str) -> None:
        with lock:
            counts["errors"] += 1
            if len(samples) < 5:
                samples.append(why)

    def client() -> None:
        sock: socket.socket | None = None
        while True:
            with lock:
                request = next(todo, None)
            if request is None:
                break
            try:
                if sock is None:
                    sock = socket.create_connection((HOST, port), timeout=timeout)
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sent = time.perf_counter()
                sock.sendall(request.raw)
                buf = bytearray()
                while (parsed := load_client.parse_response(buf)) is None:
                    chunk = sock.recv(262144)
                    if not chunk:
                        raise OSError("connection closed by the server")
                    buf += chunk
                took = time.perf_counter() - sent
                status, body, closes = parsed
            except (OSError, ValueError) as exc:
                error(f"{type(exc).__name__}: {exc}")
                if sock is not None:
                    sock.close()
                sock = None
                continue
            try:
                good = check(status, body, request.expect)
            except Exception as exc:  # an unparseable body is an error like any other
                good, why = False, f"check raised {type(exc).__name__}: {exc}"
            else:
                why = f"status {status}, body {body[:80]!r}"
            if good:
                with lock:
                    counts["ok"] += 1
                    latencies.append(took)
            else:
                error(why)
            if closes:
                sock.close()
                sock = None
        if sock is not None:
            sock.close()

    cpu_before, started = time.process_time(), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return Result(
        clients=clients,
        seconds=seconds,
        ok=counts["ok"],
        errors=counts["errors"],
        latencies=latencies,
        client_cpu=(time.process_time() - cpu_before) / seconds,
        error_samples=samples,
        answered=counts["ok"] + counts["errors"],
    )


# -- the run ---------------------------------------------------------------------------


def _pin(core: int | None) -> None:
    if core is not None:
        os.sched_setaffinity(0, {core})


def _load(
    pool: concurrent.futures.ProcessPoolExecutor,
    port: int,
    requests: list[Request],
    check: Any,
    clients: int,
    *,
    duration: float = WINDOW_S,
    warmup: float = WARMUP_S,
    timeout: float = 5.0,
) -> Result:
    future = pool.submit(
        load_client.run,
        HOST,
        port,
        requests,
        check,
        clients=clients,
        duration=duration,
        warmup=warmup,
        timeout=timeout,
    )
    return future.result()


@contextlib.contextmanager
def servers(
    store: Store, store_link: Path, data_dir: Path, tmp: Path, core: int | None
) -> Iterator[list[Server]]:
    """Start the three servers (those available), each pinned to ``core``."""
    procs: list[subprocess.Popen[bytes]] = []
    started: list[Server] = []
    log = (tmp / "servers.log").open("wb")
    try:
        pairs = lookup_pairs(store)
        nt = tmp / "graph.nt"
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(triples, QueryTriples)
        triples.serialize(output=str(nt), format=RdfFormat.N_TRIPLES)

        pending: list[tuple[str, subprocess.Popen[bytes], int, float]] = []
        proc, port = start_service(store_link, data_dir, core, log)
        procs.append(proc)
        pending.append((OURS, proc, port, 60))

        if importlib.util.find_spec("rdflib_endpoint") is None:
            print("rdflib-endpoint is not installed: pip install -e '.[bench]' (skipped)")
        else:
            rport = free_port()
            cmd = [sys.executable, "-m", "bench.rdflib_peer", str(nt), str(rport)]
            proc = subprocess.Popen(pinned(core, cmd), cwd=REPO_ROOT, stdout=log, stderr=log)
            procs.append(proc)
            pending.append((RDFLIB, proc, rport, 180))

        binary = oxigraph_binary()
        if binary is None:
            print("the oxigraph CLI is not installed: pip install -e '.[bench]' (skipped)")
        else:
            db = tmp / "oxigraph-serve"
            for step in (["load", "--file", str(nt)], ["optimize"]):  # as its load advises
                subprocess.run(
                    [binary, step[0], "--location", str(db), *step[1:]],
                    check=True,
                    stdout=log,
                    stderr=log,
                )
            oport = free_port()
            cmd = [binary, "serve-read-only", "--location", str(db), "--bind", f"{HOST}:{oport}"]
            proc = subprocess.Popen(pinned(core, cmd), stdout=log, stderr=log)
            procs.append(proc)
            pending.append((OXIGRAPH, proc, oport, 60))

        union, optional = (
            counted(store, pairs, cooperation._OWNERS),
            counted(store, pairs, OWNERS_OPTIONAL),
        )
        for name, proc, p, limit in pending:
            if name == OURS:
                started.append(Server(name, proc, p, our_requests(store, pairs, p), check_ours))
            elif name == RDFLIB:
                requests = sparql_requests(optional, p, "/")
                started.append(Server(name, proc, p, requests, check_sparql))
            else:
                requests = sparql_requests(union, p, "/query")
                started.append(Server(name, proc, p, requests, check_sparql))
                requests = sparql_requests(optional, p, "/query")
                started.append(Server(OXIGRAPH_OPTIONAL, proc, p, requests, check_sparql))
            wait_until_up(proc, p, name, limit)
        yield started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def cores_and_priority() -> tuple[int | None, int | None, str]:
    """The server's core, the client's core (None when they cannot be pinned: fewer than
    two cores or no taskset) and the priority taken (``nice -10`` as root, which the
    servers and the client inherit: other work on the machine disturbs them less)."""
    cores = sorted(os.sched_getaffinity(0))
    server_core, client_core = (cores[0], cores[1]) if len(cores) >= 2 else (None, None)
    if shutil.which("taskset") is None:
        server_core = client_core = None
    if server_core is None:
        print("fewer than two cores (or no taskset): server and client are not pinned")
    try:
        os.nice(-NICE)
        priority = f"nice -{NICE}"
    except PermissionError:
        priority = f"normal priority (as root it would take nice -{NICE})"
    return server_core, client_core, priority


def main() -> None:
    server_core, client_core, priority = cores_and_priority()
    started = time.perf_counter()
    with synthetic_store() as (settings, store, rows):
        tmp = settings.data_dir.parent
        print(
            f"API lookups: synthetic national-shape graph, {len(store)} triples "
            f"({rows} synthetic responsibility rows); server on core {server_core}, "
            f"client on core {client_core}, {priority}; "
            f"{WARMUP_S:g} s warm-up + {WINDOW_S:g} s per cell"
        )
        ctx = multiprocessing.get_context("spawn")
        with (
            concurrent.futures.ProcessPoolExecutor(
                1, mp_context=ctx, initializer=_pin, initargs=(client_core,)
            ) as pool,
            servers(store, settings.store_path, settings.data_dir, tmp, server_core) as up,
        ):
            _pin(client_core)
            load_before = os.getloadavg()
            results: dict[tuple[str, int], tuple[Result, float]] = {}
            cpu_per_answer: dict[tuple[str, int], float] = {}
            for server in up:  # first: the calibration below asks this service once
                if server.name in (OURS, OXIGRAPH):
                    result, busy, per_answer = measure_first_pass(server)
                    results[(server.name, 0)] = (result, busy)
                    cpu_per_answer[(server.name, 0)] = per_answer
            ceiling = calibrate(pool, up[0], server_core)
            for clients in CLIENTS:
                for server in up:
                    if server.name == OXIGRAPH_OPTIONAL and clients != 8:
                        continue
                    result, busy, per_answer = measure(pool, server, clients)
                    results[(server.name, clients)] = (result, busy)
                    cpu_per_answer[(server.name, clients)] = per_answer
            report(results, cpu_per_answer, [s.name for s in up], ceiling, len(up[0].requests))
            print(
                f"load average (1 min) before the cells: {load_before[0]:.2f} on "
                f"{os.cpu_count()} cores (during them it counts the servers' own threads)"
            )
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


def measure(
    pool: concurrent.futures.ProcessPoolExecutor,
    server: Server,
    clients: int,
    *,
    duration: float = WINDOW_S,
    warmup: float = WARMUP_S,
    timeout: float = 5.0,
) -> tuple[Result, float, float]:
    """One cell: ``server`` under ``clients`` clients (measured for ``duration`` s after
    ``warmup`` s; no answer within ``timeout`` s is an error). The answers, the share of
    its core the server got, and its CPU seconds per answer; then wait until it is idle."""
    before, t0 = server.cpu_seconds(), time.perf_counter()
    result = _load(
        pool,
        server.port,
        server.requests,
        server.check,
        clients,
        duration=duration,
        warmup=warmup,
        timeout=timeout,
    )
    used = server.cpu_seconds() - before
    busy = used / (time.perf_counter() - t0)
    server.settle()
    return result, busy, used / max(result.answered, 1)


def measure_first_pass(server: Server) -> tuple[Result, float, float]:
    """The first pass (:func:`first_pass`) on ``server``: the answers, the share of its
    core the server got, and its CPU seconds per answer; then wait until it is idle."""
    before, t0 = server.cpu_seconds(), time.perf_counter()
    result = first_pass(server.port, server.requests, server.check, clients=FIRST_PASS_CLIENTS)
    used = server.cpu_seconds() - before
    busy = used / (time.perf_counter() - t0)
    server.settle()
    return result, busy, used / max(result.answered, 1)


def calibrate(
    pool: concurrent.futures.ProcessPoolExecutor, ours: Server, core: int | None
) -> Result:
    """The client alone: a trivial server answers every request with one stored answer."""
    first = ours.requests[0]
    with socket.create_connection((HOST, ours.port)) as s:
        s.sendall(first.raw)
        buf = bytearray()
        while (parsed := load_client.parse_response(buf)) is None:
            buf += s.recv(65536)
    body = parsed[1]
    port = free_port()
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_fixed_pinned, args=(core, port, body), daemon=True)
    proc.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                break
            time.sleep(0.05)
        same = [Request(r.raw, first.expect) for r in ours.requests]
        return _load(pool, port, same, check_ours, max(CLIENTS))
    finally:
        proc.terminate()
        proc.join(5)


def _fixed_pinned(core: int | None, port: int, body: bytes) -> None:
    _pin(core)
    serve_fixed(port, body)


def report(
    results: dict[tuple[str, int], tuple[Result, float]],
    cpu_per_answer: dict[tuple[str, int], float],
    names: list[str],
    ceiling: Result,
    pairs: int,
) -> None:
    """The table (the first passes under ``clients`` 0, then the cells), the throughput
    ratios and whether the aims at 8 clients hold."""
    print(
        f"load client ceiling (trivial server, same checks, {ceiling.clients} clients): "
        f"{ceiling.rps:,.0f} req/s with the client core {ceiling.client_cpu:.0%} busy, "
        f"{ceiling.errors} errors"
    )
    print(f"each server asked about {pairs} (municipality, theme) pairs in turn")
    print(
        f"{'server':<30} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'server CPU':>10} {'CPU ms/req':>10} {'client CPU':>10}"
    )

    def row(label: str, key: tuple[str, int], clients: int) -> None:
        r, busy = results[key]
        print(
            f"{label:<30} {clients:>7} {r.rps:>8,.0f} {r.percentile(50) * 1000:>8.2f} "
            f"{r.percentile(99) * 1000:>8.2f} {r.errors:>6} {busy:>10.0%} "
            f"{cpu_per_answer[key] * 1000:>10.2f} {r.client_cpu:>10.0%}"
        )
        for sample in r.error_samples[:2]:
            print(f"{'':<30} error: {sample[:100]}")

    print(f"first pass: every pair once, {FIRST_PASS_CLIENTS} clients (this service: cold)")
    for name in names:
        if (name, 0) in results:
            row(f"{name}, first pass", (name, 0), FIRST_PASS_CLIENTS)
    print("cells: cycling over the pairs (this service: every request a repeat, warm)")
    for name in names:
        for clients in CLIENTS:
            if (name, clients) in results:
                row(name, (name, clients), clients)
    if OURS not in names:
        return

    def ratio(peer: str, clients: int) -> float:
        theirs = results[(peer, clients)][0].rps
        return results[(OURS, clients)][0].rps / theirs if theirs else float("inf")

    for peer in (RDFLIB, OXIGRAPH):
        if peer in names:
            ratios = ", ".join(f"{c} clients {ratio(peer, c):.2f}x" for c in CLIENTS)
            print(f"throughput, this service (warm) / {peer}: {ratios}")
    if (OURS, 0) in results and (OXIGRAPH, 8) in results:
        cold = results[(OURS, 0)][0].rps / max(results[(OXIGRAPH, 8)][0].rps, 1e-9)
        print(
            f"throughput, this service's first pass (cold) / {OXIGRAPH} at 8 clients: {cold:.2f}x"
        )
    ours8 = results[(OURS, 8)][0]
    p99 = ours8.percentile(99) * 1000
    aims = [f"p99 {p99:.1f} ms (aim < {AIM_P99_MS:g})", f"{ours8.errors} errors (aim 0)"]
    met = p99 < AIM_P99_MS and ours8.errors == 0
    if RDFLIB in names:
        aims.append(f"{ratio(RDFLIB, 8):.1f}x rdflib-endpoint (aim >= {AIM_VS_RDFLIB:g}x)")
        met = met and ratio(RDFLIB, 8) >= AIM_VS_RDFLIB
    if OXIGRAPH in names:
        aims.append(f"{ratio(OXIGRAPH, 8):.2f}x oxigraph serve (aim >= {AIM_VS_OXIGRAPH:g}x)")
        met = met and ratio(OXIGRAPH, 8) >= AIM_VS_OXIGRAPH
    else:
        aims.append("oxigraph serve not measured: its aim is not decided")
        met = False
    print(f"aims at 8 clients (warm) {'met' if met else 'NOT met'}: {'; '.join(aims)}")


if __name__ == "__main__":
    main()
