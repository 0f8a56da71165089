"""Stop work for a client that has gone away.

A SPARQL query may wait for a worker and then run for up to the time limit. If its client
hangs up meanwhile, nobody will read the answer: :func:`unless_disconnected` awaits the work
while listening on the request's ASGI ``receive`` channel, and cancels the work when the
server reports ``http.disconnect`` (the query pool then drops the waiting query, or kills
the worker running it). Call it after the request body has been read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any, TypeVar

from starlette.requests import Request

T = TypeVar("T")


class ClientDisconnected(Exception):
    """The client closed the connection before the answer was ready."""


async def _disconnect(request: Request) -> None:
    """Return when the client has disconnected (the body must already have been read)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def unless_disconnected(request: Request, work: Coroutine[Any, Any, T]) -> T:
    """The result of ``work``, or :class:`ClientDisconnected` (with ``work`` cancelled) if
    the client goes away first."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnect(request))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:  # this request itself is being cancelled
        task.cancel()
        raise
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise ClientDisconnected("the client closed the connection; its query was stopped")
