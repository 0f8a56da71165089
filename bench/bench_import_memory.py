"""Memory and time of `kg import` on a large CSV (about 19 MB): the peak resident set of
the whole command, measured by the kernel (``wait4``'s ``ru_maxrss``), for the dry run
and for the import with its rebuild of the national store.

The file is the synthetic responsibility table of ``bench_import`` (seeded), enlarged
until it is about 19 MB, and written as a region would save it. The per-import limits
(``YP_IMPORT_MAX_ROWS``, ``YP_IMPORT_MAX_BYTES``) are raised for this run so that the
file is read; with the defaults it is refused before any row is read, which is timed too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_import import synthetic_rows
from kg.config import REPO_ROOT
from kg.importing.schema import RESPONSIBILITIES
from kg.importing.templates import csv_text

TARGET_BYTES = 19 * 1024 * 1024


def _run(args: list[str], env: dict[str, str]) -> tuple[int, float, int]:
    """Exit code, wall seconds and peak RSS (MB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return proc.returncode, seconds, usage.ru_maxrss // 1024


def main() -> None:
    kg = [sys.executable, "-m", "kg.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO_ROOT / "data", root / "data")
        shutil.copytree(REPO_ROOT / "ontology", root / "ontology")
        # the synthetic table covers every county, Kainuu too (one county, one folder)
        shutil.rmtree(root / "data" / "regional" / "example-kainuu")
        env = dict(os.environ)
        env.update(
            YP_DATA_DIR=str(root / "data"),
            YP_ONTOLOGY_DIR=str(root / "ontology"),
            YP_STORE=str(root / "var" / "store"),
        )
        code, seconds, peak = _run([*kg, "build"], env)
        assert code == 0, "the build failed"
        print(f"kg build (national store, no regional data): {seconds:.1f} s, {peak} MB peak")
        incoming = root / "incoming" / "synthetic"
        incoming.mkdir(parents=True)
        path = incoming / "vastuut.csv"
        rows = synthetic_rows(150_000)
        per_row = len(csv_text(RESPONSIBILITIES, "fi", rows).encode()) / len(rows)
        rows = rows[: int(TARGET_BYTES / per_row)]
        path.write_text(csv_text(RESPONSIBILITIES, "fi", rows), "utf-8")
        size = path.stat().st_size
        print(f"CSV: {size / 1024 / 1024:.1f} MB, {len(rows):,} rows")
        code, seconds, peak = _run([*kg, "import", str(incoming), "--dry-run"], env)
        print(f"  with the default limits: exit {code}, {seconds:.1f} s, {peak} MB peak")
        env.update(YP_IMPORT_MAX_ROWS=str(len(rows) + 1), YP_IMPORT_MAX_BYTES=str(size + 1))
        code, seconds, peak = _run([*kg, "import", str(incoming), "--dry-run"], env)
        print(
            f"  kg import --dry-run: exit {code}, {seconds:.1f} s, {peak} MB peak "
            f"({peak * 1024 * 1024 / size:.0f}x the file)"
        )
        code, seconds, peak = _run([*kg, "import", str(incoming)], env)
        print(
            f"  kg import (with the rebuild): exit {code}, {seconds:.1f} s, {peak} MB peak "
            f"({peak * 1024 * 1024 / size:.0f}x the file)"
        )


if __name__ == "__main__":
    main()
