"""The same answers from a SPARQL server as from the embedded store: `kg build`,
`kg validate`, `kg audit` and every named query, on the national graph built once on each
(the server a real `oxigraph serve` of this module, chosen as `YP_STORE=http://…`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import CanonicalizationAlgorithm, Dataset

from kg.audit.evaluate import audit
from kg.build import build
from kg.config import REPO_ROOT, RemoteEndpoints, Settings
from kg.named_queries import load_named_queries
from kg.remote_store import RemoteStore
from kg.serving import open_store
from kg.sparql import answer
from kg.store import Store
from kg.validation.engine import validate
from tests.oxigraph_server import oxigraph_server

AS_OF = dt.date(2026, 11, 23)
JSON = ["application/sparql-results+json"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEndpoints]:
    with oxigraph_server(tmp_path_factory.mktemp("comparison") / "db") as endpoints:
        yield endpoints


@pytest.fixture(scope="module")
def remote_built(tmp_path_factory: pytest.TempPathFactory, server: RemoteEndpoints) -> Settings:
    """The national graph built with the server as the store (the build pushes it)."""
    root = tmp_path_factory.mktemp("remote-build")
    settings = dataclasses.replace(Settings(), store_path=root / "var" / "store", remote=server)
    build(settings)
    return settings


@pytest.fixture(scope="module")
def pair(built_settings: Settings, remote_built: Settings) -> tuple[Store, Store]:
    embedded = open_store(built_settings)
    remote = open_store(remote_built)
    assert type(embedded) is Store and isinstance(remote, RemoteStore)
    return embedded, remote


def canonical(store: Store) -> Dataset:
    data = Dataset(store.dataset_quads())
    data.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return data


def test_the_build_gives_the_server_the_same_dataset(pair: tuple[Store, Store]) -> None:
    embedded, remote = pair
    assert remote.named_graphs() == embedded.named_graphs()
    assert len(remote) == len(embedded) > 30_000
    assert canonical(remote) == canonical(embedded)
    assert remote.build_info()["triples"] == embedded.build_info()["triples"]


def test_validation_gives_the_same_results(pair: tuple[Store, Store]) -> None:
    embedded, remote = pair
    found = [sorted(map(repr, validate(s, as_of=AS_OF))) for s in pair]
    assert found[0] and found[0] == found[1]


def test_the_audit_gives_the_same_rows(pair: tuple[Store, Store]) -> None:
    rows = [audit(s, as_of=AS_OF).rows for s in pair]
    assert rows[0] and rows[0] == rows[1]


def _solutions(store: Store, text: str) -> list[Any]:
    body = json.loads(answer(store, text, media_types=JSON).body)
    return body["results"]["bindings"] if "results" in body else [body["boolean"]]


@pytest.mark.parametrize("query_id", sorted(load_named_queries()))
def test_each_named_query_gives_the_same_rows(query_id: str, pair: tuple[Store, Store]) -> None:
    query = load_named_queries()[query_id]
    text = query.prepared({})
    embedded, remote = (_solutions(s, text) for s in pair)
    assert remote == embedded  # the same rows in the same order


def _kg(settings_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YP_")} | settings_env
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_cli_gives_the_same_reports(
    tmp_path: Path, server: RemoteEndpoints, built_settings: Settings
) -> None:
    """`kg build`, `kg validate` and `kg audit` with YP_STORE naming the server, against
    the same commands on the embedded store."""
    url = server.query.removesuffix("/query")
    remote = {"YP_STORE": url, "YP_STORE_DIR": str(tmp_path / "var" / "store")}
    embedded = {"YP_STORE": str(built_settings.store_path)}
    built = _kg(remote, "build")
    assert built.returncode == 0, built.stderr
    # the versions' files under YP_STORE_DIR, not in a folder named after the URL
    assert (tmp_path / "var" / "store").is_symlink()
    assert not (REPO_ROOT / "http:").exists()
    day = ["--as-of", AS_OF.isoformat(), "--format", "json"]
    for command in (["validate", *day], ["audit", *day]):
        there, here = _kg(remote, *command), _kg(embedded, *command)
        assert (there.returncode, there.stderr) == (here.returncode, here.stderr), command
        assert json.loads(there.stdout) == json.loads(here.stdout)
        assert json.loads(here.stdout)  # a report, not nothing
