"""Materialise, with SPARQL on the store, the OWL inferences that queries rely on.

Full OWL reasoning over the national graph is too slow (HermiT ran past three minutes on a
graph of national shape); queries need only a few entailments, so these rules are applied
to a fixpoint and written into one named graph (``{base}graph/inferred``):

- class membership through ``rdfs:subClassOf`` / ``owl:equivalentClass`` (cax-sco, cax-eqc),
- property assertions through ``rdfs:subPropertyOf`` / ``owl:equivalentProperty``
  (prp-spo1, prp-eqp),
- inverse property assertions through ``owl:inverseOf`` (prp-inv1, prp-inv2),
- class membership from ``rdfs:domain`` and ``rdfs:range`` of object properties (prp-dom, prp-rng).

The rule names are those of the OWL 2 RL profile; a test checks on a small graph that the
result equals what an OWL RL reasoner (owlrl) infers for the same rules.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, NamedNode, Quad

from kg.store import Store

# Class rules leave out what is already stated with OPTIONAL … !BOUND (a point lookup;
# FILTER NOT EXISTS is evaluated far more slowly by the engine).
TYPE_RULES = {
    "cax-sco": """
        CONSTRUCT { ?x a ?super } WHERE {
          ?x a ?c . ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?super .
          FILTER(isIRI(?super) && ?super != ?c)
          OPTIONAL { ?x a ?super . BIND(true AS ?known) } FILTER(!BOUND(?known))
        }""",
    "prp-dom": """
        CONSTRUCT { ?s a ?c } WHERE {
          ?p rdfs:domain ?c . FILTER(isIRI(?c))
          ?s ?p ?o .
          OPTIONAL { ?s a ?c . BIND(true AS ?known) } FILTER(!BOUND(?known))
        }""",
    "prp-rng": """
        CONSTRUCT { ?o a ?c } WHERE {
          ?p a owl:ObjectProperty ; rdfs:range ?c . FILTER(isIRI(?c))
          ?s ?p ?o . FILTER(!isLiteral(?o))
          OPTIONAL { ?o a ?c . BIND(true AS ?known) } FILTER(!BOUND(?known))
        }""",
}
# Property rules: the (few) property pairs first, then each property's statements by index.
SUBPROPERTY_PAIRS = """
    SELECT DISTINCT ?p ?q WHERE {
      ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?q .
      FILTER(isIRI(?p) && isIRI(?q) && ?p != ?q)
    }"""
INVERSE_PAIRS = """
    SELECT DISTINCT ?p ?q WHERE {
      ?p (owl:inverseOf|^owl:inverseOf) ?q . FILTER(isIRI(?p) && isIRI(?q))
    }"""


def materialise(store: Store, graph: str, *, max_rounds: int = 10) -> int:
    """Apply the rules until nothing new is inferred; return the number of triples added.

    Everything is read over the union of all graphs; what no graph states yet is added
    to ``graph``.
    """
    target = NamedNode(graph)
    subproperties = _pairs(store, SUBPROPERTY_PAIRS)
    inverses = _pairs(store, INVERSE_PAIRS)
    added = 0
    for _ in range(max_rounds):
        new: set[Quad] = set()
        for rule in TYPE_RULES.values():
            for t in store.query(rule):  # type: ignore[union-attr]
                new.add(Quad(t.subject, t.predicate, t.object, target))
        for p, q in subproperties:  # prp-spo1, prp-eqp
            for quad in store.quads_with_predicate(p):
                if not store.contains_triple(quad.subject, q, quad.object):
                    new.add(Quad(quad.subject, q, quad.object, target))
        for p, q in inverses:  # prp-inv1, prp-inv2
            for quad in store.quads_with_predicate(p):
                o = quad.object
                if isinstance(o, NamedNode | BlankNode) and not store.contains_triple(
                    o, q, quad.subject
                ):
                    new.add(Quad(o, q, quad.subject, target))
        if not new:
            return added
        store.load_quads(new)
        added += len(new)
    raise RuntimeError(f"inference did not reach a fixpoint in {max_rounds} rounds")


def _pairs(store: Store, query: str) -> list[tuple[NamedNode, NamedNode]]:
    return [(NamedNode(r["p"]), NamedNode(r["q"])) for r in store.select(query)]
