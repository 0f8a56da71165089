"""502 answers when the SPARQL server holding the graph fails (``YP_STORE=http…``).

A route reading the store there may meet :class:`kg.errors.StoreUnavailable`: the server
could not be reached, refused, ran past the time limit, or sent an answer that broke off.
The client gets 502 Bad Gateway with what happened, never a partial answer, and the
failure is logged for whoever runs the service.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse

log = logging.getLogger("kg.store")


async def store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": str(exc)}, status_code=502)
