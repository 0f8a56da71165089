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

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
VENDOR_CACHE = "public, max-age=86400"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "swagger.html",
        {"title": request.app.title, "openapi_url": request.app.openapi_url},
    )


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "redoc.html", {"title": request.app.title, "openapi_url": request.app.openapi_url}
    )


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
