"""How each operation's cost grows with the graph: ``python -m bench scaling``.

Graphs 1×, 10× (and, with ``YP_BENCH_SIZES=1,10,100``, 100×) the national one
(``bench/scaled_graph.py``: more municipalities, counties, themes, posts and post versions,
events, agreements, forums and dual roles, shaped like the national graph) are generated as
data folders and, at each size, in a process of its own (a fresh heap, and a size that runs
out of time or memory leaves the others' results):

- **build**: :func:`kg.build.build` on the generated folders (what ``kg build`` does);
- **validate**: the fast engine, every shape, as of :data:`AS_OF` (``kg validate``);
- **audit**: the national audit as of :data:`AS_OF` (``kg audit``);
- **lookup p50, p99**: :func:`kg.lookups.responsibilities`, every theme of one
  municipality as of :data:`AS_OF`, in-process (no HTTP), for up to :data:`LOOKUPS`
  municipalities in a seeded shuffle, after one untimed lookup reads the tables kept per
  store;
- **municipality page, county page**: the page's data (:mod:`kg.views`) rendered by its
  template (:mod:`kg.web`), in-process as the service's route makes it (not kept as a whole
  page): the county page of Kainuu (20) once on its first view after a build, which
  computes and keeps the county's audit ("county first", a whole national audit's reading),
  then the median of three; the median of Kainuu's municipalities' pages, whose audit rows
  come from that kept audit;
- **named queries**: every query of ``queries/`` with its default parameters, answered as
  the endpoint answers it (:func:`kg.sparql.answer`, SPARQL JSON); the sum (each query's
  time in the JSON).

Build, validate, audit and a warm county page are the median of up to three runs, as many
as fit in :data:`REPEAT_BUDGET_S` seconds (one at the larger sizes). The table gives seconds
per operation; the growth exponent of each between two sizes a and b is
``log(t_b / t_a) / log(b / a)`` (1 is linear in the size factor; the JSON also has it
against the triple counts). The aim: build and validation at most 1.15 from 1× to 10×.

Settings: ``YP_BENCH_SIZES`` (default ``1,10``), ``YP_BENCH_JSON`` (default
``var/bench/scaling.json``), ``YP_BENCH_SIZE_TIMEOUT`` (seconds a size may take, default
3600; a size cut short reports what it measured), ``YP_BENCH_DIR`` (where the data and
stores are written, default a temporary folder; removed after each size),
``YP_BENCH_STORE`` (``embedded``, the default; or a SPARQL server's base URL in Oxigraph
server's layout, e.g. ``http://127.0.0.1:7878``: each size is built on it, pushed as
``kg build`` pushes, and every operation reads from it; the server is emptied by each
size's build, so give one that holds nothing else). 1× and 10× take about six minutes on
two cores; 100× over an hour, with a peak of about 15 GiB.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from bench.scaled_graph import write_scaled_data
from kg import lookups
from kg.audit.evaluate import STATUSES, audit
from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.named_queries import load_named_queries
from kg.serving import open_store
from kg.sparql import answer
from kg.store import Store
from kg.validation.engine import validate
from kg.views.county import county_view
from kg.views.municipality import municipality_view
from kg.views.pictures import audit_picture, survey_picture
from kg.web.render import Chrome, render

T = TypeVar("T")
AS_OF = dt.date(2026, 11, 23)
COUNTY = "20"  # Kainuu: a real county, the same at every size
LOOKUPS = 200  # lookups timed at each size (fewer if they pass LOOKUP_BUDGET_S)
LOOKUP_BUDGET_S = 60.0
REPEAT_BUDGET_S = 30.0
OPERATIONS = (  # (key, heading): the table's columns, in seconds
    ("build", "build"),
    ("validate", "validate"),
    ("audit", "audit"),
    ("lookup_p50", "lookup p50"),
    ("lookup_p99", "lookup p99"),
    ("municipality_page", "muni page"),
    ("county_page", "county page"),
    ("county_page_first", "county first"),
    ("named_queries", "queries"),
)
AIM = {"build": 1.15, "validate": 1.15}  # the highest growth exponent from 1× to 10×
JSON_MEDIA = ["application/sparql-results+json"]

EMBEDDED = "embedded"


def settings_for(size_dir: Path, store: str = EMBEDDED) -> Settings:
    """The settings of the graph in ``size_dir`` (its data, ontology and store folders),
    read from an environment mapping as the service reads its own: with ``store`` a SPARQL
    server's URL, ``YP_STORE`` names the server and ``YP_STORE_DIR`` the versions' folder."""
    env = {"YP_DATA_DIR": str(size_dir / "data"), "YP_ONTOLOGY_DIR": str(size_dir / "ontology")}
    versions = str(size_dir / "var" / "store")
    env |= (
        {"YP_STORE": versions}
        if store == EMBEDDED
        else {"YP_STORE": store, "YP_STORE_DIR": versions}
    )
    return Settings.from_env(env)


# -- one size, in a process of its own ----------------------------------------------------


@dataclasses.dataclass
class SizeRun:
    """What one size measured, written out after each operation (a size cut short keeps
    what it had)."""

    factor: float
    out: Path
    result: dict[str, Any] = dataclasses.field(init=False)
    started: float = dataclasses.field(init=False, default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self.result = {"factor": self.factor, "seconds": {}, "details": {}, "complete": False}

    def record(self, key: str, seconds: float, **details: Any) -> None:
        self.result["seconds"][key] = seconds
        if details:
            self.result["details"][key] = details
        say(f"{self.factor:g}x: {key} {seconds:.4g} s")
        self.save()

    def save(self) -> None:
        self.result["wall_seconds"] = time.perf_counter() - self.started
        self.result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.out.write_text(json.dumps(self.result, indent=1), "utf-8")


def measure_size(run: SizeRun, size_dir: Path, store_kind: str) -> None:
    """Generate the size's data, build it, and time each operation on it."""
    started = time.perf_counter()
    shape = write_scaled_data(size_dir, run.factor)
    run.result["shape"] = dataclasses.asdict(shape)
    run.record("generate", time.perf_counter() - started)
    settings = settings_for(size_dir, store_kind)
    seconds, runs, _ = median_of(lambda: build(settings))
    store = open_store(settings)
    run.result["triples"] = len(store)
    run.record("build", seconds, runs=runs)
    seconds, runs, results = median_of(lambda: validate(store, as_of=AS_OF))
    run.record("validate", seconds, runs=runs, results=len(results))
    seconds, runs, audited = median_of(lambda: audit(store, as_of=AS_OF))
    run.record("audit", seconds, runs=runs, rows=len(audited.rows))
    measure_lookups(run, store)
    measure_pages(run, store)
    measure_named_queries(run, store)
    run.result["complete"] = True
    run.save()


def median_of(fn: Callable[[], T], budget: float = REPEAT_BUDGET_S) -> tuple[float, int, T]:
    """The median seconds of ``fn()`` over up to three runs, as many as fit in ``budget``;
    the number of runs and the last run's answer."""
    times: list[float] = []
    while not times or (len(times) < 3 and sum(times) + times[-1] <= budget):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(times), value


def measure_lookups(run: SizeRun, store: Store) -> None:
    towns = [m["code"] for m in lookups.municipalities(store) if m["county_code"]]
    random.Random(17).shuffle(towns)
    start = time.perf_counter()
    lookups.responsibilities(store, municipality_key=towns[0], as_of=AS_OF)
    first = time.perf_counter() - start
    times = []
    for code in (towns * (LOOKUPS // len(towns) + 1))[:LOOKUPS]:
        start = time.perf_counter()
        lookups.responsibilities(store, municipality_key=code, as_of=AS_OF)
        times.append(time.perf_counter() - start)
        if sum(times) > LOOKUP_BUDGET_S:
            break
    details = {"lookups": len(times), "first_with_tables": first, "where": "in-process"}
    run.record("lookup_p50", percentile(times, 50), **details)
    run.record("lookup_p99", percentile(times, 99), **details)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def measure_pages(run: SizeRun, store: Store) -> None:
    start = time.perf_counter()
    county_page(store, COUNTY)  # computes and keeps the county's audit
    run.record("county_page_first", time.perf_counter() - start, county=COUNTY)
    seconds, runs, _ = median_of(lambda: county_page(store, COUNTY))
    run.record("county_page", seconds, runs=runs, county=COUNTY)
    times = []
    for m in lookups.municipalities(store, county=COUNTY):
        start = time.perf_counter()
        municipality_page(store, m["code"])
        times.append(time.perf_counter() - start)
    run.record("municipality_page", statistics.median(times), pages=len(times), county=COUNTY)


def municipality_page(store: Store, code: str, lang: str = "fi") -> str:
    """The municipality page's HTML as the service's route renders it."""
    path = f"/municipalities/{code}"
    view = municipality_view(store, code, as_of=AS_OF, lang=lang, page=path)
    audit_link = f"/audit?county={view.info.get('county_code') or ''}&lang={lang}"
    return render(
        "municipality.html",
        lang,
        chrome=Chrome(section="home"),
        view=view,
        name=view.info["name_fi"],
        audit=view.audit,
        audit_link=audit_link,
    )


def county_page(store: Store, code: str, lang: str = "fi") -> str:
    """The county page's HTML as the service's route renders it."""
    path = f"/counties/{code}"
    view = county_view(store, code, as_of=AS_OF, lang=lang, page=path)
    return render(
        "county.html",
        lang,
        chrome=Chrome(section="home"),
        view=view,
        audit_svg=audit_picture(view.audit.summary(), lang),
        survey_svgs=[survey_picture(chart, lang) for chart in view.surveys],
        statuses=STATUSES,
        page_path=path,
        state=f"lang={lang}&as_of={AS_OF.isoformat()}",
    )


def measure_named_queries(run: SizeRun, store: Store) -> None:
    each = {}
    for query_id, query in sorted(load_named_queries().items()):
        start = time.perf_counter()
        answer(store, query.prepared({}), media_types=JSON_MEDIA)
        each[query_id] = time.perf_counter() - start
    run.record("named_queries", sum(each.values()), each=each)


def size_main(argv: list[str]) -> int:
    """``python -m bench.bench_scaling FACTOR OUT DIR STORE``: one size, into ``OUT``."""
    factor, out, size_dir, store_kind = float(argv[0]), Path(argv[1]), Path(argv[2]), argv[3]
    measure_size(SizeRun(factor, out), size_dir, store_kind)
    return 0


# -- every size, and the report -----------------------------------------------------------


def main() -> None:
    sizes = [float(s) for s in os.environ.get("YP_BENCH_SIZES", "1,10").split(",")]
    out = Path(os.environ.get("YP_BENCH_JSON") or REPO_ROOT / "var" / "bench" / "scaling.json")
    timeout = float(os.environ.get("YP_BENCH_SIZE_TIMEOUT", "3600"))
    store_kind = os.environ.get("YP_BENCH_STORE", EMBEDDED)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "bench": "scaling",
        "store": store_kind,
        "as_of": AS_OF.isoformat(),
        "machine": machine(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sizes": [],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    for factor in sizes:
        report["sizes"].append(run_size(factor, store_kind, timeout))
        report["exponents"] = exponents(report["sizes"])
        report["aims"] = aims(report["exponents"])
        report["wall_seconds"] = time.perf_counter() - started
        out.write_text(json.dumps(report, indent=1), "utf-8")
    print_report(report)
    print(f"JSON: {out}")


def run_size(factor: float, store_kind: str, timeout: float) -> dict[str, Any]:
    """One size in a child process; what it recorded, however it ended."""
    parent = os.environ.get("YP_BENCH_DIR") or None
    with tempfile.TemporaryDirectory(prefix=f"yp-scaling-{factor:g}x-", dir=parent) as tmp:
        out = Path(tmp) / "result.json"
        args = [str(factor), str(out), str(Path(tmp) / "graph"), store_kind]
        cmd = [sys.executable, "-m", "bench.bench_scaling", *args]
        try:
            code = subprocess.run(cmd, cwd=REPO_ROOT, timeout=timeout).returncode
            ended = "completed" if code == 0 else f"exited with status {code}"
        except subprocess.TimeoutExpired:
            ended = f"stopped after {timeout:g} s (YP_BENCH_SIZE_TIMEOUT)"
        result = json.loads(out.read_text("utf-8")) if out.exists() else {"factor": factor}
    result.setdefault("seconds", {})
    result["ended"] = ended
    return result


def machine() -> dict[str, Any]:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(pages / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def exponents(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The growth exponent of each operation between consecutive sizes: against the size
    factor, and against the number of triples."""
    out = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        by_factor, by_triples = {}, {}
        for key, _ in OPERATIONS:
            ta, tb = a["seconds"].get(key), b["seconds"].get(key)
            if not ta or not tb:
                continue
            by_factor[key] = math.log(tb / ta) / math.log(b["factor"] / a["factor"])
            if a.get("triples") and b.get("triples"):
                by_triples[key] = math.log(tb / ta) / math.log(b["triples"] / a["triples"])
        out.append(
            {
                "from": a["factor"],
                "to": b["factor"],
                "by_factor": by_factor,
                "by_triples": by_triples,
            }
        )
    return out


def aims(growth: list[dict[str, Any]]) -> dict[str, Any]:
    """Build and validation from 1× to 10×: growth exponent at most AIM."""
    step = next((g for g in growth if g["from"] == 1 and g["to"] == 10), None)
    if step is None:
        return {}
    return {
        key: {
            "exponent": step["by_factor"].get(key),
            "limit": limit,
            "met": step["by_factor"].get(key, math.inf) <= limit,
        }
        for key, limit in AIM.items()
    }


def print_report(report: dict[str, Any]) -> None:
    machine = report["machine"]
    print(
        f"scaling: {report['store']} store, as of {report['as_of']}, {machine['cpus']} cores, "
        f"{machine['memory_gib']} GiB; seconds per operation"
    )
    print(f"{'size':>6} {'triples':>11} " + _cells(h for _, h in OPERATIONS) + f" {'wall':>8}")
    for s in report["sizes"]:
        times = _cells(_seconds(s["seconds"].get(key)) for key, _ in OPERATIONS)
        ended = "" if s.get("complete") else f"  ({s['ended']})"
        wall = f"{s.get('wall_seconds', 0):.0f}s"
        print(f"{s['factor']:>5g}x {s.get('triples', 0):>11,} {times} {wall:>8}{ended}")
    print("growth exponent, log(t_b/t_a)/log(b/a):")
    for g in report.get("exponents", []):
        step = f"{g['from']:g}x->{g['to']:g}x"
        print(f"{step:>18} " + _cells(_exponent(g["by_factor"].get(key)) for key, _ in OPERATIONS))
    for key, aim in report.get("aims", {}).items():
        verdict = "met" if aim["met"] else "NOT met"
        print(
            f"aim: {key} 1x->10x exponent {_exponent(aim['exponent'])} <= {aim['limit']}: {verdict}"
        )


def _cells(texts: Iterable[str]) -> str:
    return " ".join(f"{t:>12}" for t in texts)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def _exponent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def say(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(size_main(sys.argv[1:]))
    main()
