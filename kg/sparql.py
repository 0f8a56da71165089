"""Answering a SPARQL query for the protocol: check it, run it and serialise the result.

The HTTP layer decides the media type from the request; this module knows which formats
each kind of result can be given in and produces the bytes. A query is first checked by
:mod:`kg.sparql_guard` (no SERVICE, no nesting the engine cannot take) and parsed with a
base IRI, so relative IRIs resolve against the query's own ``BASE`` or else the endpoint.

An answer is cut, and flagged (:attr:`Answer.truncated`), at whichever comes first: the row
cap (solutions or triples) or the byte cap. Solutions are read one by one, each written as
SPARQL JSON and counted as it is built (JSON answers stop exactly where one row more would
not fit; CSV and TSV, which are smaller, keep the same rows); graph triples are counted as
N-Triples lines. The other formats are re-serialised by the engine from what was kept, so
the output in every format is the engine's own; one larger than the count (XML, JSON-LD)
is cut further, to the most rows that fit. In CSV and TSV a text
cell a spreadsheet would run as a formula gets a leading ``'``
(:mod:`kg.spreadsheet_cells`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from kg.errors import StoreUnavailable
from kg.sparql_guard import QueryLimits, UnsupportedQuery, check_query
from kg.spreadsheet_cells import neutralise
from kg.store import QueryResult, Store

__all__ = [
    "DEFAULT_BYTE_CAP",
    "DEFAULT_ROW_CAP",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Answer",
    "UnsupportedQuery",
    "answer",
    "service_description",
]

RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
}
SPREADSHEET_FORMATS = frozenset({"text/csv", "text/tab-separated-values"})

DEFAULT_ROW_CAP = 10_000
DEFAULT_BYTE_CAP = 50_000_000
_JSON = "application/sparql-results+json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Answer:
    """The serialised result. ``truncated`` when rows (or triples) were cut; ``row_cap``
    or ``byte_cap`` then names the cap that cut it."""

    body: bytes
    media_type: str
    truncated: bool = False
    row_cap: int | None = None
    byte_cap: int | None = None


def answer(
    store: Store,
    query: str,
    *,
    media_types: Sequence[str] = (_JSON, "text/turtle"),
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    row_cap: int = DEFAULT_ROW_CAP,
    byte_cap: int = DEFAULT_BYTE_CAP,
    base_iri: str | None = None,
    limits: QueryLimits | None = None,
) -> Answer:
    """Check and run ``query``; serialise it in the first of ``media_types`` its kind
    supports, with at most ``row_cap`` solutions (or triples) and ``byte_cap`` bytes.

    Relative IRIs resolve against the query's ``BASE``, else ``base_iri``. Raises
    :class:`UnsupportedQuery` for SERVICE or a query nested beyond ``limits``,
    ``SyntaxError`` for a malformed query (updates do not parse as queries) and
    ``LookupError`` when none of ``media_types`` fits the result kind.
    """
    check_query(query, limits)
    result = store.query(
        query, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=base_iri
    )
    try:
        return serialise(result, media_types=media_types, row_cap=row_cap, byte_cap=byte_cap)
    except SyntaxError as exc:  # the query parsed: an answer from a server that broke off
        raise StoreUnavailable(f"the SPARQL server's answer did not parse: {exc}") from None


def serialise(
    result: QueryResult, *, media_types: Sequence[str], row_cap: int, byte_cap: int
) -> Answer:
    """A query result as an :class:`Answer`, cut at ``row_cap`` rows or ``byte_cap`` bytes."""
    if isinstance(result, QueryBoolean):
        media_type = _first(media_types, RESULT_FORMATS, "boolean")
        body = result.serialize(format=RESULT_FORMATS[media_type])
        assert body is not None
        return Answer(body, media_type)
    if isinstance(result, QuerySolutions):
        media_type = _first(media_types, RESULT_FORMATS, "solutions")
        return _solutions(result, media_type, row_cap, byte_cap)
    media_type = _first(media_types, GRAPH_FORMATS, "graph")
    triples: list[Triple] = []
    size = 0
    cut_by_rows = cut_by_bytes = False
    for triple in result:
        if len(triples) == row_cap:
            cut_by_rows = True
            break
        size += len(str(triple).encode("utf-8")) + 3  # as an N-Triples line: "s p o .\n"
        if size > byte_cap:
            cut_by_bytes = True
            break
        triples.append(triple)

    def write(kept: list[Triple]) -> bytes:
        return serialize(kept, format=GRAPH_FORMATS[media_type]) or b""

    body, fits = _fitted(triples, write, byte_cap)
    return _answer(body, media_type, row_cap, byte_cap, cut_by_rows, cut_by_bytes or not fits)


def _solutions(result: QuerySolutions, media_type: str, row_cap: int, byte_cap: int) -> Answer:
    names = [v.value for v in result.variables]
    head = b'{"head":{"vars":' + _dumps(names) + b'},"results":{"bindings":['
    tail = b"]}}"
    spreadsheet = media_type in SPREADSHEET_FORMATS
    rows: list[bytes] = []
    size = len(head) + len(tail)
    cut_by_rows = cut_by_bytes = False
    for solution in result:
        if len(rows) == row_cap:
            cut_by_rows = True
            break
        row = {n: _json_term(solution[n], spreadsheet) for n in names if solution[n] is not None}
        encoded = _dumps(row)
        size += len(encoded) + (1 if rows else 0)  # the row and the comma before it
        if size > byte_cap:
            cut_by_bytes = True
            break
        rows.append(encoded)

    def write(kept: list[bytes]) -> bytes:
        body = head + b",".join(kept) + tail
        if media_type == _JSON:
            return body
        parsed = parse_query_results(body, format=QueryResultsFormat.JSON)
        return parsed.serialize(format=RESULT_FORMATS[media_type]) or b""

    body, fits = _fitted(rows, write, byte_cap)
    return _answer(body, media_type, row_cap, byte_cap, cut_by_rows, cut_by_bytes or not fits)


def _fitted(items: list[Any], write: Callable[[list[Any]], bytes], cap: int) -> tuple[bytes, bool]:
    """``write(items)`` if it fits in ``cap`` bytes, else ``write`` of the longest prefix of
    ``items`` that fits (found by bisection); the flag tells whether all of them fitted."""
    body = write(items)
    if len(body) <= cap:
        return body, True
    fits, too_many = 0, len(items)
    best = write([])
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        candidate = write(items[:middle])
        if len(candidate) <= cap:
            fits, best = middle, candidate
        else:
            too_many = middle
    return best, False


def _answer(
    body: bytes, media_type: str, row_cap: int, byte_cap: int, by_rows: bool, by_bytes: bool
) -> Answer:
    return Answer(
        body,
        media_type,
        truncated=by_rows or by_bytes,
        row_cap=row_cap if by_rows else None,
        byte_cap=byte_cap if by_bytes else None,
    )


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _first(media_types: Sequence[str], formats: dict[str, Any], kind: str) -> str:
    for media_type in media_types:
        if media_type in formats:
            return media_type
    raise LookupError(f"a {kind} result can be given as {sorted(formats)}")


def _json_term(term: Any, spreadsheet: bool = False) -> dict[str, Any]:
    """A term in the SPARQL 1.1 Query Results JSON Format (with RDF 1.2 triple terms);
    for a ``spreadsheet`` (CSV, TSV) a literal that reads as a formula is neutralised."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        value = neutralise(term.value) if spreadsheet else term.value
        out: dict[str, Any] = {"type": "literal", "value": value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def service_description(endpoint: str) -> bytes:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    graph = Graph()
    graph.bind("sd", sd)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    graph.add((service, sd.feature, sd.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
    ):
        graph.add((service, sd.resultFormat, formats[name]))
    dataset = BNode("dataset")
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add(
        (
            dataset,
            URIRef("http://purl.org/dc/terms/description"),
            Literal(
                "The default graph is the merge of all named graphs (reference data, each import "
                "source, inferences); named graphs keep each source's provenance.",
                lang="en",
            ),
        )
    )
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data
