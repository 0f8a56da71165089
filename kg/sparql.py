"""Answering a SPARQL query for the protocol: run it and serialise the result.

The HTTP layer decides the media type from the request; this module knows which formats
each kind of result can be given in and produces the bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from kg.store import Store

RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
}


class UnsupportedQuery(ValueError):
    """The query is valid SPARQL but this read-only, local-only service will not run it."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


def answer(
    store: Store,
    query: str,
    *,
    media_types: Sequence[str] = ("application/sparql-results+json", "text/turtle"),
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> Answer:
    """Run ``query`` and serialise it in the first of ``media_types`` its kind supports.

    Raises ``SyntaxError`` for a malformed query (updates do not parse as queries) and
    ``LookupError`` when none of ``media_types`` fits the result kind.
    """
    result = store.query(query, default_graphs=default_graphs, named_graphs=named_graphs)
    if isinstance(result, QuerySolutions | QueryBoolean):
        for media_type in media_types:
            if media_type in RESULT_FORMATS:
                body = result.serialize(format=RESULT_FORMATS[media_type])
                assert body is not None
                return Answer(body, media_type)
        kind = "solutions" if isinstance(result, QuerySolutions) else "boolean"
        raise LookupError(f"a {kind} result can be given as {sorted(RESULT_FORMATS)}")
    for media_type in media_types:
        if media_type in GRAPH_FORMATS:
            body = result.serialize(format=GRAPH_FORMATS[media_type])
            assert body is not None
            return Answer(body, media_type)
    raise LookupError(f"a graph result can be given as {sorted(GRAPH_FORMATS)}")
