"""``kg backup``: one archive of what brings the service back (``kg.backup.archive``).

Everything is read under the store's write lock (``kg.store_dirs.write_lock``), after the
recovery every writer runs first (``kg.recovery``): no build or import can switch the
store, or change ``data/regional/`` or ``data/history/``, between the reads, so the
archive's store, folders and history belong together. The accounts database, which the
service writes without that lock, is copied with SQLite's online backup, a consistent
snapshot whatever the service does meanwhile.

The store goes in as its named graphs in N-Quads, not as the engine's database files:
the text format reads into any later engine version, and it is what the store *means*
(the merged default graph is their union; a restore makes it again). The dumps are not
archived: a restore writes them again from the same graphs and registry.

The archive is written to a temporary file beside ``OUT``, flushed, and renamed over it:
a failed or killed backup leaves the previous ``OUT`` (if any) as it was.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pyoxigraph

from kg import __version__
from kg.backup.archive import (
    ACCOUNTS,
    BUILD,
    GRAPHS,
    HISTORY,
    MANIFEST,
    REGIONAL,
    SOURCES,
    BackupError,
    Digest,
    Manifest,
)
from kg.config import Settings
from kg.durable import fsync_dir
from kg.recovery import StoreCheck, recover
from kg.sources import REGISTRY_FILE
from kg.store import BUILD_INFO, Store
from kg.store_dirs import current, write_lock

# every distinct triple of the named graphs: equal to the merged default graph's count
# when that graph is their union, which a restore relies on
_NAMED_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_NAMED_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)


@dataclass
class BackupReport:
    archive: Path
    manifest: Manifest
    size: int = 0  # bytes of the archive
    seconds: float = 0.0
    check: StoreCheck | None = None  # what the recovery before it found
    notes: list[str] = field(default_factory=list)  # parts not found, so not archived


def backup(
    settings: Settings, out: Path, *, on_wait: Callable[[str], None] | None = None
) -> BackupReport:
    """Write the archive ``out``: the serving store, ``data/regional/``, ``data/history/``
    and the accounts database (the last two when they exist). Holds the store's write lock
    while it reads (``on_wait`` is told if another command holds it)."""
    started = time.perf_counter()
    out = Path(os.path.abspath(out))
    if out.is_dir():
        raise BackupError("is a folder; name the archive file to write", path=out)
    if not out.parent.is_dir():
        raise BackupError("the folder to write the archive into does not exist", path=out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with write_lock(settings.store_path, on_wait=on_wait):
            check = recover(settings)
            with tmp.open("wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    writer = _Writer(tar)
                    manifest, notes = _write_members(settings, writer, check)
                    writer.add(MANIFEST, manifest.to_json(), record=False)
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    report = BackupReport(out, manifest, out.stat().st_size, check=check, notes=notes)
    report.seconds = time.perf_counter() - started
    return report


def _write_members(
    settings: Settings, writer: _Writer, check: StoreCheck
) -> tuple[Manifest, list[str]]:
    """Every member but the manifest, read under the lock (``check``: what the recovery
    found, the store's health included); the manifest to write last."""
    link = settings.store_path
    if check.problem is not None:  # kg.store_health: a damaged store is not backed up
        raise BackupError(f"the store cannot be backed up: {check.problem}", path=link)
    target = current(link)
    assert target is not None  # the check found the link and its store
    store = Store.open(target)
    triples = len(store)
    distinct = store.select(_NAMED_TRIPLES)[0]["n"]
    if distinct != triples:
        raise BackupError(
            f"the store's default graph ({triples} triples) is not the merge of its named "
            f"graphs ({distinct}): a backup of its graphs would not restore it",
            path=target,
            fix="run kg build, then kg backup",
        )
    info = store.build_info()
    graphs = BytesIO()
    named = (q for g in store.named_graphs() for q in store.quads(g))  # the default skipped
    pyoxigraph.serialize(named, graphs, format=pyoxigraph.RdfFormat.N_QUADS)
    quads = store.select(_NAMED_QUADS)[0]["n"]
    del store
    writer.add(BUILD, (target / BUILD_INFO).read_bytes())
    writer.add(SOURCES, (target / REGISTRY_FILE).read_bytes())
    writer.add(GRAPHS, graphs.getvalue())
    notes = []
    writer.add_tree(REGIONAL, settings.data_dir / "regional", skip_hidden=True)
    history = settings.data_dir / "history"
    if history.exists():
        writer.add_tree(HISTORY, history, skip_hidden=True)
    else:
        notes.append(f"no {history}: the archive has no history")
    accounts: Path | None = getattr(settings, "accounts_path", None)
    if accounts is not None and accounts.exists():
        writer.add(ACCOUNTS, sqlite_snapshot(accounts))
    else:
        notes.append(f"no accounts database{f' at {accounts}' if accounts else ''}")
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        kg_version=__version__,
        engine=f"pyoxigraph {pyoxigraph.__version__}",
        store={
            "directory": target.name,
            "built_at": info.get("built_at"),
            "base_iri": info.get("base_iri"),
            "triples": triples,
            "quads": quads,
        },
        files=writer.files,
        directories=writer.directories,
    )
    return manifest, notes


def sqlite_snapshot(path: Path) -> bytes:
    """A consistent copy of the SQLite database ``path`` (SQLite's online backup: pages
    copied under its own locking, never a file caught half-written), as one file in
    rollback-journal mode so it stands alone."""
    if not path.is_file():
        raise BackupError("is not a file", path=path)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise BackupError(f"the database cannot be copied ({exc})", path=path) from exc
        return copy.read_bytes()


class _Writer:
    """Adds members to the tar and records each file's digest for the manifest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files: dict[str, Digest] = {}
        self.directories: list[str] = []
        self.now = int(time.time())

    def add(
        self, name: str, data: bytes, *, mtime: float | None = None, record: bool = True
    ) -> None:
        info = self._info(name, tarfile.REGTYPE, 0o644, mtime)
        info.size = len(data)
        self.tar.addfile(info, BytesIO(data))
        if record:
            self.files[name] = Digest(hashlib.sha256(data).hexdigest(), len(data))

    def add_tree(self, name: str, root: Path, *, skip_hidden: bool = False) -> None:
        """The folder ``root`` as ``name/…``: its folders and files (links refused; with
        ``skip_hidden`` its top-level names starting with ``.`` left out: journals, staging
        folders and temporary files, never data, which a restore refuses)."""
        self._folder(name, root)
        if not root.exists():
            return
        for entry in sorted(root.iterdir()):
            if skip_hidden and entry.name.startswith("."):
                continue
            member = f"{name}/{entry.name}"
            if entry.is_symlink():
                raise BackupError(
                    "is a link; a backup holds files and folders only (replace the link by "
                    "what it points at)",
                    path=entry,
                )
            if entry.is_dir():
                self.add_tree(member, entry)
            elif entry.is_file():
                self.add(member, entry.read_bytes(), mtime=entry.stat().st_mtime)
            else:
                raise BackupError("is not a file or folder", path=entry)

    def _folder(self, name: str, root: Path) -> None:
        mtime = root.stat().st_mtime if root.exists() else None
        self.tar.addfile(self._info(name, tarfile.DIRTYPE, 0o755, mtime))
        self.directories.append(name)

    def _info(self, name: str, kind: bytes, mode: int, mtime: float | None) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.type, info.mode = kind, mode
        info.mtime = int(mtime) if mtime is not None else self.now
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info
