"""The built stores under ``var/store.d/`` and the link ``var/store`` that names the one serving.

- A build writes a new directory ``var/store.d/<UTC time>-<pid>/`` and marks it complete
  last: ``build.json`` is written (flushed, then renamed into place) only after every other
  file of the directory was flushed. A directory without ``build.json`` is incomplete: a
  build that was killed or failed half-way.
- The link is only ever pointed at a complete directory, by renaming a fresh link over it
  (atomic); the link's folder is flushed after. That rename is the one moment a build, or
  an import, takes effect.
- :func:`clean` removes incomplete directories and old complete ones. It keeps the
  directory the link points at and the newest complete one older than it (a running
  service may still be answering from it); it never removes the link's target, and never
  keeps an incomplete directory in preference to a complete one.
- Writers (``kg build``, ``kg import``, the recovery at start-up) hold ``var/store.lock``,
  an ``flock`` that the kernel releases when its holder dies: a killed writer never leaves
  it held, and two writers never interleave.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.durable import fsync_dir, fsync_tree, write_atomic
from kg.errors import BuildError
from kg.store import BUILD_INFO


def stores_dir(link: Path) -> Path:
    """Where built stores live: ``var/store.d/`` beside the ``var/store`` link."""
    return link.parent.resolve() / (link.name + ".d")


def lock_path(link: Path) -> Path:
    return link.parent.resolve() / (link.name + ".lock")


def new_store_dir(link: Path) -> Path:
    """A fresh, not yet existing directory name for a build (time-ordered)."""
    return stores_dir(link) / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def is_complete(path: Path) -> bool:
    """Whether the build of this store directory finished (its ``build.json`` exists)."""
    return (path / BUILD_INFO).is_file()


def current(link: Path) -> Path | None:
    """The directory the link points at (which may be missing), or None without a link."""
    if not link.is_symlink():
        return None
    return link.resolve()


def mark_complete(path: Path, info: Mapping[str, Any]) -> None:
    """Flush every file of the store directory, then write ``build.json`` last."""
    fsync_tree(path)
    write_atomic(path / BUILD_INFO, json.dumps(info, indent=2, sort_keys=True).encode("utf-8"))


def swap_link(link: Path, target: Path) -> None:
    """Point ``link`` at the complete store ``target`` atomically (a fresh link renamed
    over the old one), and flush the link's folder."""
    if link.exists() and not link.is_symlink():
        raise BuildError(f"{link} exists and is not a link made by `kg build`; move it away")
    if not is_complete(target):
        raise BuildError(f"{target} is not a complete store (no {BUILD_INFO})")
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(target, link.parent.resolve()))
    os.replace(tmp, link)
    fsync_dir(link.parent)


def leftovers(link: Path) -> list[Path]:
    """What killed or failed builds left: incomplete store directories (never the link's
    target) and temporary links."""
    found = []
    root = stores_dir(link)
    target = current(link)
    if root.is_dir():
        found += [
            p for p in sorted(root.iterdir()) if p.is_dir() and p != target and not is_complete(p)
        ]
    if link.parent.is_dir():
        found += sorted(p for p in link.parent.glob(f".{link.name}.*.tmp") if p.is_symlink())
    return found


def superseded(link: Path) -> list[Path]:
    """Complete store directories no longer needed: all but the link's target and the
    newest complete one older than it."""
    root = stores_dir(link)
    target = current(link)
    if not root.is_dir():
        return []
    complete = sorted(p for p in root.iterdir() if p.is_dir() and is_complete(p))
    keep = {target}
    if target is not None:
        older = [p for p in complete if p.name < target.name]
        keep |= set(older[-1:])
    return [p for p in complete if p not in keep]


def clean(link: Path, *, old_stores: bool = True) -> list[Path]:
    """Remove leftovers and, with ``old_stores``, superseded stores; returns what was
    removed. The caller holds the write lock."""
    removed = []
    for path in leftovers(link) + (superseded(link) if old_stores else []):
        if path.is_symlink():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextlib.contextmanager
def write_lock(
    link: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's write lock. Without ``wait`` a held lock raises BlockingIOError;
    with it, ``on_wait`` is told before waiting."""
    path = lock_path(link)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"another kg build or kg import holds {path}"
            if not wait:
                raise BlockingIOError(message) from None
            if on_wait is not None:
                on_wait(message + "; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
