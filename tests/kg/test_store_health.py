"""A damaged store is named at start-up and by ``kg info``, with what to do: a link to
nothing, no or a broken build record, database files the engine refuses or cannot read,
and a database that lost triples. The service refuses to start on it."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import DefaultGraph
from pyoxigraph import Store as OxStore
from typer.testing import CliRunner

import kg.store_health as store_health
from api.main import create_app
from kg.build import build
from kg.cli import app
from kg.config import Settings
from kg.recovery import at_startup, inspect
from kg.store import BUILD_INFO, DB_DIR
from kg.store_dirs import current, stores_dir
from kg.store_health import DAMAGED_FIX, StoreDamaged, store_problem

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One complete store, built once; each test damages its own copy."""
    root = tmp_path_factory.mktemp("health")
    settings = dataclasses.replace(Settings(), store_path=root / "var" / "store")
    build(settings)
    return settings


@pytest.fixture
def copy(tmp_path: Path, built: Settings) -> Settings:
    """Settings over a store link to a private copy of the built store."""
    link = tmp_path / "var" / "store"
    target = stores_dir(link) / "20260101T000000000000Z-1"
    source = current(built.store_path)
    assert source is not None
    shutil.copytree(source, target)
    link.symlink_to(os.path.relpath(target, link.parent))
    return dataclasses.replace(built, store_path=link, data_dir=tmp_path / "data")


def _target(settings: Settings) -> Path:
    target = current(settings.store_path)
    assert target is not None
    return target


def _missing_directory(target: Path) -> None:
    shutil.rmtree(target)


def _no_build_record(target: Path) -> None:
    (target / BUILD_INFO).unlink()


def _build_record_not_json(target: Path) -> None:
    (target / BUILD_INFO).write_text('{"triples": 34', "utf-8")  # cut short


def _build_record_without_count(target: Path) -> None:
    (target / BUILD_INFO).write_text('{"built_at": "2026-01-01"}', "utf-8")


def _database_files_truncated(target: Path) -> None:
    for path in (target / DB_DIR).glob("*.sst"):
        os.truncate(path, path.stat().st_size // 2)


def _database_files_garbage(target: Path) -> None:
    for path in (target / DB_DIR).iterdir():
        if path.is_file() and path.stat().st_size:
            path.write_bytes(b"\x5a" * path.stat().st_size)


def _database_lost_triples(target: Path) -> None:
    """Three triples of the merged default graph removed behind the build's back."""
    db = OxStore(str(target / DB_DIR))
    lost = list(db.quads_for_pattern(None, None, None, DefaultGraph()))[:3]
    for quad in lost:
        db.remove(quad)
    db.flush()
    del db


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing directory": (_missing_directory, "points at {target}, which is missing"),
    "no build.json": (_no_build_record, "the store {target} is incomplete"),
    "build.json not JSON": (_build_record_not_json, "build.json cannot be read as JSON"),
    "build.json without count": (_build_record_without_count, "build.json has no triple count"),
    "database truncated": (_database_files_truncated, "the store {target} cannot be opened"),
    "database garbage": (_database_files_garbage, "the store {target} cannot be opened"),
    "database lost triples": (
        _database_lost_triples,
        "is damaged: its database holds {held} triples, its build.json records",
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_store_is_named_with_what_to_do(case: str, copy: Settings) -> None:
    target = _target(copy)
    recorded = json.loads((target / BUILD_INFO).read_text("utf-8"))["triples"]
    damage, expected = DAMAGE[case]
    damage(target)
    problem = store_problem(copy.store_path)
    assert problem is not None and problem.damaged
    assert expected.format(target=target, held=recorded - 3) in problem.what
    assert str(target) in problem.what
    assert str(problem) == f"{problem.what}: {DAMAGED_FIX}"
    assert "kg restore ARCHIVE" in str(problem) and "kg build" in str(problem)
    check = inspect(copy)
    assert check.damaged and check.problem == str(problem)


def test_a_sound_store_has_no_problem(copy: Settings) -> None:
    assert store_problem(copy.store_path) is None
    assert (
        store_health.count_triples(_target(copy))
        == json.loads((_target(copy) / BUILD_INFO).read_text("utf-8"))["triples"]
    )


def test_no_store_at_all_is_not_damage(tmp_path: Path) -> None:
    problem = store_problem(tmp_path / "var" / "store")
    assert problem is not None and not problem.damaged
    assert str(problem) == f"there is no store at {tmp_path / 'var' / 'store'}: run kg build"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_garbage_inside_database_blocks_is_damage_and_this_process_survives(
    seed: int, copy: Settings
) -> None:
    """Random bytes inside the data blocks: the engine reports a checksum mismatch, or
    (some seeds) asks for more memory than the probe may have and aborts. Either way it
    is named as damage, and this process goes on."""
    target = _target(copy)
    rng = random.Random(seed)
    for path in sorted((target / DB_DIR).glob("*.sst")):
        size = path.stat().st_size
        if size > 16384:
            with path.open("r+b") as handle:
                handle.seek(size // 3)
                handle.write(rng.randbytes(4096))
    problem = store_problem(copy.store_path)
    assert problem is not None and problem.damaged
    assert problem.what.startswith(f"the store {target} cannot be ")


def test_an_engine_that_dies_reading_is_named(
    copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_health, "PROBE", "import os; os.abort()")
    problem = store_problem(copy.store_path)
    assert problem is not None and problem.damaged
    assert problem.what == (
        f"the store {_target(copy)} cannot be read: reading it made the engine fail "
        "(it was stopped by SIGABRT: nothing said)"
    )


def test_kg_info_says_the_same_and_exits_2(copy: Settings) -> None:
    (_target(copy) / BUILD_INFO).write_text("not json", "utf-8")
    expected = str(store_problem(copy.store_path))
    result = runner.invoke(app, ["info", "--store", str(copy.store_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    stderr = " ".join(result.stderr.split())  # rich wraps long lines
    assert f"store problem: {expected}" in stderr
    assert f"error: {expected}" in stderr


def test_at_startup_raises_with_the_message(copy: Settings) -> None:
    _database_lost_triples(_target(copy))
    expected = str(store_problem(copy.store_path))
    with pytest.raises(StoreDamaged) as raised:
        at_startup(copy)
    assert str(raised.value) == f"the service refuses to start: {expected}"


def test_the_service_refuses_to_start_on_a_damaged_store(
    copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    target = _target(copy)
    shutil.rmtree(target / DB_DIR)
    (target / DB_DIR).mkdir()  # an empty database folder: no CURRENT file
    with (
        caplog.at_level(logging.INFO, logger="uvicorn.error"),
        pytest.raises(StoreDamaged, match="the service refuses to start: the store"),
        TestClient(create_app(copy)),
    ):
        pytest.fail("the service started")  # pragma: no cover
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith(f"the service refuses to start: the store {target} cannot be")
    assert errors[0].endswith(DAMAGED_FIX)


def test_the_service_starts_on_a_sound_store(copy: Settings) -> None:
    with TestClient(create_app(copy)) as client:
        health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["triples"] == store_health.count_triples(_target(copy))
