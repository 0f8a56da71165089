"""Security headers on every response, as ASGI middleware.

- ``Content-Security-Policy``: only this origin (``default-src 'self'``), no plugins, no
  ``<base>``, forms only to this origin, framing only by this origin. A route serving a
  page with inline styles or scripts sets its own policy naming their hashes
  (:func:`page_policy`), and the middleware leaves it;
- ``X-Content-Type-Options: nosniff``: browsers take the declared media type (a SPARQL
  CSV answer is never run as a script);
- ``X-Frame-Options: SAMEORIGIN`` for browsers without ``frame-ancestors``;
- ``Referrer-Policy: same-origin``: following a link to another site sends no address.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_BASE_POLICY = (
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)
# data: images: Swagger UI's and vis-network's icons (an image cannot run a script)
DEFAULT_POLICY = "; ".join(("default-src 'self'", "img-src 'self' data:", *_BASE_POLICY))
HEADERS: dict[str, str] = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
}


def source_hash(inline: str) -> str:
    """The CSP source expression allowing an inline ``<style>`` or ``<script>`` element
    whose text is exactly ``inline``."""
    digest = hashlib.sha256(inline.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_policy(
    *,
    styles: Iterable[str] = (),
    scripts: Iterable[str] = (),
    any_style: bool = False,
    blob_workers: bool = False,
) -> str:
    """The policy for a page with these inline style and script texts (and nothing else
    inline): this origin, plus exactly those elements by their hashes. ``any_style``
    allows every inline style (not script), for a page whose library writes styles as it
    runs; ``blob_workers`` web workers the page's own scripts make from ``blob:`` URLs
    (both for ReDoc)."""
    parts = ["default-src 'self'", "img-src 'self' data:"]
    style_hashes = sorted({source_hash(s) for s in styles})
    script_hashes = sorted({source_hash(s) for s in scripts})
    if any_style:
        parts.append("style-src 'self' 'unsafe-inline'")
    elif style_hashes:
        parts.append(" ".join(["style-src 'self'", *style_hashes]))
    if script_hashes:
        parts.append(" ".join(["script-src 'self'", *script_hashes]))
    if blob_workers:
        parts.append("worker-src 'self' blob:")
    return "; ".join((*parts, *_BASE_POLICY))


class SecurityHeaders:
    """Add the headers above to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = {"content-security-policy": DEFAULT_POLICY, **HEADERS}
                headers += [
                    (name.encode(), value.encode())
                    for name, value in wanted.items()
                    if name.encode() not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
