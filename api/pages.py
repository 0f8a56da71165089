"""Serving the web pages: the reader's language, the page's chrome, and its answer.

The language is the ``lang`` parameter, else the one the reader chose before (the ``lang``
cookie the switch sets), else ``Accept-Language``, else Finnish. A page is HTML from
:func:`kg.web.render.render` under the service's default Content-Security-Policy (its
stylesheet and scripts are files of this service: nothing inline); the same data comes as
CSV or JSON with ``format=csv`` or ``format=json``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from starlette.responses import HTMLResponse

from api.negotiation import choose_language
from kg.messages import LANGS
from kg.store import Store
from kg.views.cache import forget, kept
from kg.views.table import to_csv, to_json
from kg.web.render import Chrome, render

LANG_COOKIE = "lang"
YEAR = 365 * 24 * 3600

PageLang = Annotated[
    str | None,
    Query(
        pattern="^(fi|sv|en)$",
        description="Language of the page (remembered); default: the one chosen before, "
        "then Accept-Language, then fi",
    ),
]
PageFormat = Annotated[
    Literal["html", "csv", "json"] | None,
    Query(description="The page (html, default) or its data as csv or json"),
]


def page_lang(request: Request, lang: str | None) -> str:
    """The language to answer in (see the module docstring)."""
    if lang in LANGS:
        return lang
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in LANGS:
        return remembered
    return choose_language(request.headers.get("accept-language", ""), LANGS) or "fi"


def site_root(request: Request) -> str:
    """The root-relative path the service is mounted at, ending with '/'."""
    return str(request.scope.get("root_path", "")).rstrip("/") + "/"


def chrome(request: Request, lang: str, section: str, store: Store | None = None) -> Chrome:
    """The header and footer of a page: this address in every language, its section."""
    root = site_root(request)
    languages = {
        code: str(
            request.url.include_query_params(lang=code).replace(scheme="", netloc="")
        ).removeprefix("//")
        for code in LANGS
    }
    published = str(store.build_info().get("built_at") or "") if store is not None else ""
    return Chrome(root=root, languages=languages, section=section, published=published)


def page(
    request: Request,
    template: str,
    lang: str,
    *,
    section: str = "",
    store: Store | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The page ``template`` in ``lang``, remembering a language the reader chose."""
    body = render(template, lang, chrome=chrome(request, lang, section, store), **context)
    response = HTMLResponse(body, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    return remember_language(request, response)


def kept_page(request: Request, store: Store, lang: str, make: Callable[[], Response]) -> Response:
    """The page ``make()`` answers, kept for the store it was made from: the same address
    (path, parameters, language) on the same store and day gives the same page, so it is
    made once. Only a whole HTML page (200) is kept; the reader's language choice is still
    remembered per request."""
    params = tuple(sorted((k, v) for k, v in request.query_params.multi_items() if k != "lang"))
    key = (request.url.path, params, lang, dt.date.today())

    def made() -> tuple[int, bytes, str] | Response:
        answer = make()
        if answer.status_code == 200 and answer.media_type == "text/html":
            return (answer.status_code, bytes(answer.body), answer.headers["content-language"])
        return answer

    found = kept(store, key, made, room="pages")
    if isinstance(found, Response):  # not a page: made anew next time
        forget(store, key, room="pages")
        return found
    status, body, content_language = found
    response = HTMLResponse(body, status_code=status)
    response.headers["Content-Language"] = content_language
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    return remember_language(request, response)


def kept_pages(endpoint: Callable[..., Response]) -> Callable[..., Response]:
    """A page route whose pages are kept per store (:func:`kept_page`); the route takes
    ``request``, ``store`` and ``lang`` by those names."""

    @functools.wraps(endpoint)
    def route(**params: Any) -> Response:
        request, store = params["request"], params["store"]
        lang = page_lang(request, params.get("lang"))
        return kept_page(request, store, lang, lambda: endpoint(**params))

    return route


def remember_language(request: Request, response: Response) -> Response:
    """Keep the language the reader chose with ``?lang=`` for their next pages."""
    chosen = request.query_params.get("lang")
    if chosen in LANGS and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=YEAR, samesite="lax", httponly=True)
    return response


def data(
    fmt: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *, name: str
) -> Response:
    """A page's rows as CSV (a download named ``name``.csv) or JSON."""
    if fmt == "csv":
        return Response(
            to_csv(columns, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(to_json(columns, rows), media_type="application/json")
