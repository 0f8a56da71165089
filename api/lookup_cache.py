"""Lookup answers kept as finished JSON with the serving store; a repeat takes no thread.

A lookup's answer changes only when a build or a publish swaps the store, so its finished
JSON is kept with the store it was computed from (:mod:`kg.views.cache`, room
``lookups``); a swap opens a new store and the old answers go with the old one. An answer
is kept under what it is about (the municipality's IRI, the theme's code, the day), not
under the words that asked for it, so a Finnish name, a Swedish name and a code of one
municipality share one answer; the words are noted beside it (room ``lookup-words``) with
the key they led to.

A repeat (words noted before) is answered on the event loop from those two notes, with no
trip through the thread pool, when the store link still names the store this module last
saw: it compares the link's target, as the revalidation middleware found it for the
request's ``ETag``, with that store's path, so the answer and its tag name the same store,
and no store is ever opened on the event loop (as one is after a swap). Anything else runs
in the thread pool: resolving the words (which may read the name tables from the store),
then computing and writing the answer, once (readers asking for the same answer at once
wait for the one being made). Words are noted only once they led to an answer: words that
name nothing raise there and leave no note.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from api.revalidation import SERVING_STORE
from kg.store import Store
from kg.views.cache import kept, peek

ANSWERS, WORDS = "lookups", "lookup-words"

Resolve = Callable[[Store], Hashable]  # the words, resolved: the answer's key
Make = Callable[[Store], bytes]  # the answer, as finished JSON

# the store each holder last gave this module (a holder is the app's StoreHolder), held
# weakly: a store the holder let go of after a swap is not kept open here
_SEEN: weakref.WeakKeyDictionary[Any, weakref.ref[Store]] = weakref.WeakKeyDictionary()


def json_response(body: bytes) -> Response:
    return Response(body, media_type="application/json")


async def cached(request: Request, words: Hashable, resolve: Resolve, make: Make) -> Response:
    """The answer to ``words`` (a tuple naming the route and its parameters as given):
    kept under ``resolve(store)``, made by ``make(store)`` the first time."""
    store = _still_serving(request)
    if store is not None:
        key = peek(store, words, room=WORDS)
        body = peek(store, key, room=ANSWERS) if key is not None else None
        if body is not None:
            return json_response(body)
    return json_response(await run_in_threadpool(_kept, request, words, resolve, make))


async def fresh(request: Request, make: Make) -> Response:
    """An answer not kept (one of unbounded variety, such as a past day's), made in the
    thread pool."""
    store_holder = request.app.state.store_holder
    return json_response(await run_in_threadpool(lambda: make(store_holder.get())))


def _kept(request: Request, words: Hashable, resolve: Resolve, make: Make) -> bytes:
    holder = request.app.state.store_holder
    store = holder.get()
    key = peek(store, words, room=WORDS) or resolve(store)
    body = kept(store, key, lambda: make(store), room=ANSWERS)
    kept(store, words, lambda: key, room=WORDS)  # noted once they led to an answer
    _SEEN[holder] = weakref.ref(store)
    return body


def _still_serving(request: Request) -> Store | None:
    """The store this module last saw, if the store link still names it (as the
    revalidation middleware found it for this request's tag, else as it is now); else
    None (then only the holder may say, and it may have to open a store)."""
    holder = request.app.state.store_holder
    seen = _SEEN.get(holder)
    store = seen() if seen is not None else None
    path = getattr(store, "path", None)
    if store is None or not isinstance(path, Path):
        return None
    serving = request.scope.get(SERVING_STORE)
    if serving is None:
        link = getattr(holder, "link", None)
        try:
            serving = Path(link).resolve(strict=True) if link is not None else None
        except OSError:
            return None
    return store if serving == path else None
