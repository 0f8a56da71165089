"""The RDF made from one source (a file or a set of files), to become one named graph.

Triples are kept as N-Triples lines: a set of strings dedupes and hashes many times faster
than engine or rdflib term objects, which matters for large imports (10,000 rows make about
150,000 triples). ``add`` takes rdflib or engine terms and writes them through the
engine's own serialiser; ``add_terms`` takes terms already written as N-Triples text, made
by :func:`iri` and :func:`literal` below, for the hot paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_BAD_IRI = re.compile(r'[<>" {}|\\^`\x00-\x20]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI as N-Triples text. Only for IRIs built from checked parts (the minter's)."""
    if _BAD_IRI.search(value):
        raise ValueError(f"invalid IRI {value!r}")
    return f"<{value}>"


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal as N-Triples text (the string escaped as N-Triples requires)."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype:
        return f"{quoted}^^<{datatype}>"
    return quoted


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
    lines: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls, name: str, files: list[Path], triples: Iterator[ox.Triple] | list[ox.Triple]
    ) -> SourceGraph:
        return cls(name, files, {f"{t} .\n" for t in triples})

    def add(self, s: Node | Term, p: Node | Term, o: Node | Term) -> None:
        self.lines.add(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n")

    def add_terms(self, s: str, p: str, o: str) -> None:
        """Add a triple of terms already written as N-Triples text."""
        self.lines.add(f"{s} {p} {o} .\n")

    def labels(self, s: Node | Term, **by_lang: str) -> None:
        """skos:prefLabel in each language given (empty texts are skipped)."""
        for lang, text in by_lang.items():
            if text:
                self.add(s, _PREF_LABEL, ox.Literal(text, language=lang))

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        return "".join(sorted(self.lines)).encode("utf-8")

    @property
    def triples(self) -> set[ox.Triple]:
        """The triples as engine objects (parsed: also checks the text is valid N-Triples)."""
        return {q.triple for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)}

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (a copy, for reading)."""
        return Graph().parse(data=self.ntriples(), format="nt")


_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
