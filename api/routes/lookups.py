"""Responsibility lookups for officials, under /api/v1: thin routes over kg.lookups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Query

from api.deps import SettingsDep, StoreDep
from kg import lookups
from kg.names import AmbiguousName, NameNotFound

router = APIRouter(prefix="/api/v1", tags=["lookups"])


def _not_found(exc: Exception) -> HTTPException:
    detail: dict[str, Any] = {"message": str(exc)}
    if isinstance(exc, NameNotFound):
        detail["suggestions"] = exc.suggestions[:5]
    if isinstance(exc, AmbiguousName):
        detail["candidates"] = [c.label for c in exc.candidates]
    return HTTPException(404, detail)


@router.get("/municipalities")
def municipalities(
    store: StoreDep,
    county: str | None = Query(None, max_length=2, pattern=r"^\d{1,2}$"),
    q: str | None = Query(None, max_length=100, description="Part of a Finnish or Swedish name"),
) -> list[dict[str, Any]]:
    """Municipalities, optionally of one county or matching part of a name."""
    return lookups.municipalities(store, county=county, q=q)


@router.get("/municipalities/{key}")
def municipality(key: str, store: StoreDep) -> dict[str, Any]:
    """One municipality by code (with or without leading zeros) or Finnish or Swedish name."""
    try:
        return lookups.municipality(store, key[:100])
    except (NameNotFound, AmbiguousName) as exc:
        raise _not_found(exc) from None


@router.get("/counties")
def counties(store: StoreDep) -> list[dict[str, Any]]:
    """The 21 wellbeing services counties and the City of Helsinki (code 90)."""
    return lookups.counties(store)


@router.get("/counties/{code}")
def county(code: str, store: StoreDep) -> dict[str, Any]:
    """One county with its municipalities."""
    try:
        return lookups.county(store, code[:10])
    except LookupError as exc:
        raise _not_found(exc) from None


@router.get("/themes")
def themes(store: StoreDep) -> list[dict[str, Any]]:
    """The interface themes (the ten core themes first)."""
    return lookups.themes(store)


@router.get("/responsibilities")
def responsibilities(
    store: StoreDep,
    municipality: str = Query(..., max_length=100),
    theme: str | None = Query(None, max_length=60),
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Who is responsible on each side, per theme, for a municipality, and the gaps."""
    try:
        return lookups.responsibilities(
            store, municipality_key=municipality, theme=theme, as_of=as_of
        )
    except (NameNotFound, AmbiguousName, LookupError) as exc:
        raise _not_found(exc) from None


@router.get("/posts/{path:path}")
def post(path: str, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """What a post owns: the interfaces (municipality, theme, side) it is responsible for."""
    try:
        return lookups.post(store, settings.base_iri, path[:300])
    except LookupError as exc:
        raise _not_found(exc) from None
