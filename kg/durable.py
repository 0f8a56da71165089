"""Writes that survive a crash: files and directories flushed to disk, files replaced whole.

A rename is atomic on one filesystem, but it is durable only once the directory that holds
the name is flushed too, and the renamed file's contents only once the file was flushed
before the rename. These helpers do both, so that a kill (or a power cut) leaves either
the old file or the complete new one, never a part.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush a file's contents to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (names created, renamed or removed in it) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    """Flush every file and directory under ``path`` (and ``path`` itself) to disk."""
    for folder, _dirs, files in os.walk(path):
        for name in files:
            file = Path(folder, name)
            if not file.is_symlink():
                fsync_file(file)
        fsync_dir(Path(folder))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole: a flushed temporary file renamed over it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
