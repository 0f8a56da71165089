"""The write step: the folder holds exactly the imported files and the store their data,
together, or neither changes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.importing.folder_write import differs, replace_folder
from kg.importing.journal import JOURNAL
from kg.importing.target import Target, plan
from kg.store import Store
from kg.store_dirs import stores_dir

from .conftest import EXAMPLE, file_size_limit, state, store_writer


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


@pytest.fixture
def setup(data_copy: Settings, tmp_path: Path) -> tuple[Settings, Target]:
    """The committed data built, and an incoming folder that replaces the example region's
    five CSV files with two of them (one edited) and a note the folder keeps."""
    folder = data_copy.data_dir / "regional" / EXAMPLE
    (folder / "notes.txt").write_text("kept", "utf-8")
    build(data_copy)
    incoming = tmp_path / "in"
    incoming.mkdir()
    shutil.copy(folder / "vastuut.csv", incoming)
    forums = (folder / "foorumit.csv").read_text("utf-8")
    assert "Pohjois-Kainuun aluetyöryhmä" in forums
    (incoming / "foorumit.csv").write_text(
        forums.replace("Pohjois-Kainuun aluetyöryhmä", "Pohjois-Kainuun yhteistyöryhmä"), "utf-8"
    )
    root = data_copy.data_dir / "regional"
    return data_copy, plan(incoming, root, into=EXAMPLE)


def test_replace_folder_holds_exactly_the_imported_files(setup: tuple[Settings, Target]) -> None:
    settings, target = setup
    old_store = settings.store_path.resolve()
    done = replace_folder(target, store_writer(settings, target), link=settings.store_path)
    folder = target.folder
    assert sorted(_snapshot(folder)) == [
        "foorumit.csv",
        "foorumit.csv.provenance.json",
        "notes.txt",
        "planted_gaps.json",
        "source.json",
        "vastuut.csv",
        "vastuut.csv.provenance.json",
    ]
    assert done.files == [folder / "foorumit.csv", folder / "vastuut.csv"]
    assert sorted(p.name for p in done.removed) == [
        "kaksoisroolit.csv",
        "neuvottelut.csv",
        "sopimukset.csv",
    ]
    side = json.loads((folder / "foorumit.csv.provenance.json").read_text("utf-8"))
    src = target.source_dir / "foorumit.csv"
    assert side["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert side["original_file"] == "foorumit.csv"
    # the store serves the new folder: a new directory, the two graphs, the edited name
    store = Store.open(settings.store_path)
    assert settings.store_path.resolve() != old_store
    graphs = sorted(
        g.rsplit("/", 1)[1] for g in store.named_graphs() if f"/regional/{EXAMPLE}/" in g
    )
    assert graphs == ["foorumit", "vastuut"]
    labels = {r["l"] for r in store.select("SELECT ?l WHERE { ?f a yp:Forum ; skos:prefLabel ?l }")}
    assert "Pohjois-Kainuun yhteistyöryhmä" in labels
    assert "Pohjois-Kainuun aluetyöryhmä" not in labels
    # the files are named in their provenance as they are now, never as staged
    sources = {
        r["s"]
        for r in store.select(
            "SELECT ?s WHERE { GRAPH ?g { ?g dcterms:source ?s } }",
        )
        if f"regional/{EXAMPLE}/" in r["s"]
    }
    assert sources == {
        f"data/regional/{EXAMPLE}/foorumit.csv",
        f"data/regional/{EXAMPLE}/vastuut.csv",
    }
    assert _hidden(target.root) == []  # no journal, no staging or trash folder
    assert not differs(target)  # a second import of the same files changes no file


def test_replace_folder_failed_store_write_changes_nothing(setup: tuple[Settings, Target]) -> None:
    settings, target = setup
    before_files, before_store = _snapshot(target.folder), state(settings)
    stores_before = sorted(stores_dir(settings.store_path).iterdir())
    write = store_writer(settings, target)
    # the folder stages (its files are small), the store cannot be written (as on a full disk)
    assert max(p.stat().st_size for p in target.source_dir.iterdir()) < 1_000_000
    with file_size_limit(1_000_000), pytest.raises(OSError, match="File too large"):
        replace_folder(target, write, link=settings.store_path)
    assert _snapshot(target.folder) == before_files
    assert state(settings) == before_store
    assert sorted(stores_dir(settings.store_path).iterdir()) == stores_before
    assert _hidden(target.root) == []
    assert not (target.root / JOURNAL).exists()


def test_replace_folder_brings_source_json(setup: tuple[Settings, Target]) -> None:
    settings, target = setup
    (target.source_dir / "source.json").write_text('{"title": "new"}', "utf-8")
    assert differs(target)
    replace_folder(target, store_writer(settings, target), link=settings.store_path)
    assert json.loads((target.folder / "source.json").read_text("utf-8")) == {"title": "new"}
    store = Store.open(settings.store_path)
    titles = {r["t"] for r in store.select("SELECT ?t WHERE { GRAPH ?g { ?g dcterms:title ?t } }")}
    assert "new" in titles


def test_differs_on_names_contents_and_manifest(setup: tuple[Settings, Target]) -> None:
    settings, target = setup
    assert differs(target)  # stale files to remove, one file edited
    replace_folder(target, store_writer(settings, target), link=settings.store_path)
    assert not differs(target)
    src, _ = target.moves[0]
    src.write_bytes(src.read_bytes() + b"\n")  # another byte, the same rows
    assert differs(target)
