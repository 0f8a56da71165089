"""Shared fixtures: one real build of the national graph per test session."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build
from kg.config import REPO_ROOT, RemoteEndpoints, Settings
from kg.recovery import recover
from kg.serving import open_store
from kg.sources import PUBLIC_RECORD, registry
from kg.store import Store
from kg.store_dirs import write_lock
from tests.oxigraph_server import oxigraph_server

STORE_KINDS = ("embedded", "remote")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked ``both_stores`` runs each of its tests on the embedded store and
    on the graph pushed to a real Oxigraph server (``YP_STORE=http://…``)."""
    if metafunc.definition.get_closest_marker("both_stores") is None:
        return
    if "store_kind" in metafunc.fixturenames:
        metafunc.parametrize("store_kind", STORE_KINDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def store_kind(request: pytest.FixtureRequest) -> str:
    """Which store the shared ``settings`` and ``store`` serve from (embedded, unless the
    module is marked ``both_stores``)."""
    return str(getattr(request, "param", "embedded"))


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a store built once from the repository's ontology and data."""
    root = tmp_path_factory.mktemp("store")
    s = dataclasses.replace(Settings(), store_path=root / "store")
    build(s)
    return s


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEndpoints]:
    """A real Oxigraph server on 127.0.0.1, its database in a temporary folder."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as endpoints:
        yield endpoints


@pytest.fixture(scope="session")
def remote_settings(built_settings: Settings, oxigraph: RemoteEndpoints) -> Settings:
    """The built store's settings with the Oxigraph server holding the graph: the
    recovery pushes the linked version to it, as the service's start-up does."""
    s = dataclasses.replace(built_settings, remote=oxigraph)
    with write_lock(s.store_path):
        check = recover(s)
    assert check.server is not None and "given version" in check.server, check.lines()
    return s


@pytest.fixture(scope="session")
def settings(store_kind: str, request: pytest.FixtureRequest) -> Settings:
    """The built national graph's settings, served by the store ``store_kind`` names."""
    name = "remote_settings" if store_kind == "remote" else "built_settings"
    found: Settings = request.getfixturevalue(name)
    return found


@pytest.fixture(scope="session")
def store(settings: Settings) -> Store:
    return open_store(settings)


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
