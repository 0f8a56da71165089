"""The SPARQL-materialised inferences equal an OWL RL reasoner's for the same rules."""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.config import REPO_ROOT, Settings
from kg.inference import materialise
from kg.iris import Minter
from kg.reference import load_reference
from kg.store import Store

BASE = Settings().base_iri
VOCABULARIES = (
    "https://w3id.org/yhdyspinta/",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/time#",
    "http://xmlns.com/foaf/0.1/",
    "http://purl.org/dc/terms/",
)
NOT_COMPARED = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource}


def _small_graph() -> Graph:
    """The ontology plus the reference data of two counties (a few hundred triples)."""
    g = Graph()
    g.parse(REPO_ROOT / "ontology" / "yhdyspinta.ttl")
    keep = {f"{BASE}municipality/{c}" for c in ("091", "297", "749", "020")}
    for source in load_reference(REPO_ROOT / "data", Minter(BASE)):
        for s, p, o in source.graph:
            if str(s) in keep or str(o) in keep or str(s).endswith(("county/13", "region/11")):
                g.add((s, p, o))
    return g


def _data_entailments(g: Graph) -> set[tuple[URIRef, URIRef, URIRef]]:
    """Entailed triples about data individuals, in the vocabularies the rules cover."""
    out = set()
    for s, p, o in g:
        if isinstance(s, BNode) or not str(s).startswith(BASE):
            continue
        if p == RDF.type:
            if o not in NOT_COMPARED and str(o).startswith(VOCABULARIES):
                out.add((s, p, o))
        elif str(p).startswith(VOCABULARIES) and isinstance(o, URIRef) and str(o).startswith(BASE):
            out.add((s, p, o))
    return out


def test_materialise_equals_owl_rl_closure() -> None:
    asserted = _small_graph()
    reasoned = Graph()
    for t in asserted:
        reasoned.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reasoned)
    expected = _data_entailments(reasoned) - set(asserted)

    store = Store()
    store.load_ntriples(asserted.serialize(format="nt", encoding="utf-8"), BASE + "graph/data")
    added = materialise(store, BASE + "graph/inferred")
    ours = Graph()
    for q in store.quads(BASE + "graph/inferred"):
        ours.add((URIRef(q.subject.value), URIRef(q.predicate.value), URIRef(q.object.value)))
    got = _data_entailments(ours)

    assert added == len(ours)
    assert len(expected) > 20  # the comparison is not vacuous
    assert got == expected


def test_materialise_reaches_fixpoint_and_is_idempotent() -> None:
    store = Store()
    g = _small_graph()
    store.load_ntriples(g.serialize(format="nt", encoding="utf-8"), BASE + "graph/data")
    first = materialise(store, BASE + "graph/inferred")
    assert first > 0
    assert materialise(store, BASE + "graph/inferred") == 0
