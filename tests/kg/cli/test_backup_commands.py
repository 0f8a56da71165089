"""``kg backup`` and ``kg restore`` on the command line: a summary on stdout, messages on
stderr, exit 2 with the reason (and no traceback) when refused."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.config import REPO_ROOT, Settings
from kg.store import BUILD_INFO, Store
from kg.store_dirs import current

runner = CliRunner()


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("cli-origin")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    settings = dataclasses.replace(
        Settings(), store_path=root / "var" / "store", data_dir=root / "data"
    )
    build(settings)
    return settings


def _env(root: Path) -> dict[str, str]:
    """The accounts database under ``root`` (where the setting exists), never the
    repository's."""
    return {"YP_ACCOUNTS": str(root / "var" / "accounts.sqlite3"), "COLUMNS": "200"}


def test_backup_then_restore(origin: Settings, tmp_path: Path) -> None:
    out = tmp_path / "backup.tar.gz"
    made = runner.invoke(
        app,
        ["backup", str(out), "--store", str(origin.store_path), "--data", str(origin.data_dir)],
        env=_env(tmp_path / "origin"),
    )
    assert made.exit_code == 0, made.output
    summary = json.loads(made.stdout)
    target = current(origin.store_path)
    assert target is not None
    triples = json.loads((target / BUILD_INFO).read_text("utf-8"))["triples"]
    assert summary["archive"] == str(out) and summary["bytes"] == out.stat().st_size
    assert summary["triples"] == triples and summary["parts"][:2] == ["store", "regional"]
    assert f"backed up {triples} triples" in made.stderr

    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "data", site / "data", ignore=shutil.ignore_patterns("regional"))
    store = site / "var" / "store"
    done = runner.invoke(
        app,
        ["restore", str(out), "--store", str(store), "--data", str(site / "data")],
        env=_env(site),
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["store"] == str(current(store)) and result["triples"] == triples
    assert len(Store.open(store)) == triples
    assert f"restored {site / 'data' / 'regional'}/" in done.stderr
    assert sorted(p.name for p in (site / "data" / "regional").iterdir()) == sorted(
        p.name for p in (origin.data_dir / "regional").iterdir()
    )


def test_restore_of_a_damaged_archive_exits_2_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"\x1f\x8b not really gzip")
    store = tmp_path / "var" / "store"
    result = runner.invoke(
        app,
        ["restore", str(bad), "--store", str(store), "--data", str(tmp_path / "data")],
        env=_env(tmp_path),
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"restore failed: {bad}: the archive is damaged or not a kg backup" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert "Traceback" not in result.output
    assert not store.exists() and not (tmp_path / "data").exists()


def test_backup_without_a_store_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "backup.tar.gz"
    store = tmp_path / "var" / "store"
    result = runner.invoke(
        app,
        ["backup", str(out), "--store", str(store), "--data", str(tmp_path / "data")],
        env=_env(tmp_path),
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"the store cannot be backed up: there is no store at {store}" in result.stderr
    assert "Nothing was written." in result.stderr
    assert not out.exists()
