"""The one step that writes an import: the region's folder made to hold exactly the
imported files, and the store their data, together or not at all.

The new folder is staged beside the old one (``data/regional/.staging-…/``: a copy of the
folder with the imported files and their sidecars put in and the stale files removed),
the next store is written from it (``kg.importing.staged_store``), and switching the store
link to that store commits both; then the staged folder is renamed into place. A journal
records each import so that a kill at any moment is finished or undone by the next
command (``kg.importing.journal`` describes the steps and the recovery). A failure before
the commit removes the staging folder and the unfinished store; the folder was never
touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg import __version__
from kg.durable import fsync_tree
from kg.importing import journal
from kg.importing.regional import MANIFEST, SIDECAR
from kg.importing.target import Target
from kg.store_dirs import new_store_dir, swap_link

# writes the complete store that serves the staged folder (the first path) into the
# directory the journal names (the second path); it does not switch the store link
WriteStore = Callable[[Path, Path], object]


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)  # data files now in the folder
    removed: list[Path] = field(default_factory=list)  # stale files and sidecars removed


def replace_folder(
    target: Target,
    write_store: WriteStore,
    *,
    link: Path,
    version: str | None = None,
    write_version: Callable[[Path], object] | None = None,
) -> Written:
    """Stage the folder with the imported files, write the store that serves them and
    commit (switch the store ``link`` to it), then move the staged folder into place. The
    caller holds the store's write lock and has recovered any earlier journal.

    With ``version``, the import is that version of the publish history (``kg.history``):
    ``write_version`` writes its folder, given the new store's directory, before the
    commit; the journal names it, so its log line is appended when the import finishes
    (now, or by the recovery of the next command) and its folder removed if it is undone."""
    root = target.root
    record = journal.begin(root, target.name, store=new_store_dir(link), link=link, version=version)
    staging = root / record.staging
    try:
        done = stage(target, staging)
        write_store(staging, record.store)
        if write_version is not None:
            write_version(record.store)
        swap_link(link, record.store)  # the commit
    except BaseException:
        if not journal.committed(record):
            journal.abandon(root, record)
            raise
        # committed: the import took effect; the files are moved into place below
    journal.finish(root, record)
    return done


def stage(target: Target, staging: Path) -> Written:
    """Fill ``staging`` with what the folder holds after the import, flushed to disk.
    Paths in the result are where the files will be once the folder is replaced."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    folder = target.folder
    if folder.is_dir():
        shutil.copytree(folder, staging, symlinks=True)
    else:
        staging.mkdir(parents=True)
    done = Written()
    for src, dest in target.moves:
        data = src.read_bytes()
        place = staging / dest.relative_to(folder)
        place.parent.mkdir(parents=True, exist_ok=True)
        if src.resolve() != dest.resolve():
            place.write_bytes(data)
        place.with_name(place.name + SIDECAR).write_bytes(_sidecar(src, data, stamp))
        done.files.append(dest)
    for path in target.stale():
        (staging / path.relative_to(folder)).unlink()
        done.removed.append(path)
    brought = target.manifest_source()
    if brought is not None:
        (staging / MANIFEST).write_bytes(brought.read_bytes())
    fsync_tree(staging)
    return done


def _sidecar(src: Path, data: bytes, stamp: str) -> bytes:
    return json.dumps(
        {
            "original_file": src.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "imported_at": stamp,
            "importer_version": __version__,
        },
        indent=2,
    ).encode("utf-8")


def differs(target: Target) -> bool:
    """Whether the folder would hold other data files than it does now: other names, other
    contents, or another ``source.json``. Decided against ``data/regional/`` itself, not the
    store."""
    if target.stale():
        return True
    for src, dest in target.moves:
        if not dest.is_file() or (
            src.resolve() != dest.resolve() and src.read_bytes() != dest.read_bytes()
        ):
            return True
    brought = target.manifest_source()
    here = target.folder / MANIFEST
    return brought is not None and (not here.is_file() or brought.read_bytes() != here.read_bytes())
