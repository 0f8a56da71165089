"""Answering a SPARQL query for the protocol: run it and serialise the result.

The HTTP layer decides the media type from the request; this module knows which formats
each kind of result can be given in and produces the bytes.
"""

from __future__ import annotations

import re
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
    refuse_federation(query)
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
