"""What start-up finds: a damaged store named with what to do, leftovers removed only when
no other writer holds the lock."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.recovery import at_startup, inspect
from kg.store import BUILD_INFO
from kg.store_dirs import current, is_complete, stores_dir, write_lock


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One complete store, built once; tests point their own links at copies of it."""
    root = tmp_path_factory.mktemp("built")
    settings = dataclasses.replace(Settings(), store_path=root / "var" / "store")
    build(settings)
    return settings


def _link_to(tmp_path: Path, built: Settings, *, complete: bool = True) -> Settings:
    """A store link under ``tmp_path`` to a copy of the built store (without build.json
    unless ``complete``)."""
    link = tmp_path / "var" / "store"
    target = stores_dir(link) / "20260101T000000000000Z-1"
    source = current(built.store_path)
    assert source is not None
    shutil.copytree(source, target)
    if not complete:
        (target / BUILD_INFO).unlink()
    link.symlink_to(os.path.relpath(target, link.parent))
    return dataclasses.replace(built, store_path=link, data_dir=tmp_path / "data")


def test_inspect_complete_store_has_no_problem(tmp_path: Path, built: Settings) -> None:
    settings = _link_to(tmp_path, built)
    check = inspect(settings)
    assert check.ok and check.complete and check.store == current(settings.store_path)
    assert check.lines() == [f"store found: {settings.store_path} -> {check.store} (complete)"]


def test_inspect_missing_store_says_run_build(tmp_path: Path, built: Settings) -> None:
    settings = dataclasses.replace(built, store_path=tmp_path / "var" / "store")
    check = inspect(settings)
    assert check.problem == f"there is no store at {settings.store_path}: run kg build"


def test_inspect_dangling_link_names_the_missing_directory(tmp_path: Path, built: Settings) -> None:
    settings = _link_to(tmp_path, built)
    target = current(settings.store_path)
    assert target is not None
    shutil.rmtree(target)
    check = inspect(settings)
    assert check.problem is not None and f"points at {target}, which is missing" in check.problem


def test_inspect_incomplete_store_is_a_problem(tmp_path: Path, built: Settings) -> None:
    settings = _link_to(tmp_path, built, complete=False)
    check = inspect(settings)
    assert not check.complete
    assert check.problem is not None and "is incomplete (its build did not finish)" in check.problem
    assert "(INCOMPLETE)" in check.lines()[0]


def test_inspect_corrupt_database_is_a_problem_not_a_traceback(
    tmp_path: Path, built: Settings
) -> None:
    settings = _link_to(tmp_path, built)
    target = current(settings.store_path)
    assert target is not None
    (target / "oxigraph" / "CURRENT").write_text("garbage\n", "utf-8")
    check = inspect(settings)
    assert check.problem is not None and "cannot be opened" in check.problem
    assert "Corruption" in check.problem


def test_inspect_not_a_link(tmp_path: Path, built: Settings) -> None:
    settings = dataclasses.replace(built, store_path=tmp_path / "store")
    settings.store_path.mkdir()
    check = inspect(settings)
    assert check.problem is not None and "is not a link made by kg build" in check.problem


def test_at_startup_removes_leftovers(tmp_path: Path, built: Settings) -> None:
    settings = _link_to(tmp_path, built)
    half = stores_dir(settings.store_path) / "29990101T000000000000Z-2"
    (half / "oxigraph").mkdir(parents=True)
    assert inspect(settings).pending == [half]
    check = at_startup(settings)
    assert check.removed == [half] and not half.exists()
    assert check.busy is None and check.ok
    assert "removed leftover: " + str(half) in check.lines()


def test_at_startup_only_inspects_while_a_writer_holds_the_lock(
    tmp_path: Path, built: Settings
) -> None:
    settings = _link_to(tmp_path, built)
    half = stores_dir(settings.store_path) / "29990101T000000000000Z-2"
    (half / "oxigraph").mkdir(parents=True)
    with write_lock(settings.store_path):
        check = at_startup(settings)
    assert check.busy is not None and "another kg build or kg import holds" in check.busy
    assert check.pending == [half] and check.removed == [] and half.exists()
    assert not is_complete(half)
