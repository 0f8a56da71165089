"""405 answers that list every method the path supports.

Starlette answers a method mismatch from the first route whose path matches, so for a path
served by two routes (``GET /sparql`` and ``POST /sparql``) its ``Allow`` header named only
one of them. This handler collects the methods of every route that matches the path.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.routing import Match


async def method_not_allowed(request: Request, exc: Exception) -> JSONResponse:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match not in (Match.PARTIAL, Match.FULL):
            continue
        # an included router (FastAPI >= 0.160) stands for several routes: ask each
        contexts = getattr(route, "effective_route_contexts", None)
        for candidate in contexts() if contexts else [route]:
            regex = getattr(candidate, "path_regex", None)
            if regex is not None and regex.match(request.url.path):
                methods |= set(getattr(candidate, "methods", None) or ())
    return JSONResponse(
        {"detail": f"method {request.method} not allowed; allowed: {', '.join(sorted(methods))}"},
        status_code=405,
        headers={"Allow": ", ".join(sorted(methods))},
    )
