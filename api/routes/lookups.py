"""Responsibility lookups for officials, under /api/v1: thin routes over kg.lookups.

An answer changes only when a build or a publish swaps the store, so each route's answer is
computed, checked against its response model and written as JSON once per store, and kept
(:mod:`api.lookup_cache`): a repeat is served from the kept bytes on the event loop, with
no trip through the thread pool; the first asking runs in the thread pool (the engine
releases the GIL while a query runs, so one slow lookup does not hold up the others). The
answers kept are those of bounded variety: every municipality, county, theme, post, and
responsibilities for today; a search by part of a name and a past or future day's
responsibilities are computed each time. The models document the answers in the OpenAPI
schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import TypeAdapter

from api import schemas
from api.deps import get_settings
from api.lookup_cache import cached, fresh
from api.params import IsoDate
from api.responses import problems
from kg import lookups
from kg.names import AmbiguousName, NameNotFound
from kg.store import Store

router = APIRouter(prefix="/api/v1", tags=["lookups"])

T = TypeVar("T")
_MUNICIPALITIES = TypeAdapter(list[schemas.Municipality])
_MUNICIPALITY = TypeAdapter(schemas.Municipality)
_COUNTIES = TypeAdapter(list[schemas.County])
_COUNTY = TypeAdapter(schemas.CountyWithMembers)
_THEMES = TypeAdapter(list[schemas.Theme])
_RESPONSIBILITIES = TypeAdapter(schemas.Responsibilities)
_POST = TypeAdapter(schemas.Post)


def _json(model: TypeAdapter[T], data: Any) -> bytes:
    """``data`` checked against ``model`` and written as JSON."""
    return model.dump_json(model.validate_python(data))


def _not_found(exc: Exception) -> HTTPException:
    detail: dict[str, Any] = {"message": str(exc)}
    if isinstance(exc, NameNotFound):
        detail["suggestions"] = exc.suggestions[:5]
    if isinstance(exc, AmbiguousName):
        detail["candidates"] = [c.label for c in exc.candidates]
    return HTTPException(404, detail)


@router.get("/municipalities", response_model=list[schemas.Municipality], responses=problems(404))
async def municipalities(
    request: Request,
    county: str | None = Query(
        None,
        max_length=3,
        pattern=r"^\d{1,3}$",
        description="Organiser code (01–21, or 90 for Helsinki; Helsinki's municipality code "
        "091 is accepted too)",
    ),
    q: str | None = Query(None, max_length=100, description="Part of a Finnish or Swedish name"),
) -> Response:
    """Municipalities, optionally of one county or matching part of a name."""

    def make(store: Store) -> bytes:
        return _json(_MUNICIPALITIES, lookups.municipalities(store, county=county, q=q))

    def resolve(store: Store) -> tuple[str, str | None]:
        return ("municipalities", lookups.organiser(store, county).code if county else None)

    try:
        if q:
            return await fresh(request, make)
        return await cached(request, ("municipalities", county), resolve, make)
    except LookupError as exc:
        raise _not_found(exc) from None


@router.get("/municipalities/{key}", response_model=schemas.Municipality, responses=problems(404))
async def municipality(key: str, request: Request) -> Response:
    """One municipality by code (with or without leading zeros) or Finnish or Swedish name."""
    key = key[:100]
    try:
        return await cached(
            request,
            ("municipality", key),
            lambda store: ("municipality", lookups.find_municipality(store, key)),
            lambda store: _json(_MUNICIPALITY, lookups.municipality(store, key)),
        )
    except (NameNotFound, AmbiguousName) as exc:
        raise _not_found(exc) from None


@router.get("/counties", response_model=list[schemas.County])
async def counties(request: Request) -> Response:
    """The 21 wellbeing services counties and the City of Helsinki (code 90)."""
    return await cached(
        request,
        ("counties",),
        lambda store: ("counties",),
        lambda store: _json(_COUNTIES, lookups.counties(store)),
    )


@router.get("/counties/{code}", response_model=schemas.CountyWithMembers, responses=problems(404))
async def county(code: str, request: Request) -> Response:
    """One county (or the City of Helsinki) with its municipalities, by organiser code
    (01–21, 90) or, for Helsinki, its municipality code 091."""
    code = code[:10]
    try:
        return await cached(
            request,
            ("county", code),
            lambda store: ("county", lookups.organiser(store, code).code),
            lambda store: _json(_COUNTY, lookups.county(store, code)),
        )
    except LookupError as exc:
        raise _not_found(exc) from None


@router.get("/themes", response_model=list[schemas.Theme])
async def themes(request: Request) -> Response:
    """The interface themes (the ten core themes first)."""
    return await cached(
        request,
        ("themes",),
        lambda store: ("themes",),
        lambda store: _json(_THEMES, lookups.themes(store)),
    )


@router.get("/responsibilities", response_model=schemas.Responsibilities, responses=problems(404))
async def responsibilities(
    request: Request,
    municipality: str = Query(..., max_length=100),
    theme: str | None = Query(
        None,
        max_length=100,
        description="A theme by code (older-people) or by any of its Finnish, Swedish or "
        "English names (Ikäihmisten palvelut), in any case and without accents",
    ),
    as_of: IsoDate | None = None,
) -> Response:
    """Who is responsible on each side, per theme, for a municipality, and the gaps."""
    day = as_of or dt.date.today()

    def make(store: Store) -> bytes:
        answer = lookups.responsibilities(
            store, municipality_key=municipality, theme=theme, as_of=day
        )
        return _json(_RESPONSIBILITIES, answer)

    def resolve(store: Store) -> tuple[str, str, str | None, dt.date]:
        iri = lookups.find_municipality(store, municipality)
        code = lookups.find_theme(store, theme) if theme is not None else None
        return ("responsibilities", iri, code, day)

    try:
        if day != dt.date.today():  # another day's answer: not kept (any day may be asked)
            return await fresh(request, make)
        return await cached(request, ("responsibilities", municipality, theme, day), resolve, make)
    except (NameNotFound, AmbiguousName, LookupError) as exc:
        raise _not_found(exc) from None


@router.get("/posts/{path:path}", response_model=schemas.Post, responses=problems(404))
async def post(path: str, request: Request) -> Response:
    """What a post owns: the interfaces (municipality, theme, side) it is responsible for."""
    path = path[:300]
    base = get_settings(request).base_iri
    try:
        return await cached(
            request,
            ("post", base, path),
            lambda store: ("post", base, path),
            lambda store: _json(_POST, lookups.post(store, base, path)),
        )
    except LookupError as exc:
        raise _not_found(exc) from None
