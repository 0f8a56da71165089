"""Which store serves, and keeping a SPARQL server on the linked version (kg.serving), on
a real `oxigraph serve` of this module."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.build import build
from kg.config import RemoteEndpoints, Settings
from kg.recovery import at_startup
from kg.remote_store import RemoteStore
from kg.serving import in_step, note_path, open_store, push, pushed
from kg.store import Store
from kg.store_dirs import current, stores_dir
from tests.oxigraph_server import free_port, oxigraph_server


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = dataclasses.replace(
        Settings(), store_path=tmp_path_factory.mktemp("built") / "var" / "store"
    )
    build(settings)
    return settings


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEndpoints]:
    with oxigraph_server(tmp_path_factory.mktemp("serving") / "db") as endpoints:
        yield endpoints


@pytest.fixture
def linked(tmp_path: Path, built: Settings, server: RemoteEndpoints) -> Settings:
    """A link of its own to a copy of the built version, served by the module's server
    (which holds nothing of it yet)."""
    link = tmp_path / "var" / "store"
    source = current(built.store_path)
    assert source is not None
    target = stores_dir(link) / source.name
    shutil.copytree(source, target)
    link.symlink_to(os.path.relpath(target, link.parent))
    RemoteStore(server).replace_dataset(Store(), "empty")
    return dataclasses.replace(built, store_path=link, remote=server)


def expected_triples(settings: Settings) -> int:
    return int(Store.open(settings.store_path).build_info()["triples"])


def test_open_store_on_either_store(linked: Settings) -> None:
    embedded = open_store(dataclasses.replace(linked, remote=None))
    assert type(embedded) is Store
    remote = open_store(linked)
    assert isinstance(remote, RemoteStore)
    assert remote.path == current(linked.store_path)  # the version's files stay local
    with pytest.raises(FileNotFoundError, match="kg build"):
        open_store(dataclasses.replace(linked, store_path=linked.store_path.parent / "none"))


def test_a_server_not_yet_written_is_given_the_linked_version(linked: Settings) -> None:
    said = in_step(linked)
    assert said is not None and "has not been written from this store" in said
    assert len(open_store(linked)) == expected_triples(linked)
    note = pushed(linked)
    target = current(linked.store_path)
    assert target is not None
    assert note == {"server": linked.remote.query, "version": target.name, "finished": True}
    assert in_step(linked) is None  # in step now: nothing is sent


def test_a_push_not_followed_by_its_switch_is_undone(linked: Settings) -> None:
    in_step(linked)
    # a writer pushed another version and was killed before switching the link
    note = json.loads(note_path(linked).read_text("utf-8"))
    note_path(linked).write_text(json.dumps(note | {"version": "20990101T000000Z-9"}))
    said = in_step(linked)
    assert said is not None and "not followed by its link switch" in said
    assert pushed(linked)["version"] == current(linked.store_path).name  # type: ignore[union-attr]


def test_an_emptied_server_is_written_again(linked: Settings) -> None:
    in_step(linked)
    assert linked.remote is not None
    httpx.post(linked.remote.update, data={"update": "CLEAR ALL"}).raise_for_status()
    said = in_step(linked)
    assert said is not None and "holds 0 triples" in said
    assert len(open_store(linked)) == expected_triples(linked)


def test_a_push_is_nothing_on_the_embedded_store(linked: Settings) -> None:
    embedded = dataclasses.replace(linked, remote=None)
    target = current(linked.store_path)
    assert target is not None
    push(embedded, target)
    assert in_step(embedded) is None and not note_path(embedded).exists()


def test_start_up_with_the_server_down_names_it_and_does_not_start_on_nothing(
    linked: Settings,
) -> None:
    gone = dataclasses.replace(
        linked, remote=RemoteEndpoints.under(f"http://127.0.0.1:{free_port()}")
    )
    check = at_startup(gone)
    assert check.busy is not None and "cannot be reached" in check.busy
    assert pushed(gone) == {} or pushed(gone).get("finished") is False
