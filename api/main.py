"""The application factory. ``uvicorn api.main:app`` serves the store named by YP_STORE."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.allow import method_not_allowed
from api.assets import STATIC_DIR
from api.bad_gateway import store_unavailable
from api.body_limit import BodyLimit
from api.cors import ReadOnlyCors
from api.deps import StoreHolder, query_pool
from api.revalidation import StoreVersionTags
from api.routes import (
    account,
    audit,
    changes,
    coordinate,
    docs,
    dumps,
    editor,
    entities,
    graph_store,
    health,
    imports,
    lookups,
    network,
    pages,
    queries,
    report_pages,
    sparql,
)
from api.security_headers import SecurityHeaders
from kg import __version__
from kg.config import Settings
from kg.errors import StoreUnavailable
from kg.recovery import at_startup


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        at_startup(app.state.settings, log=logging.getLogger("uvicorn.error"))  # says what it found
        # the settings on app.state, not the closure's: a test (or an embedding
        # application) may put others there between create_app and start-up
        app.state.query_pool = query_pool(app.state.settings)
        app.state.query_pool.start()  # the first queries need not wait for start-up
        if not app.state.settings.secret:
            logging.getLogger("uvicorn.error").warning(
                "YP_SECRET is not set: signing in and every write route are off (503)"
            )
        yield
        app.state.query_pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Yhdyspinta KG",
        version=__version__,
        description="Knowledge graph of the cooperation of Finnish municipalities and "
        "wellbeing services counties: SPARQL 1.1 endpoint and lookups.",
        docs_url=None,  # served by api.routes.docs from this service's own assets
        redoc_url=None,
        # no redirect to the path with(out) a trailing slash: Starlette writes it with the
        # request's Host (see api.urls)
        redirect_slashes=False,
    )
    app.add_exception_handler(405, method_not_allowed)
    app.state.settings = settings
    app.state.store_holder = StoreHolder(settings)
    app.add_exception_handler(StoreUnavailable, store_unavailable)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(audit.router)
    app.include_router(queries.router)
    app.include_router(lookups.router)
    app.include_router(entities.router)
    app.include_router(dumps.router)
    app.include_router(network.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(report_pages.router)
    app.include_router(editor.router)
    app.include_router(changes.router)
    app.include_router(graph_store.router)
    app.include_router(imports.router)
    app.include_router(account.router)
    app.include_router(coordinate.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # outermost last: the headers go on every answer, the body limit's 413 included, and
    # a page on another site may read a 413 (CORS outside the body limit)
    app.add_middleware(StoreVersionTags)  # ETag/304 by the serving store's version
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(ReadOnlyCors)
    app.add_middleware(SecurityHeaders)
    return app


app = create_app()
