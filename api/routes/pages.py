"""The web pages of officials, coordinators and auditors: thin routes over kg.views,
rendered by kg.web (api.pages chooses the language and answers). Every page's state
(language, date, filters) is in its address; ``format=csv`` or ``json`` gives its rows,
``format=svg`` (with ``picture=``) its pictures."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from api.deps import StoreDep
from api.pages import PageFormat, PageLang, data, kept_pages, page, page_lang, site_root
from api.params import IsoDate
from kg import lookups
from kg.audit.evaluate import STATUSES
from kg.names import AmbiguousName, NameNotFound
from kg.views.county import county_view
from kg.views.home import home_view
from kg.views.municipality import matrix_rows, municipality_view
from kg.views.pictures import audit_picture, heat_picture, survey_picture
from kg.views.search import Hit, meant, search
from kg.views.theme import theme_view
from kg.web.svg import to_document

router = APIRouter(include_in_schema=False)

AsOf = Annotated[IsoDate | None, Query(description="The day the page shows (default today)")]
Picture = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9-]+$")]
SVG = "image/svg+xml"
ALL = sys.maxsize  # a download lists every row


def hit_path(root: str, hit: Hit, lang: str) -> str:
    """The page of a search hit."""
    if hit.kind == "municipality":
        return f"{root}municipalities/{hit.key}?lang={lang}"
    if hit.kind == "county":
        return f"{root}counties/{hit.key}?lang={lang}"
    if hit.kind == "theme":
        return f"{root}themes/{hit.key}?lang={lang}"
    return hit.key  # a post: its IRI, which this service dereferences


def svg_download(picture: Any, name: str) -> Response:
    return Response(
        to_document(picture),
        media_type=SVG,
        headers={"Content-Disposition": f'attachment; filename="{name}.svg"'},
    )


def _not_found(request: Request, store: Any, lang: str, exc: Exception, query: str) -> Response:
    suggestions = getattr(exc, "suggestions", []) or [
        c.label for c in getattr(exc, "candidates", [])
    ]
    hits = search(store, query, lang=lang) if query else []
    return page(
        request,
        "search.html",
        lang,
        section="home",
        store=store,
        status_code=404,
        hits=hits,
        query=query,
        message=str(exc),
        suggestions=suggestions,
        hit_url=lambda h: hit_path(site_root(request), h, lang),
    )


@router.get("/")
@kept_pages
def home(
    request: Request,
    store: StoreDep,
    lang: PageLang = None,
    format: PageFormat = None,
    as_of: AsOf = None,
) -> Response:
    lang = page_lang(request, lang)
    view = home_view(store, as_of=as_of or dt.date.today(), lang=lang)
    if format in ("csv", "json"):
        return data(format, view.coverage.columns, view.coverage.rows, name="coverage")
    return page(
        request,
        "home.html",
        lang,
        section="home",
        store=store,
        view=view,
        audit_bar=audit_picture(view.audit, lang),
        query="",
    )


@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=100)] = "",
    lang: PageLang = None,
) -> Response:
    """A search: straight to the page it surely means, else the likely ones."""
    lang = page_lang(request, lang)
    hits = search(store, q, lang=lang)
    sure = meant(hits)
    if sure is not None:
        return RedirectResponse(hit_path(site_root(request), sure, lang), status_code=303)
    return page(
        request,
        "search.html",
        lang,
        section="home",
        store=store,
        hits=hits,
        query=q,
        hit_url=lambda h: hit_path(site_root(request), h, lang),
    )


@router.get("/search/suggest")
def suggest(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=100)] = "",
    lang: PageLang = None,
) -> Response:
    """Suggestions while typing: the names the search would offer, as JSON."""
    lang = page_lang(request, lang)
    hits = search(store, q, lang=lang, limit=8) if len(q.strip()) >= 2 else []
    return JSONResponse(
        [
            {"label": h.label, "kind": h.kind, "url": hit_path(site_root(request), h, lang)}
            for h in hits
        ]
    )


@router.get("/municipalities/{key}")
@kept_pages
def municipality_page(
    request: Request,
    key: str,
    store: StoreDep,
    lang: PageLang = None,
    format: PageFormat = None,
    as_of: AsOf = None,
) -> Response:
    lang = page_lang(request, lang)
    try:
        view = municipality_view(
            store, key[:100], as_of=as_of or dt.date.today(), lang=lang, page=request.url.path
        )
    except (NameNotFound, AmbiguousName) as exc:
        return _not_found(request, store, lang, exc, key[:100])
    if view.info["code"] != key:  # one address per municipality: its code
        target = request.url.replace(path=f"{site_root(request)}municipalities/{view.info['code']}")
        return RedirectResponse(
            str(target.replace(scheme="", netloc="")).removeprefix("//"), status_code=308
        )
    if format in ("csv", "json"):
        rows = matrix_rows(store, view)
        name = f"responsibilities-{view.info['code']}"
        return data(format, view.matrix_table.columns, rows, name=name)
    name = (
        view.info["name_sv"] if lang == "sv" and view.info.get("name_sv") else view.info["name_fi"]
    )
    return page(
        request,
        "municipality.html",
        lang,
        section="home",
        store=store,
        view=view,
        name=name,
        audit=view.audit,
        audit_link=f"{site_root(request)}audit?county={view.info.get('county_code') or ''}"
        f"&lang={lang}&as_of={view.as_of.isoformat()}",
    )


@router.get("/counties/{code}")
@kept_pages
def county_page(
    request: Request,
    code: str,
    store: StoreDep,
    lang: PageLang = None,
    format: Annotated[Literal["html", "csv", "json", "svg"] | None, Query()] = None,
    as_of: AsOf = None,
    picture: Picture = None,
) -> Response:
    lang = page_lang(request, lang)
    try:
        view = county_view(
            store, code[:10], as_of=as_of or dt.date.today(), lang=lang, page=request.url.path
        )
    except LookupError as exc:
        return _not_found(request, store, lang, exc, code[:10])
    audit_svg = audit_picture(view.audit.summary(), lang)
    surveys = [survey_picture(chart, lang) for chart in view.surveys]
    if format == "svg":
        pictures = {"heat": heat_picture(view.heat, lang), "audit": audit_svg} | {
            f"survey-{c.dataset}": s for c, s in zip(view.surveys, surveys, strict=True)
        }
        chosen = pictures.get(picture or "heat")
        if chosen is None:
            return JSONResponse({"detail": f"picture must be one of {sorted(pictures)}"}, 400)
        return svg_download(chosen, f"{picture or 'heat'}-{view.county['code']}")
    if format in ("csv", "json"):
        t = view.heat.table
        return data(format, t.columns, t.rows, name=f"coverage-{view.county['code']}")
    state = f"lang={lang}&as_of={view.as_of.isoformat()}"
    return page(
        request,
        "county.html",
        lang,
        section="home",
        store=store,
        view=view,
        audit_svg=audit_svg,
        survey_svgs=surveys,
        statuses=STATUSES,
        page_path=request.url.path,
        state=state,
    )


@router.get("/themes/{key}")
@kept_pages
def theme_page(
    request: Request,
    key: str,
    store: StoreDep,
    lang: PageLang = None,
    format: PageFormat = None,
    as_of: AsOf = None,
    county: Annotated[str | None, Query(max_length=3, pattern=r"^\d{0,3}$")] = None,
) -> Response:
    lang = page_lang(request, lang)
    try:
        view = theme_view(
            store,
            key[:100],
            county=county or None,
            as_of=as_of or dt.date.today(),
            lang=lang,
            page=request.url.path,
        )
    except LookupError as exc:
        return _not_found(request, store, lang, exc, key[:100])
    if format in ("csv", "json"):
        t = view.heat.table
        return data(format, t.columns, t.rows, name=f"theme-{view.theme['code']}")
    label = view.theme["label"].get(lang) or view.theme["code"]
    return page(
        request,
        "theme.html",
        lang,
        section="home",
        store=store,
        view=view,
        label=label,
        counties=lookups.counties(store),
    )
