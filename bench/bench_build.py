"""`kg build` time, and a municipality lookup on the embedded store versus plain rdflib.

Both engines answer the same SPARQL query over the same graph (the built national graph,
loaded into an rdflib Dataset from the store's N-Quads dump with a union default graph).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from pyoxigraph import Literal
from rdflib import Dataset
from rdflib import Literal as RdfLiteral

from bench.timing import median_seconds
from kg.build import build
from kg.config import Settings
from kg.namespaces import PREFIXES
from kg.store import Store

LOOKUP = """
SELECT ?municipality ?code ?county ?countyName ?region WHERE {
  ?municipality skos:prefLabel ?name ; dcterms:identifier ?code ;
                yp:county ?county ; yp:region ?region .
  ?county skos:prefLabel ?countyName . FILTER(LANG(?countyName) = "fi")
}"""
NAMES = ["Kuopio", "Helsingfors", "Inari", "Pedersören kunta", "Kaskinen", "Åbo"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(Settings(), store_path=Path(tmp) / "store")
        build_s = median_seconds(lambda: build(settings), repeat=5)
        store = Store.open(settings.store_path)
        print(
            f"kg build (national graph with the example region, {len(store)} triples): "
            f"median {build_s:.3f} s over 5 builds"
        )

        ds = Dataset(default_union=True)
        ds.parse(data=store.dump(), format="nquads")
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

        def oxigraph() -> None:
            for name in NAMES:
                rows = store.select(LOOKUP, bindings={"name": _lit(name)})
                assert len(rows) == 1, (name, rows)

        def rdflib() -> None:
            for name in NAMES:
                lang = "sv" if name in ("Helsingfors", "Åbo") else "fi"
                rows = list(
                    ds.query(prologue + LOOKUP, initBindings={"name": RdfLiteral(name, lang=lang)})
                )
                assert len(rows) == 1, (name, rows)

        ox = median_seconds(oxigraph, repeat=20) / len(NAMES)
        rd = median_seconds(rdflib, repeat=5) / len(NAMES)
        print(f"municipality lookup, pyoxigraph: median {ox * 1000:.3f} ms")
        print(f"municipality lookup, rdflib:     median {rd * 1000:.3f} ms")
        print(f"ratio rdflib / pyoxigraph: {rd / ox:.1f}x")


def _lit(name: str) -> Literal:
    return Literal(name, language="sv" if name in ("Helsingfors", "Åbo") else "fi")


if __name__ == "__main__":
    main()
