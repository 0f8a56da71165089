from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.regional import reference_context
from kg.importing.values import Context
from kg.store import Store

EXAMPLE = "example-kainuu"


@pytest.fixture(scope="session")
def ctx() -> Context:
    return reference_context(Settings())


@pytest.fixture
def region(data_copy: Settings, tmp_path: Path) -> tuple[Settings, Path]:
    """A built store over a data copy, and the example region moved out of data/ so that
    it can be imported (it is what a region would hand in)."""
    source = tmp_path / "incoming" / EXAMPLE
    shutil.move(data_copy.data_dir / "regional" / EXAMPLE, source)
    build(data_copy)
    return data_copy, source


@pytest.fixture(scope="module")
def built_without_example(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built once per module from a data copy without the example region, for
    tests whose imports must fail (and so never write)."""
    root = tmp_path_factory.mktemp("readonly")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "ontology", root / "ontology")
    shutil.rmtree(root / "data" / "regional" / EXAMPLE)
    settings = dataclasses.replace(
        Settings(),
        data_dir=root / "data",
        ontology_dir=root / "ontology",
        store_path=root / "var" / "store",
    )
    build(settings)
    return settings


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    """A private copy of the example region's files, as a region would hand them in."""
    target = tmp_path / "incoming" / EXAMPLE
    shutil.copytree(REPO_ROOT / "data" / "regional" / EXAMPLE, target)
    return target


def state(settings: Settings) -> tuple[int, str, Path]:
    """Statement count, canonical hash and directory of the store now serving.

    The hash is over the sorted N-Quads dump; blank-node labels are stable within one
    unchanged store, which is what this compares."""
    store = Store.open(settings.store_path)
    lines = sorted(store.dump().splitlines())
    return len(store), hashlib.sha256(b"\n".join(lines)).hexdigest(), settings.store_path.resolve()
