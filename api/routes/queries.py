"""The researchers' named queries over HTTP: ``/queries`` lists them, ``/queries/{id}``
runs one with its typed parameters bound (never pasted into the text).

Both answer a browser (``Accept`` preferring ``text/html``, or ``?format=html``) with a
page (:mod:`kg.views.queries`), and any other client as before: the list as JSON, a
query's answer in the SPARQL result format its ``Accept`` asks for (JSON for ``*/*``).
``/queries/{id}?format=csv`` or ``json`` gives the rows as the page's download
(:func:`kg.views.table.to_csv`, ``to_json``), ``format=svg`` the page's picture.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import QueryPoolDep, SettingsDep, StoreDep
from api.negotiation import SPARQL_OFFERS, accepted, negotiate
from api.pages import PageLang, chrome, data, page, page_lang
from api.query_answer import answer_query
from api.responses import media, problems
from api.routes.sparql import answer_response
from kg.config import Settings
from kg.named_queries import NamedQuery, catalogue, load_named_queries
from kg.store import Store
from kg.views import queries as views
from kg.web.svg import to_document

router = APIRouter(tags=["queries"])

HTML = "text/html"
JSON = "application/sparql-results+json"


def _with_html(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The responses with a page for browsers besides each error's problem JSON."""
    out = dict(responses)
    for code in (400, 404):
        if code in out:
            out[code] = {**out[code], "content": {"application/json": {}, HTML: {}}}
    return out


ListFormat = Annotated[
    Literal["html", "json"] | None,
    Query(description="The list as a page (html) or JSON (default: by Accept, JSON for */*)"),
]
QueryFormat = Annotated[
    Literal["html", "csv", "json", "svg"] | None,
    Query(
        description="The query's page (html), its rows as csv or json ({columns, rows}), or "
        "its picture (svg, for a query with a bar or heat map view); default: by Accept, "
        "SPARQL results"
    ),
]


def _wants_page(request: Request, fmt: str | None, others: list[str]) -> bool:
    """Whether to answer with the page: asked by ``format``, else ``Accept`` prefers
    ``text/html`` to every one of ``others`` (so ``*/*`` and no Accept get ``others[0]``).
    ``application/json`` is itself when offered, else the SPARQL JSON results."""
    if fmt is not None:
        return fmt == "html"
    aliases: dict[str, str] | None = {} if "application/json" in others else None
    best = negotiate(request.headers.get("accept"), [*others, HTML], aliases=aliases)
    return bool(best) and best[0] == HTML


@router.get(
    "/queries",
    response_model=list[dict[str, Any]],
    responses={200: {"content": {"application/json": {}, HTML: {}}}},
)
def list_queries(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: PageLang = None,
    format: ListFormat = None,
) -> Response:
    """Every named query: id, question in Finnish and English, parameters, columns, view,
    and the law section (citation, ELI, Finlex link) of each statutory duty it is about."""
    if not _wants_page(request, format, ["application/json"]):
        records = catalogue(store, settings.queries_dir)
        return JSONResponse(records, headers={"Vary": "Accept"})
    return _list_page(request, store, settings, lang)


RUN_RESPONSES = _with_html(
    {
        **media(
            *SPARQL_OFFERS,
            HTML,
            "application/json",
            "image/svg+xml",
            description="Results or a graph; the page; its rows (csv, json) or picture (svg)",
        ),
        **problems(400, 404, 406, 429, 503),
    }
)


@router.get("/queries/{query_id}", response_class=Response, responses=RUN_RESPONSES)
async def run_query(
    query_id: str,
    request: Request,
    pool: QueryPoolDep,
    settings: SettingsDep,
    store: StoreDep,
    lang: PageLang = None,
    format: QueryFormat = None,
) -> Response:
    """Run a named query; its parameters come from the URL query string (an empty value is
    no value: the parameter takes its default)."""
    queries = load_named_queries(settings.queries_dir)
    as_page = _wants_page(request, format, list(SPARQL_OFFERS))
    if query_id not in queries:
        if as_page:
            return _list_page(request, store, settings, lang, missing=query_id)
        raise HTTPException(404, f"no named query {query_id!r}")
    query = queries[query_id]
    try:
        values = views.parameter_values(query, request.query_params.multi_items())
        text = query.prepared(values)
    except ValueError as exc:
        if as_page:
            typed = views.given_values(query, request.query_params.multi_items())
            return _query_page(request, store, settings, query, lang, typed, error=str(exc))
        raise HTTPException(400, str(exc)) from None
    if as_page or format in ("csv", "json", "svg"):
        result = await answer_query(request, pool, text, media_types=[JSON])
        columns, rows = views.rows_from_results(result.body)
        if format in ("csv", "json"):
            return data(format, columns, rows, name=query.id)
        if format == "svg":
            drawn = views.picture(query, rows, page_lang(request, lang))
            if drawn is None:
                raise HTTPException(404, f"query {query.id!r} has no picture (its view is table)")
            return Response(to_document(drawn), media_type="image/svg+xml")
        return _query_page(
            request,
            store,
            settings,
            query,
            lang,
            values,
            rows=rows,
            columns=columns,
            truncated=result.truncated,
        )
    wanted = accepted(request)
    if not wanted:
        raise HTTPException(406, f"cannot answer in {request.headers.get('accept')!r}")
    result = await answer_query(request, pool, text, media_types=wanted)
    return answer_response(result)


def _obligations(store: Store, settings: Settings, query_id: str) -> list[dict[str, Any]]:
    """The law sections of the duties the query is about, as the list gives them."""
    for record in catalogue(store, settings.queries_dir):
        if record["id"] == query_id:
            return list(record["obligations"])  # type: ignore[call-overload]
    return []


def _query_page(
    request: Request,
    store: Store,
    settings: Settings,
    query: NamedQuery,
    lang: str | None,
    values: dict[str, str],
    *,
    error: str = "",
    **found: Any,
) -> Response:
    lang = page_lang(request, lang)
    shown = views.query_page(
        query,
        values,
        lang,
        path=request.url.path,
        obligations=_obligations(store, settings, query.id),
        error=error,
        base_iri=settings.base_iri,
        root=chrome(request, lang, "queries").root,
        **found,
    )
    return page(
        request,
        "query.html",
        lang,
        section="queries",
        store=store,
        status_code=400 if error else 200,
        view=shown,
    )


def _list_page(
    request: Request, store: Store, settings: Settings, lang: str | None, *, missing: str = ""
) -> Response:
    """The list of the named queries (a 404 saying so when one asked for is ``missing``)."""
    lang = page_lang(request, lang)
    records = catalogue(store, settings.queries_dir)
    entries = views.entries(load_named_queries(settings.queries_dir), records, lang)
    return page(
        request,
        "queries.html",
        lang,
        section="queries",
        store=store,
        status_code=404 if missing else 200,
        entries=entries,
        missing=missing,
    )
