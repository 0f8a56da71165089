"""Readers under a coordinator's publishes: errors, latencies, and no half-published graph.

On a private copy of the national data with the public record (``bench/writable_data.py``),
this service runs as ``make run`` starts it (uvicorn, one process, access log off) on a
free port, with ``YP_SECRET`` set, the write rate limit high, and the per-client query
limit raised (every reader here is one client address, 127.0.0.1). A bearer token for
``county:13`` (editor) is made in the accounts database.

Then ``READERS`` (50) concurrent readers (httpx, asyncio; each from its own loopback
address, 127.0.0.2 …, as distinct clients are) ask, each cycling over the kinds
from its own starting point, for ``YP_BENCH_SECONDS`` (default 60) seconds or until
``YP_BENCH_MAX_REQUESTS`` answers:

* lookups: ``/api/v1/responsibilities?municipality=297``, ``/api/v1/municipalities/297``;
* pages: ``/municipalities/297``, ``/counties/13``;
* a named query from ``GET /queries``: ``responsibilities-of-municipality`` for 297;
* SPARQL: a small SELECT (20 municipalities), and the titles query
  ``SELECT ?t WHERE { ?p skos:prefLabel ?t FILTER(STRSTARTS(?t, "A ") || ...) }``.

Meanwhile a coordinator publishes (``POST /api/v1/imports`` with ``publish=true``) 1,000
responsibility rows of county 13 again and again, a pause after each, alternating two
files whose post titles differ ("A 1" … "A 1000", "B 1" … "B 1000"). File A is published
before the readers start, so the served graph always holds one version whole.

An error is any answer that is not 2xx, or an exception (a timeout included). A mixed
answer is a titles answer that is not exactly the 1,000 titles of one version (a mix of
A and B, or a partial count), or a named query answer for 297 whose "A n"/"B n" posts are
not all of one version and as many as the file has there: a reader that saw a
half-published graph. The aim: no errors and no mixed answers.

The readers' window ends at the deadline or, if a publish is then in flight, ``GRACE_S``
after it ends (at most ``EXTRA_S`` after the deadline), so that every publish's switch
happens under the readers and its graph is read; the coordinator starts no publish after
the deadline. Server and client share the machine's cores (no pinning).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.bench_api import HOST, free_port, wait_until_up
from bench.writable_data import COUNTY, SECRET, county_rows, writable_settings, xlsx
from kg.auth.accounts import Accounts
from kg.auth.scopes import parse_scope
from kg.config import REPO_ROOT
from kg.store import Store

ROWS = 1_000
READERS = int(os.environ.get("YP_BENCH_READERS", "50"))
SECONDS = float(os.environ.get("YP_BENCH_SECONDS", "60"))
# smaller defaults for a short run: fewer answers at most, a shorter pause between publishes
MAX_REQUESTS = int(os.environ.get("YP_BENCH_MAX_REQUESTS", str(int(max(SECONDS, 1) * 1_000))))
PAUSE_S = float(os.environ.get("YP_BENCH_PUBLISH_PAUSE", "3" if SECONDS >= 60 else "1"))
GRACE_S = 5.0  # after the last publish, the readers read on this long
EXTRA_S = 180.0  # the longest the window is extended for a publish in flight
TIMEOUT_S = 120.0  # one reader's answer
PUBLISH_TIMEOUT_S = 600.0
TOWN = "297"  # Kuopio, in county 13
NAMED = "responsibilities-of-municipality"
PREFIXES = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX yp: <https://w3id.org/yhdyspinta/ontology#>\n"
)
SMALL = (
    PREFIXES + "SELECT ?code ?name WHERE { ?m a yp:Municipality ; dcterms:identifier ?code ; "
    'skos:prefLabel ?name FILTER(LANG(?name) = "fi") } ORDER BY ?code LIMIT 20'
)
TITLES = (
    PREFIXES + 'SELECT ?t WHERE { ?p skos:prefLabel ?t FILTER(STRSTARTS(?t, "A ") || '
    'STRSTARTS(?t, "B ")) }'
)
SPARQL_JSON = "application/sparql-results+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Kind:
    name: str
    path: str
    accept: str
    check: str = ""  # "titles" or "named": the answer is checked for one whole version
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)  # whole answers seen: A or B
    mixed: int = 0
    mixed_samples: list[str] = field(default_factory=list)


@dataclass
class Run:
    kinds: list[Kind]
    deadline: float
    stop_at: float | None = None  # set when the window ends
    answers: int = 0
    publishing: bool = False
    grace_until: float = 0.0  # readers read on a little after each publish
    publishes: list[float] = field(default_factory=list)
    publish_statuses: Counter[int] = field(default_factory=Counter)
    publish_errors: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    expected_named: int = 0  # the "A n" or "B n" posts of the town in one file

    def reading(self) -> bool:
        now = time.perf_counter()
        if self.answers >= MAX_REQUESTS:
            return False
        if now < self.deadline:
            return True
        # past the deadline: on while a publish started before it is in flight, and for
        # GRACE_S after it, so that readers see its graph too
        return (self.publishing or now < self.grace_until) and now < self.deadline + EXTRA_S


def version_of(titles: list[str], expected: int) -> str | None:
    """``"A"`` or ``"B"`` if ``titles`` are exactly the ``expected`` titles of one
    version; None for a mix or a partial count."""
    a = sum(1 for t in titles if t.startswith("A "))
    b = len(titles) - a
    if a == expected and b == 0:
        return "A"
    if b == expected and a == 0:
        return "B"
    return None


def checked(kind: Kind, run: Run, body: bytes) -> None:
    doc = httpx.Response(200, content=body).json()
    bindings = doc["results"]["bindings"]
    if kind.check == "titles":
        titles = [b["t"]["value"] for b in bindings]
        expected = ROWS
    else:
        titles = [
            b["postName"]["value"] for b in bindings if b["postName"]["value"][:2] in ("A ", "B ")
        ]
        expected = run.expected_named
    seen = version_of(titles, expected)
    if seen is None:
        kind.mixed += 1
        if len(kind.mixed_samples) < 3:
            a = sum(1 for t in titles if t.startswith("A "))
            kind.mixed_samples.append(f"{a} A + {len(titles) - a} B (expected {expected})")
    else:
        kind.versions[seen] += 1


async def reader(client: httpx.AsyncClient, run: Run, start: int) -> None:
    i = start
    while run.reading():
        kind = run.kinds[i % len(run.kinds)]
        i += 1
        t0 = time.perf_counter()
        try:
            answer = await client.get(kind.path, headers={"Accept": kind.accept})
            took = time.perf_counter() - t0
            if not 200 <= answer.status_code < 300:
                raise RuntimeError(f"status {answer.status_code}: {answer.text[:120]!r}")
            if kind.check:
                checked(kind, run, answer.content)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            kind.errors += 1
            if len(kind.samples) < 3:
                kind.samples.append(f"{type(exc).__name__}: {str(exc)[:160]}")
            continue
        finally:
            run.answers += 1
        kind.latencies.append(took)


async def publish(client: httpx.AsyncClient, token: str, name: str, data: bytes) -> int:
    answer = await client.post(
        "/api/v1/imports",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": (name, data, XLSX)},
        data={"scope": f"county:{COUNTY}", "publish": "true"},
        timeout=PUBLISH_TIMEOUT_S,
    )
    if answer.status_code != 201:
        raise RuntimeError(f"publish {name}: status {answer.status_code}: {answer.text[:300]}")
    return answer.status_code


async def coordinator(
    client: httpx.AsyncClient, run: Run, token: str, files: dict[str, bytes]
) -> None:
    version = "A"  # published before the readers
    while time.perf_counter() < run.deadline and run.answers < MAX_REQUESTS:
        version = "B" if version == "A" else "A"
        run.publishing = True
        t0 = time.perf_counter()
        try:
            status = await publish(client, token, f"{version}.xlsx", files[version])
            run.publishes.append(time.perf_counter() - t0)
            run.publish_statuses[status] += 1
            run.published.append(version)
            run.grace_until = time.perf_counter() + GRACE_S
        except Exception as exc:  # noqa: BLE001
            run.publish_errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            run.publishing = False
        await asyncio.sleep(PAUSE_S)


async def drive(base: str, run: Run, token: str, files: dict[str, bytes]) -> float:
    limits = httpx.Limits(max_connections=READERS + 5, max_keepalive_connections=READERS + 5)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, limits=limits) as client:
        started = time.perf_counter()
        run.deadline = started + SECONDS
        coord = asyncio.create_task(coordinator(client, run, token, files))
        async with contextlib.AsyncExitStack() as own:
            # each reader its own client address (127.0.0.2, …), as distinct readers are:
            # the query pool shares its workers fairly between addresses
            clients = [
                await own.enter_async_context(
                    httpx.AsyncClient(
                        base_url=base,
                        timeout=TIMEOUT_S,
                        transport=httpx.AsyncHTTPTransport(local_address=f"127.0.0.{2 + i}"),
                    )
                )
                for i in range(READERS)
            ]
            readers = [asyncio.create_task(reader(c, run, i)) for i, c in enumerate(clients)]
            await asyncio.gather(*readers)
        window = time.perf_counter() - started
        await coord
    return window


def warm(base: str, kinds: list[Kind], run: Run) -> None:
    """Each address once, checked (the county page's first view computes its audit)."""
    with httpx.Client(base_url=base, timeout=TIMEOUT_S) as client:
        for kind in kinds:
            answer = client.get(kind.path, headers={"Accept": kind.accept})
            if answer.status_code != 200:
                raise RuntimeError(f"{kind.path}: status {answer.status_code}: {answer.text[:300]}")
            if kind.check:
                probe = Kind(kind.name, kind.path, kind.accept, kind.check)
                checked(probe, run, answer.content)
                if probe.mixed or probe.versions != Counter({"A": 1}):
                    wrong = probe.mixed_samples
                    raise RuntimeError(f"{kind.path}: not the whole version A: {wrong}")


def named_query(base: str) -> str:
    """The named query's id, as ``GET /queries`` lists it."""
    listed = httpx.get(base + "/queries", headers={"Accept": "application/json"}, timeout=60)
    listed.raise_for_status()
    ids = [q["id"] for q in listed.json()]
    if NAMED not in ids:
        raise RuntimeError(f"no named query {NAMED!r} in {ids}")
    return NAMED


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = writable_settings(root)
        store = Store.open(settings.store_path)
        triples = len(store)
        rows = {v: county_rows(store, v, ROWS) for v in ("A", "B")}
        files = {v: xlsx(r) for v, r in rows.items()}
        del store
        token_id, token = Accounts(settings.accounts_path).create_token(
            parse_scope(f"county:{COUNTY}"), "editor", "bench write-load"
        )
        port = free_port()
        env = os.environ | {
            "YP_STORE": str(settings.store_path),
            "YP_DATA_DIR": str(settings.data_dir),
            "YP_ACCOUNTS": str(settings.accounts_path),
            "YP_SECRET": SECRET,
            "YP_WRITES_PER_MINUTE": "100000",
            "YP_QUERIES_PER_CLIENT": str(READERS * 4),  # every reader is 127.0.0.1
            "YP_QUERY_QUEUE": str(READERS * 4),
        }
        cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", HOST]
        cmd += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
        log_path = root / "server.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
            try:
                wait_until_up(proc, port, "this service", 60)
                base = f"http://{HOST}:{port}"
                _wait_ready(base)
                run = Run(kinds(named_query(base)), deadline=0.0)
                run.expected_named = sum(1 for r in rows["A"] if r[1] == TOWN)
                t0 = time.perf_counter()
                asyncio.run(_first_publish(base, token, files["A"]))
                first = time.perf_counter() - t0
                warm(base, run.kinds, run)
                print(
                    f"Write load: national graph with the public record, {triples:,} triples; "
                    f"service on {base} (uvicorn, one process, {os.cpu_count()} cores shared "
                    f"with the client); {READERS} readers for {SECONDS:g} s "
                    f"(YP_BENCH_SECONDS; at most {MAX_REQUESTS:,} answers); a coordinator "
                    f"publishes {ROWS:,} rows of county {COUNTY} (files A/B alternating, "
                    f"{PAUSE_S:g} s pause); first publish (A, before the readers) {first:.2f} s"
                )
                window = asyncio.run(drive(base, run, token, files))
                report(run, window)
                after(base, run)
            finally:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
        problems = [
            line
            for line in log_path.read_text("utf-8", "replace").splitlines()
            if "Traceback" in line or "ERROR" in line
        ]
        if problems:
            print(f"server log: {len(problems)} error lines, first: {problems[0][:160]}")
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


def kinds(named: str) -> list[Kind]:
    html = "text/html"
    data = "application/json"
    return [
        Kind("lookup responsibilities", f"/api/v1/responsibilities?municipality={TOWN}", data),
        Kind("lookup municipality", f"/api/v1/municipalities/{TOWN}", data),
        Kind("page municipality", f"/municipalities/{TOWN}", html),
        Kind("page county", f"/counties/{COUNTY}", html),
        Kind("named query", f"/queries/{named}?municipality={TOWN}", SPARQL_JSON, "named"),
        Kind("sparql small", f"/sparql?query={quote(SMALL)}", SPARQL_JSON),
        Kind("sparql titles", f"/sparql?query={quote(TITLES)}", SPARQL_JSON, "titles"),
    ]


def _wait_ready(base: str) -> None:
    """Until the service answers a page (start-up may check the store first)."""
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/api/v1/municipalities/297", timeout=10).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError("the service did not answer within 60 s")
        time.sleep(0.2)


async def _first_publish(base: str, token: str, data: bytes) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        await publish(client, token, "A.xlsx", data)


def after(base: str, run: Run) -> None:
    """With the readers gone, each checked kind once more: the version last published?"""
    last = (run.published or ["A"])[-1]
    seen = []
    with httpx.Client(base_url=base, timeout=TIMEOUT_S) as client:
        for kind in run.kinds:
            if kind.check:
                probe = Kind(kind.name, kind.path, kind.accept, kind.check)
                checked(probe, run, client.get(kind.path, headers={"Accept": kind.accept}).content)
                seen.append(f"{kind.name}: {', '.join(probe.versions) or 'mixed'}")
    print(f"after the readers (last published: {last}), asked alone: {'; '.join(seen)}")


def report(run: Run, window: float) -> None:
    total = sum(len(k.latencies) + k.errors for k in run.kinds)
    errors = sum(k.errors for k in run.kinds)
    mixed = sum(k.mixed for k in run.kinds)
    print(
        f"{'request':<24} {'answers':>8} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} "
        f"{'errors':>6} {'mixed':>6}  versions seen"
    )
    for k in run.kinds:
        ms = sorted(x * 1000 for x in k.latencies)
        p50 = statistics.median(ms) if ms else float("nan")
        p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))] if ms else float("nan")
        top = ms[-1] if ms else float("nan")
        seen = ", ".join(f"{v} {n}" for v, n in sorted(k.versions.items())) if k.check else ""
        print(
            f"{k.name:<24} {len(k.latencies) + k.errors:>8,} {p50:>9.1f} {p99:>9.1f} "
            f"{top:>9.1f} {k.errors:>6} {k.mixed if k.check else '':>6}  {seen}"
        )
        for s in k.samples:
            print(f"{'':<24} error: {s}")
        for s in k.mixed_samples:
            print(f"{'':<24} mixed: {s}")
    pubs = run.publishes
    extended = ", extended past the publish in flight" if window > SECONDS + 0.5 else ""
    print(
        f"total: {total:,} answers in {window:.1f} s ({total / window:,.0f}/s; deadline "
        f"{SECONDS:g} s{extended}), "
        f"errors {errors}, mixed answers {mixed}"
    )
    print(
        f"publishes: {len(pubs)} done ({' '.join(run.published)}), p50 "
        f"{statistics.median(pubs):.2f} s, max {max(pubs):.2f} s (POST /api/v1/imports "
        f"publish=true: check + publish), failed {len(run.publish_errors)}"
        if pubs
        else f"publishes: none done, failed {len(run.publish_errors)}"
    )
    for e in run.publish_errors[:3]:
        print(f"  publish error: {e}")
    ok = errors == 0 and mixed == 0 and not run.publish_errors
    print(
        f"aim {'met' if ok else 'NOT met'}: 0 errors, 0 mixed answers "
        f"(errors {errors}, mixed {mixed}, failed publishes {len(run.publish_errors)})"
    )


if __name__ == "__main__":
    main()
