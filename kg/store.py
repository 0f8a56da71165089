"""The RDF store: opening and loading an Oxigraph database, querying it, and its build record.

This module owns the engine's *store*: how a database is opened (read-only or writable),
how graphs are loaded into it, how queries run on it (prefixes declared, values bound by
``kg.bindings``, the union default graph below) and how answers become Python values
(:func:`to_python`). It does not hide the engine: other modules use pyoxigraph's term and
result types (``NamedNode``, ``Literal``, ``Quad``, ``QuerySolutions``), its parsers and
serialisers (``kg.build``, ``kg.dumps``, ``kg.entity``, ``kg.source_graph``) directly;
what they must not do is open a database themselves.

A store directory holds one Oxigraph database and a ``build.json`` describing how it was
built, written last (``kg.store_dirs``: a directory without it is an unfinished build).
The configured store path (default ``var/store``) is a symbolic link to the current store
directory; a build writes a new directory beside it and swaps the link atomically.

Queries see the union of all named graphs as their default graph unless a dataset is
given, like Fuseki's union default graph. The union is kept as the store's own default
graph, written alongside every named graph: it is the RDF merge, a set, so a triple that two
sources state is counted once (Oxigraph's ``use_default_graph_as_union`` is a bag and would
count it twice). Named graphs keep each source's provenance.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)
from pyoxigraph import Store as _OxStore

from kg.bindings import Term, bind_values
from kg.namespaces import PREFIXES

DB_DIR = "oxigraph"
BUILD_INFO = "build.json"
LOAD_CHUNK = 500_000  # quads a bulk load takes at once (load_dataset)

# a graph answer is the engine's QueryTriples here, an iterator of triples from a server
QueryResult = QuerySolutions | QueryBoolean | QueryTriples | Iterator[Triple]


class Store:
    """A set of named graphs answering SPARQL 1.1 queries with bound values."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        if path is None:
            self._db = _OxStore()
        else:
            db = path / DB_DIR
            if read_only:
                if not db.is_dir():
                    raise FileNotFoundError(f"no store at {path} (run `kg build` first)")
                self._db = _OxStore.read_only(str(db))
            else:
                db.mkdir(parents=True, exist_ok=True)
                self._db = _OxStore(str(db))

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open a built store for reading (the configured path may be a link to it)."""
        return cls(path.resolve(), read_only=True)

    # -- reading -------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term | list[Term]] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. Values in ``bindings`` are bound, never pasted as text.

        Without ``default_graphs`` the default graph is the merge of all graphs. Relative
        IRIs resolve against the query's ``BASE``, else ``base_iri`` (without either they
        are a syntax error). Raises ``SyntaxError`` for a malformed query.
        """
        text = bind_values(sparql, bindings) if bindings else sparql
        kwargs: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": base_iri}
        if default_graphs is not None:
            kwargs["default_graph"] = [NamedNode(g) for g in default_graphs] or DefaultGraph()
        if named_graphs is not None:
            kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
        return self._db.query(text, **kwargs)

    def select(
        self, sparql: str, *, bindings: Mapping[str, Term | list[Term]] | None = None
    ) -> list[dict[str, Any]]:
        """Run a SELECT query and return rows as dicts of plain Python values."""
        result = self.query(sparql, bindings=bindings)
        if not isinstance(result, QuerySolutions):
            raise ValueError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names} for row in result]

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, NamedNode))

    def quads_with_predicate(self, predicate: NamedNode) -> Iterator[Quad]:
        """Every statement with this predicate, in any graph (an index scan)."""
        return iter(self._db.quads_for_pattern(None, predicate, None, None))

    def contains_triple(self, s: Any, p: Any, o: Any) -> bool:
        """Whether the triple is in any graph."""
        return next(iter(self._db.quads_for_pattern(s, p, o, None)), None) is not None

    def __len__(self) -> int:
        """The number of distinct triples (the default graph, which merges all graphs)."""
        result = self._db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(result, QuerySolutions)
        return int(next(result)["n"].value)

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """The quads of one named graph, or of every named graph (not the merged default)."""
        if graph is not None:
            return iter(self._db.quads_for_pattern(None, None, None, NamedNode(graph)))
        return (q for q in self._db if not isinstance(q.graph_name, DefaultGraph))

    def dataset_quads(self) -> Iterator[Quad]:
        """Every quad, the merged default graph's too (what a copy of the store loads)."""
        return iter(self._db)

    def dump(self, fmt: RdfFormat = RdfFormat.N_QUADS) -> bytes:
        data = self._db.dump(format=fmt)
        assert data is not None  # no output stream given: the bytes are returned
        return data

    def graph_ntriples(self, graph: str | None) -> bytes:
        """One named graph (``None``: the merged default graph) as N-Triples."""
        name = DefaultGraph() if graph is None else NamedNode(graph)
        data = self._db.dump(format=RdfFormat.N_TRIPLES, from_graph=name)
        assert data is not None
        return data

    def build_info(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        info = self.path / BUILD_INFO
        return json.loads(info.read_text("utf-8")) if info.exists() else {}

    # -- writing -------------------------------------------------------------------

    def load_ntriples(self, data: bytes, graph: str) -> None:
        """Bulk-load N-Triples into a named graph and the merged default graph."""
        self._db.bulk_load(input=data, format=RdfFormat.N_TRIPLES, to_graph=NamedNode(graph))
        self._db.bulk_load(input=data, format=RdfFormat.N_TRIPLES, to_graph=DefaultGraph())

    def load_dataset(self, other: Store) -> None:
        """Bulk-load every quad of ``other`` (for writing a store built in memory to disk),
        :data:`LOAD_CHUNK` quads at a time: the engine's bulk loader takes its input whole
        into memory first (about 650 bytes a quad), which for a graph of tens of millions
        of quads is more memory than the machine has."""
        quads = other.dataset_quads()
        while chunk := list(islice(quads, LOAD_CHUNK)):
            self._db.bulk_extend(chunk)

    def load_quads(self, quads: Iterable[Quad]) -> None:
        """Add quads to their named graphs and to the merged default graph."""
        default = DefaultGraph()
        self._db.bulk_extend(
            q2 for q in quads for q2 in (q, Quad(q.subject, q.predicate, q.object, default))
        )

    def remove_quads(self, quads: Iterable[Quad]) -> None:
        """Remove these exact quads (a statement in another graph stays there)."""
        for quad in list(quads):
            self._db.remove(quad)

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs in place, keeping the default graph their union: a
        statement leaves it only when no named graph left states it (for a store in
        memory that is being made into another, as a publish's candidate)."""
        named = [NamedNode(g) for g in graphs]
        gone = {q.triple for g in named for q in self._db.quads_for_pattern(None, None, None, g)}
        for graph in named:
            self._db.remove_graph(graph)
        default = DefaultGraph()
        for t in gone:
            still = any(
                not isinstance(q.graph_name, DefaultGraph)
                for q in self._db.quads_for_pattern(t.subject, t.predicate, t.object, None)
            )
            if not still:
                self._db.remove(Quad(t.subject, t.predicate, t.object, default))

    def copy_without(self, graphs: Iterable[str]) -> Store:
        """An in-memory copy of this store without the named ``graphs``, its merged default
        graph made again from the named graphs kept (copied by the engine: several times
        faster than quad by quad)."""
        copy = Store()
        copy._db.load(self.dump(), format=RdfFormat.N_QUADS)
        return copy._without(graphs)

    @classmethod
    def from_quads(cls, quads: Iterable[Quad], *, without: Iterable[str] = ()) -> Store:
        """An in-memory store of ``quads`` without the named graphs ``without``, its merged
        default graph made again from the named graphs kept."""
        copy = Store()
        copy._db.bulk_extend(quads)
        return copy._without(without)

    def _without(self, graphs: Iterable[str]) -> Store:
        """This store without the named ``graphs``, the default graph merged again."""
        for graph in graphs:
            self._db.remove_graph(NamedNode(graph))
        self._db.clear_graph(DefaultGraph())
        self._db.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return self

    def flush(self) -> None:
        self._db.flush()
        self._db.optimize()


def to_python(term: Any) -> Any:
    """An engine term as a plain Python value (IRIs and literals as strings, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value
