"""The path `kg import` takes through the modules of ``kg``, and how long it takes.

``python -m bench.import_flow`` sets up a private copy of ``data/`` and ``ontology/`` with
the example region moved out (as a region would hand it in) and builds it with ``kg
build``; then it runs ``kg import --dry-run`` and a real ``kg import`` of the example
region in-process under ``sys.setprofile`` and prints the path each takes, and times
both as processes and in this process (the least of three runs each; the real imports
alternate between the region's files and the same files with one forum renamed, so each
one changes the data).

It drives only the command line (``kg.cli.app``), so the same script measures any
version of the code: run it on two commits to compare them.

The path, counted over the calls of Python functions defined in ``kg`` (a module's own
top-level code, run when it is first imported, is counted apart):

- a *crossing* is a call from a function of one module to a function of another (frames
  outside ``kg`` are transparent: the caller is the nearest ``kg`` frame);
- the *path* is the crossings in the order each distinct one (caller function -> called
  function) first happens, so a check repeated for every row counts once;
- *modules* is how many modules the path enters;
- *up and back* counts the path's crossings between ``kg.importing`` and ``kg.build``
  (the importing package climbing up to the build, and the build calling back down);
- *returns* counts, along the path (the called modules, consecutive repeats merged),
  each arrival at a module the path had already been in and left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
KG_DIR = str(REPO_ROOT / "kg") + os.sep
EXAMPLE = "example-kainuu"
OLD_NAME, NEW_NAME = "Pohjois-Kainuun aluetyöryhmä", "Pohjois-Kainuun yhteistyöryhmä"
RUNS = 3


@dataclasses.dataclass
class Trace:
    """The crossings of one run, each distinct one in the order it first happened."""

    edges: list[tuple[str, str, str, str]] = dataclasses.field(default_factory=list)
    seen: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    imported: list[str] = dataclasses.field(default_factory=list)  # modules first run

    def path(self) -> list[str]:
        """The called modules along the path, consecutive repeats merged."""
        out: list[str] = []
        for _, _, callee, _ in self.edges:
            if not out or out[-1] != callee:
                out.append(callee)
        return out

    def steps(self) -> list[str]:
        """What the module the command hands the import to calls in other modules, in
        order: the flow's steps."""
        entry = next(
            (
                b
                for a, f, b, _ in self.edges
                if f == "import_command" and not b.startswith(("kg.cli", "kg.config"))
            ),
            None,
        )
        out: list[str] = []
        for caller, _, callee, name in self.edges:
            if caller == entry:
                out.append(f"{callee.removeprefix('kg.')}.{name}")
        return out

    def modules(self) -> list[str]:
        found = {m for edge in self.edges for m in (edge[0], edge[2])}
        return sorted(found)

    def up_and_back(self) -> int:
        def pkg(module: str) -> str:
            if module == "kg.build":
                return "build"
            return "importing" if module.startswith("kg.importing") else ""

        return sum(1 for a, _, b, _ in self.edges if {pkg(a), pkg(b)} == {"build", "importing"})

    def returns(self) -> int:
        path, count, left = self.path(), 0, set()
        for i, module in enumerate(path):
            if module in left:
                count += 1
            if i:
                left.add(path[i - 1])
        return count


def _module(frame: FrameType) -> str | None:
    if not frame.f_code.co_filename.startswith(KG_DIR):
        return None
    return str(frame.f_globals.get("__name__"))


def traced(run: Callable[[], object]) -> Trace:
    """Run ``run`` under the profiler and collect its crossings."""
    trace = Trace()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call":
            return
        module = _module(frame)
        if module is None:
            return
        if frame.f_code.co_name == "<module>":
            trace.imported.append(module)
            return
        caller = frame.f_back
        while caller is not None and _module(caller) is None:
            caller = caller.f_back
        if caller is None or caller.f_code.co_name == "<module>":
            return
        source = _module(caller)
        assert source is not None
        if source == module:
            return
        key = (
            f"{source}.{caller.f_code.co_qualname}",
            f"{module}.{frame.f_code.co_qualname}",
        )
        if key not in trace.seen:
            trace.seen.add(key)
            trace.edges.append(
                (source, caller.f_code.co_qualname, module, frame.f_code.co_qualname)
            )

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return trace


def _env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "YP_DATA_DIR": str(root / "data"),
        "YP_ONTOLOGY_DIR": str(root / "ontology"),
        "YP_STORE": str(root / "var" / "store"),
    }


def _prepare(root: Path) -> tuple[Path, Path]:
    """A data copy without the example region, built; the region's files as handed in
    (``a``) and the same with one forum renamed (``b``)."""
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "ontology", root / "ontology")
    a, b = root / "incoming" / "a" / EXAMPLE, root / "incoming" / "b" / EXAMPLE
    shutil.move(root / "data" / "regional" / EXAMPLE, a)
    shutil.copytree(a, b)
    forums = b / "foorumit.csv"
    forums.write_text(forums.read_text("utf-8").replace(OLD_NAME, NEW_NAME), "utf-8")
    _kg(root, "build")
    return a, b


def _kg_bin() -> str:
    return str(Path(sys.executable).with_name("kg"))


def _kg(root: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [_kg_bin(), *args], env=_env(root), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _in_process(root: Path, *args: str) -> Callable[[], object]:
    def run() -> object:
        from kg.cli import app

        saved = dict(os.environ)
        os.environ.update(_env(root))
        try:  # what the command prints is not wanted here
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                return app([*args], standalone_mode=False)
        finally:
            os.environ.clear()
            os.environ.update(saved)

    return run


def _show(title: str, trace: Trace) -> None:
    print(f"\n{title}")
    print(
        f"  modules {len(trace.modules())}, crossings {len(trace.edges)}, "
        f"up and back (kg.importing <-> kg.build) {trace.up_and_back()}, "
        f"returns to a module left {trace.returns()}, "
        f"modules first imported during the run {len(trace.imported)}"
    )
    print("  steps (called by the command's entry module): " + " > ".join(trace.steps()))
    print("  path: " + " > ".join(m.removeprefix("kg.") for m in trace.path()))
    if trace.imported:
        print("  imported: " + ", ".join(m.removeprefix("kg.") for m in trace.imported))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a, b = _prepare(root)
        import kg.cli  # noqa: F401  (the command line's own imports are not the import's)

        dry = traced(_in_process(root, "import", str(a), "--dry-run"))
        _show("kg import --dry-run (the example region, into a store without it)", dry)
        real = traced(_in_process(root, "import", str(a)))
        _show("kg import (the example region, into a store without it)", real)
        dry_times = [_kg(root, "import", str(b), "--dry-run") for _ in range(RUNS)]
        real_times = [_kg(root, "import", str(v)) for v in (b, a, b)]
        # in this process (no start-up), after the runs above
        dry_here = [_seconds(_in_process(root, "import", str(b), "--dry-run")) for _ in range(RUNS)]
        real_here = [_seconds(_in_process(root, "import", str(v))) for v in (a, b, a)]
        print(
            f"\nkg import --dry-run as a process: min of {RUNS} {min(dry_times):.2f} s "
            f"({', '.join(f'{t:.2f}' for t in dry_times)})"
        )
        print(
            f"kg import as a process (each run changes one forum's name): min of {RUNS} "
            f"{min(real_times):.2f} s ({', '.join(f'{t:.2f}' for t in real_times)})"
        )
        print(
            f"in-process (no start-up): dry run min {min(dry_here):.2f} s "
            f"({', '.join(f'{t:.2f}' for t in dry_here)}), import min {min(real_here):.2f} s "
            f"({', '.join(f'{t:.2f}' for t in real_here)})"
        )


if __name__ == "__main__":
    main()
