"""The audit and the validation as pages: ``kg audit`` and ``kg validate`` with their
filters (date, county, duty or status, severity) in the address, rows as CSV or JSON, the
audit's status bar as SVG; thin routes over kg.views.audit_page and validation_page."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.pages import PageFormat, PageLang, kept_pages, page, page_lang
from api.routes.pages import AsOf, svg_download
from kg import lookups
from kg.audit.evaluate import STATUSES
from kg.audit.render import render as render_audit
from kg.audit.render_html import audit_view
from kg.validation.render import render as render_validation
from kg.validation.render import validation_view
from kg.validation.report import SEVERITIES
from kg.views.audit_page import LIMIT as AUDIT_LIMIT
from kg.views.audit_page import audit_page
from kg.views.pictures import audit_picture
from kg.views.validation_page import LIMIT as VALIDATION_LIMIT
from kg.views.validation_page import validation_page

router = APIRouter(include_in_schema=False)
ALL = sys.maxsize  # a download lists every row


Statuses = Annotated[list[str] | None, Query(max_length=20)]
CountyCode = Annotated[str | None, Query(max_length=3, pattern=r"^\d{0,3}$")]


@router.get("/audit")
@kept_pages
def audit_page_route(
    request: Request,
    store: StoreDep,
    lang: PageLang = None,
    format: Annotated[Literal["html", "csv", "json", "svg"] | None, Query()] = None,
    as_of: AsOf = None,
    county: CountyCode = None,
    obligation: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9-]*$")] = None,
    status: Statuses = None,
) -> Response:
    """``kg audit`` as a page: filtered by date, county, duty and status."""
    lang = page_lang(request, lang)
    day = as_of or dt.date.today()
    try:
        view = audit_page(
            store,
            as_of=day,
            county=county or None,
            obligation=obligation or None,
            statuses=tuple(status or ()),
            limit=AUDIT_LIMIT if format in (None, "html", "svg") else ALL,
        )
    except (LookupError, ValueError) as exc:
        return JSONResponse({"detail": str(exc)}, 404 if isinstance(exc, LookupError) else 400)
    if format == "csv":
        return Response(
            render_audit(view.audit, "csv", lang=lang),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
        )
    if format == "json":
        return Response(render_audit(view.audit, "json", lang=lang), media_type="application/json")
    picture = audit_picture(view.whole.summary(), lang)
    if format == "svg":
        return svg_download(picture, f"audit-{view.county or 'fi'}")
    state = _state(
        lang=lang,
        as_of=day.isoformat(),
        county=view.county or "",
        obligation=view.obligation or "",
        status=list(status or ()),
    )
    api_state = _state(
        lang=lang, as_of=day.isoformat(), county=view.county or "", obligation=view.obligation or ""
    )
    return page(
        request,
        "audit.html",
        lang,
        section="audit",
        store=store,
        page=view,
        report=audit_view(view.audit, lang=lang),
        counties=lookups.counties(store),
        statuses=STATUSES,
        status_svg=picture,
        state=state,
        api_state=api_state,
        limit=AUDIT_LIMIT,
    )


@router.get("/validation")
@kept_pages
def validation_page_route(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: PageLang = None,
    format: PageFormat = None,
    as_of: AsOf = None,
    county: CountyCode = None,
    severity: Statuses = None,
) -> Response:
    """``kg validate`` as a page: filtered by date, county and severity."""
    lang = page_lang(request, lang)
    day = as_of or dt.date.today()
    try:
        view = validation_page(
            store,
            as_of=day,
            lang=lang,
            shapes_dir=settings.shapes_dir,
            county=county or None,
            severities=tuple(severity or ()),
            limit=VALIDATION_LIMIT if format in (None, "html") else ALL,
        )
    except (LookupError, ValueError) as exc:
        return JSONResponse({"detail": str(exc)}, 404 if isinstance(exc, LookupError) else 400)
    if format in ("csv", "json"):
        media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
        headers = (
            {"Content-Disposition": 'attachment; filename="validation.csv"'}
            if format == "csv"
            else {}
        )
        return Response(render_validation(view.report, format), media_type=media, headers=headers)
    state = _state(
        lang=lang, as_of=day.isoformat(), county=county or "", severity=list(severity or ())
    )
    return page(
        request,
        "validation.html",
        lang,
        section="validation",
        store=store,
        page=view,
        report=validation_view(view.report),
        counties=lookups.counties(store),
        severities=SEVERITIES,
        county=view.report.county.code if view.report.county else "",
        as_of=day.isoformat(),
        state=state,
        limit=VALIDATION_LIMIT,
    )


def _state(**values: str | list[str]) -> str:
    """A page's filters as a query string (empty ones left out)."""
    return urlencode(
        [(k, x) for k, v in values.items() for x in ([v] if isinstance(v, str) else v) if x]
    )
