"""Absolute URLs of this service, made from its configured address (``YP_PUBLIC_URL``),
never from the request's ``Host`` header: a client cannot make the service write another
host into its service description, VoID, dump list, entity pages or network links.

Pages load their own assets by root-relative paths (:class:`kg.web.render.Chrome`, made by
:func:`api.pages.chrome`), which are the same whatever name the service was reached by.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from kg.config import Settings


def public_root(request: Request) -> str:
    """The service's configured address, ending with '/'."""
    settings: Settings = request.app.state.settings
    return settings.public_url


def public_url(request: Request, path: str = "") -> str:
    """The absolute URL of ``path`` (a path of this service) at the configured address."""
    return public_root(request) + path.lstrip("/")


def public_url_for(request: Request, route: str, /, **params: Any) -> str:
    """The absolute URL of the named ``route`` at the configured address."""
    return public_url(request, request.app.url_path_for(route, **params))


def page_url(request: Request) -> str:
    """The absolute URL of the page asked for, without its query string."""
    return public_url(request, request.url.path)
