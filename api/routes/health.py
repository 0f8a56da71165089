"""Liveness: answers without touching the query engine's heavy paths."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import QueryPoolDep, StoreDep

router = APIRouter(tags=["service"])


@router.get("/healthz")
def healthz(store: StoreDep, pool: QueryPoolDep) -> dict[str, object]:
    """The service is up and has a store; when and how it was built; how busy the SPARQL
    workers are (queries running and waiting, and how many workers there are)."""
    info = store.build_info()
    return {
        "status": "ok",
        "built_at": info.get("built_at"),
        "triples": info.get("triples"),
        "queries": {"running": pool.running, "waiting": pool.waiting, "workers": pool.size},
    }
