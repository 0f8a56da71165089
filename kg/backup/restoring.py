"""``kg restore``: bring back what ``kg backup`` archived, each part whole or not at all.

1. The whole archive is checked first (``kg.backup.archive.verify``): every member's hash
   against the manifest, every name safe. A damaged archive is refused naming the member,
   and nothing is written.
2. Under the store's write lock, after the recovery every writer runs first
   (``kg.recovery``), everything is staged beside where it goes: the graphs are loaded
   into a new store directory under ``var/store.d/`` with the merged default graph made
   again as a build makes it (``Store.load_quads``: each quad into its named graph and the
   union), counted against the archive's ``build.json``, given its dumps and registry and
   marked complete (``kg.store_dirs``); the folders are written to hidden staging folders
   beside ``data/regional/`` and ``data/history/``; the accounts database to a file
   beside it, whose integrity SQLite checks. The archive is read again as it is staged
   and held to the checked manifest.
3. Then each part is put in place, the store last: the accounts database by SQLite's
   online backup into the live file (a service holding it open sees the restored rows);
   each folder by exchanging it with its staging folder in one atomic rename
   (``renameat2(RENAME_EXCHANGE)``), then removing the old one; the store by switching
   its link (``kg.store_dirs.swap_link``), as a build does.

A kill before step 3 changes nothing that is read (the next writer removes what was
staged). A kill during step 3 leaves each part old or new, never half-written; run the
same restore again to finish. The folders go before the store so that the data folder is
never older than the store: a ``kg build`` after an interrupted restore makes the store
from the restored folders.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph

from kg.backup.archive import (
    ACCOUNTS,
    BUILD,
    GRAPHS,
    HISTORY,
    REGIONAL,
    SOURCES,
    BackupError,
    Manifest,
    Readable,
    members,
    verify,
)
from kg.config import Settings
from kg.dumps import write_dumps
from kg.durable import fsync_dir, fsync_tree
from kg.recovery import StoreCheck, recover
from kg.serving import push
from kg.sources import REGISTRY_FILE, read_registry
from kg.store import Store
from kg.store_dirs import clean, current, mark_complete, new_store_dir, swap_link, write_lock

_STAGING = re.compile(r"^\.restore-(regional|history|accounts)-\d{8}T\d{6}Z-\d+$")
_CHUNK = 1024 * 1024


@dataclass
class RestoreReport:
    archive: Path
    manifest: Manifest
    store_dir: Path
    triples: int
    restored: list[str] = field(default_factory=list)  # the parts put in place
    notes: list[str] = field(default_factory=list)  # parts left as they were, and why
    check: StoreCheck | None = None  # what the recovery before it found
    removed: list[Path] = field(default_factory=list)  # older stores and leftovers removed
    seconds: float = 0.0


@dataclass
class _Staged:
    """What step 2 wrote, to put in place or to remove."""

    store_dir: Path
    folders: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # part: staged, dest
    accounts: Path | None = None
    triples: int = 0

    def discard(self) -> None:
        if self.store_dir.exists():
            shutil.rmtree(self.store_dir, ignore_errors=True)
        for staged, _dest in self.folders.values():
            shutil.rmtree(staged, ignore_errors=True)
        if self.accounts is not None:
            self.accounts.unlink(missing_ok=True)


def restore(
    settings: Settings, archive: Path, *, on_wait: Callable[[str], None] | None = None
) -> RestoreReport:
    """Check the archive whole, then put its store, folders and accounts database in
    place (see the module's description). Holds the store's write lock from the staging
    on (``on_wait`` is told if another command holds it)."""
    started = time.perf_counter()
    archive = Path(os.path.abspath(archive))
    manifest = verify(archive)
    built_with = manifest.store["base_iri"]
    if built_with != settings.base_iri:
        raise BackupError(
            f"the archive's store was built with the base IRI {built_with!r}, not "
            f"{settings.base_iri!r}",
            path=archive,
            fix=f"restore with YP_BASE_IRI={built_with}",
        )
    link = settings.store_path
    with write_lock(link, on_wait=on_wait):
        check = recover(settings)
        removed = _remove_stale_staging(settings)
        staged = _Staged(new_store_dir(link))
        try:
            _stage(archive, manifest, settings, staged)
            report = RestoreReport(archive, manifest, staged.store_dir, staged.triples)
            _commit(settings, staged, report)
        except BaseException:
            if current(link) != staged.store_dir:  # never the store now being served
                staged.discard()
            raise
        report.removed = removed + clean(link)
    report.check = check
    report.seconds = time.perf_counter() - started
    return report


def _stage(archive: Path, manifest: Manifest, settings: Settings, staged: _Staged) -> None:
    """Step 2: the archive read again into the new store directory and staging places."""
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"
    for part in (REGIONAL, HISTORY):
        if part in manifest.parts:
            dest = _real(settings.data_dir / part)
            staged.folders[part] = (dest.parent / f".restore-{part}-{stamp}", dest)
    accounts: Path | None = getattr(settings, "accounts_path", None)
    store_files: dict[str, bytes] = {}
    for member in members(archive, manifest):
        top, _, rest = member.name.partition("/")
        if top in staged.folders:
            place = staged.folders[top][0] / rest if rest else staged.folders[top][0]
            if member.stream is None:
                place.mkdir(parents=True, exist_ok=True)
            else:
                place.parent.mkdir(parents=True, exist_ok=True)
                _copy(member.stream, place)
                os.utime(place, (member.mtime, member.mtime))
        elif member.name == ACCOUNTS and member.stream is not None:
            if accounts is not None:
                staged.accounts = _real(accounts).parent / f".restore-accounts-{stamp}"
                staged.accounts.parent.mkdir(parents=True, exist_ok=True)
                _copy(member.stream, staged.accounts)
        elif member.stream is not None:
            store_files[member.name] = member.stream.read()
    for staged_folder, _dest in staged.folders.values():
        fsync_tree(staged_folder)
    if staged.accounts is not None:
        _check_sqlite(staged.accounts, archive)
    _write_store(archive, manifest, store_files, staged)


def _write_store(
    archive: Path, manifest: Manifest, files: dict[str, bytes], staged: _Staged
) -> None:
    """The new store directory, complete: the graphs with their merged default graph made
    again, counted against the archive's build record, with dumps and registry."""
    info = _build_record(files[BUILD], archive)
    memory = Store()
    try:
        memory.load_quads(pyoxigraph.parse(files[GRAPHS], format=pyoxigraph.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise BackupError(f"{GRAPHS} is not N-Quads ({exc})", path=archive) from exc
    target = staged.store_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    store = Store(target)
    store.load_dataset(memory)
    staged.triples = len(store)
    store.flush()
    del store
    if not staged.triples == manifest.triples == info.get("triples"):
        raise BackupError(
            f"the archive's graphs make {staged.triples} triples; its manifest records "
            f"{manifest.triples} and its {BUILD} {info.get('triples')}",
            path=archive,
        )
    (target / REGISTRY_FILE).write_bytes(files[SOURCES])
    try:
        sources = read_registry(target)
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{SOURCES} is not a source registry ({exc})", path=archive) from exc
    write_dumps(memory, target, sources)
    info["restored"] = {
        "archive": archive.name,
        "archive_created_at": manifest.created_at,
        "restored_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    mark_complete(target, info)  # written last: a directory without it is unfinished


def _commit(settings: Settings, staged: _Staged, report: RestoreReport) -> None:
    """Step 3: each part in place, the store last. A failure part-way says what was done."""
    manifest = report.manifest
    try:
        accounts: Path | None = getattr(settings, "accounts_path", None)
        if staged.accounts is not None and accounts is not None:
            _sqlite_copy(staged.accounts, accounts)
            staged.accounts.unlink()
            staged.accounts = None
            report.restored.append(f"accounts database {accounts}")
        elif "accounts" in manifest.parts:
            report.notes.append(
                "the archive's accounts database was not restored: this version has no "
                "accounts setting"
            )
        else:
            report.notes.append("the archive has no accounts database: left as it was")
        if HISTORY not in manifest.parts:
            report.notes.append("the archive has no data/history/: left as it was")
        for part in (HISTORY, REGIONAL):
            if part in staged.folders:
                source, dest = staged.folders.pop(part)
                replace_folder(source, dest)
                report.restored.append(f"{settings.data_dir / part}/")
        push(settings, staged.store_dir)  # a SPARQL server takes it first (kg.serving)
        swap_link(settings.store_path, staged.store_dir)  # the store, last
        report.restored.append(f"store {settings.store_path} -> {staged.store_dir}")
    except BaseException as exc:
        if report.restored and isinstance(exc, Exception):
            raise BackupError(
                f"the restore stopped after it restored {', '.join(report.restored)} ({exc})",
                path=report.archive,
                fix="run the same kg restore again to finish it",
            ) from exc
        raise


def replace_folder(staged: Path, dest: Path) -> None:
    """Put the complete folder ``staged`` at ``dest`` (its sibling) in one atomic step,
    and remove the old one: a kill leaves the old folder or the new, never neither."""
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        staged.rename(dest)
    else:
        _exchange(staged, dest)  # staged now holds the old folder
        fsync_dir(dest.parent)
        shutil.rmtree(staged)
    fsync_dir(dest.parent)


def _exchange(a: Path, b: Path) -> None:
    """Swap two names atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available: cannot swap folders atomically")
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"cannot swap {a} and {b}: {os.strerror(code)}")


def _sqlite_copy(source: Path, dest: Path) -> None:
    """Replace the database ``dest``'s contents with ``source``'s by SQLite's online
    backup: one transaction on ``dest``, under its own locks."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(dest, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:  # e.g. the service held a write lock on it too long
        raise BackupError(f"the accounts database cannot be written ({exc})", path=dest) from exc


def _check_sqlite(path: Path, archive: Path) -> None:
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise BackupError(f"{ACCOUNTS} is not a sound SQLite database ({verdict})", path=archive)


def _build_record(data: bytes, archive: Path) -> dict[str, Any]:
    try:
        info = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"{BUILD} is not JSON ({exc})", path=archive) from exc
    if not isinstance(info, dict):
        raise BackupError(f"{BUILD} is not a build record", path=archive)
    return info


def _copy(stream: Readable, path: Path) -> None:
    with path.open("xb") as out:
        while chunk := stream.read(_CHUNK):
            out.write(chunk)


def _real(path: Path) -> Path:
    """Where a folder really is: a link is followed, so its target is replaced, not it."""
    return path.resolve() if path.is_symlink() else Path(os.path.abspath(path))


def _remove_stale_staging(settings: Settings) -> list[Path]:
    """Staging folders and files a killed restore left (the caller holds the lock)."""
    places = {_real(settings.data_dir / p).parent for p in (REGIONAL, HISTORY)}
    accounts: Path | None = getattr(settings, "accounts_path", None)
    if accounts is not None:
        places.add(_real(accounts).parent)
    removed = []
    for place in sorted(places):
        if not place.is_dir():
            continue
        for path in sorted(place.iterdir()):
            if _STAGING.match(path.name) and not path.is_symlink():
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    return removed
