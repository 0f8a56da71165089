"""Every yp: term the data uses is defined in the ontology (no undeclared vocabulary)."""

from __future__ import annotations

from kg.namespaces import YP_IRI
from kg.store import Store


def test_every_yp_predicate_and_class_used_is_declared(store: Store) -> None:
    used = store.select("""
        SELECT DISTINCT ?term WHERE {
          { ?s ?term ?o } UNION { ?s a ?term }
          FILTER(STRSTARTS(STR(?term), STR(yp:)))
        }""")
    declared = store.select("""
        SELECT DISTINCT ?term WHERE {
          GRAPH ?g { ?term a ?kind }
          FILTER(STRENDS(STR(?g), "/graph/ontology"))
          FILTER(STRSTARTS(STR(?term), STR(yp:)))
        }""")
    missing = {r["term"] for r in used} - {r["term"] for r in declared}
    assert missing == set(), sorted(t.removeprefix(YP_IRI) for t in missing)
