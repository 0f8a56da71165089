"""The SPARQL editor page (``/editor``): YASGUI, served by this service."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
