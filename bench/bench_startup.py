"""How fast the command line and a SPARQL worker's import start, beside the eager imports
they replaced.

``python -m bench startup`` runs ``kg --help``, ``kg info`` and ``import kg.bindings``,
each in a fresh interpreter, the way the code imports now (a command loads its modules
when it runs; ``kg`` exports lazily) and the previous way, reproduced in the same run: the
interpreter first imports every module the old ``kg/__init__.py`` and the old command
modules imported at start-up, then does the same thing. Prints the least CPU time (user +
system) and the least wall time of N runs of each, their ratio, and how many modules
``import kg.bindings`` loads either way.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kg.config import Settings

RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "7"))

# what the old kg/__init__.py imported eagerly
OLD_PACKAGE = ("kg.build", "kg.config", "kg.errors", "kg.store")
# what the old kg/cli modules imported eagerly, besides the package
OLD_CLI = (
    *OLD_PACKAGE,
    "kg.audit.evaluate",
    "kg.audit.labels",
    "kg.audit.render",
    "kg.fetch_reference",
    "kg.importing.export",
    "kg.importing.importer",
    "kg.importing.report",
    "kg.importing.templates",
    "kg.iris",
    "kg.named_queries",
    "kg.network.report",
    "kg.recovery",
    "kg.sparql_guard",
    "kg.sparql_sandbox",
    "kg.spreadsheet_cells",
    "kg.validation.engine",
    "kg.validation.locate",
    "kg.validation.render",
    "kg.validation.report",
    "pyoxigraph",
    "rich.table",
)

# the `kg` script: the command line with the arguments given
_CLI = (
    "import sys\n"
    "from kg.cli import main\n"
    "sys.argv = ['kg', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
)
_COUNT = (
    "import sys\n"
    "print(len(sys.modules), sum(m == 'kg' or m.startswith('kg.') for m in sys.modules))"
)


def _eager(modules: tuple[str, ...], then: str) -> str:
    return f"import {', '.join(modules)}\n{then}"


def _run(code: str, args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float, str]:
    """CPU seconds (user + system) and wall seconds of one fresh interpreter, its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{code!r} {args} failed: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def _least(code: str, args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    runs = [_run(code, args, env) for _ in range(RUNS)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


@contextlib.contextmanager
def _store() -> Iterator[Path]:
    """The store `kg info` reads: the configured one if built, else one built for this."""
    configured = Settings.from_env().store_path
    if configured.exists():
        yield configured
        return
    from bench.timing import built_store

    with built_store() as (settings, _):
        yield settings.store_path


def main() -> None:
    print(f"== startup: fresh interpreters, least of {RUNS} runs (CPU = user + system) ==")
    with _store() as store:
        env = {**os.environ, "YP_STORE": str(store)}
        cases = [
            ("kg --help", _CLI, ("--help",), OLD_CLI),
            ("kg info", _CLI, ("info",), OLD_CLI),
            ("import kg.bindings", "import kg.bindings", (), OLD_PACKAGE),
        ]
        print(
            f"{'':20} {'CPU before':>11} {'CPU now':>9} {'ratio':>6}"
            f" {'wall before':>12} {'wall now':>9} {'ratio':>6}"
        )
        for name, code, args, old_modules in cases:
            old_cpu, old_wall = _least(_eager(old_modules, code), args, env)
            new_cpu, new_wall = _least(code, args, env)
            print(
                f"{name:20} {old_cpu:10.3f}s {new_cpu:8.3f}s {old_cpu / new_cpu:5.1f}x"
                f" {old_wall:11.3f}s {new_wall:8.3f}s {old_wall / new_wall:5.1f}x"
            )
        before = _run(_eager(OLD_PACKAGE, "import kg.bindings\n" + _COUNT), (), env)[2].split()
        now = _run("import kg.bindings\n" + _COUNT, (), env)[2].split()
        print(
            f"import kg.bindings loads {before[0]} modules ({before[1]} of kg) the previous "
            f"way, {now[0]} ({now[1]} of kg) now"
        )
