"""The write API for scripts: upload, check, publish; restore a version (admins).

Every route needs a bearer token (``kg token create``) or a signed-in session, and
``YP_SECRET`` (503 without it). A write outside the credential's scope gets 403, changes
nothing and is logged (``kg.security``); no credential gets 401. The routes are thin: the
work is ``kg.publishing.service``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import JSONResponse

from api import write_thread
from api.auth import writer
from api.deps import SettingsDep, StoreDep, upload_or_404
from kg.auth.accounts import Principal
from kg.auth.scopes import Scope, parse_scope
from kg.history import Version, history_dir, is_version_id
from kg.history import get as get_version
from kg.publishing import service
from kg.publishing.uploads import Upload

router = APIRouter(prefix="/api/v1", tags=["coordinators' writes"])
# what every write route may answer besides its success
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter or the file name is not valid (named in `detail`)."},
    401: {"description": "No credential: sign in, or send `Authorization: Bearer TOKEN`."},
    403: {
        "description": "Outside the credential's scope (or not an admin): nothing is done; "
        "rows outside it are listed in `errors` with file, sheet, row and column."
    },
    404: {"description": "No upload or version by that id."},
    409: {
        "description": "The scope's data changed after the check, or the upload was "
        "refused, published or discarded already."
    },
    413: {"description": "The request body is larger than `YP_MAX_BODY_BYTES`."},
    429: {"description": "Too many writes or sign-ins: see `Retry-After`."},
    503: {"description": "Writing is switched off: the service has no `YP_SECRET`."},
}
Writer = Annotated[Principal, Depends(writer)]


def target_scope(text: str | None, who: Principal) -> Scope:
    """The scope a write names (``county:13``, ``municipality:297``), by default the
    credential's own; 400 for text that is no scope."""
    if not text:
        return who.scope
    try:
        return parse_scope(text)
    except ValueError as exc:
        raise HTTPException(400, f"scope: {exc}") from exc


def forbidden(exc: service.Forbidden) -> JSONResponse:
    return JSONResponse(
        {"detail": exc.message, "errors": [service.error_json(e) for e in exc.errors]},
        status_code=403,
    )


def upload_json(upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.id,
        "state": upload.state,
        "scope": upload.scope,
        "folder": upload.folder,
        "file": {
            "name": upload.file_name,
            "sha256": upload.file_sha256,
            "bytes": upload.file_bytes,
        },
        "created": upload.created,
        "version": upload.version,
        "review": upload.review,
        "publish": f"/api/v1/imports/{upload.id}/publish" if upload.state == "checked" else None,
    }


def version_json(version: Version) -> dict[str, Any]:
    data = version.to_json()
    data["number"] = version.number
    data["page"] = f"/changes/versions/{version.version}"
    return data


@router.post(
    "/imports",
    status_code=201,
    summary="Upload and check a file (a dry run)",
    responses={422: {"description": "Row errors: every one with its location"}, **REFUSALS},
)
def create_import(
    settings: SettingsDep,
    who: Writer,
    file: Annotated[UploadFile, File(description="The filled template: .xlsx or .csv")],
    scope: Annotated[str | None, Form(description="county:NN or municipality:NNN")] = None,
    publish: Annotated[bool, Form(description="Publish at once if the check passes")] = False,
    lang: Annotated[
        Literal["fi", "sv", "en"], Form(description="Language of the change list (and fi)")
    ] = "fi",
) -> Any:
    """Check the file against the scope's data and answer what publishing it would
    change (per-entity diff, row errors, validation and audit changes) with an id to
    publish it by. ``publish=true`` publishes at once when the check passes. A file with
    row errors answers 422 with every error (file, sheet, row, column)."""
    target = target_scope(scope, who)
    data = file.file.read()
    try:
        upload = write_thread.run(
            service.check_upload,
            settings,
            who,
            target,
            file.filename or "upload",
            data,
            publish=publish,
            lang=lang,
        )
    except service.Forbidden as exc:
        return forbidden(exc)
    except service.Conflict as exc:
        raise HTTPException(409, str(exc)) from exc
    except ValueError as exc:  # a file name that is not .xlsx or .csv
        raise HTTPException(400, f"file: {exc}") from exc
    if upload.state == "refused":
        return JSONResponse(upload_json(upload), status_code=422)
    if upload.version is not None:
        version = get_version(history_dir(settings.data_dir), upload.version)
        assert version is not None
        return JSONResponse(version_json(version) | {"upload": upload.id}, status_code=201)
    return JSONResponse(upload_json(upload), status_code=201)


@router.get(
    "/imports/{upload_id}", summary="An upload and what its check found", responses=REFUSALS
)
def get_import(settings: SettingsDep, store: StoreDep, who: Writer, upload_id: str) -> Any:
    upload = upload_or_404(settings, upload_id)
    target = parse_scope(upload.scope)
    if not service.may_read_upload(store, who, target):
        return forbidden(service.refuse(who, "read upload", upload.scope, "outside the scope"))
    return upload_json(upload)


@router.post(
    "/imports/{upload_id}/publish",
    status_code=201,
    summary="Publish a checked upload",
    responses=REFUSALS,
)
def publish_import(settings: SettingsDep, who: Writer, upload_id: str) -> Any:
    upload_or_404(settings, upload_id)
    return _publish(settings, who, upload_id)


@router.post(
    "/versions/{version_id}/restore",
    status_code=201,
    summary="Restore a version (admins)",
    responses=REFUSALS,
)
def restore(settings: SettingsDep, who: Writer, version_id: str) -> Any:
    """Publish an earlier version's file again, as a new version. Administrators only."""
    if not is_version_id(version_id):
        raise HTTPException(404, f"no version {version_id!r}")
    return _written(lambda: write_thread.run(service.restore_version, settings, who, version_id))


def _publish(settings: Any, who: Principal, upload_id: str) -> Any:
    return _written(lambda: write_thread.run(service.publish_upload, settings, who, upload_id))


def _written(write: Callable[[], Version]) -> Any:
    """A publish or restore's answer: 201 with the version, or the refusal."""
    try:
        version = write()
    except service.Forbidden as exc:
        return forbidden(exc)
    except KeyError as exc:
        raise HTTPException(404, f"no such version or upload: {exc}") from exc
    except service.Conflict as exc:
        raise HTTPException(409, str(exc)) from exc
    return JSONResponse(version_json(version), status_code=201)
