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

from pyoxigraph import NamedNode, Quad

from kg.store import Store

RULES = {
    "cax-sco": """
        CONSTRUCT { ?x a ?super } WHERE {
          ?x a ?c . ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?super .
          FILTER(isIRI(?super) && ?super != ?c)
        }""",
    "prp-spo1": """
        CONSTRUCT { ?s ?q ?o } WHERE {
          ?p (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?q .
          FILTER(isIRI(?q) && ?p != ?q)
          ?s ?p ?o .
        }""",
    "prp-inv": """
        CONSTRUCT { ?o ?q ?s } WHERE {
          ?p (owl:inverseOf|^owl:inverseOf) ?q .
          ?s ?p ?o . FILTER(!isLiteral(?o))
        }""",
    "prp-dom": """
        CONSTRUCT { ?s a ?c } WHERE {
          ?p rdfs:domain ?c . FILTER(isIRI(?c))
          ?s ?p ?o .
        }""",
    "prp-rng": """
        CONSTRUCT { ?o a ?c } WHERE {
          ?p a owl:ObjectProperty ; rdfs:range ?c . FILTER(isIRI(?c))
          ?s ?p ?o . FILTER(!isLiteral(?o))
        }""",
}


def materialise(store: Store, graph: str, *, max_rounds: int = 10) -> int:
    """Apply the rules until nothing new is inferred; return the number of triples added.

    Each rule is a CONSTRUCT over the union of all graphs; what is not yet in any graph
    is added to ``graph``.
    """
    target = NamedNode(graph)
    added = 0
    for _ in range(max_rounds):
        new: set[Quad] = set()
        for rule in RULES.values():
            for t in store.query(rule):  # type: ignore[union-attr]
                if not store.contains_triple(t.subject, t.predicate, t.object):
                    new.add(Quad(t.subject, t.predicate, t.object, target))
        if not new:
            return added
        store.load_quads(new)
        added += len(new)
    raise RuntimeError(f"inference did not reach a fixpoint in {max_rounds} rounds")
