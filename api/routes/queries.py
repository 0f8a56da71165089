"""The researchers' named queries over HTTP: ``/queries`` lists them, ``/queries/{id}``
runs one with its typed parameters bound (never pasted into the text)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from api.deps import QueryPoolDep, SettingsDep, StoreDep
from api.negotiation import accepted
from api.query_answer import answer_query
from api.responses import SPARQL_MEDIA, problems
from api.routes.sparql import answer_response
from kg.named_queries import NamedQuery, catalogue, load_named_queries

router = APIRouter(tags=["queries"])


@router.get("/queries")
def list_queries(store: StoreDep, settings: SettingsDep) -> list[dict[str, Any]]:
    """Every named query: id, question in Finnish and English, parameters, columns, and the
    law section (citation, ELI, Finlex link) of each statutory duty it is about."""
    return catalogue(store, settings.queries_dir)


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
    try:
        text = query.prepared(declared_names(query, request.query_params))
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    wanted = accepted(request)
    if not wanted:
        raise HTTPException(406, f"cannot answer in {request.headers.get('accept')!r}")
    result = await answer_query(request, pool, text, media_types=wanted)
    return answer_response(result)


def snake_case(name: str) -> str:
    """``asOf`` → ``as_of``: a parameter's name as every other route spells it."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def declared_names(query: NamedQuery, given: Mapping[str, str]) -> dict[str, str]:
    """The request's parameters under the names the query declares: a parameter may be
    given in snake case (``as_of``), as the other routes take it, or as the query's header
    declares it (``asOf``); both at once must agree."""
    snake = {snake_case(p.name): p.name for p in query.params}
    out: dict[str, str] = {}
    for name, value in given.items():
        declared = snake.get(name, name)
        if out.get(declared, value) != value:
            raise ValueError(f"{declared} given twice with different values")
        out[declared] = value
    return out
