"""The publish history: every change coordinators publish is a version, kept for good.

``data/history/`` holds

- ``log.jsonl``: one JSON object per published version, appended and flushed, never
  rewritten (a line cut short by a crash while it was written is the only thing ever
  dropped, and only when the next version is appended);
- ``versions/<id>/``: what each version keeps: ``version.json`` (its record, the same
  object as its log line), ``upload<ext>`` (the file as it was received, byte for byte),
  ``graphs.nq`` (the scope folder's named graphs as that version published them) and
  ``changes.json`` (the per-entity changes as the coordinator saw them before publishing).

A version is written in two steps, matched to the import's journal
(``kg.importing.journal``): its folder is written before the store switch (the commit),
its log line after it. The journal names the version, so the next command finishes a
killed publish by appending the line, or undoes it by removing the folder. A folder
without a log line that no journal names is a publish that never committed.

The same records become PROV in the graph (:func:`prov_triples`, the ``history`` graph):
each version a ``yp:Publication`` (a ``prov:Activity``) by an agent, at a time, using the
uploaded file (its SHA-256), about a county or municipality, changing named graphs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.durable import fsync_dir, fsync_file, write_atomic
from kg.iris import Minter
from kg.namespaces import DCTERMS, PROV, RDF, RDFS, YP
from kg.source_graph import SourceGraph

LOG = "log.jsonl"
VERSIONS = "versions"
RECORD = "version.json"
GRAPHS = "graphs.nq"
CHANGES = "changes.json"
_ID = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{6}")
ACTIONS = ("publish", "restore", "import")


@dataclass(frozen=True)
class Agent:
    """Who published: a signed-in user, a bearer token, or the command line on the server."""

    kind: str  # user | token | cli
    id: str
    name: str


@dataclass(frozen=True)
class Version:
    """One published version of one scope's data."""

    version: str  # the id: UTC time and a random part, sortable
    published_at: str  # ISO 8601, UTC
    agent: Agent
    scope: str  # county:13 or municipality:297
    county: str  # the organiser code of the county the data belongs to
    folder: str  # the folder under data/regional/ it replaced
    action: str  # publish | restore | import
    file_name: str
    file_sha256: str
    file_bytes: int
    graphs: list[str] = field(default_factory=list)  # the named graphs it published
    added: int = 0  # statements added
    removed: int = 0  # statements removed
    # per kind of entity: how many were added, changed and removed
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    restored_from: str | None = None
    number: int = 0  # its place in the log, 1 up (given when the log is read)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("number")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], number: int = 0) -> Version:
        agent = Agent(**data["agent"])
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["agent"] = agent
        fields["number"] = number
        return cls(**fields)

    @property
    def municipality(self) -> str | None:
        return self.scope.split(":", 1)[1] if self.scope.startswith("municipality:") else None


def history_dir(data_dir: Path) -> Path:
    return data_dir / "history"


def new_version_id(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{os.urandom(3).hex()}"


def is_version_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def version_dir(root: Path, version: str) -> Path:
    if not is_version_id(version):
        raise ValueError(f"not a version id: {version!r}")
    return root / VERSIONS / version


def write_version(
    root: Path,
    version: Version,
    *,
    upload: bytes,
    upload_suffix: str,
    graphs_nq: bytes,
    changes: list[dict[str, Any]],
) -> Path:
    """Write a version's folder (before the commit), every file flushed."""
    place = version_dir(root, version.version)
    place.mkdir(parents=True, exist_ok=False)
    (place / f"upload{upload_suffix}").write_bytes(upload)
    (place / GRAPHS).write_bytes(graphs_nq)
    (place / CHANGES).write_text(json.dumps(changes, ensure_ascii=False), "utf-8")
    for child in place.iterdir():
        fsync_file(child)
    write_atomic(place / RECORD, json.dumps(version.to_json(), ensure_ascii=False).encode())
    fsync_dir(place.parent)
    return place


def commit_version(root: Path, version_id: str) -> None:
    """Append the version's log line (after the commit); nothing if it is there already."""
    record = version_dir(root, version_id) / RECORD
    if any(v.version == version_id for v in read_log(root)):
        return
    line = json.dumps(json.loads(record.read_text("utf-8")), ensure_ascii=False) + "\n"
    log = root / LOG
    _cut_torn_tail(log)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(root)


def drop_version(root: Path, version_id: str) -> None:
    """Remove the folder of a version that did not commit."""
    if any(v.version == version_id for v in read_log(root)):
        raise ValueError(f"version {version_id} is in the log; it cannot be dropped")
    shutil.rmtree(version_dir(root, version_id), ignore_errors=True)


def uncommitted(root: Path, keep: Iterable[str] = ()) -> list[Path]:
    """Version folders without a log line (publishes that never committed), but ``keep``."""
    logged = {v.version for v in read_log(root)} | set(keep)
    folder = root / VERSIONS
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir()) if p.name not in logged]


def read_log(root: Path) -> list[Version]:
    """Every committed version, oldest first, numbered from 1."""
    return list(_read(root / LOG))


def _read(log: Path) -> Iterator[Version]:
    if not log.exists():
        return
    number = 0
    with log.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return  # a line a crash cut short: never committed
            number += 1
            yield Version.from_json(json.loads(raw), number)


def _cut_torn_tail(log: Path) -> None:
    """Drop a last line without its newline (a crash while it was written)."""
    if not log.exists():
        return
    data = log.read_bytes()
    if data and not data.endswith(b"\n"):
        keep = data.rfind(b"\n") + 1
        with log.open("r+b") as handle:
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())


def get(root: Path, version_id: str) -> Version | None:
    return next((v for v in read_log(root) if v.version == version_id), None)


def of_county(versions: Iterable[Version], county: str) -> list[Version]:
    return [v for v in versions if v.county == county]


def last_of_folder(root: Path, folder: str) -> Version | None:
    """The newest committed version of a folder (what an upload was checked against)."""
    mine = [v for v in read_log(root) if v.folder == folder]
    return mine[-1] if mine else None


def upload_of(root: Path, version_id: str) -> Path:
    """The file a version was published from."""
    place = version_dir(root, version_id)
    found = sorted(place.glob("upload*"))
    if not found:
        raise FileNotFoundError(f"version {version_id} keeps no uploaded file")
    return found[0]


def changes_of(root: Path, version_id: str) -> list[dict[str, Any]]:
    data = json.loads((version_dir(root, version_id) / CHANGES).read_text("utf-8"))
    assert isinstance(data, list)
    return data


def graphs_of(root: Path, version_id: str) -> Path:
    return version_dir(root, version_id) / GRAPHS


def version_iri(mint: Minter, version_id: str) -> URIRef:
    return URIRef(f"{mint.base}version/{version_id}")


def prov_triples(
    versions: Iterable[Version], mint: Minter
) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The versions as PROV: each a ``yp:Publication`` with its agent, time, file and
    scope, and the named graphs it changed."""
    previous: dict[str, URIRef] = {}
    for v in versions:
        act = version_iri(mint, v.version)
        agent = URIRef(f"{mint.base}agent/{v.agent.kind}/{_safe(v.agent.id)}")
        file = URIRef(f"{act}/upload")
        yield act, RDF.type, PROV.Activity
        yield act, RDF.type, YP.Publication
        yield act, RDFS.label, Literal(f"{v.folder} #{v.number}")
        yield act, PROV.startedAtTime, Literal(v.published_at, datatype=XSD.dateTime)
        yield act, PROV.endedAtTime, Literal(v.published_at, datatype=XSD.dateTime)
        yield act, PROV.wasAssociatedWith, agent
        yield act, PROV.used, file
        yield act, YP.versionNumber, Literal(v.number)
        yield act, YP.publicationAction, Literal(v.action)
        yield act, YP.addedStatements, Literal(v.added)
        yield act, YP.removedStatements, Literal(v.removed)
        scope_kind, code = v.scope.split(":", 1)
        about = mint.municipality(code) if scope_kind == "municipality" else mint.county(code)
        yield act, YP.publicationScope, about
        for graph in v.graphs:
            yield act, YP.changedGraph, URIRef(graph)
        if v.folder in previous:
            yield act, PROV.wasInformedBy, previous[v.folder]
        previous[v.folder] = act
        if v.restored_from:
            yield act, YP.restoredFrom, version_iri(mint, v.restored_from)
        yield agent, RDF.type, PROV.Agent
        yield agent, RDFS.label, Literal(v.agent.name)
        yield file, RDF.type, PROV.Entity
        yield file, DCTERMS.title, Literal(v.file_name)
        yield file, YP.sha256, Literal(v.file_sha256)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "unknown"


HISTORY_GRAPH = "history"


def history_graph(data_dir: Path, mint: Minter, extra: Iterable[Version] = ()) -> SourceGraph:
    """The ``history`` graph: every committed version (and ``extra``, a version being
    published) as PROV; its file is the log."""
    root = history_dir(data_dir)
    versions = read_log(root) + list(extra)
    numbered = [
        v if v.number else Version.from_json(v.to_json(), i + 1) for i, v in enumerate(versions)
    ]
    # no file: the log grows after the publish that writes this graph, so its hash would
    # never be the one a rebuild gives; the log is named instead
    graph = SourceGraph(HISTORY_GRAPH, [])
    graph.add(mint.graph(HISTORY_GRAPH), RDF.type, PROV.Entity)
    graph.add(mint.graph(HISTORY_GRAPH), DCTERMS.source, Literal("data/history/log.jsonl"))
    for s, p, o in prov_triples(numbered, mint):
        graph.add(s, p, o)
    return graph
