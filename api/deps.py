"""Dependencies shared by the routes: the settings and the current store.

The store is reopened when ``kg build`` has swapped the store link, so a rebuild goes
live without restarting the service (the previous store stays on disk for requests
still running on it).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from kg.config import Settings
from kg.publishing.uploads import Upload, Uploads, uploads_dir
from kg.query_pool import QueryPool
from kg.serving import open_store
from kg.sparql_worker import WorkerConfig
from kg.store import Store


class StoreHolder:
    """Holds the open store and follows the store link to newer builds (opened as
    ``settings`` say: the embedded database, or the SPARQL server, ``kg.serving``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._target: Path | None = None
        self._store: Store | None = None

    def get(self) -> Store:
        target = self.settings.store_path.resolve()
        if target != self._target:
            with self._lock:
                if target != self._target:
                    self._store = open_store(self.settings, target)
                    self._target = target
        assert self._store is not None
        return self._store


def query_pool(settings: Settings) -> QueryPool:
    """The worker processes that run SPARQL queries, with the limits from ``settings``."""
    return QueryPool(
        settings.store_path,
        size=settings.query_workers,
        timeout=settings.query_timeout_s,
        row_cap=settings.row_cap,
        queue_size=settings.query_queue,
        per_client=settings.queries_per_client,
        worker=WorkerConfig.from_settings(settings),
    )


async def get_query_pool(request: Request) -> QueryPool:
    """The app's query pool (made at start-up; made here on first use where the app was
    not started with its lifespan, as in tests). An ``async`` dependency: resolving it
    takes no thread."""
    state = request.app.state
    if getattr(state, "query_pool", None) is None:
        state.query_pool = query_pool(state.settings)
    pool: QueryPool = state.query_pool
    return pool


def upload_or_404(settings: Settings, upload_id: str) -> Upload:
    """The upload by that id (an id of another form is none), else 404."""
    try:
        return Uploads(uploads_dir(settings.store_path)).get(upload_id)
    except KeyError as exc:
        raise HTTPException(404, f"no upload {upload_id[:40]!r}") from exc


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store_holder.get()


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
QueryPoolDep = Annotated[QueryPool, Depends(get_query_pool)]
