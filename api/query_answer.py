"""Answering a SPARQL query on the query pool, for the HTTP routes that run queries
(``/sparql`` and ``/queries/{id}``): the pool's refusals and limits as HTTP statuses.

The wait holds no thread (:class:`kg.query_pool.QueryPool` is asynchronous) and is
cancelled when the client goes away. Queries are counted per client address as the
server sees it (behind a reverse proxy, run uvicorn with ``--proxy-headers`` and
``--forwarded-allow-ips`` so that it sees the clients' own addresses).
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException, Request

from api.disconnect import ClientDisconnected, unless_disconnected
from kg.errors import StoreUnavailable
from kg.query_pool import ClientBusy, QueryPool, QueryTimeout, QueueFull, WorkerLost
from kg.sparql import Answer, UnsupportedQuery
from kg.sparql_worker import WorkerUnavailable

# nginx's "client closed request": logged, never seen by the client, who has gone
CLIENT_CLOSED = 499


def client_key(request: Request) -> str:
    """Whose query this is, for the per-client limit: the client's address."""
    return request.client.host if request.client else ""


async def answer_query(
    request: Request,
    pool: QueryPool,
    query: str,
    *,
    media_types: Sequence[str],
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> Answer:
    """The answer of ``query``, or the ``HTTPException`` saying why there is none."""
    work = pool.answer(
        query,
        media_types=media_types,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        client=client_key(request),
    )
    try:
        return await unless_disconnected(request, work)
    except SyntaxError as exc:
        raise HTTPException(400, f"query syntax error: {exc}") from None
    except UnsupportedQuery as exc:
        raise HTTPException(400, str(exc)) from None
    except LookupError as exc:
        raise HTTPException(406, str(exc)) from None
    except ValueError as exc:  # e.g. an invalid IRI in default-graph-uri
        raise HTTPException(400, str(exc)) from None
    except ClientBusy as exc:
        raise HTTPException(429, str(exc), {"Retry-After": str(exc.retry_after)}) from None
    except QueueFull as exc:
        raise HTTPException(503, str(exc), {"Retry-After": str(exc.retry_after)}) from None
    except (QueryTimeout, WorkerLost, WorkerUnavailable) as exc:
        raise HTTPException(503, str(exc)) from None
    except StoreUnavailable as exc:  # the SPARQL server failed, or its answer broke off
        raise HTTPException(502, str(exc)) from None
    except ClientDisconnected as exc:
        raise HTTPException(CLIENT_CLOSED, str(exc)) from None
