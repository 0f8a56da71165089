"""The coordinators' write path: check an upload, publish it, restore a version.

1. :func:`check_upload`: the file is kept as an upload (``kg.publishing.uploads``); its
   rows are read and held against the credential's scope (``kg.publishing.rules``:
   anything outside it is :class:`Forbidden`, nothing else is done); then checked and
   converted as ``kg import`` does, compared with the scope folder's graphs in the
   serving store, and the candidate graph validated and audited
   (``kg.publishing.review``). Nothing is written but the upload's own record.
2. :func:`publish_upload`: under the store's write lock, the folder's data must still be
   what the upload was checked against (else :class:`Conflict`: someone published in
   between, and the upload is checked again rather than overwrite their change); then the
   import is written as one version of the publish history (``kg.history``): the folder
   staged, the next store written from the serving one with the folder's graphs and the
   history graph replaced, the store link switched (the commit), the log line appended.
   A kill at any moment leaves the old store and folder or the new ones
   (``kg.importing.journal``).
3. :func:`restore_version`: an administrator publishes an earlier version's file again,
   as a new version.

Every write holds the store's one write lock, so writes (to any scope, and ``kg build`` or
``kg import``) are serialised; dry runs take it too, to read a settled store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import history
from kg.auth.accounts import Principal
from kg.auth.places import county_of as read_county_of
from kg.auth.scopes import Scope, parse_scope
from kg.config import Settings
from kg.errors import DataError, DataErrors
from kg.importing.changes import change_list
from kg.importing.diff import diff
from kg.importing.folder_write import replace_folder
from kg.importing.importer import (
    Converted,
    data_triples,
    folder_triples,
    read_and_convert,
)
from kg.importing.limits import Limits
from kg.importing.reader import read_file
from kg.importing.regional import MANIFEST, regional_dir
from kg.importing.staged_store import candidate
from kg.importing.target import MUNICIPALITY_KIND, plan
from kg.iris import Minter
from kg.publishing import prepared, review, rules
from kg.publishing.access import Forbidden, may_read_upload, may_write, refuse
from kg.publishing.uploads import Upload, Uploads, uploads_dir
from kg.recovery import recover
from kg.store import Store
from kg.store_dirs import clean, write_lock

log = logging.getLogger("kg.security")
LANGS = ("fi", "sv", "en")


class Conflict(Exception):
    """The upload cannot be published as it is (409): checked against data that has
    changed since, refused, or already published or discarded."""


def check_upload(
    settings: Settings,
    principal: Principal,
    scope: Scope,
    file_name: str,
    data: bytes,
    *,
    publish: bool = False,
    lang: str = "fi",
) -> Upload:
    """Keep and check an upload for ``scope`` (see the module docstring). Raises
    Forbidden for a scope or rows outside the credential's; a file with row errors gives
    an upload in state ``refused`` listing them. With ``publish`` a checked upload is
    published in the same hold of the write lock (so concurrent uploads to one scope each
    become a version, in turn, none lost; its ``version`` names it)."""
    uploads = Uploads(uploads_dir(settings.store_path))
    if not may_write(principal, scope, prepared.serving(settings)[2].county_of):  # before any work
        raise refuse(principal, "upload", str(scope), f"{principal.scope} cannot write {scope}")
    with write_lock(settings.store_path):
        recover(settings, health=False)  # the store was checked at start-up
        store, ctx, where = prepared.serving(settings)
        mint = Minter(settings.base_iri)
        root = regional_dir(settings)
        folder = prepared.folder_of(scope, root, store.path, ctx)
        upload_id, path = uploads.new(data, file_name)
        _manifest(path.parent, scope, where)
        upload = Upload(
            id=upload_id,
            scope=str(scope),
            folder=folder,
            agent=_agent(principal),
            file_name=path.name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_bytes=len(data),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        try:
            tables = read_file(path, limits=Limits.of(settings))
            outside = rules.violations(tables, scope, where.organisers, ctx.names)
            if outside:
                upload.state = "forbidden"
                upload.review = {"errors": [error_json(e) for e in outside]}
                uploads.save(upload)
                refused = refuse(principal, "upload", str(scope), f"{len(outside)} rows outside")
                raise Forbidden(refused.message, outside)
            target = plan(path, root, into=folder)
            ctx.reset()
            converted = read_and_convert(path, target, settings, ctx, read={path: tables})
        except DataError as exc:
            errors = exc.errors if isinstance(exc, DataErrors) else [exc]
            upload.state = "refused"
            upload.review = {"errors": [error_json(e) for e in errors]}
            uploads.save(upload)
            return upload
        upload.base = folder_state(store, converted.prefix)
        upload.review, checked = _review(
            store, converted, ctx.warnings, where, scope, mint, settings, lang
        )
        uploads.save(upload)
        prepared.keep_checked(upload.id, store, converted, checked)
        if publish:
            _publish_checked(settings, store, ctx, principal, scope, upload, uploads)
        return upload


def _review(
    serving: Store,
    converted: Converted,
    warnings: list[DataError],
    where: prepared.Places,
    scope: Scope,
    mint: Minter,
    settings: Settings,
    lang: str,
) -> tuple[dict[str, Any], Store]:
    """What the upload changes (see the module docstring), and the candidate graph it was
    judged on (kept for the publish). The per-entity changes are written in ``lang`` and
    in Finnish (the history's language); each language costs a pass over the changes."""
    prefix = converted.prefix
    old = data_triples(folder_triples(serving, prefix), prefix)
    new = data_triples({t for g in converted.graphs for t in g.graph.triples}, prefix)
    statements = diff(prefix, old, new, graphs_under=prefix)
    changes = change_list(old, new, serving)
    county = where.organisers.county_of_scope(scope) or ""
    today = dt.date.today()
    before_results, before_rows = review.checks_of(serving, county, today, cache=True)
    cand = candidate(
        serving,
        prefix,
        [g.graph for g in converted.graphs],
        mint,
        base=prepared.base_of(serving, prefix),
    )
    after_results, after_rows = review.checks_of(cand, county, today, cache=False)
    added, removed = statements.statements()
    return {
        "rows": converted.rows,
        "errors": [],
        "warnings": [error_json(w) for w in warnings],
        "statements": {"added": added, "removed": removed},
        "counts": changes.counts(),
        "changes": {code: changes.as_json(code) for code in {lang, "fi"}},
        "validation": review.validation_delta(before_results, after_results),
        "audit": review.audit_delta(before_rows, after_rows),
        "graphs": sorted(str(mint.graph(g.graph.name)) for g in converted.graphs),
    }, cand


def folder_state(store: Store, prefix: str) -> str:
    """A digest of the folder's files as ``store`` serves them (each graph's name and the
    SHA-256 of the file it was made from): what a publish checks has not changed since the
    upload was checked (another publish, ``kg import`` or a build of other files)."""
    rows = store.select(
        "SELECT ?g ?sha WHERE { GRAPH ?g { ?g yp:sha256 ?sha } "
        "FILTER(STRSTARTS(STR(?g), STR(?prefix))) }",
        bindings={"prefix": ox.Literal(prefix)},
    )
    lines = sorted(f"{r['g']} {r['sha']}" for r in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def publish_upload(settings: Settings, principal: Principal, upload_id: str) -> history.Version:
    """Publish a checked upload as a new version (see the module docstring)."""
    uploads = Uploads(uploads_dir(settings.store_path))
    upload = uploads.get(upload_id)
    scope = parse_scope(upload.scope)
    if not may_write(principal, scope, prepared.serving(settings)[2].county_of):  # before any work
        raise refuse(principal, "publish", str(scope), f"{principal.scope} cannot write {scope}")
    with write_lock(settings.store_path):
        recover(settings, health=False)  # the store was checked at start-up
        store, ctx, _where = prepared.serving(settings)
        upload = uploads.get(upload_id)  # as it is now: another request may have taken it
        if upload.state != "checked":
            raise Conflict(f"upload {upload_id} is {upload.state}; only a checked upload publishes")
        version = _publish_checked(settings, store, ctx, principal, scope, upload, uploads)
    return version


def _publish_checked(
    settings: Settings,
    store: Store,
    ctx: Any,
    principal: Principal,
    scope: Scope,
    upload: Upload,
    uploads: Uploads,
) -> history.Version:
    """Publish a checked upload from ``store`` (the caller holds the write lock) and mark
    it published; the candidate its check made is reused when it was made from ``store``."""
    version = _publish(
        settings,
        store,
        ctx,
        principal,
        scope,
        upload.folder,
        uploads.file(upload.id),
        action="publish",
        expected=upload.base,
        changes=upload.review.get("changes", {}).get("fi", []),
        reuse=prepared.take_checked(upload.id, store),
        summary=(
            (upload.review["statements"]["added"], upload.review["statements"]["removed"]),
            upload.review["counts"],
        ),
    )
    upload.state, upload.version = "published", version.version
    uploads.save(upload)
    return version


def discard_upload(
    settings: Settings, serving: Store, principal: Principal, upload_id: str
) -> None:
    """Mark an upload discarded (its file is removed with the other old uploads)."""
    uploads = Uploads(uploads_dir(settings.store_path))
    upload = uploads.get(upload_id)
    scope = parse_scope(upload.scope)
    if not may_write(principal, scope, read_county_of(serving)):
        raise refuse(principal, "discard", str(scope), f"{principal.scope} cannot write {scope}")
    if upload.state in ("published", "discarded"):
        raise Conflict(f"upload {upload_id} is {upload.state} already")
    upload.state = "discarded"
    uploads.save(upload)


def restore_version(settings: Settings, principal: Principal, version_id: str) -> history.Version:
    """Publish an earlier version's file again, as a new version (administrators only)."""
    root = history.history_dir(settings.data_dir)
    old = history.get(root, version_id)
    if not principal.is_admin:
        raise refuse(principal, "restore", old.scope if old else version_id, "not an admin")
    if old is None:
        raise KeyError(version_id)
    scope = parse_scope(old.scope)
    if not principal.scope.covers(scope, prepared.serving(settings)[2].county_of):
        raise refuse(principal, "restore", str(scope), f"{principal.scope} cannot write {scope}")
    with write_lock(settings.store_path):
        recover(settings, health=False)  # the store was checked at start-up
        store, ctx, _where = prepared.serving(settings)
        return _publish(
            settings,
            store,
            ctx,
            principal,
            scope,
            old.folder,
            history.upload_of(root, version_id),
            action="restore",
            restored_from=version_id,
            changes=history.changes_of(root, version_id),
        )


def _publish(
    settings: Settings,
    current: Store,
    ctx: Any,
    principal: Principal,
    scope: Scope,
    folder: str,
    path: Path,
    *,
    action: str,
    expected: str | None = None,
    restored_from: str | None = None,
    changes: list[dict[str, Any]] | None = None,
    reuse: tuple[Converted, Store] | None = None,
    summary: tuple[tuple[int, int], dict[str, dict[str, int]]] | None = None,
) -> history.Version:
    """Convert ``path`` again against the serving store and write it as a version; the
    caller holds the write lock."""
    root = regional_dir(settings)
    if restored_from is not None:  # a kept file: its manifest is made again
        where = prepared.places(current, ctx.county_of)
        staging = uploads_dir(settings.store_path) / f"restore-{restored_from}"
        staging.mkdir(parents=True, exist_ok=True)
        copy = staging / path.name.replace("upload", "restored", 1)
        copy.write_bytes(path.read_bytes())
        _manifest(staging, scope, where)
        path = copy
    checked: Store | None = None
    if reuse is not None:  # converted and judged on this very store by the check
        converted, checked = reuse
        target = converted.target
        expected = None  # the store is the one it was checked on: the folder is unchanged
    else:
        summary = None  # counted again on this store
        target = plan(path, root, into=folder)
        ctx.reset()
        try:
            converted = read_and_convert(path, target, settings, ctx)
        except DataError as exc:  # the names changed since: it cannot be published
            raise Conflict(f"the file no longer passes its checks: {exc}") from exc
    if expected is not None and folder_state(current, converted.prefix) != expected:
        raise Conflict(
            "the scope's data changed after this upload was checked (another publish); "
            "check the file again"
        )
    hist = history.history_dir(settings.data_dir)
    mint = Minter(settings.base_iri)
    if summary is None:
        prefix = converted.prefix
        old = data_triples(folder_triples(current, prefix), prefix)
        new = data_triples({t for g in converted.graphs for t in g.graph.triples}, prefix)
        added, removed = diff(prefix, old, new, graphs_under=prefix).statements()
        counts = change_list(old, new, current).counts()
    else:  # what the check found on this very store
        (added, removed), counts = summary
    data = path.read_bytes()
    version = history.Version(
        version=history.new_version_id(),
        published_at=datetime.now(UTC).isoformat(timespec="seconds"),
        agent=history.Agent(**_agent(principal)),
        scope=str(scope),
        county=prepared.places(current, ctx.county_of).organisers.county_of_scope(scope) or "",
        folder=folder,
        action=action,
        file_name=path.name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_bytes=len(data),
        graphs=sorted(str(mint.graph(g.graph.name)) for g in converted.graphs),
        added=added,
        removed=removed,
        counts=counts,
        restored_from=restored_from,
        number=len(history.read_log(hist)) + 1,
    )
    also = [history.history_graph(settings.data_dir, mint, extra=[version])]

    def keep_version(_store_dir: Path) -> None:
        history.write_version(
            hist,
            version,
            upload=data,
            upload_suffix=path.suffix.lower(),
            graphs_nq=_nquads(converted, mint),
            changes=changes or [],
        )

    replace_folder(
        target,
        converted.store_writer(current, settings, also=also, checked=checked),
        link=settings.store_path,
        version=version.version,
        write_version=keep_version,
    )
    clean(settings.store_path)
    prepared.warm(settings, version.county, version.folder)
    return version


def _nquads(converted: Converted, mint: Minter) -> bytes:
    """The folder's graphs as N-Quads (written after the store writer added provenance)."""
    out: list[str] = []
    for g in converted.graphs:
        graph = ox.NamedNode(str(mint.graph(g.graph.name)))
        out += sorted(f"{line[:-3]} {graph} .\n" for line in g.graph.lines)
    return "".join(out).encode("utf-8")


def _manifest(folder: Path, scope: Scope, where: prepared.Places) -> None:
    """The ``source.json`` the scope's folder gets with the upload."""
    about: dict[str, object] = {
        "title": f"Coordinators' data: {scope}",
        "description": "Published by the scope's coordinators in the service (kg.publishing).",
    }
    if scope.kind == "municipality":
        about["kind"] = MUNICIPALITY_KIND
        about["municipality"] = scope.code
        about["county"] = where.county_of.get(scope.code or "")
    (folder / MANIFEST).write_text(json.dumps(about, ensure_ascii=False, indent=2), "utf-8")


def _agent(principal: Principal) -> dict[str, str]:
    return {"kind": principal.kind, "id": principal.id, "name": principal.name}


def error_json(e: DataError) -> dict[str, Any]:
    return {
        "message": e.message,
        "file": e.path.name if e.path else None,
        "sheet": e.sheet,
        "row": e.line,
        "column": e.column,
        "fix": e.fix,
    }


__all__ = [
    "Conflict",
    "Forbidden",
    "may_read_upload",
    "may_write",
    "refuse",
    "check_upload",
    "discard_upload",
    "publish_upload",
    "restore_version",
]
