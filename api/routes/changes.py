"""The change history: what coordinators published, as pages, rows, Atom feeds and files.

- ``/changes`` and ``/changes/{county}``: every committed version of the country or of one
  county (organiser code 01–21 or 90; a municipality's version is its county's), newest
  first, in fi/sv/en like every page; ``format=csv|json`` (or ``Accept:
  application/json``) gives the rows;
- ``/changes.atom`` and ``/changes/{county}.atom``: the same as Atom feeds (the newest 100),
  every IRI from the configured address (``YP_PUBLIC_URL``);
- ``/changes/versions/{id}``: one version with its per-entity changes (``format=json``);
- ``/changes/versions/{id}/graphs.nq`` and ``/upload``: the graphs it published and the
  file it was published from, as downloads.

A version is served only once its log line is written (a committed publish); its files
are found from the log's id, never from a path made of the address. Thin routes over
:mod:`kg.views.changes`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse

from api.auth import principal_of
from api.deps import SettingsDep, StoreDep
from api.forms import form_page
from api.negotiation import choose
from api.pages import PageLang, data, page, page_lang
from api.urls import public_root
from kg.messages import message
from kg.store import Store
from kg.views.changes import (
    ATOM_TYPE,
    CHANGES,
    COLUMNS,
    ITEM_LIMIT,
    KINDS,
    ChangesView,
    action_label,
    atom,
    changes_view,
    graphs_file,
    history_root,
    upload_file,
    version_view,
)

router = APIRouter(include_in_schema=False)

ListFormat = Annotated[
    Literal["html", "csv", "json"] | None,
    Query(description="The page (html), or its rows as csv or json (also by Accept)"),
]
VersionFormat = Annotated[Literal["html", "json"] | None, Query()]
JSON = "application/json"


def _wants_json(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "json"
    return choose(request.headers.get("accept", ""), ["text/html", JSON]) == JSON


def _missing(request: Request, store: Store, lang: str, detail: str) -> Response:
    return page(
        request,
        "changes_missing.html",
        lang,
        section="changes",
        store=store,
        status_code=404,
        detail=detail,
    )


def _list(
    request: Request,
    store: Store,
    view: ChangesView,
    lang: str,
    fmt: str | None,
) -> Response:
    if fmt == "csv" or _wants_json(request, fmt):
        name = f"changes-{view.county}" if view.county else "changes"
        answer = data("csv" if fmt == "csv" else "json", COLUMNS, view.rows(), name=name)
        answer.headers["Vary"] = "Accept, Accept-Language, Cookie"
        return answer
    return page(
        request,
        "changes.html",
        lang,
        section="changes",
        store=store,
        view=view,
        kinds=KINDS,
        changes=CHANGES,
        counties=view.counties,
        feed=f"changes/{view.county}.atom" if view.county else "changes.atom",
        action_label=lambda action: action_label(action, lang),
    )


def _feed(request: Request, store: Store, view: ChangesView, lang: str) -> Response:
    built = str(store.build_info().get("built_at") or "")
    updated = built or datetime.now(UTC).isoformat(timespec="seconds")
    body = atom(view, public_url=public_root(request), lang=lang, updated=updated)
    return Response(
        body,
        media_type=ATOM_TYPE,
        headers={"Content-Language": lang, "Vary": "Accept-Language, Cookie"},
    )


@router.get("/changes")
def changes_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: PageLang = None,
    format: ListFormat = None,
) -> Response:
    """Every published version of the country's data, newest first."""
    lang = page_lang(request, lang)
    view = changes_view(store, history_root(settings.data_dir), lang=lang)
    return _list(request, store, view, lang, format)


@router.get("/changes.atom")
def changes_feed(
    request: Request, store: StoreDep, settings: SettingsDep, lang: PageLang = None
) -> Response:
    """The country's versions as an Atom feed (the newest 100)."""
    lang = page_lang(request, lang)
    view = changes_view(store, history_root(settings.data_dir), lang=lang)
    return _feed(request, store, view, lang)


@router.get("/changes/versions/{version_id}")
def version_page(
    request: Request,
    version_id: str,
    store: StoreDep,
    settings: SettingsDep,
    lang: PageLang = None,
    format: VersionFormat = None,
) -> Response:
    """One version: its record, counts, files and per-entity changes."""
    lang = page_lang(request, lang)
    shown = version_id[:60]
    view = version_view(store, history_root(settings.data_dir), version_id, lang=lang)
    if view is None:
        if _wants_json(request, format):
            return _json_missing(message("changes.no_version", "en", id=shown))
        return _missing(request, store, lang, message("changes.no_version", lang, id=shown))
    if _wants_json(request, format):
        return _json(view.as_json())
    v = view.entry.version
    who = principal_of(request) if settings.secret else None
    admin = who is not None and who.is_admin
    render = form_page if admin else page  # an administrator gets the restore form
    return render(
        request,
        "changes_version.html",
        lang,
        section="changes",
        store=store,
        view=view,
        kinds=KINDS,
        changes=CHANGES,
        limit=ITEM_LIMIT,
        feed=f"changes/{v.county}.atom" if v.county else "changes.atom",
        action_label=lambda action: action_label(action, lang),
        restore=admin,
    )


@router.get("/changes/versions/{version_id}/graphs.nq")
def version_graphs(version_id: str, settings: SettingsDep) -> Response:
    """The named graphs the version published, as N-Quads (a download)."""
    path = graphs_file(history_root(settings.data_dir), version_id)
    if path is None:
        return _json_missing(f"no published version {version_id[:60]!r}")
    return FileResponse(
        path,
        media_type="application/n-quads",
        filename=f"{version_id}.nq",
        stat_result=path.stat(),
    )


@router.get("/changes/versions/{version_id}/upload")
def version_upload(version_id: str, settings: SettingsDep) -> Response:
    """The file the version was published from, byte for byte (always a download)."""
    found = upload_file(history_root(settings.data_dir), version_id)
    if found is None:
        return _json_missing(f"no published version {version_id[:60]!r}")
    return FileResponse(
        found.path,
        media_type=found.media_type,
        filename=found.download_name,
        content_disposition_type="attachment",
        stat_result=found.path.stat(),
    )


@router.get("/changes/{county}.atom")
def county_feed(
    request: Request, county: str, store: StoreDep, settings: SettingsDep, lang: PageLang = None
) -> Response:
    """One county's versions (its municipalities' too) as an Atom feed."""
    lang = page_lang(request, lang)
    try:
        view = changes_view(store, history_root(settings.data_dir), lang=lang, county=county)
    except LookupError as exc:
        return _json_missing(str(exc))
    return _feed(request, store, view, lang)


@router.get("/changes/{county}")
def county_changes_page(
    request: Request,
    county: str,
    store: StoreDep,
    settings: SettingsDep,
    lang: PageLang = None,
    format: ListFormat = None,
) -> Response:
    """Every published version of one county's data (its municipalities' too)."""
    lang = page_lang(request, lang)
    try:
        view = changes_view(store, history_root(settings.data_dir), lang=lang, county=county)
    except LookupError as exc:
        if format in ("csv", "json") or _wants_json(request, format):
            return _json_missing(str(exc))
        return _missing(request, store, lang, str(exc))
    return _list(request, store, view, lang, format)


def _json(body: object, status_code: int = 200) -> Response:
    return JSONResponse(
        body, status_code=status_code, headers={"Vary": "Accept, Accept-Language, Cookie"}
    )


def _json_missing(detail: str) -> Response:
    return _json({"detail": detail}, 404)
