"""The API documentation pages (Swagger UI at ``/docs``, ReDoc at ``/redoc``) and the
assets they load, all served by this service: the pages work on an intranet with no route
to a CDN. The pages carry no inline script (their set-up is ``/static/js/swagger-init.js``),
so they keep working under a Content-Security-Policy that allows only this origin. They are
the templates ``swagger.html`` and ``redoc.html`` of ``kg/web/templates``, rendered by
:func:`kg.web.render.render` (documents of their own, in English: the libraries draw the
whole page).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.assets import AssetMissing, vendor_body, vendor_file
from api.deps import SettingsDep
from api.pages import chrome
from api.security_headers import page_policy
from kg.web.render import render

router = APIRouter(include_in_schema=False)
VENDOR_CACHE = "public, max-age=86400"


def _docs_page(request: Request, template: str) -> str:
    """A documentation page; its assets by root-relative path (no Host in the page)."""
    return render(
        template,
        "en",
        chrome=chrome(request, "en", "api"),
        title=request.app.title,
        openapi_url=request.app.openapi_url,
    )


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return HTMLResponse(_docs_page(request, "swagger.html"))


# ReDoc (styled-components) writes <style> elements as it draws and runs its search in a
# web worker made from a blob: allow inline styles and those workers there, never inline
# scripts
REDOC_POLICY = page_policy(any_style=True, blob_workers=True)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return HTMLResponse(
        _docs_page(request, "redoc.html"), headers={"Content-Security-Policy": REDOC_POLICY}
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
