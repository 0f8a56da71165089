"""``kg backup`` / ``kg restore``: a round trip gives the same graphs, folders and accounts;
a damaged or hostile archive is refused, naming what is wrong, and nothing changes."""

from __future__ import annotations

import copy as copying
import dataclasses
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, parse
from rdflib import Dataset
from rdflib.compare import isomorphic

import kg.backup.restoring as restoring
from kg import __version__
from kg.backup import BackupError, backup, restore, verify
from kg.backup.archive import BUILD, GRAPHS, MANIFEST
from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.dumps import DUMP_DIR
from kg.store import BUILD_INFO, Store
from kg.store_dirs import current, mark_complete, stores_dir, swap_link, write_lock
from kg.store_health import store_problem

HAS_ACCOUNTS = hasattr(Settings(), "accounts_path")
ACCOUNTS_ROWS = [("aino@example.org", "coordinator"), ("börje@example.org", "viewer")]
CSV = "regional/example-kainuu/vastuut.csv"


def _settings(root: Path) -> Settings:
    """Settings over ``root``'s data, store link and (when the setting exists) accounts."""
    settings = dataclasses.replace(
        Settings(), store_path=root / "var" / "store", data_dir=root / "data"
    )
    if HAS_ACCOUNTS:  # the setting's field, by name: this runs before and after it came
        accounts: dict[str, Any] = {"accounts_path": root / "var" / "acc.db"}
        settings = dataclasses.replace(settings, **accounts)
    return settings


def _accounts(settings: Settings) -> Path:
    path: Path = getattr(settings, "accounts_path", settings.store_path.parent / "acc.db")
    return path


def _write_accounts(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")  # as a live service would have it
    db.execute("CREATE TABLE IF NOT EXISTS users (email TEXT PRIMARY KEY, role TEXT)")
    db.execute("DELETE FROM users")
    db.executemany("INSERT INTO users VALUES (?, ?)", rows)
    db.commit()
    db.close()


def _read_accounts(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT email, role FROM users").fetchall())
    finally:
        db.close()


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A site with its own data copy, a publish history, accounts, and a built store."""
    root = tmp_path_factory.mktemp("origin")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    history = root / "data" / "history"
    (history / "versions").mkdir(parents=True)  # an empty folder is kept too
    (history / "notes.txt").write_text("julkaisuhistoria\n", "utf-8")
    # top-level names starting with "." are never data: left out of the archive
    (history / ".log.jsonl.123.tmp").write_text("half-written\n", "utf-8")
    (root / "data" / "regional" / ".DS_Store").write_bytes(b"\x00\x01")
    settings = _settings(root)
    _write_accounts(_accounts(settings), ACCOUNTS_ROWS)
    build(settings)
    return settings


@pytest.fixture(scope="module")
def archive(origin: Settings) -> Path:
    out = origin.store_path.parent.parent / "backup.tar.gz"
    backup(origin, out)
    return out


@pytest.fixture
def site(tmp_path: Path) -> Settings:
    """Another site, to restore into: other regional files, another history, other
    accounts, and a store of its own (one triple) that the restore must replace."""
    root = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    regional = root / "data" / "regional"
    shutil.rmtree(regional / "example-kainuu")
    (regional / "julkinen-20-kainuu" / "stray.txt").write_text("not in the backup\n", "utf-8")
    (root / "data" / "history").mkdir()
    (root / "data" / "history" / "other.txt").write_text("another history\n", "utf-8")
    settings = _settings(root)
    _write_accounts(_accounts(settings), [("someone@example.org", "viewer")])
    target = stores_dir(settings.store_path) / "20250101T000000000000Z-1"
    store = Store(target)
    store.load_quads(
        [Quad(NamedNode("urn:x:a"), NamedNode("urn:x:b"), NamedNode("urn:x:c"), NamedNode("urn:g"))]
    )
    store.flush()
    del store
    mark_complete(target, {"triples": 1, "base_iri": settings.base_iri})
    swap_link(settings.store_path, target)
    return settings


def _quads(link: Path) -> set[Quad]:
    """Every quad of the store, the merged default graph's included."""
    store = Store.open(link)
    return set(store._db)


def _files(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``root``, but what its top-level
    names starting with "." hold (never data)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if not p.relative_to(root).parts[0].startswith(".")
    }


def _state(root: Path) -> dict[str, object]:
    """All that is under ``root``: links with their targets, files with their hashes."""
    state: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            state[name] = ("link", os.readlink(path))
        elif path.is_file():
            state[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[name] = "folder"
    return state


def _same_dataset(a: set[Quad], b: set[Quad]) -> bool:
    """Equal sets of quads; with blank nodes, isomorphic graph by graph."""
    if not any(isinstance(t, BlankNode) for q in a | b for t in (q.subject, q.object)):
        return a == b
    graphs = {q.graph_name for q in a} | {q.graph_name for q in b}  # pragma: no cover
    return all(  # pragma: no cover
        isomorphic(
            _rdflib({q for q in a if q.graph_name == g}),
            _rdflib({q for q in b if q.graph_name == g}),
        )
        for g in graphs
    )


def _rdflib(quads: set[Quad]) -> Dataset:  # pragma: no cover (the data has no blank nodes)
    dataset = Dataset()
    text = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return dataset.parse(data=text, format="nt")


# -- the archive ---------------------------------------------------------------------


def test_manifest_holds_every_member_with_its_hash_and_the_store_figures(
    origin: Settings, archive: Path
) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        names = [m.name for m in tar.getmembers()]
        contents = {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isreg()
        }
        folders = {m.name for m in tar.getmembers() if m.isdir()}
    manifest = json.loads(contents.pop(MANIFEST))
    assert names[-1] == MANIFEST
    assert manifest["files"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        for name, data in contents.items()
    }
    assert set(manifest["directories"]) == folders
    target = current(origin.store_path)
    assert target is not None
    info = json.loads((target / BUILD_INFO).read_text("utf-8"))
    assert contents[BUILD] == (target / BUILD_INFO).read_bytes()
    assert manifest["triples"] == info["triples"] == len(Store.open(target))
    assert manifest["kg_version"] == __version__
    assert manifest["engine"].startswith("pyoxigraph ")
    assert manifest["parts"] == ["store", "regional", "history"] + (
        ["accounts"] if HAS_ACCOUNTS else []
    )
    regional = origin.data_dir / "regional"
    expected = {f"regional/{k}" for k, v in _files(regional).items() if v is not None}
    assert {n for n in contents if n.startswith("regional/")} == expected
    assert "history/versions" in folders and "history/notes.txt" in contents
    assert not any("/." in name for name in [*contents, *folders])
    # the graphs as N-Quads: the named graphs only (the default graph is their union)
    quads = list(parse(contents[GRAPHS], format=RdfFormat.N_QUADS))
    assert len(quads) == manifest["store"]["quads"] == len(list(Store.open(target).quads()))
    assert not any(isinstance(q.graph_name, DefaultGraph) for q in quads)
    assert verify(archive).triples == info["triples"]


def test_backup_of_a_damaged_store_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    site = _settings(tmp_path)
    link = site.store_path
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / "nowhere")
    out = tmp_path / "backup.tar.gz"
    out.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="the store cannot be backed up: the store link"):
        backup(site, out)
    assert out.read_bytes() == b"yesterday's backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_waits_for_the_store_write_lock(origin: Settings, tmp_path: Path) -> None:
    told: list[str] = []
    released = threading.Event()

    def hold() -> None:
        with write_lock(origin.store_path):
            held.set()
            time.sleep(0.5)
        released.set()

    held = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    backup(origin, tmp_path / "b.tar.gz", on_wait=told.append)
    assert released.is_set()  # the backup read nothing until the import or build was done
    holder.join()
    assert len(told) == 1 and "waiting for it to finish" in told[0]


# -- the round trip ------------------------------------------------------------------


def test_round_trip_restores_the_same_graphs_folders_and_accounts(
    origin: Settings, archive: Path, site: Settings
) -> None:
    before = current(site.store_path)
    report = restore(site, archive)
    restored = current(site.store_path)
    assert restored == report.store_dir and restored != before
    assert restored is not None and restored.parent == stores_dir(site.store_path)
    assert store_problem(site.store_path) is None
    assert _same_dataset(_quads(site.store_path), _quads(origin.store_path))
    assert any(isinstance(q.graph_name, DefaultGraph) for q in _quads(site.store_path))
    for part in ("regional", "history"):
        assert _files(site.data_dir / part) == _files(origin.data_dir / part), part
    if HAS_ACCOUNTS:
        assert _read_accounts(_accounts(site)) == sorted(ACCOUNTS_ROWS)
    source = current(origin.store_path)
    assert source is not None
    info = json.loads((restored / BUILD_INFO).read_text("utf-8"))
    original = json.loads((source / BUILD_INFO).read_text("utf-8"))
    assert info.pop("restored")["archive"] == archive.name
    assert info == original and report.triples == original["triples"]
    assert (restored / "sources.json").read_bytes() == (source / "sources.json").read_bytes()
    for dump in ("yhdyspinta.nq", "yhdyspinta.nt"):  # the same lines (in another order)
        lines = (restored / DUMP_DIR / dump).read_bytes().splitlines()
        assert sorted(lines) == sorted((source / DUMP_DIR / dump).read_bytes().splitlines())
    assert not [p for p in site.data_dir.iterdir() if p.name.startswith(".restore-")]


def test_restore_into_a_fresh_installation(origin: Settings, archive: Path, tmp_path: Path) -> None:
    site = _settings(tmp_path)
    shutil.copytree(REPO_ROOT / "data", site.data_dir, ignore=shutil.ignore_patterns("regional"))
    report = restore(site, archive)
    assert current(site.store_path) == report.store_dir
    assert store_problem(site.store_path) is None
    assert _quads(site.store_path) == _quads(origin.store_path)
    assert _files(site.data_dir / "regional") == _files(origin.data_dir / "regional")


def test_a_restore_stopped_before_the_store_switch_says_what_it_restored(
    archive: Path, site: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = current(site.store_path)

    def refuse(link: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restoring, "swap_link", refuse)
    with pytest.raises(BackupError, match="the restore stopped after it restored") as raised:
        restore(site, archive)
    assert "run the same kg restore again" in str(raised.value)
    assert current(site.store_path) == before  # the store is switched last
    assert "example-kainuu" in {p.name for p in (site.data_dir / "regional").iterdir()}
    assert sorted(p.name for p in stores_dir(site.store_path).iterdir()) == [before.name]  # type: ignore[union-attr]


def test_restore_refuses_an_archive_of_another_base_iri(archive: Path, site: Settings) -> None:
    other = dataclasses.replace(site, base_iri="https://example.org/id/")
    state = _state(site.store_path.parent.parent)
    with pytest.raises(
        BackupError, match="built with the base IRI 'https://w3id.org/yhdyspinta/id/'"
    ):
        restore(other, archive)
    assert _state(site.store_path.parent.parent) == state


# -- damaged and hostile archives ----------------------------------------------------


def _rewrite(
    archive: Path,
    out: Path,
    change: Callable[[str, bytes], bytes] = lambda _name, data: data,
    extra: list[tuple[tarfile.TarInfo, bytes | None]] | None = None,
) -> Path:
    """A copy of ``archive`` with members' bytes changed, and ``extra`` members put
    before the manifest (listed in it, with their true hashes, when they are files)."""
    with tarfile.open(archive, "r:gz") as src:
        members = [
            (m, src.extractfile(m).read() if m.isreg() else None)  # type: ignore[union-attr]
            for m in src.getmembers()
        ]
    manifest = json.loads(members.pop()[1] or b"")
    for info, data in extra or []:
        if data is not None:
            manifest["files"][info.name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
    with tarfile.open(out, "w:gz") as dst:
        for info, data in [*members, *(extra or [])]:
            if data is None:
                dst.addfile(info)
            else:
                changed = change(info.name, data)
                info = copying.copy(info)
                info.size = len(changed)
                dst.addfile(info, io.BytesIO(changed))
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        dst.addfile(info, io.BytesIO(body))
    return out


def _flip_one_byte(member: str) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]

    return change


@pytest.mark.parametrize("member", [GRAPHS, BUILD, CSV, "accounts/accounts.sqlite3"])
def test_a_member_changed_by_one_byte_is_refused_and_nothing_changes(
    member: str, archive: Path, site: Settings, tmp_path: Path
) -> None:
    if member.startswith("accounts/") and not HAS_ACCOUNTS:
        pytest.skip("no accounts setting")
    bad = _rewrite(archive, tmp_path / "bad.tar.gz", _flip_one_byte(member))
    root = site.store_path.parent.parent
    state = _state(root)
    with pytest.raises(BackupError) as raised:
        restore(site, bad)
    assert f"the member {member!r} is damaged: its SHA-256 is " in str(raised.value)
    assert str(bad) in str(raised.value)
    assert _state(root) == state


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_a_damaged_compressed_stream_is_refused_and_nothing_changes(
    where: float, archive: Path, site: Settings, tmp_path: Path
) -> None:
    """One byte of the gzip stream changed: the stream fails to decompress, or gives other
    bytes (a member's hash differs), or a broken tar header ends it early (no manifest)."""
    data = bytearray(archive.read_bytes())
    data[int(len(data) * where)] ^= 0xFF
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(bytes(data))
    root = site.store_path.parent.parent
    state = _state(root)
    with pytest.raises(BackupError) as raised:
        restore(site, bad)
    message = str(raised.value)
    assert message.startswith(f"{bad}: the archive is damaged or not a kg backup: ") or (
        " is damaged: its SHA-256 is " in message
    ), message
    assert _state(root) == state


def test_a_member_not_in_the_manifest_is_refused(
    archive: Path, site: Settings, tmp_path: Path
) -> None:
    with tarfile.open(archive, "r:gz") as src:
        members = [(m, src.extractfile(m).read()) for m in src.getmembers() if m.isreg()]  # type: ignore[union-attr]
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as dst:
        for info, data in (
            members[:-1] + [(tarfile.TarInfo("regional/smuggled.csv"), b"x")] + members[-1:]
        ):
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(
        BackupError, match="the member 'regional/smuggled.csv' is not in the manifest"
    ):
        restore(site, bad)


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


TRAVERSALS = {
    "parent": (_member("../evil.txt"), b"evil\n", "has a path that escapes the archive"),
    "absolute": (_member("/tmp/evil.txt"), b"evil\n", "has a path that escapes the archive"),
    "inner parent": (
        _member("regional/../../evil.txt"),
        b"evil\n",
        "has a path that escapes the archive",
    ),
    "symlink": (_member("regional/x", tarfile.SYMTYPE, "/etc"), None, "is a link"),
    "hard link": (_member("regional/y", tarfile.LNKTYPE, "/etc/passwd"), None, "is a link"),
    "device": (_member("regional/z", tarfile.CHRTYPE), None, "is not a plain file or folder"),
    "journal": (
        _member("regional/.import-journal.json"),
        b"{}",
        "is not part of a kg backup",
    ),
}


@pytest.mark.parametrize("case", sorted(TRAVERSALS))
def test_path_traversal_is_refused_and_nothing_changes(
    case: str, archive: Path, site: Settings, tmp_path: Path
) -> None:
    info, data, message = TRAVERSALS[case]
    info = copying.copy(info)
    if data is not None:
        info.size = len(data)
    bad = _rewrite(archive, tmp_path / "bad.tar.gz", extra=[(info, data)])
    root = site.store_path.parent.parent
    state = _state(root)
    with pytest.raises(BackupError) as raised:
        restore(site, bad)
    assert f"the member {info.name!r} {message}" in str(raised.value)
    assert _state(root) == state
    assert not (tmp_path / "evil.txt").exists() and not (root / "evil.txt").exists()
