from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import resource
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.folder_write import WriteStore
from kg.importing.importer import read_and_convert
from kg.importing.regional import serving_context
from kg.importing.target import Target
from kg.importing.values import Context
from kg.iris import Minter
from kg.store import Store

EXAMPLE = "example-kainuu"
SPREADSHEETS = Path(__file__).with_name("fixtures") / "spreadsheet"


def _fixture_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", SPREADSHEETS / "make_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixture_script = _fixture_script()


def write_excel_csv(path: Path, rows: list[list[str]], *, encoding: str = "cp1252") -> Path:
    """Rows written as Finnish Excel's CSV (``;``, CRLF, d.m.yyyy; Windows-1252 unless
    ``encoding`` is utf-8-sig), the way ``fixtures/spreadsheet/make_fixtures.py`` does."""
    path.write_bytes(fixture_script.excel_csv(rows, encoding=encoding))
    return path


def plain_rows(name: str) -> list[list[str]]:
    """The cells of ``fixtures/spreadsheet/plain/NAME.csv``, header first."""
    rows: list[list[str]] = fixture_script.read_plain(SPREADSHEETS / "plain" / f"{name}.csv")
    return rows


@pytest.fixture
def fresh(ctx: Context) -> Context:
    """The session's checking context with nothing found yet (its indexes shared)."""
    copy = dataclasses.replace(ctx)
    copy.reset()
    return copy


@pytest.fixture(scope="session")
def ctx(settings: Settings) -> Context:
    """The checking context an import makes, from the session's built store."""
    return serving_context(Store.open(settings.store_path), Minter(settings.base_iri))


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


def store_writer(settings: Settings, target: Target) -> WriteStore:
    """What the import writes its next store with: the target's files checked against the
    serving store's names and converted, written over a copy of the serving store."""
    serving = Store.open(settings.store_path)
    ctx = serving_context(serving, Minter(settings.base_iri))
    converted = read_and_convert(target.source_dir, target, settings, ctx)
    return converted.store_writer(serving, settings)


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """No file written in the block may grow past ``limit`` bytes (``RLIMIT_FSIZE``): a
    write past it fails with EFBIG, as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the signal kills us
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, ignored)


def state(settings: Settings) -> tuple[int, str, Path]:
    """Statement count, canonical hash and directory of the store now serving.

    The hash is over the sorted N-Quads dump; blank-node labels are stable within one
    unchanged store, which is what this compares."""
    store = Store.open(settings.store_path)
    lines = sorted(store.dump().splitlines())
    return len(store), hashlib.sha256(b"\n".join(lines)).hexdigest(), settings.store_path.resolve()
