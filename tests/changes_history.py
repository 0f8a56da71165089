"""A small publish history for the change-history tests, written with kg.history's own
functions: four committed versions (two counties, a municipality of one of them, a
restore) and one folder whose publish never committed."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg import history
from kg.config import REPO_ROOT, Settings
from kg.history import Agent, Version

BASE = "https://w3id.org/yhdyspinta/id/"


@dataclass(frozen=True)
class Made:
    """What was written: the committed versions (oldest first), the uncommitted id, the
    bytes of every file kept, the per-entity changes of each version."""

    versions: list[Version]
    uncommitted: str
    uploads: dict[str, bytes]
    graphs: dict[str, bytes]
    changes: dict[str, list[dict[str, Any]]]


def _changes(n: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": "responsibility",
            "change": "changed",
            "entity": f"{BASE}responsibility/x{n}",
            "before_entity": f"{BASE}responsibility/x{n}",
            "title": f"Kuopio · Liikunta · kunta: Liikuntapäällikkö {n}",
            "fields": {
                "contact": {
                    "label": "yhteyskanava",
                    "before": [f"https://old.example/{n}"],
                    "after": [f"https://new.example/{n}"],
                },
                "valid_to": {"label": "voimassa asti", "before": [], "after": ["2027-12-31"]},
            },
        },
        {
            "kind": "agreement",
            "change": "added",
            "entity": f"{BASE}agreement/a{n}",
            "before_entity": None,
            "title": f"Sopimus {n} (A-{n})",
            "fields": {"title": {"label": "nimi", "before": None, "after": [f"Sopimus {n}"]}},
        },
    ]


SPECS: list[dict[str, Any]] = [
    {
        "scope": "county:13",
        "county": "13",
        "folder": "pohjois-savo",
        "action": "publish",
        "file": "vastuut-pohjois-savo.xlsx",
        "suffix": ".xlsx",
        "agent": Agent("user", "aino", "Aino Koordinaattori"),
        "counts": {"responsibility": {"added": 3, "changed": 1, "removed": 0}},
        "added": 40,
        "removed": 7,
    },
    {
        "scope": "municipality:297",
        "county": "13",
        "folder": "kuopio",
        "action": "publish",
        "file": "kuopio.csv",
        "suffix": ".csv",
        "agent": Agent("token", "t1", "Kuopion integraatio"),
        "counts": {"agreement": {"added": 0, "changed": 2, "removed": 1}},
        "added": 5,
        "removed": 2,
    },
    {
        "scope": "county:05",
        "county": "05",
        "folder": "varsinais-suomi",
        "action": "publish",
        "file": "vs.xlsx",
        "suffix": ".xlsx",
        "agent": Agent("user", "bertil", "Bertil <Samordnare> & co"),
        "counts": {"forum": {"added": 1, "changed": 0, "removed": 0}},
        "added": 12,
        "removed": 0,
    },
    {
        "scope": "county:13",
        "county": "13",
        "folder": "pohjois-savo",
        "action": "restore",
        "file": "restored.xlsx",
        "suffix": ".xlsx",
        "agent": Agent("user", "admin", "Ylläpitäjä"),
        "counts": {"responsibility": {"added": 0, "changed": 0, "removed": 3}},
        "added": 0,
        "removed": 33,
        "restored_from": 0,  # the index of the version restored
    },
]


def make_history(root: Path) -> Made:
    """Write the versions of :data:`SPECS` under ``root`` (a ``data/history`` folder)."""
    versions: list[Version] = []
    uploads: dict[str, bytes] = {}
    graphs: dict[str, bytes] = {}
    changes: dict[str, list[dict[str, Any]]] = {}
    for i, spec in enumerate([*SPECS, SPECS[0]]):
        when = datetime(2026, 3, 1 + i, 9, 30, i, tzinfo=UTC)
        upload = f"file {i} of {spec['file']}\n=cmd|' /C calc'!A0\n".encode()
        nq = (
            f'<{BASE}s{i}> <{BASE}p> "o{i}" <{BASE}graph/regional/{spec["folder"]}/vastuut> .\n'
        ).encode()
        version = Version(
            version=history.new_version_id(when),
            published_at=when.isoformat(timespec="seconds"),
            agent=spec["agent"],
            scope=spec["scope"],
            county=spec["county"],
            folder=spec["folder"],
            action=spec["action"],
            file_name=spec["file"],
            file_sha256=hashlib.sha256(upload).hexdigest(),
            file_bytes=len(upload),
            graphs=[f"{BASE}graph/regional/{spec['folder']}/vastuut"],
            added=spec["added"],
            removed=spec["removed"],
            counts=spec["counts"],
            restored_from=(
                versions[spec["restored_from"]].version if "restored_from" in spec else None
            ),
        )
        history.write_version(
            root,
            version,
            upload=upload,
            upload_suffix=spec["suffix"],
            graphs_nq=nq,
            changes=_changes(i),
        )
        if i == len(SPECS):  # the last: written, never committed
            return Made(versions, version.version, uploads, graphs, changes)
        history.commit_version(root, version.version)
        versions.append(Version.from_json(version.to_json(), i + 1))
        uploads[version.version], graphs[version.version] = upload, nq
        changes[version.version] = _changes(i)
    raise AssertionError("unreachable")


def with_history(settings: Settings, place: Path) -> tuple[Settings, Made]:
    """``settings`` over the same store with a data folder at ``place`` holding a history
    (the rest of the repository's data linked)."""
    data = place / "data"
    data.mkdir(parents=True)
    for entry in (REPO_ROOT / "data").iterdir():
        if entry.name != "history":  # never the repository's own history
            (data / entry.name).symlink_to(entry.resolve())
    made = make_history(history.history_dir(data))
    return dataclasses.replace(settings, data_dir=data), made
