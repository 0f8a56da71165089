"""Whether the store the link names can serve, and if not, what is wrong and what to do.

The service must not answer from a damaged store: a database that lost rows gives wrong
answers, not errors, and one that cannot be read fails every query. So start-up
(``kg.recovery.at_startup``) and ``kg info`` ask :func:`store_problem`, which checks,
cheapest first:

- the link exists and is a link (else there is *no store yet*: a fresh installation, which
  the service tolerates; it says ``kg build``);
- the directory it points at exists and is complete (its ``build.json``);
- ``build.json`` is a JSON object with the integer triple count the build recorded;
- the Oxigraph database opens (RocksDB refuses truncated or garbage files);
- the database holds as many distinct triples as ``build.json`` says (a count over the
  merged default graph: milliseconds for the national store's 34k triples). A database
  that opens but lost files or rows is caught here.

The last two run in a child process (:func:`count_triples`, under 0.1 s with its start):
garbage inside a database block can make the engine, reading it, ask for tens of
gigabytes and be killed by the kernel or abort, rather than raise; the child, its memory
capped, dies instead of the service, and its death is reported as damage. The count reads
one index of the database (the merged default graph's); damage confined to another index
shows only when a query reads it, in a query worker (``kg.query_pool``), which is
replaced.

Every failure past the first is *damage*: the link was made by ``kg build`` (or ``kg
import``, ``kg restore``) and what it names can no longer serve. The message names the
store, what is wrong, and the two ways back: ``kg build`` (from ``data/``) or
``kg restore ARCHIVE`` (from a ``kg backup``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.store import BUILD_INFO, DB_DIR
from kg.store_dirs import is_complete

NO_STORE_FIX = "run kg build"
DAMAGED_FIX = "run kg build, or kg restore ARCHIVE with an archive written by kg backup"


PROBE_MEMORY_MB = 2048  # far above what counting needs; far below a runaway allocation
PROBE_TIMEOUT_S = 120.0
# run by a fresh interpreter: cap the address space, open the database read-only, count
# the merged default graph's triples as ``Store.__len__`` does (pyoxigraph alone: kg.store
# would load rdflib, doubling the child's start)
PROBE = """
import resource, sys
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import pyoxigraph
try:
    store = pyoxigraph.Store.read_only(sys.argv[1])
except (OSError, RuntimeError) as exc:
    print("open", exc)
else:
    try:
        result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        print("count", next(result)["n"].value)
    except (OSError, RuntimeError) as exc:
        print("read", exc)
"""


class StoreDamaged(RuntimeError):
    """The store the link names is damaged; the service refuses to start on it."""


@dataclass(frozen=True)
class StoreProblem:
    """What is wrong with the store (``what``), what to do (``fix``), and whether it is
    damage (the link names a store that cannot serve) rather than no store at all."""

    what: str
    fix: str
    damaged: bool

    def __str__(self) -> str:
        return f"{self.what}: {self.fix}"


def store_problem(link: Path) -> StoreProblem | None:
    """What is wrong with the store ``link`` names; None when it can serve."""
    if not link.is_symlink():
        if link.exists():
            return StoreProblem(
                f"{link} is not a link made by kg build", "move it away and run kg build", False
            )
        return StoreProblem(f"there is no store at {link}", NO_STORE_FIX, False)
    target = link.resolve()
    if not target.is_dir():
        return _damaged(f"the store link {link} points at {target}, which is missing")
    if not is_complete(target):
        return _damaged(f"the store {target} is incomplete (its build did not finish)")
    recorded = _recorded_triples(target)
    if isinstance(recorded, str):
        return _damaged(recorded)
    held = count_triples(target)
    if isinstance(held, str):
        return _damaged(held)
    if held != recorded:
        return _damaged(
            f"the store {target} is damaged: its database holds {held} triples, its "
            f"{BUILD_INFO} records {recorded}"
        )
    return None


def count_triples(target: Path) -> int | str:
    """The distinct triples of the store directory ``target``, counted in a child process
    with capped memory; or what is wrong, if it cannot be opened or read or the child
    dies."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(target / DB_DIR), str(PROBE_MEMORY_MB)],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
    except subprocess.TimeoutExpired:
        return f"the store {target} could not be read within {PROBE_TIMEOUT_S:.0f} s"
    kind, _, detail = done.stdout.strip().partition(" ")
    if done.returncode == 0 and kind == "count" and detail.isdigit():
        return int(detail)
    if done.returncode == 0 and kind == "open":
        return f"the store {target} cannot be opened ({detail})"
    if done.returncode == 0 and kind == "read":
        return f"the store {target} cannot be read ({detail})"
    if done.returncode < 0:
        how = f"it was stopped by {signal.Signals(-done.returncode).name}"
    else:
        how = f"exit status {done.returncode}"
    said = done.stderr.strip().splitlines()[:1] or ["nothing said"]  # the cause comes first
    return f"the store {target} cannot be read: reading it made the engine fail ({how}: {said[0]})"


def _recorded_triples(target: Path) -> int | str:
    """The triple count ``build.json`` records, or what is wrong with the file."""
    path = target / BUILD_INFO
    try:
        info = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"the store's build record {path} cannot be read as JSON ({exc})"
    triples = info.get("triples") if isinstance(info, dict) else None
    if not isinstance(triples, int) or isinstance(triples, bool):
        return f"the store's build record {path} has no triple count"
    return triples


def _damaged(what: str) -> StoreProblem:
    return StoreProblem(what, DAMAGED_FIX, True)
