"""The layers contract (``lint-imports``, run by ``make lint``) holds on the code as it is
and fails when a cycle or an upward import is planted in a copy of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import REPO_ROOT

LAYERS = "kg: the command line over the features over the domain over the core"
NO_CYCLES = "no cycles among the modules and packages of any package"
NO_API = "api is built on kg; kg never imports api"
INDEPENDENT = "the audit, the networks and the validation do not use each other"
IMPORT_ORDER = "the import command over the build over the store recovery over the import journal"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The packages and their contracts copied where a test may plant imports."""
    for package in ("kg", "api"):
        shutil.copytree(
            REPO_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def _lint(root: Path) -> tuple[int, dict[str, str]]:
    """Exit code of ``lint-imports`` run on ``root``, and each contract's verdict."""
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=root,
        # the copy's packages, not the installed ones; wide lines: a verdict on one line
        env={**os.environ, "PYTHONPATH": str(root), "COLUMNS": "400"},
        capture_output=True,
        text=True,
    )
    verdicts = dict(re.findall(r"^(.+?) (KEPT|BROKEN)\b", result.stdout, re.MULTILINE))
    return result.returncode, verdicts


def _plant(root: Path, module: str, line: str) -> None:
    path = root / module
    path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")


def test_contracts_hold_on_the_code(copy: Path) -> None:
    code, verdicts = _lint(copy)
    assert code == 0
    assert set(verdicts.values()) == {"KEPT"}
    assert {LAYERS, NO_CYCLES, NO_API, INDEPENDENT} <= set(verdicts)


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the core imports a feature: upward, a cycle (the audit reads the store), and
        # the networks, reading the store, now reach the audit
        ("kg/store.py", "import kg.audit.evaluate", {LAYERS, NO_CYCLES, INDEPENDENT}),
        # the settings import the command line inside a function, as a lazy import would;
        # the journal (reading the settings) now reaches the build, and the validation
        # (reading its shapes' folder from the settings) the audit
        (
            "kg/config.py",
            "def _f():\n    from kg.cli import app",
            {LAYERS, NO_CYCLES, IMPORT_ORDER, INDEPENDENT},
        ),
        # a cycle inside one package: the evidence reader imports the report
        ("kg/audit/evidence.py", "import kg.audit.render", {NO_CYCLES}),
        # a cycle inside the service
        ("api/urls.py", "import api.main", {NO_CYCLES}),
        # api.main reaches kg.views (its pages), a layer above kg.build, and kg.publishing,
        # which imports the import command (its write routes): three contracts break
        ("kg/build.py", "import api.main", {NO_API, LAYERS, IMPORT_ORDER}),
        ("kg/network/metrics.py", "import kg.audit.labels", {INDEPENDENT}),
    ],
)
def test_planted_import_breaks_its_contract(
    copy: Path, module: str, line: str, broken: set[str]
) -> None:
    assert (copy / module).is_file()
    _plant(copy, module, line)
    code, verdicts = _lint(copy)
    assert code == 1
    assert {name for name, verdict in verdicts.items() if verdict == "BROKEN"} == broken
