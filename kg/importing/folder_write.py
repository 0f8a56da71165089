"""The one step that writes an import: the region's folder made to hold exactly the
imported files, then the store rebuilt; on any failure everything is put back.

Every file written or removed is first remembered (its bytes, or that it was not there),
so a failed copy, removal or rebuild restores the folder as it was, and the rebuild swaps
the store only when it succeeds. All writing of an import happens here, so that making it
crash-atomic later (stage the folder beside the old one, then switch once) changes this
module only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg import __version__
from kg.importing.regional import MANIFEST, SIDECAR
from kg.importing.target import Target


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)  # data files now in the folder
    removed: list[Path] = field(default_factory=list)  # stale files and sidecars removed


def replace_folder(target: Target, rebuild: Callable[[], object]) -> Written:
    """Copy the files in with their sidecars, remove what the import does not bring, and
    rebuild; on any failure put every touched file back and re-raise."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    touched: list[tuple[Path, bytes | None]] = []  # (path, previous content or None)
    done = Written()

    def remember(path: Path) -> None:
        touched.append((path, path.read_bytes() if path.exists() else None))

    def put(path: Path, data: bytes) -> None:
        remember(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    try:
        stale = target.stale()
        for src, dest in target.moves:
            data = src.read_bytes()
            if src.resolve() != dest.resolve():
                put(dest, data)
            put(dest.with_name(dest.name + SIDECAR), _sidecar(src, data, stamp))
            done.files.append(dest)
        for path in stale:
            remember(path)
            path.unlink()
            done.removed.append(path)
        brought = target.manifest_source()
        if brought is not None:
            put(target.folder / MANIFEST, brought.read_bytes())
        rebuild()
        return done
    except BaseException:
        for path, previous in reversed(touched):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(previous)
        raise


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
    """Whether the folder would hold other files than it does now (names or contents)."""
    if target.stale():
        return True
    for src, dest in target.moves:
        if not dest.is_file() or (
            src.resolve() != dest.resolve() and src.read_bytes() != dest.read_bytes()
        ):
            return True
    return False
