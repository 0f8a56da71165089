"""The web pages beside the JSON lookups of the same data, and each page's own weight.

On the synthetic national-shape graph of ``bench/synthetic_graph.py`` (the national
reference data with owners for every mainland municipality × theme × side), built into a
temporary folder, this service runs as in ``bench/bench_api.py`` (uvicorn, one process,
access log off, pinned to one core; the load client ``bench/load_client.py`` on the
other) and answers, at 1 and 8 clients, in the same run:

* the municipality page ``GET /municipalities/{code}?lang=fi`` (its responsibility matrix,
  profile and audit rows) beside its JSON lookup
  ``GET /api/v1/responsibilities?municipality={code}`` (every theme's owners);
* the county page ``GET /counties/{code}?lang=fi`` (heat map, agreements, negotiations,
  audit summary, survey charts, the embedded network's frame) beside
  ``GET /api/v1/counties/{code}``.

Requests cycle over the mainland municipalities of 8 organisers (of the 21 counties and
Helsinki) and over those organisers, shuffled; ``YP_BENCH_COUNTIES=all`` (or a number) for
more. Every answer is checked, anything else is an error: status 200, and a page is a whole
HTML document (``<html lang="fi"`` … ``</html>``) whose ``<h1>`` is the municipality's or
county's Finnish name; a JSON answer parses and is for the municipality (with every theme
and as many owners as the embedded store gives) or the county (with all its member
municipalities) asked for.

Before the cells, one at a time (and checked): every county page, whose first view after a
build computes and keeps the county's audit (once per store), which the municipality pages
show too, as on a running service after its first readers (timed apart); every JSON
address; then a few pages of each kind again, for the pace of one answer alone. The cells
then run client count by client count, each page next to its JSON lookup, so that a change
in the machine's load falls on both alike. A cell is 1 s of warm-up and 4 s measured
(``YP_BENCH_WARMUP``, ``YP_BENCH_SECONDS``, as for the other HTTP benches) or, for a slow
answer, longer: a warm-up of 1.5 rounds and 3 rounds measured, a round being every client
answered once at the pace of one alone; an answer not complete within 4 rounds (at least 5
s) is an error. The aim: a page costs at most 2× its JSON lookup (p50 at most 2×, req/s at
least half, no errors).

The weight of a page is its HTML (the largest of those fetched) plus every same-origin file
it links: ``<link href>`` (stylesheets, icons, preloads), ``<script src>``, ``<img src>``,
found with ``html.parser``, each counted once. The county page's ``<iframe src>`` (the
network view, ``/network?county=…``, loaded when scrolled to) and its own files are
reported apart (3 of them; all with ``YP_BENCH_COUNTIES=all``). The SPARQL editor
(``/editor``, YASGUI) is left out (no page links its files). The aim: under 150 KB (150,000
bytes) as served (the service does not compress answers; the gzip size is for reference).

The default run takes about two minutes (most of it the county pages' first views and the
municipality page's slow cells); ``YP_BENCH_COUNTIES=all YP_BENCH_SECONDS=20`` for a
longer, steadier one.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from markupsafe import escape

from bench import bench_api, load_client
from bench.bench_api import HOST, Server, measure, start_service, wait_until_up
from bench.load_client import Request, Result
from bench.synthetic_graph import synthetic_store
from kg import lookups
from kg.store import Store

CLIENTS = (1, 8)
AIM_RATIO = 2.0  # a page costs at most this many times its JSON lookup
AIM_BYTES = 150_000  # a page with its own files
ASSET_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}
EDITOR = ("/editor", "/assets/vendor/yasgui/")  # the SPARQL editor: not part of a page
MUNICIPALITY_PAGE, MUNICIPALITY_JSON = "municipality page", "municipality JSON"
COUNTY_PAGE, COUNTY_JSON = "county page", "county JSON"
PAIRS = ((MUNICIPALITY_PAGE, MUNICIPALITY_JSON), (COUNTY_PAGE, COUNTY_JSON))
PAGES = (MUNICIPALITY_PAGE, COUNTY_PAGE)
COUNTIES = os.environ.get("YP_BENCH_COUNTIES", "8")  # how many organisers, or "all"
SAMPLE = 3  # pages of each kind asked alone for their pace; network views weighed
ROUNDS = 3  # a cell lasts until each client has had about this many answers


# -- checks (module level: the client process imports them by name) ---------------------


def check_page(status: int, body: bytes, heading: bytes) -> bool:
    """A whole Finnish page about the one asked for: ``heading`` is its ``<h1>``."""
    return (
        status == 200
        and b'<html lang="fi"' in body[:300]
        and heading in body
        and body.rstrip().endswith(b"</html>")
    )


def check_municipality(status: int, body: bytes, expect: tuple[str, int, int]) -> bool:
    """The lookup of the municipality asked for: every theme, all its current owners."""
    if status != 200:
        return False
    code, themes, owners = expect
    doc = json.loads(body)
    found = sum(len(t["municipality_side"]) + len(t["county_side"]) for t in doc["themes"])
    return doc["municipality"]["code"] == code and len(doc["themes"]) == themes and found == owners


def check_county(status: int, body: bytes, expect: tuple[str, int]) -> bool:
    """The county asked for, with all its member municipalities."""
    if status != 200:
        return False
    code, members = expect
    doc = json.loads(body)
    return doc["code"] == code and len(doc["members"]) == members


CHECKS: dict[str, load_client.Check] = {
    MUNICIPALITY_PAGE: check_page,
    MUNICIPALITY_JSON: check_municipality,
    COUNTY_PAGE: check_page,
    COUNTY_JSON: check_county,
}


# -- what is asked -----------------------------------------------------------------------


def heading(name: str) -> bytes:
    """A page's ``<h1>`` naming ``name``, escaped as the templates escape it."""
    return f"<h1>{escape(name)}</h1>".encode()


def chosen_counties(store: Store, seed: int = 17) -> list[dict[str, Any]]:
    """The organisers asked about: all of them, shuffled, or the first ``YP_BENCH_COUNTIES``."""
    counties = lookups.counties(store)
    random.Random(seed).shuffle(counties)
    return counties if COUNTIES in ("", "all") else counties[: int(COUNTIES)]


def asked(
    store: Store, counties: Sequence[dict[str, Any]], port: int, seed: int = 17
) -> dict[str, list[Request]]:
    """The four kinds of request, each cycling over the mainland municipalities of
    ``counties`` or over ``counties``, shuffled, with what its answer must be (from the
    embedded store)."""
    codes = {c["code"] for c in counties}
    towns = [m for m in lookups.municipalities(store) if m["county_code"] in codes]
    random.Random(seed).shuffle(towns)
    host = f"{HOST}:{port}"
    html = [("Accept", "text/html")]
    data = [("Accept", "application/json")]
    out: dict[str, list[Request]] = {name: [] for name in CHECKS}
    for m in towns:
        code = m["code"]
        raw = load_client.http_request("GET", f"/municipalities/{code}?lang=fi", host, headers=html)
        out[MUNICIPALITY_PAGE].append(Request(raw, heading(m["name_fi"])))
        themes = lookups.responsibilities(store, municipality_key=code)["themes"]
        owners = sum(len(t["municipality_side"]) + len(t["county_side"]) for t in themes)
        path = f"/api/v1/responsibilities?municipality={code}"
        raw = load_client.http_request("GET", path, host, headers=data)
        out[MUNICIPALITY_JSON].append(Request(raw, (code, len(themes), owners)))
    for c in counties:
        code = c["code"]
        raw = load_client.http_request("GET", f"/counties/{code}?lang=fi", host, headers=html)
        out[COUNTY_PAGE].append(Request(raw, heading(c["name_fi"])))
        members = len(lookups.county(store, code)["members"])
        raw = load_client.http_request("GET", f"/api/v1/counties/{code}", host, headers=data)
        out[COUNTY_JSON].append(Request(raw, (code, members)))
    return out


def path_of(request: Request) -> str:
    return request.raw.split(b" ", 2)[1].decode("latin-1")


def fetch(url: str) -> bytes:
    """The body of a GET of ``url``; an error unless the status is 200."""
    with urllib.request.urlopen(url, timeout=120) as answer:
        if answer.status != 200:
            raise RuntimeError(f"{url}: status {answer.status}")
        body: bytes = answer.read()
        return body


@dataclass
class FirstViews:
    seconds: list[float] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)  # path → HTML (pages only)

    @property
    def pace(self) -> float:
        """Seconds one answer takes, alone (the median)."""
        return statistics.median(self.seconds)


def first_views(base: str, name: str, requests: Sequence[Request]) -> FirstViews:
    """Ask each address of ``requests`` once, checking each answer as the cells do."""
    seen = FirstViews()
    for r in requests:
        t0 = time.perf_counter()
        body = fetch(base + path_of(r))
        seen.seconds.append(time.perf_counter() - t0)
        if not CHECKS[name](200, body, r.expect):
            raise RuntimeError(f"{path_of(r)}: a wrong answer {body[:120]!r}")
        if name.endswith("page"):
            seen.bodies[path_of(r)] = body
    return seen


# -- weight ------------------------------------------------------------------------------


class Links(HTMLParser):
    """The files a page links: ``<link href>`` of an asset kind, ``<script src>``,
    ``<img src>``; and its ``<iframe src>`` apart."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.frames: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("href") and ASSET_RELS & set(a.get("rel", "").split()):
            self.assets.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "iframe" and a.get("src"):
            self.frames.append(a["src"])


@dataclass
class Weight:
    html: int  # the largest page's HTML, bytes
    html_path: str
    html_gzip: int
    assets: dict[str, tuple[int, int]]  # same-origin path → (bytes, gzip bytes)
    other_origin: list[str]
    left_out: list[str]  # the SPARQL editor's files
    frames: list[str]  # the iframes' paths

    @property
    def total(self) -> int:
        return self.html + sum(b for b, _ in self.assets.values())

    @property
    def total_gzip(self) -> int:
        return self.html_gzip + sum(g for _, g in self.assets.values())


def weigh(base: str, pages: dict[str, bytes]) -> Weight:
    """The weight of the largest of ``pages`` (path → HTML) with the union of the
    same-origin files they link (each file counted once)."""
    origin = urlsplit(base)[:2]
    assets: dict[str, tuple[int, int]] = {}
    other: list[str] = []
    left_out: list[str] = []
    frames: list[str] = []
    for path, body in pages.items():
        links = Links()
        links.feed(body.decode("utf-8"))
        for ref in links.assets:
            url = urljoin(base + path, ref)
            parts = urlsplit(url)
            if parts[:2] != origin:
                other += [] if url in other else [url]
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(EDITOR):
                left_out += [] if local in left_out else [local]
                continue
            if local not in assets:
                body_ = fetch(base + local)
                assets[local] = (len(body_), len(gzip.compress(body_, 6)))
        for ref in links.frames:
            parts = urlsplit(urljoin(base + path, ref))
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            frames += [] if local in frames else [local]
    largest = max(pages, key=lambda p: len(pages[p]))
    html = pages[largest]
    return Weight(len(html), largest, len(gzip.compress(html, 6)), assets, other, left_out, frames)


# -- the run -----------------------------------------------------------------------------


def main() -> None:
    server_core, client_core, priority = bench_api.cores_and_priority()
    started = time.perf_counter()
    with synthetic_store() as (settings, store, rows):
        log = (settings.data_dir.parent / "server.log").open("wb")
        proc, port = start_service(settings.store_path, settings.data_dir, server_core, log)
        try:
            wait_until_up(proc, port, "this service", 60)
            bench_api._pin(client_core)
            counties = chosen_counties(store)
            kinds = asked(store, counties, port)
            print(
                f"Pages: synthetic national-shape graph, {len(store)} triples ({rows} synthetic "
                f"responsibility rows); server on core {server_core}, client on core "
                f"{client_core}, {priority}; {len(kinds[MUNICIPALITY_PAGE])} municipalities of "
                f"{len(counties)} organisers (YP_BENCH_COUNTIES={COUNTIES or 'all'}), shuffled"
            )
            run(f"http://{HOST}:{port}", proc, port, kinds, client_core)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


def run(
    base: str, proc: Any, port: int, kinds: dict[str, list[Request]], client_core: int | None
) -> None:
    # county pages first: each computes and keeps its county's audit, which the municipality
    # pages of that county show too
    firsts = {COUNTY_PAGE: first_views(base, COUNTY_PAGE, kinds[COUNTY_PAGE])}
    for name in (MUNICIPALITY_JSON, COUNTY_JSON):
        firsts[name] = first_views(base, name, kinds[name])
    # the pace of one answer alone, once nothing is left to compute and keep
    paces = {name: firsts[name].pace for name in (MUNICIPALITY_JSON, COUNTY_JSON)}
    steady = {name: first_views(base, name, kinds[name][:SAMPLE]) for name in PAGES}
    paces |= {name: steady[name].pace for name in PAGES}
    print("before the cells, addresses asked one at a time (checked as in the cells):")
    print(
        f"  {COUNTY_PAGE:<18} first view after a build (computes and keeps the county's "
        f"audit): {_spread(firsts[COUNTY_PAGE])} over {len(firsts[COUNTY_PAGE].seconds)}"
    )
    for name in CHECKS:
        seen = steady.get(name) or firsts[name]
        print(f"  {name:<18} {_spread(seen)} over {len(seen.seconds)}")
    servers = {name: Server(name, proc, port, kinds[name], CHECKS[name]) for name in CHECKS}
    results: dict[tuple[str, int], Cell] = {}
    ctx = multiprocessing.get_context("spawn")
    load_before = os.getloadavg()
    with concurrent.futures.ProcessPoolExecutor(
        1, mp_context=ctx, initializer=bench_api._pin, initargs=(client_core,)
    ) as pool:
        for clients in CLIENTS:
            for name, server in servers.items():
                # a round: every client answered once, at the pace measured above (one core)
                round_s = paces[name] * clients
                warmup = max(bench_api.WARMUP_S, 1.5 * round_s)
                window = max(bench_api.WINDOW_S, ROUNDS * round_s)
                timeout = max(5.0, 4 * round_s)
                measured = measure(
                    pool, server, clients, duration=window, warmup=warmup, timeout=timeout
                )
                results[(name, clients)] = Cell(*measured, warmup, window, timeout)
    report(results)
    print(
        f"load average (1 min) before the cells: {load_before[0]:.2f} on {os.cpu_count()} "
        f"cores (during them it counts the server's own threads)"
    )
    report_weight(base, {name: firsts.get(name) or steady[name] for name in PAGES})


def _spread(seen: FirstViews) -> str:
    ms = sorted(s * 1000 for s in seen.seconds)
    return f"median {statistics.median(ms):7.1f} ms, max {ms[-1]:7.1f} ms"


@dataclass
class Cell:
    result: Result
    busy: float  # the share of its core the server got
    cpu: float  # the server's CPU seconds per answer
    warmup: float
    window: float
    timeout: float


def report(results: dict[tuple[str, int], Cell]) -> None:
    print(
        f"{'answer':<18} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'server CPU':>10} {'CPU ms/req':>10} {'client CPU':>10}  cell"
    )
    for clients in CLIENTS:
        for name in CHECKS:
            c = results[(name, clients)]
            r = c.result
            print(
                f"{name:<18} {clients:>7} {r.rps:>8,.1f} {r.percentile(50) * 1000:>8.2f} "
                f"{r.percentile(99) * 1000:>8.2f} {r.errors:>6} {c.busy:>10.0%} "
                f"{c.cpu * 1000:>10.2f} {r.client_cpu:>10.0%}  {c.warmup:.0f}+{c.window:.0f} s, "
                f"{len(r.latencies)} answers, limit {c.timeout:.0f} s"
            )
            for sample in r.error_samples[:2]:
                print(f"{'':<18} error: {sample[:100]}")
    print(
        f"page / its JSON lookup (aim: a page costs at most {AIM_RATIO:g}x its JSON lookup: "
        f"p50 ratio <= {AIM_RATIO:.2f} and req/s ratio >= {1 / AIM_RATIO:.2f}, no errors):"
    )
    print(
        f"{'page':<18} {'clients':>7} {'p50 ratio':>10} {'req/s ratio':>11} "
        f"{'CPU/req ratio':>13} {'cost':>8}  aim"
    )
    misses = []
    for page, lookup in PAIRS:
        for clients in CLIENTS:
            p, j = results[(page, clients)], results[(lookup, clients)]
            p50 = p.result.percentile(50) / j.result.percentile(50)
            rps = p.result.rps / j.result.rps if j.result.rps else float("nan")
            cost = max(p50, 1 / rps if rps else float("inf"))
            met = cost <= AIM_RATIO and p.result.errors == 0 and j.result.errors == 0
            if not met:
                misses.append(f"{page} {cost:,.0f}x at {clients} client(s)")
            print(
                f"{page:<18} {clients:>7} {p50:>10.2f} {rps:>11.4f} {p.cpu / j.cpu:>13.1f} "
                f"{cost:>7,.1f}x  {'met' if met else 'NOT met'}"
            )
    if misses:
        print(f"aim NOT met (a page at most {AIM_RATIO:g}x its JSON): {'; '.join(misses)}")
    else:
        print(f"aim met: every page costs at most {AIM_RATIO:g}x its JSON lookup, no errors")


def report_weight(base: str, firsts: dict[str, FirstViews]) -> None:
    print(
        f"weight (bytes as served, uncompressed; aim < {AIM_BYTES / 1000:g} KB = "
        f"{AIM_BYTES:,} bytes; gzip -6 for reference):"
    )
    for name in (MUNICIPALITY_PAGE, COUNTY_PAGE):
        w = weigh(base, firsts[name].bodies)
        _print_weight(f"{name} ({len(firsts[name].bodies)} fetched)", w, aim=True)
        if w.frames:
            t0 = time.perf_counter()
            weighed = w.frames if COUNTIES in ("", "all") else w.frames[:SAMPLE]
            frames = {path: fetch(base + path) for path in weighed}
            took = (time.perf_counter() - t0) / len(frames)
            fw = weigh(base, frames)
            _print_weight(
                f"{name}'s iframe ({len(frames)} of its {len(w.frames)} network views, "
                f"{took * 1000:.0f} ms each; "
                f"loaded when scrolled to, not in the aim)",
                fw,
                aim=False,
            )


def _print_weight(name: str, w: Weight, *, aim: bool) -> None:
    print(f"  {name}: HTML {w.html:,} bytes (the largest, {w.html_path}; gzip {w.html_gzip:,})")
    for path, (size, packed) in sorted(w.assets.items()):
        print(f"    + {path:<46} {size:>9,} bytes (gzip {packed:,})")
    if w.other_origin:
        print(f"    other-origin files (not counted): {', '.join(w.other_origin)}")
    if w.left_out:
        print(f"    the SPARQL editor's files (left out): {', '.join(w.left_out)}")
    verdict = ""
    if aim:
        verdict = f": aim {'met' if w.total < AIM_BYTES else 'NOT met'}"
        if w.total >= AIM_BYTES:
            verdict += f", {w.total - AIM_BYTES:,} bytes ({w.total / AIM_BYTES - 1:.0%}) over"
    print(f"    = {w.total:,} bytes ({w.total / 1000:.1f} KB; gzip {w.total_gzip:,}){verdict}")


if __name__ == "__main__":
    main()
