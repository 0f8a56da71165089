"""The SPARQL 1.1 Graph Store HTTP Protocol, read only: one graph of the store by its IRI.

``GET /graph-store?graph=IRI`` (and ``HEAD``) answers the named graph's triples as Turtle
(the default), N-Triples, RDF/XML or JSON-LD, chosen by ``Accept``; ``?default`` the
default graph (the union of the named graphs). The graph's IRI is indirect
identification (§4.2 of the protocol): the service names its graphs under the base IRI
(``…/graph/reference/counties``), which need not be this service's address.

Nothing is written through this protocol: ``PUT``, ``POST``, ``DELETE`` and ``PATCH`` are
refused with 405 and ``Allow: GET, HEAD`` (coordinators change the data by uploading a
file, which is checked, reviewed and published as a version: ``/changes``).
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.deps import StoreDep
from api.negotiation import negotiate
from api.responses import media, problems
from kg.namespaces import PREFIXES
from kg.store import Store

router = APIRouter(tags=["graph store"])

# the formats a graph is given in, the first the default (the protocol names Turtle)
OFFERS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
JSON_MEANS_JSON_LD = {"application/json": "application/ld+json"}
# the default graph is given whole up to this many triples; a larger one is in the dumps
DEFAULT_GRAPH_MAX = 200_000

GraphIri = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="The IRI of a named graph of the store (as `/void` lists them)",
        examples=["https://w3id.org/yhdyspinta/id/graph/reference/counties"],
    ),
]
DefaultFlag = Annotated[
    str | None,
    Query(
        max_length=20,
        description="Present (`?default`) for the default graph: the union of the named graphs",
    ),
]


def _iri(graph: str | None, default: str | None) -> str | None:
    """The graph asked for (None: the default graph); 400 for neither, both or a bad IRI."""
    if (graph is None) == (default is None):
        raise HTTPException(400, "give exactly one of ?graph=IRI and ?default")
    if graph is None:
        return None
    try:
        return ox.NamedNode(graph).value
    except ValueError:
        raise HTTPException(400, "graph must be an absolute IRI") from None


def _triples(store: Store, iri: str | None) -> list[ox.Triple]:
    if iri is None:
        if len(store) > DEFAULT_GRAPH_MAX:
            raise HTTPException(
                400,
                f"the default graph has more than {DEFAULT_GRAPH_MAX} triples: download it "
                "from /dumps, or ask for one named graph",
            )
        result = store.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert not isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        return list(result)
    if iri not in store.named_graphs():
        raise HTTPException(404, f"the store holds no graph {iri}")
    return [q.triple for q in store.quads(iri)]


def _answer(request: Request, store: Store, graph: str | None, default: str | None) -> Response:
    iri = _iri(graph, default)
    wanted = negotiate(request.headers.get("accept"), list(OFFERS), aliases=JSON_MEANS_JSON_LD)
    if not wanted:
        raise HTTPException(406, f"a graph is given as {', '.join(OFFERS)}")
    body = ox.serialize(_triples(store, iri), format=OFFERS[wanted[0]], prefixes=PREFIXES)
    assert body is not None
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":  # the headers of the GET, no body
        headers["Content-Length"] = str(len(body))
        return Response(status_code=200, media_type=wanted[0], headers=headers)
    return Response(body, media_type=wanted[0], headers=headers)


@router.get(
    "/graph-store",
    summary="One graph of the store (SPARQL 1.1 Graph Store Protocol, read only)",
    response_class=Response,
    responses={
        **media(*OFFERS, description="The graph's triples"),
        **problems(400, 404, 406),
        405: {"description": "PUT, POST, DELETE and PATCH: the graph store is read only"},
    },
)
def graph_store(
    request: Request, store: StoreDep, graph: GraphIri = None, default: DefaultFlag = None
) -> Response:
    """The triples of the named graph ``graph`` (404 if the store holds none by that IRI),
    or with ``?default`` of the default graph, the union of every named graph (400 if it
    is too large: the dumps have it). Turtle unless ``Accept`` prefers N-Triples, RDF/XML
    or JSON-LD (``application/json`` means JSON-LD). ``HEAD`` gives the headers alone.

    Read only: ``PUT``, ``POST``, ``DELETE`` and ``PATCH`` get 405 with ``Allow: GET,
    HEAD``; the data is changed by coordinators' uploads, each published as a version
    (``/changes``)."""
    return _answer(request, store, graph, default)


router.add_api_route(  # HEAD: the headers without the body
    "/graph-store",
    graph_store,
    methods=["HEAD"],
    name="graph_store_head",
    include_in_schema=False,
)
