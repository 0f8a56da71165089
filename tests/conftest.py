"""Shared fixtures: one real build of the national graph per test session."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import REPO_ROOT, Settings
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
