"""The RDF made from one source (a file or a set of files), to become one named graph.

Triples are kept as engine terms (pyoxigraph), which are several times faster to make
than rdflib's; ``add`` also takes rdflib terms, converted on the way in, so that modules
building small graphs can keep rdflib's convenient namespaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Node | Term) -> Term:
    """An rdflib term as an engine term (engine terms pass through)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@dataclass
class SourceGraph:
    """Triples for one named graph and the files they were made from."""

    name: str
    files: list[Path]
    triples: set[ox.Triple] = field(default_factory=set)

    def add(self, s: Node | Term, p: Node | Term, o: Node | Term) -> None:
        self.triples.add(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))  # type: ignore[arg-type]

    def labels(self, s: Node | Term, **by_lang: str) -> None:
        """skos:prefLabel in each language given (empty texts are skipped)."""
        for lang, text in by_lang.items():
            if text:
                self.add(s, _PREF_LABEL, ox.Literal(text, language=lang))

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def ntriples(self) -> bytes:
        data = ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        return data

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (a copy, for reading)."""
        return Graph().parse(data=self.ntriples(), format="nt")


_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
