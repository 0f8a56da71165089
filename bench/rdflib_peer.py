"""The Python peer for the API bench: rdflib-endpoint serving an rdflib Graph.

``python -m bench.rdflib_peer FILE.nt PORT`` loads the N-Triples into an rdflib Graph and
serves it with rdflib-endpoint's SPARQL endpoint at ``/`` under uvicorn, as its README
shows, with the access log off (as for our service in the same bench).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    import uvicorn
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint

    path, port = argv[0], int(argv[1])
    graph = Graph()
    graph.parse(path, format="nt")
    app = SparqlEndpoint(graph=graph, title="rdflib-endpoint peer", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
