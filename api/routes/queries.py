"""The researchers' named queries over HTTP: ``/queries`` lists them, ``/queries/{id}``
runs one with its typed parameters bound (never pasted into the text)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from api.deps import QueryPoolDep, SettingsDep
from api.negotiation import accepted
from api.query_answer import answer_query
from api.responses import SPARQL_MEDIA, problems
from api.routes.sparql import answer_response
from kg.named_queries import catalogue, load_named_queries

router = APIRouter(tags=["queries"])


@router.get("/queries")
def list_queries(settings: SettingsDep) -> list[dict[str, Any]]:
    """Every named query: id, question in Finnish and English, parameters, columns, and the
    law section (citation, ELI, Finlex link) of each statutory duty it is about."""
    return catalogue(settings.data_dir, settings.queries_dir)


@router.get(
    "/queries/{query_id}",
    response_class=Response,
    responses={**SPARQL_MEDIA, **problems(400, 404, 406, 429, 503)},
)
async def run_query(
    query_id: str, request: Request, pool: QueryPoolDep, settings: SettingsDep
) -> Response:
    """Run a named query; its parameters come from the URL query string."""
    queries = load_named_queries(settings.queries_dir)
    if query_id not in queries:
        raise HTTPException(404, f"no named query {query_id!r}")
    query = queries[query_id]
    values = dict(request.query_params)
    try:
        text = query.prepared(values)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    wanted = accepted(request)
    if not wanted:
        raise HTTPException(406, f"cannot answer in {request.headers.get('accept')!r}")
    result = await answer_query(request, pool, text, media_types=wanted)
    return answer_response(result)
