"""Honest clients under attack: ``python -m bench load``.

The service (one uvicorn process, as ``make run`` starts it, with its default limits)
serves the synthetic national-shape graph of ``bench/synthetic_graph.py``. For a fixed
time (``YP_BENCH_LOAD_SECONDS``, default 60) and only on 127.0.0.1:

- **50 honest clients**, each from its own loopback address (127.0.1.1–50), each with one
  request in flight (``bench/load_client.py``): three responsibility lookups
  (``/api/v1/responsibilities``), then a SPARQL query, in turn: the owners of one interface
  POSTed to ``/sparql``, or the named query ``municipalities-by-county`` for one county.
  Every answer is checked (status 200, the right municipality, theme and number of owners
  or rows, computed beforehand on the embedded store); anything else, or no answer within
  5 s, is an error;
- **10 hostile clients** from two addresses (127.0.2.1 and 127.0.2.2: two machines, five
  connections each), started first and kept going throughout: three send one slow query
  after another (a cartesian product that runs until the time limit), three flood eight
  slow queries at a time, two send a slow query and hang up after a second, two POST a
  2 MB query body.

It prints the honest lookups' and queries' p50 and p99, the honest errors per class (and
fails when there is any), what the hostile clients got, and the server's peak memory.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from typing import Any

import httpx
import psutil

from bench import load_client
from bench.bench_api import (
    OWNERS_OPTIONAL,
    check_ours,
    check_sparql,
    counted,
    free_port,
    lookup_pairs,
    our_requests,
    sparql_requests,
    wait_until_up,
)
from bench.load_client import Request, Result
from bench.synthetic_graph import synthetic_store
from kg.config import REPO_ROOT, Settings
from kg.named_queries import load_named_queries
from kg.store import Store

HOST = "127.0.0.1"
SECONDS = float(os.environ.get("YP_BENCH_LOAD_SECONDS", "60"))
WARMUP_S = 3.0
HONEST = 50
HONEST_TIMEOUT_S = 5.0
HOSTILE_ADDRESSES = ("127.0.2.1", "127.0.2.2")
HONEST_ADDRESSES = [f"127.0.1.{i + 1}" for i in range(HONEST)]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
OVERSIZED = b"ASK {}\n#" + b"x" * 2_000_000
NAMED = "municipalities-by-county"


# -- the honest clients' requests and check (module level: the client process imports it) --


def check_honest(status: int, body: bytes, expect: tuple[str, Any]) -> bool:
    kind, detail = expect
    if kind == "lookup":
        return check_ours(status, body, detail)
    if kind == "sparql":
        return check_sparql(status, body, detail)
    if status != 200:
        return False
    rows = json.loads(body)["results"]["bindings"]
    return len(rows) == detail and all(r["countyCode"]["value"] for r in rows)


def honest_requests(store: Store, port: int) -> list[Request]:
    """Three lookups, then a SPARQL query (the owners of an interface, or the named query
    for a county, in turn), over and over."""
    pairs = lookup_pairs(store)
    lookups = our_requests(store, pairs, port)
    owners = sparql_requests(counted(store, pairs[:200], OWNERS_OPTIONAL), port, "/sparql")
    named = load_named_queries()[NAMED]
    counties = sorted({str(r["c"]) for r in store.select(_COUNTY_CODES)})
    by_county = []
    for code in counties:
        rows = len(list(store.query(named.prepared({"county": code}))))  # type: ignore[arg-type]
        path = f"/queries/{NAMED}?" + urllib.parse.urlencode({"county": code})
        raw = load_client.http_request(
            "GET", path, f"{HOST}:{port}", headers=[("Accept", "application/sparql-results+json")]
        )
        by_county.append(Request(raw, ("named", rows), "query"))
    out: list[Request] = []
    for i, lookup in enumerate(lookups):
        out.append(Request(lookup.raw, ("lookup", lookup.expect), "lookup"))
        if i % 3 == 2:
            turn = i // 3
            if turn % 2 == 0:
                query = owners[turn // 2 % len(owners)]
                out.append(Request(query.raw, ("sparql", query.expect), "query"))
            else:
                out.append(by_county[turn // 2 % len(by_county)])
    return out


_COUNTY_CODES = "SELECT DISTINCT ?c WHERE { ?o yp:organiserCode ?c }"


# -- the hostile clients (a process of their own) ---------------------------------------


def hostile(url: str, seconds: float) -> dict[str, int]:
    """Run the ten hostile clients for ``seconds``; what they got, counted."""
    return asyncio.run(_hostile(url, seconds))


async def _hostile(url: str, seconds: float) -> dict[str, int]:
    got: Counter[str] = Counter()
    stop = time.monotonic() + seconds

    def client(n: int, timeout: float) -> httpx.AsyncClient:
        address = HOSTILE_ADDRESSES[n % len(HOSTILE_ADDRESSES)]
        transport = httpx.AsyncHTTPTransport(local_address=address)
        return httpx.AsyncClient(transport=transport, timeout=timeout)

    async def ask(c: httpx.AsyncClient, what: str) -> None:
        try:
            r = await c.get(url + "/sparql", params={"query": SLOW})
            got[f"{what}: {r.status_code}"] += 1
        except httpx.TimeoutException:
            got[f"{what}: hung up"] += 1

    async def slow(n: int) -> None:
        async with client(n, 120) as c:
            while time.monotonic() < stop:
                await ask(c, "slow query")
                await asyncio.sleep(0.05)

    async def flood(n: int) -> None:
        async with client(n, 120) as c:
            while time.monotonic() < stop:
                await asyncio.gather(*(ask(c, "flood") for _ in range(8)))
                await asyncio.sleep(0.05)

    async def abandon(n: int) -> None:
        async with client(n, 1) as c:
            while time.monotonic() < stop:
                await ask(c, "slow query, hangs up after 1 s")
                await asyncio.sleep(0.05)

    async def oversized(n: int) -> None:
        async with client(n, 10) as c:
            while time.monotonic() < stop:
                try:
                    r = await c.post(
                        url + "/sparql",
                        content=OVERSIZED,
                        headers={"content-type": "application/sparql-query"},
                    )
                    got[f"2 MB body: {r.status_code}"] += 1
                except httpx.TransportError:  # refused while the body was still going out
                    got["2 MB body: closed while sending"] += 1
                await asyncio.sleep(0.05)

    roles = [slow] * 3 + [flood] * 3 + [abandon] * 2 + [oversized] * 2
    tasks = [asyncio.ensure_future(role(n)) for n, role in enumerate(roles)]
    await asyncio.sleep(seconds)
    for task in tasks:  # what is still waiting is abandoned: the server stops it
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return dict(got)


# -- the run ------------------------------------------------------------------------------


def _rss_mb(procs: Sequence[psutil.Process]) -> float:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 1e6


def run(settings: Settings, store: Store) -> tuple[Result, dict[str, int], tuple[float, float]]:
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = os.environ | {
        "YP_STORE": str(settings.store_path),
        "YP_DATA_DIR": str(settings.data_dir),
        "YP_PUBLIC_URL": url + "/",
    }
    requests = honest_requests(store, port)
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", HOST, "--port", str(port)]
    cmd += ["--no-access-log", "--log-level", "warning"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
        try:
            wait_until_up(server, port, "the service", 60)
            proc = psutil.Process(server.pid)
            with concurrent.futures.ProcessPoolExecutor(2) as pool:
                attack = pool.submit(hostile, url, SECONDS + WARMUP_S + 4)
                time.sleep(2)  # the hostile clients take what they can first
                honest = pool.submit(
                    load_client.run,
                    HOST,
                    port,
                    requests,
                    check_honest,
                    clients=HONEST,
                    duration=SECONDS,
                    warmup=WARMUP_S,
                    timeout=HONEST_TIMEOUT_S,
                    sources=HONEST_ADDRESSES,
                )
                peak = (0.0, 0.0)  # the service's own process, its workers
                while not honest.done():
                    own, workers = _rss_mb([proc]), _rss_mb(proc.children(recursive=True))
                    peak = (max(peak[0], own), max(peak[1], workers))
                    time.sleep(0.5)
                result = honest.result()
                got = attack.result()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return result, got, peak


def report(result: Result, got: dict[str, int], peak: float) -> bool:
    """Print the figures; whether the honest clients saw no error."""
    print(
        f"  honest: {result.clients} clients, {result.ok} checked answers in {result.seconds:g} s"
    )
    for kind, name in (("lookup", "lookups"), ("query", "SPARQL and named queries")):
        count = len(result.by_kind.get(kind, []))
        p50 = result.percentile(50, kind) * 1000
        p99 = result.percentile(99, kind) * 1000
        print(f"    {name:<26} {count:>7}  p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
    if result.errors:
        print(f"    errors: {result.errors}")
        for kind, n in sorted(result.error_classes.items()):
            print(f"      {kind}: {n}")
        for sample in result.error_samples:
            print(f"      e.g. {sample}")
    else:
        print("    errors: 0")
    print("  hostile (10 clients from 2 addresses), what they got:")
    for outcome, n in sorted(got.items()):
        print(f"    {outcome}: {n}")
    print(f"  peak memory: the service {peak[0]:.0f} MB, its query workers {peak[1]:.0f} MB")
    return result.errors == 0


def main(argv: Sequence[str] = ()) -> None:
    load = os.getloadavg()
    print(f"== load: 50 honest clients for {SECONDS:g} s beside 10 hostile ones (127.0.0.1) ==")
    print(f"  load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    random.seed(3)
    with synthetic_store() as (settings, store, rows):
        print(f"  graph: {len(store)} triples (synthetic national, {rows} responsibility rows)")
        result, got, peak = run(settings, store)
    if not report(result, got, peak):
        raise SystemExit("the honest clients saw errors")


if __name__ == "__main__":
    main(sys.argv[1:])
