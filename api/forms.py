"""Pages with forms: each carries a CSRF token bound to the browser's ``yp_csrf`` cookie
(``api.auth``), set here when the browser has none. Form pages are never cached."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api.auth import CSRF_COOKIE, gate, new_csrf_cookie
from api.pages import page
from kg.store import Store

COOKIE_FLAGS: dict[str, Any] = {"secure": True, "httponly": True, "samesite": "strict", "path": "/"}


def form_page(
    request: Request,
    template: str,
    lang: str,
    *,
    section: str = "",
    store: Store | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The page ``template`` with ``csrf`` (the form token) in its context."""
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = cookie is None
    if fresh:
        cookie = new_csrf_cookie()
    assert cookie is not None
    token = gate(request).csrf_token(cookie)
    response = page(
        request,
        template,
        lang,
        section=section,
        store=store,
        status_code=status_code,
        csrf=token,
        **context,
    )
    if fresh:
        response.set_cookie(CSRF_COOKIE, cookie, **COOKIE_FLAGS)
    response.headers["Cache-Control"] = "no-store"
    return response
