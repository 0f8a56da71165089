"""The API documentation pages (Swagger UI at ``/docs``, ReDoc at ``/redoc``) and the
assets they load, all served by this service: the pages work on an intranet with no route
to a CDN. The pages carry no inline script (their set-up is ``/static/js/swagger-init.js``),
so they keep working under a Content-Security-Policy that allows only this origin.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.templating import Jinja2Templates

from api.assets import TEMPLATES_DIR, AssetMissing, vendor_body, vendor_file
from api.deps import SettingsDep
from api.security_headers import page_policy
from api.urls import url_path

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["url_path"] = url_path  # assets by path: no Host in the page
VENDOR_CACHE = "public, max-age=86400"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "swagger.html",
        {"title": request.app.title, "openapi_url": request.app.openapi_url},
    )


# ReDoc (styled-components) writes <style> elements as it draws and runs its search in a
# web worker made from a blob: allow inline styles and those workers there, never inline
# scripts
REDOC_POLICY = page_policy(any_style=True, blob_workers=True)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "redoc.html",
        {"title": request.app.title, "openapi_url": request.app.openapi_url},
        headers={"Content-Security-Policy": REDOC_POLICY},
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask every site for one; a 404 would be logged as an error)."""
    return Response(status_code=204, headers={"Cache-Control": VENDOR_CACHE})


@router.get("/assets/vendor/{name:path}")
def vendor_asset(name: str, settings: SettingsDep) -> Response:
    try:
        path = vendor_file(settings.assets_dir, name)
        body = vendor_body(settings.assets_dir, name)
    except AssetMissing as exc:
        raise HTTPException(503, str(exc)) from None
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    headers = {"Cache-Control": VENDOR_CACHE}
    if body is not None:
        return Response(body, media_type="text/javascript", headers=headers)
    return FileResponse(path, headers=headers)
