"""Responsibility lookups for officials, under /api/v1: thin routes over kg.lookups.

Each route is a plain ``def`` (the engine releases the GIL while a query runs, so one slow
lookup does not hold up the others) and does all its work in its one trip through the
thread pool: it fetches the current store itself instead of through a sync dependency, and
checks its answer against the response model and writes the JSON there too, instead of
leaving FastAPI to validate it in a second trip. The models document the answers in the
OpenAPI schema; checking and writing one costs about as much as ``json.dumps`` alone.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import TypeAdapter

from api import schemas
from api.deps import get_settings, get_store
from api.params import IsoDate
from api.responses import problems
from kg import lookups
from kg.names import AmbiguousName, NameNotFound

router = APIRouter(prefix="/api/v1", tags=["lookups"])

T = TypeVar("T")
_MUNICIPALITIES = TypeAdapter(list[schemas.Municipality])
_MUNICIPALITY = TypeAdapter(schemas.Municipality)
_COUNTIES = TypeAdapter(list[schemas.County])
_COUNTY = TypeAdapter(schemas.CountyWithMembers)
_THEMES = TypeAdapter(list[schemas.Theme])
_RESPONSIBILITIES = TypeAdapter(schemas.Responsibilities)
_POST = TypeAdapter(schemas.Post)


def _json(model: TypeAdapter[T], data: Any) -> Response:
    """``data`` checked against ``model`` and written as JSON."""
    return Response(model.dump_json(model.validate_python(data)), media_type="application/json")


def _not_found(exc: Exception) -> HTTPException:
    detail: dict[str, Any] = {"message": str(exc)}
    if isinstance(exc, NameNotFound):
        detail["suggestions"] = exc.suggestions[:5]
    if isinstance(exc, AmbiguousName):
        detail["candidates"] = [c.label for c in exc.candidates]
    return HTTPException(404, detail)


@router.get("/municipalities", response_model=list[schemas.Municipality], responses=problems(404))
def municipalities(
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
    try:
        answer = lookups.municipalities(get_store(request), county=county, q=q)
    except LookupError as exc:
        raise _not_found(exc) from None
    return _json(_MUNICIPALITIES, answer)


@router.get("/municipalities/{key}", response_model=schemas.Municipality, responses=problems(404))
def municipality(key: str, request: Request) -> Response:
    """One municipality by code (with or without leading zeros) or Finnish or Swedish name."""
    try:
        return _json(_MUNICIPALITY, lookups.municipality(get_store(request), key[:100]))
    except (NameNotFound, AmbiguousName) as exc:
        raise _not_found(exc) from None


@router.get("/counties", response_model=list[schemas.County])
def counties(request: Request) -> Response:
    """The 21 wellbeing services counties and the City of Helsinki (code 90)."""
    return _json(_COUNTIES, lookups.counties(get_store(request)))


@router.get("/counties/{code}", response_model=schemas.CountyWithMembers, responses=problems(404))
def county(code: str, request: Request) -> Response:
    """One county (or the City of Helsinki) with its municipalities, by organiser code
    (01–21, 90) or, for Helsinki, its municipality code 091."""
    try:
        return _json(_COUNTY, lookups.county(get_store(request), code[:10]))
    except LookupError as exc:
        raise _not_found(exc) from None


@router.get("/themes", response_model=list[schemas.Theme])
def themes(request: Request) -> Response:
    """The interface themes (the ten core themes first)."""
    return _json(_THEMES, lookups.themes(get_store(request)))


@router.get("/responsibilities", response_model=schemas.Responsibilities, responses=problems(404))
def responsibilities(
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
    try:
        answer = lookups.responsibilities(
            get_store(request), municipality_key=municipality, theme=theme, as_of=as_of
        )
    except (NameNotFound, AmbiguousName, LookupError) as exc:
        raise _not_found(exc) from None
    return _json(_RESPONSIBILITIES, answer)


@router.get("/posts/{path:path}", response_model=schemas.Post, responses=problems(404))
def post(path: str, request: Request) -> Response:
    """What a post owns: the interfaces (municipality, theme, side) it is responsible for."""
    try:
        answer = lookups.post(get_store(request), get_settings(request).base_iri, path[:300])
    except LookupError as exc:
        raise _not_found(exc) from None
    return _json(_POST, answer)
