"""Crash-atomic imports: the journal that lets the next command finish or undo an import
that was killed half-way.

An import of the folder ``NAME`` (``kg.importing.folder_write``) runs under the store's
write lock (``kg.store_dirs.write_lock``):

1. the journal ``data/regional/.import-journal.json`` is written and flushed: the folder,
   its staging folder ``.staging-NAME-ID/``, the trash name ``.trash-NAME-ID/``, the store
   directory the import will build and the store link that will commit it;
2. the staging folder is filled: a copy of ``NAME`` with the imported files put in and the
   stale ones removed, all flushed;
3. a store is built with the staging folder read in place of ``NAME`` (its graphs named,
   and its files shown, as ``NAME``'s) and marked complete (``kg.store_dirs``);
4. the store link is switched to that store: **the commit**, one atomic rename;
5. ``NAME`` is renamed to the trash name, the staging folder to ``NAME``, the trash is
   removed, and then the journal.

Names under ``data/regional/`` that start with ``.`` are never read as data, so up to step
4 the folder holds exactly its old files and the link names the old store; a kill there
changes nothing that is read. From step 4 on the store holds the new data, and the folder
is finished by the next command.

:func:`recover` runs first in every command that reads ``data/regional/`` or writes the
store (``kg build``, ``kg import``, the service's start-up), under the lock. With a
journal: if the link points at the journal's store, the import committed and is rolled
forward (step 5; each rename is done only while its source still exists, so a crash
between the two renames, or during recovery itself, is finished the same way); otherwise
it is rolled back (the staging folder and the unfinished store are removed; ``NAME`` was
never touched). Staging and trash folders that no journal names are removed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg import history
from kg.durable import fsync_dir, write_atomic
from kg.errors import BuildError
from kg.store_dirs import current, stores_dir

JOURNAL = ".import-journal.json"
STAGING = ".staging-"
TRASH = ".trash-"
_HIDDEN_NAME = re.compile(r"^\.(staging|trash)-[a-z0-9-]+-[0-9TZ]+-[0-9]+$")
_FOLDER_NAME = re.compile(r"^[^./\\][^/\\]*$")


@dataclass(frozen=True)
class Journal:
    folder: str  # NAME under data/regional/
    staging: str  # .staging-NAME-ID
    trash: str  # .trash-NAME-ID
    store: Path  # the store directory the import builds
    link: Path  # the store link whose switch commits the import
    # the publish history's version this import writes (kg.history): its folder is
    # written before the commit, its log line by ``finish``
    version: str | None = None

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "folder": self.folder,
                "staging": self.staging,
                "trash": self.trash,
                "store": str(self.store),
                "link": str(self.link),
                "version": self.version,
                "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "pid": os.getpid(),
            },
            indent=2,
        ).encode("utf-8")


@dataclass
class Outcome:
    """What recovery did about an unfinished import."""

    action: str  # "rolled forward", "rolled back" or "left" (another store's import)
    folder: str
    removed: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        what = {
            "rolled forward": "rolled forward (it had committed: its files were moved into place)",
            "rolled back": "rolled back (it had not committed: its staged files and its "
            "unfinished store were removed)",
            "left": "left as it is (it belongs to another store link: run kg build with "
            "that store)",
        }[self.action]
        return f"an unfinished import into data/regional/{self.folder}/ was found and {what}"


def begin(
    root: Path, folder: str, *, store: Path, link: Path, version: str | None = None
) -> Journal:
    """Write the journal of an import into ``root/folder`` (step 1); ``version`` names the
    publish history's version it records, if any."""
    if (root / JOURNAL).exists():
        raise BuildError(f"{root / JOURNAL} exists: recover it first (kg build)")
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"
    key = re.sub(r"[^a-z0-9-]+", "-", folder.lower()).strip("-") or "folder"
    journal = Journal(
        folder, f"{STAGING}{key}-{stamp}", f"{TRASH}{key}-{stamp}", store, link, version
    )
    root.mkdir(parents=True, exist_ok=True)
    write_atomic(root / JOURNAL, journal.to_json())
    return journal


def read(root: Path) -> Journal | None:
    """The journal under ``root``, if any; a damaged one is refused with what to do."""
    path = root / JOURNAL
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        journal = Journal(
            str(data["folder"]),
            str(data["staging"]),
            str(data["trash"]),
            Path(data["store"]),
            Path(data["link"]),
            data.get("version"),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(
            f"the import journal cannot be read: {exc}",
            path=path,
            fix="compare the folders under data/regional/ with the store, then delete it",
        ) from exc
    link = journal.link
    if (
        not _FOLDER_NAME.match(journal.folder)
        or not _HIDDEN_NAME.match(journal.staging)
        or not _HIDDEN_NAME.match(journal.trash)
        or journal.store.parent != stores_dir(link)
        or (journal.version is not None and not history.is_version_id(journal.version))
    ):
        raise BuildError(
            "the import journal names folders or a store outside its places",
            path=path,
            fix="compare the folders under data/regional/ with the store, then delete it",
        )
    return journal


def committed(journal: Journal) -> bool:
    """Whether the import took effect: its store link points at its store."""
    return current(journal.link) == journal.store


def finish(root: Path, journal: Journal) -> list[Path]:
    """Step 5, idempotent: the staged folder into place, the old one away, the journal
    removed. Returns the old folder's place if it was removed."""
    folder, staging, trash = root / journal.folder, root / journal.staging, root / journal.trash
    if staging.exists():
        if folder.exists():
            folder.rename(trash)
            fsync_dir(root)
        staging.rename(folder)
        fsync_dir(root)
    removed = []
    if trash.exists():
        shutil.rmtree(trash)
        removed.append(trash)
    if journal.version is not None:
        history.commit_version(history.history_dir(root.parent), journal.version)
    _drop(root)
    return removed


def abandon(root: Path, journal: Journal) -> list[Path]:
    """Undo an import that did not commit: its staging folder and its store removed."""
    if committed(journal):
        raise BuildError(f"the import into {journal.folder} has committed; it can only finish")
    removed = []
    staging = root / journal.staging
    if staging.exists():
        shutil.rmtree(staging)
        removed.append(staging)
    if journal.store.exists():
        shutil.rmtree(journal.store)
        removed.append(journal.store)
    if journal.version is not None:
        history.drop_version(history.history_dir(root.parent), journal.version)
    _drop(root)
    return removed


def recover(root: Path, link: Path) -> tuple[Outcome | None, list[Path]]:
    """Finish or undo an unfinished import of the store ``link`` (the caller holds its
    write lock), and remove staging and trash folders that no journal names."""
    journal = read(root)
    outcome = None
    if journal is not None:
        if Path(os.path.abspath(journal.link)) != Path(os.path.abspath(link)):
            outcome = Outcome("left", journal.folder)
        elif committed(journal):
            outcome = Outcome("rolled forward", journal.folder, finish(root, journal))
            journal = None
        else:
            outcome = Outcome("rolled back", journal.folder, abandon(root, journal))
            journal = None
    named = {journal.staging, journal.trash} if journal is not None else set()
    stray = history.uncommitted(
        history.history_dir(root.parent),
        keep=[journal.version] if journal is not None and journal.version else [],
    )
    for path in stray:
        shutil.rmtree(path, ignore_errors=True)
    if root.is_dir():
        for path in sorted(root.iterdir()):
            if path.name.startswith((STAGING, TRASH)) and path.name not in named:
                shutil.rmtree(path, ignore_errors=True)
                stray.append(path)
            elif path.name.startswith(f".{JOURNAL}.") and path.name.endswith(".tmp"):
                path.unlink()  # a journal killed while it was being written
                stray.append(path)
    return outcome, stray


def _drop(root: Path) -> None:
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_dir(root)
