"""What start-up finds, and putting right what a killed build or import left behind.

- :func:`inspect` only reads: the store the link points at, whether it is complete and can
  be opened, an unfinished import (its journal) and leftovers. ``kg info`` shows it.
- :func:`recover` (the caller holds the store's write lock) finishes or undoes an
  unfinished import (``kg.importing.journal``) and removes incomplete store directories,
  stray staging folders and temporary links (``kg.store_dirs``), then inspects.
  ``kg build`` and ``kg import`` run it first.
- :func:`at_startup` is the service's hook: it recovers when no build or import holds the
  lock, else it only inspects; it says what it found, and refuses a damaged store
  (``kg.store_health``: a link to a store that cannot serve) by raising
  :class:`~kg.store_health.StoreDamaged`, so the service does not start on it. Without a
  store at all (a fresh installation) it warns and the service starts.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.errors import BuildError, StoreUnavailable
from kg.importing import journal
from kg.serving import in_step
from kg.store_dirs import clean, current, is_complete, leftovers, write_lock
from kg.store_health import DAMAGED_FIX, NO_STORE_FIX, StoreDamaged, store_problem


@dataclass
class StoreCheck:
    """The state of the store and of ``data/regional/``, and what recovery did."""

    link: Path
    store: Path | None = None  # the directory the link points at
    complete: bool = False
    problem: str | None = None  # what is wrong with the store, and what to do
    damaged: bool = False  # the problem is damage, not the absence of a store
    journal: str | None = None  # an unfinished import: found, or what was done about it
    removed: list[Path] = field(default_factory=list)  # leftovers removed
    pending: list[Path] = field(default_factory=list)  # leftovers found, not removed
    busy: str | None = None  # another writer held the lock: nothing was recovered
    server: str | None = None  # the SPARQL server was given the linked version again

    @property
    def ok(self) -> bool:
        return self.problem is None

    def lines(self, *, before_build: bool = False) -> list[str]:
        """What was found, one fact a line, for logs and the command line (a problem of
        the store found ``before_build`` is said as such: the build replaces the store)."""
        out = []
        if self.store is not None:
            state = "complete" if self.complete else "INCOMPLETE"
            out.append(f"store found: {self.link} -> {self.store} ({state})")
        return out + self.findings(before_build=before_build)

    def findings(self, *, before_build: bool = False) -> list[str]:
        """What needs saying beyond the store's name: problems and what was recovered."""
        out = []
        if self.problem:
            if before_build:  # the build is what the advice asks for
                what = self.problem.removesuffix(f": {DAMAGED_FIX}")
                out.append(f"before this build: {what.removesuffix(f': {NO_STORE_FIX}')}")
            else:
                out.append(f"store problem: {self.problem}")
        if self.journal:
            out.append(self.journal)
        out += [f"removed leftover: {p}" for p in self.removed]
        out += [f"leftover (removed by the next kg build): {p}" for p in self.pending]
        if self.server:
            out.append(self.server)
        if self.busy:
            out.append(f"not recovered: {self.busy}")
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "store": str(self.store) if self.store else None,
            "complete": self.complete,
            "problem": self.problem,
            "damaged": self.damaged,
            "journal": self.journal,
            "removed": [str(p) for p in self.removed],
            "leftovers": [str(p) for p in self.pending],
            "busy": self.busy,
        }


def inspect(settings: Settings, *, health: bool = True) -> StoreCheck:
    """The store and leftovers as they are; nothing is changed. Without ``health`` the
    store's database is not opened and counted (``kg.store_health``): for a writer that
    reads the store it was served, just written by a build or publish and checked at
    start-up, many times a minute."""
    link = settings.store_path
    check = StoreCheck(link)
    problem = store_problem(link) if health else None
    if problem is not None:
        check.problem, check.damaged = str(problem), problem.damaged
    target = current(link)
    if target is not None:
        check.store, check.complete = target, is_complete(target)
    root = settings.data_dir / "regional"
    try:
        record = journal.read(root)
    except BuildError as exc:
        check.journal = f"import journal: {exc}"
        record = None
    if record is not None:
        if Path(os.path.abspath(record.link)) != Path(os.path.abspath(link)):
            check.journal = journal.Outcome("left", record.folder).describe()
        else:
            fate = "rolled forward" if journal.committed(record) else "rolled back"
            check.journal = (
                f"an unfinished import into data/regional/{record.folder}/ (killed); "
                f"the next kg build or kg import finishes it: it will be {fate}"
            )
    named = {record.staging, record.trash} if record is not None else set()
    check.pending = leftovers(link)
    if root.is_dir():
        check.pending += [
            p
            for p in sorted(root.iterdir())
            if p.name.startswith((journal.STAGING, journal.TRASH)) and p.name not in named
        ]
    return check


def recover(settings: Settings, *, health: bool = True) -> StoreCheck:
    """Finish or undo an unfinished import and remove leftovers (the caller holds the
    store's write lock); then what is there (``health``: see :func:`inspect`)."""
    link = settings.store_path
    outcome, removed = journal.recover(settings.data_dir / "regional", link)
    removed += clean(link, old_stores=False)
    check = inspect(settings, health=health)
    if outcome is not None:
        check.journal = outcome.describe()
        removed = outcome.removed + removed
    check.removed = removed
    if check.problem is None:
        check.server = in_step(settings)  # a SPARQL server holds the linked version
    return check


def at_startup(settings: Settings, *, log: logging.Logger | None = None) -> StoreCheck:
    """The service's start-up check: recover when no writer holds the lock, else inspect;
    each line of what was found is logged (a problem as a warning). A damaged store is
    logged as an error and raises StoreDamaged: the service must not start on it."""
    try:
        with write_lock(settings.store_path, wait=False):
            check = recover(settings)
    except BlockingIOError as exc:
        check = inspect(settings)
        check.busy = str(exc)
    except (OSError, BuildError, StoreUnavailable) as exc:
        check = inspect(settings)
        check.busy = f"recovery failed: {exc}"
    if log is not None:
        for line in check.lines():
            log.info("%s", line)
        if check.damaged:
            log.error("the service refuses to start: %s", check.problem)
        elif check.problem:
            log.warning("the service has no usable store: %s", check.problem)
    if check.damaged:
        raise StoreDamaged(f"the service refuses to start: {check.problem}")
    return check
