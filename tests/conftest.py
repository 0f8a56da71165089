"""Shared fixtures: one real build of the national graph per test session."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.sources import PUBLIC_RECORD, registry
from kg.store import Store


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a store built once from the repository's ontology and data."""
    root = tmp_path_factory.mktemp("store")
    s = dataclasses.replace(Settings(), store_path=root / "store")
    build(s)
    return s


@pytest.fixture(scope="session")
def store(settings: Settings) -> Store:
    return Store.open(settings.store_path)


def public_record_folders(data: Path) -> set[str]:
    """The folders of ``data/regional/`` that the source registry counts as the public
    record (the project's own rule: ``"kind": "public-record"`` in ``source.json``)."""
    return {
        f.removeprefix("data/regional/").removesuffix("/*")
        for s in registry(data)
        if s.kind == PUBLIC_RECORD
        for f in s.files
    }


def without_public_record(data: Path, into: Path) -> Path:
    """A data folder at ``into`` that links every part of ``data`` but ``regional/``, and
    copies of the regional folders that are not public record: the reference data, the
    seeds and the example region alone. (The import refuses linked regional folders.)"""
    into.mkdir(parents=True)
    for entry in data.iterdir():
        if entry.name != "regional":
            (into / entry.name).symlink_to(entry.resolve())
    (into / "regional").mkdir()
    public = public_record_folders(data)
    for place in (data / "regional").iterdir():
        if place.name not in public:
            shutil.copytree(place, into / "regional" / place.name)
    return into


@pytest.fixture(scope="session")
def example_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a store built without the public record. The example region's
    planted gaps are a property of the example alone: the public record holds real facts
    for the same county (Kainuu) that fill some of them, so the tests that compare results
    with the planted list run here, and the public record's own tests on ``settings``."""
    root = tmp_path_factory.mktemp("example")
    s = dataclasses.replace(
        Settings(),
        data_dir=without_public_record(REPO_ROOT / "data", root / "data"),
        store_path=root / "store",
    )
    build(s)
    return s


@pytest.fixture(scope="session")
def example_store(example_settings: Settings) -> Store:
    return Store.open(example_settings.store_path)


@pytest.fixture(scope="module")
def writable_store(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A private copy of the built store, opened read-write. A test that claims nothing
    changed the graph runs on this: on the read-only ``store`` a write could not land, so
    the claim could not fail."""
    copy = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(settings.store_path.resolve(), copy)
    return Store(copy)


@pytest.fixture
def data_copy(tmp_path: Path) -> Settings:
    """Settings over a private copy of data/ and ontology/ that a test may corrupt."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    shutil.copytree(REPO_ROOT / "ontology", tmp_path / "ontology")
    return dataclasses.replace(
        Settings(),
        data_dir=tmp_path / "data",
        ontology_dir=tmp_path / "ontology",
        store_path=tmp_path / "var" / "store",
    )


@pytest.fixture
def example_data_copy(data_copy: Settings) -> Settings:
    """``data_copy`` without the public-record folders: the example region's planted
    gaps alone in Kainuu, for a test that changes the example and counts what follows."""
    for name in public_record_folders(data_copy.data_dir):
        shutil.rmtree(data_copy.data_dir / "regional" / name)
    return data_copy
