"""SPARQL 1.1 Protocol endpoint (query operation), read-only.

GET ``?query=``, POST form-encoded ``query=`` and POST ``application/sparql-query``.
The dataset parameters ``default-graph-uri`` and ``named-graph-uri`` are honoured; without
them the default graph is the union of all graphs.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request, Response

from api.deps import QueryPoolDep
from api.negotiation import SPARQL_OFFERS, accepted
from api.query_answer import answer_query
from api.responses import SPARQL_MEDIA, problems
from api.urls import public_url_for
from kg.query_pool import QueryPool
from kg.sparql import Answer, service_description

router = APIRouter(tags=["sparql"])

QUERY_MEDIA = "application/sparql-query"
FORM_MEDIA = "application/x-www-form-urlencoded"
UPDATE_MEDIA = "application/sparql-update"


def answer_response(result: Answer) -> Response:
    """The HTTP response for a serialised answer; a cut result is flagged in the headers,
    with the cap that cut it (rows or bytes)."""
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["Yhdyspinta-Result-Truncated"] = "true"
        if result.row_cap is not None:
            headers["Yhdyspinta-Row-Cap"] = str(result.row_cap)
        if result.byte_cap is not None:
            headers["Yhdyspinta-Byte-Cap"] = str(result.byte_cap)
    return Response(result.body, media_type=result.media_type, headers=headers)


def _params(raw: bytes | str) -> dict[str, list[str]]:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HTTPException(400, "request is not valid UTF-8") from None


async def _run(
    pool: QueryPool, request: Request, params: dict[str, list[str]], query: list[str]
) -> Response:
    if "update" in params:
        raise HTTPException(400, "this endpoint is read-only: SPARQL update is not accepted")
    if len(query) != 1:
        raise HTTPException(400, f"exactly one query is required, got {len(query)}")
    wanted = accepted(request)
    if not wanted:
        raise HTTPException(
            406, f"cannot answer in {request.headers.get('accept')!r}; offered: {SPARQL_OFFERS}"
        )
    result = await answer_query(
        request,
        pool,
        query[0],
        media_types=wanted,
        default_graphs=params.get("default-graph-uri"),
        named_graphs=params.get("named-graph-uri"),
    )
    return answer_response(result)


@router.get(
    "/sparql",
    response_class=Response,
    responses={**SPARQL_MEDIA, **problems(400, 406, 429, 503)},
    openapi_extra={
        "parameters": [
            {"name": n, "in": "query", "required": False, "schema": {"type": "string"}}
            | ({"style": "form", "explode": True} if n != "query" else {})
            for n in ("query", "default-graph-uri", "named-graph-uri")
        ]
    },
)
async def sparql_get(request: Request, pool: QueryPoolDep) -> Response:
    """Run a SPARQL query given as ``?query=``."""
    params = _params(request.url.query)
    if not params:  # SPARQL 1.1 Service Description: GET with no query describes the service
        endpoint = public_url_for(request, "sparql_get")
        return Response(service_description(endpoint), media_type="text/turtle")
    if "query" not in params:
        raise HTTPException(400, "missing 'query' parameter")
    return await _run(pool, request, params, params["query"])


@router.post(
    "/sparql",
    response_class=Response,
    responses={**SPARQL_MEDIA, **problems(400, 406, 413, 429, 503)},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                QUERY_MEDIA: {"schema": {"type": "string"}},
                FORM_MEDIA: {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    }
                },
            },
        }
    },
)
async def sparql_post(request: Request, pool: QueryPoolDep) -> Response:
    """Run a SPARQL query sent form-encoded or as ``application/sparql-query``."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    params = _params(request.url.query)
    if media == QUERY_MEDIA:
        try:
            query = [body.decode("utf-8")]
        except UnicodeDecodeError:
            raise HTTPException(400, "query is not valid UTF-8") from None
        if "query" in params:
            raise HTTPException(400, "query given both in the URL and in the body")
    elif media == FORM_MEDIA:
        form = _params(body)
        query = form.get("query", []) + params.get("query", [])
        for key in ("default-graph-uri", "named-graph-uri", "update"):
            if key in form:
                params[key] = params.get(key, []) + form[key]
    elif media == UPDATE_MEDIA:
        raise HTTPException(400, "this endpoint is read-only: SPARQL update is not accepted")
    else:
        raise HTTPException(
            400, f"unsupported content type {media!r}; use {QUERY_MEDIA} or {FORM_MEDIA}"
        )
    return await _run(pool, request, params, query)
