"""ETag, Last-Modified and Cache-Control for the answers that change only at a publish.

The graph changes only when a build or a publish switches the store link to a new store
directory, so a read answer is fixed by the store, the request (its address and the
headers its ``Vary`` names) and the day (pages and audits default to today). Every ``200``
answer to a ``GET`` or ``HEAD`` of a read route gets

- ``ETag: W/"<store directory>.<day>"`` (weak: equal for the same store and day, whatever
  the variant; a client sends back the tag of the variant it holds),
- ``Last-Modified``: when that store was built or published (``build.json``),
- ``Cache-Control: public, no-cache`` (a reverse proxy may keep it and must ask again;
  ``private, no-cache`` when the answer sets a cookie),

and a request whose ``If-None-Match`` names the current tag is answered ``304`` at once,
without running the route. An answer that sets its own ``ETag`` or ``Cache-Control`` (the
dumps, static files, the coordinators' pages) keeps them; the write routes, sign-in, the
coordinators' pages, the change history (its log line follows the store switch) and
``/healthz`` are left alone.

The store directory the tag names is left in the request's scope (``SERVING_STORE``), so
that a route answering from kept answers (:mod:`api.lookup_cache`) answers from the very
store its tag names, and need not look for it again.
"""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.store import BUILD_INFO

SERVING_STORE = "yhdyspinta.serving_store"  # scope key: the store directory tagged
SKIPPED = ("/coordinate", "/account", "/api/v1/imports", "/api/v1/versions", "/changes", "/healthz")


class StoreVersionTags:
    """Tag read answers with the serving store's version (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._built: dict[Path, str | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or str(scope["path"]).startswith(SKIPPED)
        ):
            await self.app(scope, receive, send)
            return
        store = _serving(scope)
        if store is None:  # no store: nothing to tag
            await self.app(scope, receive, send)
            return
        scope[SERVING_STORE] = store
        tag = f'W/"{store.name}.{dt.date.today().isoformat()}"'
        modified = self._last_modified(store)
        if tag in _tags(scope):
            await _not_modified(send, tag, modified)
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                names = {k.lower() for k, _ in message.get("headers", [])}
                if b"etag" not in names and b"cache-control" not in names:
                    private = b"set-cookie" in names
                    headers = list(message.get("headers", []))
                    headers.append((b"etag", tag.encode()))
                    if modified:
                        headers.append((b"last-modified", modified.encode()))
                    control = b"private, no-cache" if private else b"public, no-cache"
                    headers.append((b"cache-control", control))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, tagged)

    def _last_modified(self, store: Path) -> str | None:
        if store not in self._built:
            if len(self._built) > 16:
                self._built.clear()
            self._built[store] = _built_at(store / BUILD_INFO)
        return self._built[store]


def _serving(scope: Scope) -> Path | None:
    """The store directory the app's store link names now (the app's settings, read per
    request: a test or an embedding application may replace them)."""
    try:
        return Path(scope["app"].state.settings.store_path).resolve(strict=True)
    except (OSError, AttributeError, KeyError):
        return None


def _built_at(info: Path) -> str | None:
    try:
        built = json.loads(info.read_text("utf-8"))["built_at"]
        return format_datetime(dt.datetime.fromisoformat(built).astimezone(dt.UTC), usegmt=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tags(scope: Scope) -> set[str]:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return {t.strip() for t in value.decode("latin-1").split(",")}
    return set()


async def _not_modified(send: Send, tag: str, modified: str | None) -> None:
    headers = [(b"etag", tag.encode()), (b"cache-control", b"public, no-cache")]
    if modified:
        headers.append((b"last-modified", modified.encode()))
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
