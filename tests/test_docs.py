"""README stays true to what runs: its commands, CLI and settings exist."""

from __future__ import annotations

import re
import subprocess

from typer.main import get_command

from kg.cli import app
from kg.config import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text("utf-8")


def test_readme_make_targets_exist() -> None:
    for target in re.findall(r"^make (\w+)", README, flags=re.M):
        proc = subprocess.run(
            ["make", "-n", target], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, (target, proc.stderr)
    assert "make run" in README and "make test" in README


def test_readme_documents_every_cli_command() -> None:
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"^\| `kg ([a-z-]+)", README, flags=re.M))
    assert documented == commands


def test_readme_settings_are_read_by_config() -> None:
    config = (REPO_ROOT / "kg" / "config.py").read_text("utf-8")
    for var in set(re.findall(r"`(YP_[A-Z_]+)`", README)):
        assert f'"{var}"' in config, var


def test_readme_documents_every_setting() -> None:
    config = (REPO_ROOT / "kg" / "config.py").read_text("utf-8")
    for var in set(re.findall(r'"(YP_[A-Z_]+)"', config)):
        assert f"`{var}`" in README, f"{var} is read by kg/config.py but not in README"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text("utf-8")
