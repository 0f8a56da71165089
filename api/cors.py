"""Cross-origin reads, and nothing else: a closed CORS policy with two openings.

- ``GET`` and ``HEAD`` on any path (and their preflight), from any origin: everything the
  service serves is public and read-only;
- ``POST /sparql`` (and its preflight): the SPARQL 1.1 Protocol's query by POST, which
  browser clients such as YASGUI on other sites use for long queries. It is read-only like
  the GET (updates are refused), so allowing it opens nothing a GET does not.

Any other method or path gets no CORS headers, so a page on another site cannot read the
answer (a future write route stays closed unless it is added here). No credentials are
ever allowed (``Access-Control-Allow-Origin: *``; the service sets no cookies). Starlette's
:class:`~starlette.middleware.cors.CORSMiddleware` writes the headers; this wrapper only
decides which requests it sees.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READ_METHODS = frozenset({"GET", "HEAD"})
QUERY_METHODS = frozenset({"GET", "HEAD", "POST"})
QUERY_POST_PATHS = frozenset({"/sparql"})
# headers a page on another site may read besides the CORS-safelisted ones
EXPOSED = [
    "ETag",
    "Link",
    "Retry-After",
    "Vary",
    "Yhdyspinta-Byte-Cap",
    "Yhdyspinta-Result-Truncated",
    "Yhdyspinta-Row-Cap",
]


class ReadOnlyCors:
    """CORS for reads everywhere and for the query POST at ``/sparql``; other requests pass
    by untouched (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.read = self._cors(app, ["GET", "HEAD"])
        self.query = self._cors(app, ["GET", "HEAD", "POST"])

    @staticmethod
    def _cors(app: ASGIApp, methods: list[str]) -> CORSMiddleware:
        return CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=methods,
            allow_headers=["Accept", "Accept-Language", "Content-Type", "If-None-Match"],
            allow_credentials=False,
            expose_headers=EXPOSED,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":  # a preflight: for the method the page means to use
            method = Headers(scope=scope).get("access-control-request-method", "").upper()
        if scope["path"] in QUERY_POST_PATHS and method in QUERY_METHODS:
            await self.query(scope, receive, send)
        elif method in READ_METHODS:
            await self.read(scope, receive, send)
        else:
            await self.app(scope, receive, send)
