"""The coordinator's pages: their scope's data, uploads checked before publishing, small
edits without Excel.

``/coordinate`` (signed in): download the scope's current data as a filled XLSX (or the
empty template), upload a file, edit an owner's post or contact, add a missing owner, mark
a row verified today. Every upload and edit is checked first and shown at
``/coordinate/uploads/{id}`` (row errors with sheet, row and column; the per-entity
changes; validation results that appear or go; audit rows that change), then published
or discarded. Every form carries its CSRF token. The work is ``kg.publishing``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from api import write_thread
from api.auth import CSRF_FIELD, form_writer, gate, principal_of
from api.deps import SettingsDep, StoreDep, upload_or_404
from api.forms import form_page
from api.pages import page_lang, site_root
from kg.auth.accounts import Principal
from kg.auth.places import county_of
from kg.auth.scopes import Scope, parse_scope
from kg.history import Version, is_version_id
from kg.importing.templates import WORKBOOK, workbook
from kg.iris import Minter
from kg.lookups import municipalities
from kg.publishing import edits, service
from kg.store import Store

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form(alias=CSRF_FIELD, max_length=512)]
# a cell's text: no control characters (a spreadsheet cannot hold them; 422 otherwise)
Text = Annotated[str, Form(max_length=500, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _signed_in(request: Request) -> Principal | None:
    gate(request).require_accounts()
    return principal_of(request)


def _to_signin(request: Request, lang: str) -> Response:
    return RedirectResponse(f"{site_root(request)}account/signin?lang={lang}", 303)


def scopes_of(store: Store, who: Principal) -> list[dict[str, str]]:
    """The scopes a coordinator may write, with names: their own and, for a county, its
    municipalities (an administrator of the country: every county)."""
    out: list[dict[str, str]] = []
    if who.scope.kind == "country":
        from kg.lookups import counties

        return [{"scope": f"county:{c['code']}", "name": c["name_fi"]} for c in counties(store)]
    if who.scope.kind == "county":
        from kg.lookups import counties

        name = next((c["name_fi"] for c in counties(store) if c["code"] == who.scope.code), "")
        out.append({"scope": str(who.scope), "name": name})
        for m in municipalities(store, county=who.scope.code):
            out.append({"scope": f"municipality:{m['code']}", "name": m["name_fi"]})
        return out
    found = [m for m in municipalities(store) if m["code"] == who.scope.code]
    return [{"scope": str(who.scope), "name": found[0]["name_fi"] if found else ""}]


def _scope(text: str | None, who: Principal, store: Store) -> Scope:
    """The scope a form names (default the coordinator's own); 403 outside theirs."""
    try:
        scope = parse_scope(text) if text else who.scope
    except ValueError as exc:
        raise HTTPException(400, f"scope: {exc}") from exc
    if scope.kind == "country":
        raise HTTPException(400, "choose a county or a municipality")
    if not service.may_write(who, scope, county_of(store)):
        raise HTTPException(403, service.refuse(who, "edit", str(scope), "outside").message)
    return scope


def _county(scope: Scope, store: Store) -> str:
    if scope.kind == "county":
        assert scope.code is not None
        return scope.code
    return county_of(store).get(scope.code or "", "")


@router.get("/coordinate")
def dashboard(
    request: Request, store: StoreDep, lang: str | None = None, scope: str | None = None
) -> Response:
    language = page_lang(request, lang)
    who = _signed_in(request)
    if who is None:
        return _to_signin(request, language)
    if who.scope.kind == "country" and not scope:
        chosen = None
        rows: list[dict[str, str]] = []
    else:
        chosen = _scope(scope, who, store)
        data = edits.scope_rows(
            store, Minter(request.app.state.settings.base_iri), chosen, _county(chosen, store)
        )
        rows = [edits.shown(r) for r in data["responsibilities"]]
    return form_page(
        request,
        "coordinate.html",
        language,
        section="coordinate",
        store=store,
        who=who,
        scope=str(chosen) if chosen else None,
        scopes=scopes_of(store, who),
        rows=rows,
        columns=edits.SHOWN,
        today=dt.date.today().isoformat(),
    )


@router.get("/coordinate/data.xlsx")
def download(request: Request, store: StoreDep, scope: str | None = None) -> Response:
    """The scope's current data as the filled template."""
    who = _signed_in(request)
    if who is None:
        raise HTTPException(401, "sign in first")
    chosen = _scope(scope, who, store)
    data = edits.scope_rows(
        store, Minter(request.app.state.settings.base_iri), chosen, _county(chosen, store)
    )
    return _xlsx(edits.as_workbook(data), f"yhdyspinta-{str(chosen).replace(':', '-')}.xlsx")


@router.get("/coordinate/template.xlsx")
def template(request: Request, lang: str | None = None) -> Response:
    """The empty template, in the page's language."""
    language = page_lang(request, lang)
    return _xlsx(workbook(language), WORKBOOK[language])


def _xlsx(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/coordinate/uploads")
def upload(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    file: Annotated[UploadFile, File()],
    csrf_token: Csrf = "",
    scope: Annotated[str | None, Form(max_length=40)] = None,
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    who = form_writer(request, csrf_token)
    chosen = _scope(scope, who, store)
    return _check(
        request, settings, who, chosen, file.filename or "upload.xlsx", file.file.read(), lang
    )


def _check(
    request: Request,
    settings: Any,
    who: Principal,
    scope: Scope,
    name: str,
    data: bytes,
    lang: str | None,
) -> Response:
    language = page_lang(request, lang)
    try:
        made = write_thread.run(
            service.check_upload, settings, who, scope, name, data, lang=language
        )
    except service.Forbidden as exc:
        return form_page(
            request,
            "upload.html",
            language,
            section="coordinate",
            upload=None,
            forbidden=[service.error_json(e) for e in exc.errors],
            message=exc.message,
            status_code=403,
        )
    except ValueError as exc:
        raise HTTPException(400, f"file: {exc}") from exc
    return RedirectResponse(
        f"{site_root(request)}coordinate/uploads/{made.id}?lang={language}", 303
    )


@router.get("/coordinate/uploads/{upload_id}")
def review(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    upload_id: str,
    lang: str | None = None,
) -> Response:
    language = page_lang(request, lang)
    who = _signed_in(request)
    if who is None:
        return _to_signin(request, language)
    found = upload_or_404(settings, upload_id)
    if not service.may_read_upload(store, who, parse_scope(found.scope)):
        raise HTTPException(403, service.refuse(who, "read upload", found.scope, "outside").message)
    return form_page(
        request,
        "upload.html",
        language,
        section="coordinate",
        upload=found,
        changes=_changes_in(found.review.get("changes", {}), language),
        forbidden=found.review.get("errors", []) if found.state == "forbidden" else [],
        message=None,
    )


@router.post("/coordinate/uploads/{upload_id}/publish")
def publish(
    request: Request,
    settings: SettingsDep,
    upload_id: str,
    csrf_token: Csrf = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    who = form_writer(request, csrf_token)
    upload_or_404(settings, upload_id)
    _decided(lambda: write_thread.run(service.publish_upload, settings, who, upload_id))
    return _after(request, f"coordinate/uploads/{upload_id}", lang)


@router.post("/coordinate/uploads/{upload_id}/discard")
def discard(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    upload_id: str,
    csrf_token: Csrf = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    who = form_writer(request, csrf_token)
    upload_or_404(settings, upload_id)
    _decided(lambda: write_thread.run(service.discard_upload, settings, store, who, upload_id))
    return _after(request, "coordinate", lang)


@router.post("/coordinate/edits")
def edit(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    csrf_token: Csrf = "",
    scope: Annotated[str | None, Form(max_length=40)] = None,
    action: Annotated[str, Form(pattern="^(edit|add|verify)$")] = "edit",
    row: Annotated[int | None, Form(ge=0, le=100_000)] = None,
    municipality: Text = "",
    theme: Text = "",
    side: Text = "",
    organisation: Text = "",
    post_fi: Text = "",
    post_sv: Text = "",
    post_en: Text = "",
    unit: Text = "",
    contact: Text = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    """A small edit of the scope's responsibility rows, checked like an upload."""
    who = form_writer(request, csrf_token)
    chosen = _scope(scope, who, store)
    county = _county(chosen, store)
    mint = Minter(settings.base_iri)
    rows = edits.scope_rows(store, mint, chosen, county)
    today = dt.date.today()
    owner = {
        "organisation": organisation,
        "post_fi": post_fi,
        "post_sv": post_sv,
        "post_en": post_en,
        "unit": unit,
        "contact": contact,
    }
    try:
        if action == "add":
            new = {"municipality": municipality, "theme": theme, "side": side, **owner}
            rows = edits.add_owner(rows, county, {k: v for k, v in new.items() if v}, today)
        elif row is None:
            raise HTTPException(400, "row: which row to change")
        elif action == "verify":
            rows = edits.verify(rows, row, today)
        else:
            rows = edits.edit_owner(rows, row, {k: v for k, v in owner.items() if v})
    except IndexError as exc:
        raise HTTPException(400, f"row {row}: no such row") from exc
    name = f"yhdyspinta-{str(chosen).replace(':', '-')}.xlsx"
    return _check(request, settings, who, chosen, name, edits.as_workbook(rows), lang)


def _changes_in(changes: dict[str, list[Any]], lang: str) -> list[Any]:
    """The change list in ``lang``, else in Finnish (a check writes the language it was
    made in and Finnish)."""
    return changes.get(lang) or changes.get("fi") or []


@router.post("/changes/versions/{version_id}/restore")
def restore(
    request: Request,
    settings: SettingsDep,
    version_id: str,
    csrf_token: Csrf = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    """An administrator publishes an earlier version again, as a new version."""
    who = form_writer(request, csrf_token)
    if not is_version_id(version_id):
        raise HTTPException(404, "no such version")
    version = _decided(lambda: write_thread.run(service.restore_version, settings, who, version_id))
    assert version is not None
    return _after(request, f"changes/versions/{version.version}", lang)


def _decided(act: Callable[[], Version | None]) -> Version | None:
    """A publish, discard or restore, its refusals as HTTP errors."""
    try:
        return act()
    except service.Forbidden as exc:
        raise HTTPException(403, exc.message) from exc
    except KeyError as exc:
        raise HTTPException(404, "no such upload or version") from exc
    except service.Conflict as exc:
        raise HTTPException(409, str(exc)) from exc


def _after(request: Request, path: str, lang: str | None) -> Response:
    """Where a form sends the browser once it is done (303: a GET of the page)."""
    return RedirectResponse(f"{site_root(request)}{path}?lang={page_lang(request, lang)}", 303)
