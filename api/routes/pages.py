"""The web pages of officials, coordinators and auditors: thin routes over kg.views,
rendered by kg.web (see api.pages)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
