"""Answering a SPARQL query for the protocol: run it and serialise the result.

The HTTP layer decides the media type from the request; this module knows which formats
each kind of result can be given in and produces the bytes. Results above a row cap are cut
at the cap and flagged (:attr:`Answer.truncated`): solutions are read one by one up to the
cap, written as SPARQL JSON and, for the other formats, re-serialised by the engine, so the
output in every format is the engine's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
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
    "application/ld+json": RdfFormat.JSON_LD,
}
# comments, strings and IRIs, which may contain the word SERVICE without meaning it
_NOT_KEYWORDS = re.compile(
    r'#[^\n]*|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>"
    r"|[?$][A-Za-z0-9_]+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+"  # variables, prefixed names
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


class UnsupportedQuery(ValueError):
    """The query is valid SPARQL but this read-only, local-only service will not run it."""


def refuse_federation(query: str) -> None:
    """Refuse SERVICE (federated queries make the engine call other hosts)."""
    if _SERVICE.search(_NOT_KEYWORDS.sub(" ", query)):
        raise UnsupportedQuery(
            "SERVICE (federated query) is not allowed: this endpoint "
            "makes no requests to other hosts"
        )


DEFAULT_ROW_CAP = 10_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Answer:
    """The serialised result; ``truncated`` when rows (or triples) beyond the cap were cut."""

    body: bytes
    media_type: str
    truncated: bool = False
    row_cap: int | None = None


def answer(
    store: Store,
    query: str,
    *,
    media_types: Sequence[str] = ("application/sparql-results+json", "text/turtle"),
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    row_cap: int = DEFAULT_ROW_CAP,
) -> Answer:
    """Run ``query`` and serialise it in the first of ``media_types`` its kind supports.

    At most ``row_cap`` solutions (or triples) are returned; more are cut and flagged.
    Raises ``SyntaxError`` for a malformed query (updates do not parse as queries) and
    ``LookupError`` when none of ``media_types`` fits the result kind.
    """
    refuse_federation(query)
    result = store.query(query, default_graphs=default_graphs, named_graphs=named_graphs)
    if isinstance(result, QueryBoolean):
        media_type = _first(media_types, RESULT_FORMATS, "boolean")
        body = result.serialize(format=RESULT_FORMATS[media_type])
        assert body is not None
        return Answer(body, media_type)
    if isinstance(result, QuerySolutions):
        media_type = _first(media_types, RESULT_FORMATS, "solutions")
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        truncated = False
        for solution in result:
            if len(rows) == row_cap:
                truncated = True
                break
            rows.append({n: _json_term(solution[n]) for n in names if solution[n] is not None})
        body = json.dumps(
            {"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False
        ).encode("utf-8")
        if media_type != "application/sparql-results+json":
            parsed = parse_query_results(body, format=QueryResultsFormat.JSON)
            body = parsed.serialize(format=RESULT_FORMATS[media_type]) or b""
        return Answer(body, media_type, truncated, row_cap)
    media_type = _first(media_types, GRAPH_FORMATS, "graph")
    triples: list[Triple] = []
    truncated = False
    for triple in result:
        if len(triples) == row_cap:
            truncated = True
            break
        triples.append(triple)
    body = serialize(triples, format=GRAPH_FORMATS[media_type]) or b""
    return Answer(body, media_type, truncated, row_cap)


def _first(media_types: Sequence[str], formats: dict[str, Any], kind: str) -> str:
    for media_type in media_types:
        if media_type in formats:
            return media_type
    raise LookupError(f"a {kind} result can be given as {sorted(formats)}")


def _json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 Query Results JSON Format (with RDF 1.2 triple terms)."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
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
