"""The named queries' times: ``python -m bench queries``.

Each named query in ``queries/`` with its default parameters is answered as the endpoint
answers it (:func:`kg.sparql.answer`, SPARQL JSON) on the national graph with the example
region, and on the synthetic national-shape graph (``bench/synthetic_graph.py``): the median
of five runs after one untimed. Then ``kg query --named municipalities-by-county`` is timed
as a user runs it, a new process each time, beside ``python -c "import kg.cli"``: the
command's time is its start-up (importing the libraries of every command), not the query.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from bench.synthetic_graph import synthetic_store
from bench.timing import built_store, median_seconds
from kg.config import REPO_ROOT, Settings
from kg.named_queries import load_named_queries
from kg.sparql import answer
from kg.store import Store

JSON = ["application/sparql-results+json"]
SLOW_BEFORE = "municipalities-by-county"


def _query_times(store: Store) -> dict[str, float]:
    out = {}
    for query_id, query in sorted(load_named_queries().items()):
        text = query.prepared({})
        out[query_id] = median_seconds(lambda t=text: answer(store, t, media_types=JSON), repeat=5)
    return out


def _wall(cmd: list[str], settings: Settings, repeat: int = 5) -> float:
    env = {"YP_STORE": str(settings.store_path), "PATH": str(REPO_ROOT / ".venv/bin")}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=REPO_ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] = ()) -> None:
    print("== named queries: median of 5, answered as the endpoint does (SPARQL JSON) ==")
    with built_store() as (settings, store):
        national = _query_times(store)
        kg = str(REPO_ROOT / ".venv/bin/kg")
        cli = _wall([kg, "query", "--named", SLOW_BEFORE, "--format", "csv"], settings)
        imports = _wall([sys.executable, "-c", "import kg.cli"], settings)
    with synthetic_store() as (_, big, _rows):
        synthetic = _query_times(big)
        size = len(big)
    print(f"  {'query':<40} {'national':>10} {f'synthetic ({size} triples)':>28}")
    for query_id in national:
        ms = national[query_id] * 1000, synthetic[query_id] * 1000
        print(f"  {query_id:<40} {ms[0]:>7.1f} ms {ms[1]:>25.1f} ms")
    print(f"  kg query --named {SLOW_BEFORE} (a new process): {cli:.2f} s")
    print(f"  of which starting the command line (python -c 'import kg.cli'): {imports:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
