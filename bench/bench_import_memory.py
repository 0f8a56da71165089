"""Memory and time of `kg import` on a large CSV (about 19 MB): the peak resident set of
the whole command, measured by the kernel (``wait4``'s ``ru_maxrss``), for the dry run
and for the import with its rebuild of the national store; and the refusal of a sparse
XLSX sheet (one cell at XFD1048576).

The file is the synthetic responsibility table of ``bench_import`` (seeded), enlarged
until it is about 19 MB, and written as a region would save it. With the default limits
it is refused at its row 20,001 (``YP_IMPORT_MAX_ROWS``); the limits are then raised for
the run so that the file is read whole. The memory of an import grows with its rows
(checking, the comparison with the store and the change list), which is what the row
limit bounds.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_import import synthetic_rows
from kg.config import REPO_ROOT, Settings
from kg.errors import DataError
from kg.importing.reader import read_file
from kg.importing.schema import RESPONSIBILITIES
from kg.importing.templates import csv_text

TARGET_BYTES = 19 * 1024 * 1024


def _run(args: list[str], env: dict[str, str]) -> tuple[int, float, int]:
    """Exit code, wall seconds and peak RSS (MB) of one command; its first error line is
    printed when it fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        if code != 0:
            errors.seek(0)
            lines = [line.strip() for line in errors.read().decode().splitlines() if line]
            shown = next((line for line in lines if "YP_" in line), lines[0] if lines else "")
            print(f"    ({shown[:160]})")
    return code, seconds, usage.ru_maxrss // 1024


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
        print(f"  with the default limits (refused): exit {code}, {seconds:.1f} s, {peak} MB peak")
        limit = Settings().import_max_rows
        at_limit = root / "incoming" / "at-limit"
        at_limit.mkdir()
        (at_limit / "vastuut.csv").write_text(
            csv_text(RESPONSIBILITIES, "fi", rows[:limit]), "utf-8"
        )
        _measure(kg, at_limit, env, f"at the default row limit ({limit:,} rows)")
        env.update(
            YP_IMPORT_MAX_ROWS=str(len(rows) + 1),
            YP_IMPORT_MAX_BYTES=str(size + 1),
            YP_IMPORT_MAX_CELLS=str((len(rows) + 1) * len(RESPONSIBILITIES.columns)),
        )
        _measure(kg, incoming, env, f"with the limits raised ({len(rows):,} rows)")
        sparse = _sparse_workbook(root / "sparse.xlsx")
        refusals = []
        for _ in range(5):
            start = time.perf_counter()
            try:
                read_file(sparse)
            except DataError:
                refusals.append(time.perf_counter() - start)
        assert len(refusals) == 5, "the sparse workbook was read"
        print(
            f"sparse XLSX ({sparse.stat().st_size} bytes, one cell at XFD1048576): refused in "
            f"{statistics.median(refusals) * 1000:.1f} ms (median of 5, reading only)"
        )
        code, seconds, peak = _run([*kg, "import", str(sparse), "--into", "sparse"], env)
        print(
            f"  the whole kg import of it: exit {code}, {seconds:.2f} s (Python start-up and "
            f"the reference data included), {peak} MB peak"
        )


def _measure(kg: list[str], folder: Path, env: dict[str, str], title: str) -> None:
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"  {title}, {size / 1024 / 1024:.1f} MB:")
    for what, extra in (("kg import --dry-run", ["--dry-run"]), ("kg import", [])):
        args = [*kg, "import", str(folder), "--into", "synthetic", *extra]
        code, seconds, peak = _run(args, env)
        print(
            f"    {what}: exit {code}, {seconds:.1f} s, {peak} MB peak "
            f"({peak * 1024 * 1024 / size:.0f}x the file)"
        )


def _sparse_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = RESPONSIBILITIES.fi
    sheet.append([c.fi for c in RESPONSIBILITIES.columns])
    sheet["XFD1048576"] = "x"
    wb.save(path)
    return path


if __name__ == "__main__":
    main()
