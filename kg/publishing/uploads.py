"""Uploads waiting to be published: the file as received and what its check found.

Each upload lives in ``var/uploads/<id>/`` (beside the store link): ``file/<name>`` (the
file, under a safe version of its name, with the ``source.json`` the folder will get) and
``review.json`` (who uploaded it, for which scope, what the dry run found: the row
errors, the per-entity changes, the validation and audit changes, the version of the
folder it was checked against, and its state: checked, refused, published or discarded).
Uploads older than a day are removed when a new one is made; a published one is also kept
as its version in the history (``kg.history``).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kg.durable import write_atomic

REVIEW = "review.json"
FILES = "file"
KEEP = timedelta(days=1)
STATES = ("checked", "refused", "forbidden", "published", "discarded")
_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
SUFFIXES = (".xlsx", ".csv")


def uploads_dir(store_path: Path) -> Path:
    """``var/uploads/`` beside the store link ``var/store``."""
    return store_path.parent.resolve() / "uploads"


def is_upload_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def safe_name(name: str) -> str:
    """A file name fit to keep: its last path part, unsafe characters as dashes; the
    suffix must be .xlsx or .csv (ValueError otherwise)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"only .xlsx and .csv files can be uploaded, not {base!r}")
    stem = _SAFE.sub("-", Path(base).stem).strip("-.")[:80] or "upload"
    return f"{stem}{suffix}"


@dataclass
class Upload:
    """One upload and what its check found (``review``: JSON, see kg.publishing.review)."""

    id: str
    scope: str
    folder: str
    agent: dict[str, str]
    file_name: str
    file_sha256: str
    file_bytes: int
    created: str
    state: str = "checked"
    base: str | None = None  # the folder's last version when it was checked
    version: str | None = None  # the version it became, once published
    review: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


class Uploads:
    """The uploads under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def new(self, data: bytes, name: str) -> tuple[str, Path]:
        """A new upload's id and the path its file was written to."""
        self._expire()
        safe = safe_name(name)  # refused before anything is written
        upload_id = secrets.token_urlsafe(16)
        place = self.root / upload_id / FILES
        place.mkdir(parents=True)
        path = place / safe
        path.write_bytes(data)
        return upload_id, path

    def path(self, upload_id: str) -> Path:
        if not is_upload_id(upload_id):
            raise KeyError(upload_id)
        return self.root / upload_id

    def file(self, upload_id: str) -> Path:
        found = [p for p in (self.path(upload_id) / FILES).iterdir() if p.suffix in SUFFIXES]
        if len(found) != 1:
            raise KeyError(upload_id)
        return found[0]

    def save(self, upload: Upload) -> None:
        # no indent: Python's C encoder only serves the compact form (a 1,000-row
        # review is seconds with indent, tens of milliseconds without)
        data = json.dumps(upload.to_json(), ensure_ascii=False).encode("utf-8")
        write_atomic(self.path(upload.id) / REVIEW, data)

    def get(self, upload_id: str) -> Upload:
        """The upload, or KeyError if there is none by that id."""
        try:
            data = json.loads((self.path(upload_id) / REVIEW).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise KeyError(upload_id) from exc
        return Upload(**data)

    def remove(self, upload_id: str) -> None:
        shutil.rmtree(self.path(upload_id), ignore_errors=True)

    def _expire(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = (datetime.now(UTC) - KEEP).timestamp()
        for place in self.root.iterdir():
            if place.is_dir() and place.stat().st_mtime < cutoff:
                shutil.rmtree(place, ignore_errors=True)
