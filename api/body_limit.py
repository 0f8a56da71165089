"""A limit on the size of every request body (``YP_MAX_BODY_BYTES``), as ASGI middleware.

A request whose ``Content-Length`` is above the limit is answered 413 at once, before any
of its body is read. A body sent without a length (chunked) is counted as it is read: past
the limit, reading stops with :class:`BodyTooLarge` and the answer is 413, whatever the
route made of the error. Either way the server holds at most the limit in memory, and the
connection is closed after the answer (the rest of the body is never read).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The request body went past the limit while it was being read."""


def _too_large(limit: int) -> tuple[Message, Message]:
    body = json.dumps(
        {"detail": f"the request body is larger than the limit of {limit} bytes"}
    ).encode()
    start: Message = {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class BodyLimit:
    """Refuse request bodies above ``max_bytes`` with 413 (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is None:
            await _send_json(send, 400, {"detail": "the Content-Length header is not a number"})
            return
        if declared > self.max_bytes:
            for message in _too_large(self.max_bytes):
                await send(message)
            return
        state: dict[str, Any] = {"read": 0, "over": False, "started": False}

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > self.max_bytes:
                    state["over"] = True
                    raise BodyTooLarge(f"request body over {self.max_bytes} bytes")
            return message

        async def guarded_send(message: Message) -> None:
            if state["over"]:
                return  # the route's own answer to the cut body is replaced by the 413
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            pass
        except Exception:
            if not state["over"]:
                raise
        if state["over"] and not state["started"]:
            for message in _too_large(self.max_bytes):
                await send(message)


def _content_length(scope: Scope) -> int | None:
    """The declared body length (0 if none is declared), or ``None`` if it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return 0


async def _send_json(send: Send, status: int, detail: dict[str, str]) -> None:
    body = json.dumps(detail).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
