"""The backup archive: its layout, its manifest, and reading it only when it is whole.

A backup is one gzip-compressed tar file (``.tar.gz``). Tar rather than zip: one
compressed stream over all members (the many small regional CSVs compress together),
written and read front to back (no seeking, so a pipe or ``ssh`` works), file times kept,
and ``tar tzf`` / ``tar xzf ARCHIVE manifest.json`` inspect it with standard tools. Zip's
random access is not needed: a restore reads every member anyway to check its hash.

Members (``/``-separated, relative)::

    store/build.json      the serving store's build record, as it was
    store/sources.json    the source registry the store was built with (its dumps name it)
    store/graphs.nq       every named graph as N-Quads (the merged default graph is their
                          union and is made again on restore, as a build makes it)
    regional/...          data/regional/ (folders, source.json, provenance sidecars)
    history/...           data/history/, when there is one
                          (in both folders, top-level names starting with ``.`` are left
                          out: journals, staging folders, temporary files, never data)
    accounts/accounts.sqlite3   the accounts database, when there is one
    manifest.json         written last: each member's SHA-256 and size, and what the
                          archive holds

An archive is trusted only as a whole: :func:`verify` reads every member, refuses any name
that could land outside the place it is restored to (absolute, ``..``, links, devices)
and any member whose hash or size differs from the manifest, naming it, before anything
is written. :func:`members` then reads it again, checking each member against the
verified manifest as it is handed out, so an archive changed between the two reads is
refused too. (The manifest proves the archive is undamaged, not who made it: it is not
signed.)
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

from kg.errors import DataError

FORMAT = "yhdyspinta-kg-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BUILD = "store/build.json"
SOURCES = "store/sources.json"
GRAPHS = "store/graphs.nq"
ACCOUNTS = "accounts/accounts.sqlite3"
REGIONAL = "regional"
HISTORY = "history"
STORE_FILES = (BUILD, SOURCES, GRAPHS)
_TREES = (REGIONAL, HISTORY)  # folders restored whole
_MAX_MANIFEST = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


class BackupError(DataError):
    """A backup or restore that could not be done; nothing was changed unless it says so."""


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Digest:
    sha256: str
    size: int


@dataclass(frozen=True)
class Member:
    """A member being read: its name, its time, and its contents (None for a folder)."""

    name: str
    mtime: float
    stream: Readable | None


@dataclass
class Manifest:
    """What an archive holds: each file's digest, its folders, and the store's figures."""

    created_at: str
    kg_version: str
    engine: str
    store: dict[str, Any]  # source store directory, built_at, base_iri, triples, quads
    files: dict[str, Digest] = field(default_factory=dict)
    directories: list[str] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        """The parts the archive holds: store, regional, and history and accounts if any."""
        tops = {name.split("/", 1)[0] for name in [*self.files, *self.directories]}
        return [p for p in ("store", REGIONAL, HISTORY, "accounts") if p in tops]

    @property
    def triples(self) -> int:
        return int(self.store["triples"])

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "kg_version": self.kg_version,
            "engine": self.engine,
            "triples": self.triples,
            "store": self.store,
            "parts": self.parts,
            "directories": sorted(self.directories),
            "files": {
                n: {"sha256": d.sha256, "bytes": d.size} for n, d in sorted(self.files.items())
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes, archive: Path) -> Manifest:
        """The manifest of ``archive``; refused unless it is a kg backup's."""
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise ValueError(f"its format is {raw.get('format')!r}, not {FORMAT!r}")
            if raw.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format version {raw.get('format_version')!r} is not known")
            files = {
                str(n): Digest(str(d["sha256"]), int(d["bytes"])) for n, d in raw["files"].items()
            }
            manifest = cls(
                str(raw["created_at"]),
                str(raw["kg_version"]),
                str(raw["engine"]),
                dict(raw["store"]),
                files,
                [str(d) for d in raw["directories"]],
            )
            store = manifest.store
            if not isinstance(store.get("triples"), int) or not isinstance(
                store.get("base_iri"), str
            ):
                raise ValueError("it lacks the store's triple count or base IRI")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(
                f"{MANIFEST} is not a kg backup manifest ({exc})", path=archive
            ) from exc
        return manifest


def member_name(member: tarfile.TarInfo, archive: Path) -> str:
    """The member's name if it is a plain file or folder that stays inside the place it is
    restored to; a path-traversal attempt (absolute, ``..``, a link, a device) is refused."""
    name = member.name
    parts = PurePosixPath(name).parts
    unsafe = (
        not name
        or "\x00" in name
        or "\\" in name
        or name.startswith("/")
        or any(p in ("", ".", "..") for p in parts)
        or PurePosixPath(*parts).as_posix() != name.rstrip("/")
    )
    if unsafe:
        raise BackupError(f"the member {name!r} has a path that escapes the archive", path=archive)
    if not (member.isreg() or member.isdir()):
        kind = "a link" if member.issym() or member.islnk() else "not a plain file or folder"
        raise BackupError(f"the member {name!r} is {kind}; a kg backup holds none", path=archive)
    in_tree = parts[0] in _TREES and (member.isdir() or len(parts) > 1)
    hidden = len(parts) > 1 and parts[1].startswith(".")  # never data (kg.importing.journal)
    if not (
        (member.isreg() and name in (MANIFEST, ACCOUNTS, *STORE_FILES)) or (in_tree and not hidden)
    ):
        raise BackupError(f"the member {name!r} is not part of a kg backup", path=archive)
    return name


def verify(archive: Path) -> Manifest:
    """Read the whole archive and check every member against the manifest; the manifest
    when all is well, else BackupError naming what is wrong. Writes nothing."""
    seen: dict[str, Digest] = {}
    folders: set[str] = set()
    manifest_data = b""
    for name, member, stream in _read(archive):
        if name in seen or name in folders:
            raise BackupError(f"the member {name!r} appears twice", path=archive)
        if stream is None:
            folders.add(name)
            continue
        reader = _HashingReader(stream, name, archive)
        if name == MANIFEST:
            if member.size > _MAX_MANIFEST:
                raise BackupError(f"{MANIFEST} is too large", path=archive)
            manifest_data = reader.read()
        reader.drain()
        seen[name] = reader.digest()
    if MANIFEST not in seen:
        raise BackupError(
            f"the archive is damaged or not a kg backup: it ends without {MANIFEST}, the "
            "last member of a kg backup",
            path=archive,
        )
    manifest = Manifest.from_json(manifest_data, archive)
    del seen[MANIFEST]
    for name, digest in sorted(manifest.files.items()):
        if name not in seen:
            raise BackupError(f"the member {name!r} is missing from the archive", path=archive)
        if seen[name] != digest:
            raise BackupError(
                f"the member {name!r} is damaged: its SHA-256 is {seen[name].sha256} "
                f"({seen[name].size} bytes), the manifest records {digest.sha256} "
                f"({digest.size} bytes)",
                path=archive,
            )
    extra = sorted(set(seen) - set(manifest.files)) + sorted(folders - set(manifest.directories))
    missing = sorted(set(manifest.directories) - folders)
    if extra or missing:
        what = f"{extra[0]!r} is not in the manifest" if extra else f"{missing[0]!r} is missing"
        raise BackupError(f"the member {what}", path=archive)
    absent = [n for n in STORE_FILES if n not in manifest.files]
    if absent or REGIONAL not in manifest.directories:
        raise BackupError(
            f"the archive lacks {(absent or [REGIONAL])[0]!r}: it is not a kg backup",
            path=archive,
        )
    return manifest


def members(archive: Path, manifest: Manifest) -> Iterator[Member]:
    """Each member but the manifest, read again and held to the verified ``manifest``:
    the caller reads each member's stream (to its end or not) before asking for the next,
    and the iteration raises BackupError on any difference from the manifest."""
    for name, info, stream in _read(archive):
        if stream is None:
            if name not in manifest.directories:
                raise BackupError(f"the member {name!r} changed since it was checked", path=archive)
            yield Member(name, info.mtime, None)
        elif name != MANIFEST:
            reader = _HashingReader(stream, name, archive)
            yield Member(name, info.mtime, reader)
            reader.drain()
            if reader.digest() != manifest.files.get(name):
                raise BackupError(f"the member {name!r} changed since it was checked", path=archive)


def _read(archive: Path) -> Iterator[tuple[str, tarfile.TarInfo, IO[bytes] | None]]:
    """The members of the archive front to back, each checked by :func:`member_name`;
    a damaged compressed stream is refused naming the member it was reading."""
    try:
        raw = archive.open("rb")
    except OSError as exc:
        raise BackupError(f"the archive cannot be read ({exc.strerror})", path=archive) from exc
    current = "(the archive's start)"
    with raw:
        try:
            with tarfile.open(fileobj=raw, mode="r|gz") as tar:
                for member in tar:
                    current = member.name
                    name = member_name(member, archive)
                    stream = tar.extractfile(member) if member.isreg() else None
                    yield name, member, stream
        except _DAMAGE as exc:
            raise _damaged(archive, current, exc) from exc


# what reading a damaged gzip or tar stream raises (gzip.BadGzipFile is an OSError)
_DAMAGE = (tarfile.TarError, EOFError, zlib.error, OSError)


def _damaged(archive: Path, name: str, exc: BaseException) -> BackupError:
    return BackupError(
        f"the archive is damaged or not a kg backup: reading {name!r} failed ({exc})",
        path=archive,
    )


class _HashingReader:
    """A member's contents, hashed as they are read; a damaged stream is refused naming
    the member."""

    def __init__(self, stream: IO[bytes], name: str, archive: Path) -> None:
        self._stream = stream
        self._name = name
        self._archive = archive
        self._hash = hashlib.sha256()
        self._size = 0

    def read(self, n: int = -1, /) -> bytes:
        try:
            data = self._stream.read(n)
        except _DAMAGE as exc:
            raise _damaged(self._archive, self._name, exc) from exc
        self._hash.update(data)
        self._size += len(data)
        return data

    def drain(self) -> None:
        while self.read(_CHUNK):
            pass

    def digest(self) -> Digest:
        return Digest(self._hash.hexdigest(), self._size)
