"""A SPARQL 1.1 server as the store: the same reads as the embedded store, answered there.

``YP_STORE=http(s)://…`` puts the graph on a SPARQL server (Oxigraph server, Fuseki, …):
every query of the service (lookups, pages, audits, named queries, the SPARQL endpoint)
is sent over the SPARQL 1.1 Protocol, and a new version of the graph is written by the
Graph Store Protocol and one SPARQL Update. The service still keeps each version's files
(its ``build.json``, dumps, source registry and a copy of the graph) in the store
directory the link names: the link stays the version every API process follows
(:mod:`kg.serving`).

What holds here as on the embedded store:

* The default graph is the merge of the named graphs, written by the service as the
  server's own default graph (no server option such as a union default graph is needed,
  and a triple two graphs state counts once, as on the embedded store).
* Prefixes of :mod:`kg.namespaces` are declared for every query, values are bound by
  :mod:`kg.bindings` (VALUES), never pasted.
* A query has the time limit it was given (``timeout_s``, from ``YP_QUERY_TIMEOUT``),
  checked while its answer streams in; an answer that does not parse to its end (as
  ``oxigraph serve --timeout-s`` sends when it cancels a query part-way) is
  :class:`~kg.errors.StoreUnavailable`, never a shorter result.
* A new version replaces the whole dataset atomically: each graph is first written to a
  staging graph (``urn:x-yhdyspinta:staging:…``), then one update request MOVEs every
  staging graph onto its graph and drops the graphs that are gone; servers run one update
  request as one transaction, so a reader sees the old dataset or the new, never a mix.
"""

from __future__ import annotations

import atexit
import io
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, cast

import httpx
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from kg.bindings import Term, bind_values
from kg.config import RemoteEndpoints
from kg.errors import StoreUnavailable
from kg.namespaces import PREFIXES
from kg.store import QueryResult, Store

STAGING = "urn:x-yhdyspinta:staging:"
CONNECT_TIMEOUT_S = 5.0
WRITE_TIMEOUT_S = 600.0  # a whole dataset's upload and its MOVEs
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_RESULTS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
_GRAPHS = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/n-quads": RdfFormat.N_QUADS,
}
# a graph name written into an update request: an absolute IRI without the characters
# SPARQL forbids in an IRIREF (the names are the service's own; checked all the same)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_WITH_PREDICATE = "SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_CONTAINS = "ASK { GRAPH ?g { ?s ?p ?o } }"

_CLIENTS: dict[RemoteEndpoints, httpx.Client] = {}
_CLIENTS_LOCK = threading.Lock()


def client(endpoints: RemoteEndpoints) -> httpx.Client:
    """One connection pool per server, shared by every version's store in this process
    (closed when the process exits, so no connection is left to the garbage collector)."""
    with _CLIENTS_LOCK:
        found = _CLIENTS.get(endpoints)
        if found is None:
            if not _CLIENTS:
                atexit.register(close_clients)
            found = _CLIENTS[endpoints] = httpx.Client(
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
                headers={"User-Agent": "yhdyspinta-kg"},
            )
        return found


def close_clients() -> None:
    """Close every server's connection pool of this process."""
    with _CLIENTS_LOCK:
        pools = list(_CLIENTS.values())
        _CLIENTS.clear()
    for pool in pools:
        pool.close()


class RemoteStore(Store):
    """The graph on a SPARQL server, read as the embedded :class:`~kg.store.Store` is.

    ``path`` is the store directory of the version being served (its build record and
    dumps). The in-memory writes of :class:`Store` are refused: a version is written whole
    by :meth:`replace_dataset`.
    """

    def __init__(
        self, endpoints: RemoteEndpoints, path: Path | None = None, *, timeout_s: float = 30.0
    ) -> None:
        self.path = path
        self.endpoints = endpoints
        self.timeout_s = timeout_s
        self._client = client(endpoints)

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query!r}, {self.path!r})"

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
        """Run a query on the server (SPARQL Protocol, POST). Solutions and booleans come
        back as the engine's own result types, graph results as an iterator of triples;
        either is read from the answer as it streams in."""
        text = bind_values(sparql, bindings) if bindings else sparql
        base = f"BASE <{base_iri}>\n" if base_iri and _IRI.match(base_iri) else ""
        form: dict[str, str | list[str]] = {"query": base + _PROLOGUE + text}
        if default_graphs:
            form["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            form["named-graph-uri"] = list(named_graphs)
        body = self._open(
            "POST",
            self.endpoints.query,
            data=form,
            headers={"Accept": _ACCEPT},
            syntax_errors=True,
        )
        media = body.media_type
        if media in _RESULTS:
            return parse_query_results(cast(IO[bytes], body), format=_RESULTS[media])
        if media in _GRAPHS:
            return _triples(parse(cast(IO[bytes], body), format=_GRAPHS[media]), body)
        body.close()
        raise StoreUnavailable(f"the SPARQL server answered a query with {media or 'no type'}")

    def select(
        self, sparql: str, *, bindings: Mapping[str, Term | list[Term]] | None = None
    ) -> list[dict[str, Any]]:
        """Run a SELECT query and return rows as dicts of plain Python values, read to the
        end of the answer (an answer broken off raises, never gives fewer rows)."""
        from kg.store import to_python

        result = self.query(sparql, bindings=bindings)
        if not isinstance(result, QuerySolutions):
            raise ValueError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names} for row in _read(result)]

    def named_graphs(self) -> list[str]:
        rows = _read(_solutions(self.query(_NAMED)))
        names = (row["g"] for row in rows)
        return sorted(g.value for g in names if isinstance(g, NamedNode) and not _staging(g.value))

    def quads_with_predicate(self, predicate: NamedNode) -> Iterator[Quad]:
        rows = _read(_solutions(self.query(_WITH_PREDICATE, bindings={"p": predicate})))
        return iter(Quad(r["s"], predicate, r["o"], r["g"]) for r in rows)

    def contains_triple(self, s: Any, p: Any, o: Any) -> bool:
        result = self.query(_CONTAINS, bindings={"s": s, "p": p, "o": o})
        if not isinstance(result, QueryBoolean):
            raise StoreUnavailable("the SPARQL server did not answer an ASK query with a boolean")
        return bool(result)

    def __len__(self) -> int:
        rows = _read(_solutions(self.query(_COUNT)))
        return int(rows[0]["n"].value)

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """The quads of one named graph (Graph Store Protocol GET), or of every one."""
        if graph is None:
            return iter(
                [q for q in self.dataset_quads() if not isinstance(q.graph_name, DefaultGraph)]
            )
        name = NamedNode(graph)
        body = self._open(
            "GET",
            self.endpoints.store,
            params={"graph": graph},
            headers={"Accept": "application/n-triples"},
            missing_ok=True,
        )
        if body is None:
            return iter(())
        found = [
            Quad(q.subject, q.predicate, q.object, name) for q in _parsed(body, RdfFormat.N_TRIPLES)
        ]
        return iter(found)

    def dataset_quads(self) -> Iterator[Quad]:
        """Every quad of the server's dataset, the default graph's too (Graph Store
        Protocol GET of the dataset as N-Quads), staging graphs left out."""
        body = self._open("GET", self.endpoints.store, headers={"Accept": "application/n-quads"})
        quads = _parsed(body, RdfFormat.N_QUADS)
        return iter(
            q
            for q in quads
            if isinstance(q.graph_name, DefaultGraph) or not _staging(q.graph_name.value)
        )

    def dump(self, fmt: RdfFormat = RdfFormat.N_QUADS) -> bytes:
        """The dataset in ``fmt`` (N-Quads: every graph, the default one too)."""
        memory = Store()
        memory._db.bulk_extend(self.dataset_quads())
        return memory.dump(fmt)

    def copy_without(self, graphs: Iterable[str]) -> Store:
        return Store.from_quads(self.dataset_quads(), without=graphs)

    # -- writing -------------------------------------------------------------------

    def _refused(self, *_: Any, **__: Any) -> None:
        raise TypeError("a remote store is written whole, by replace_dataset()")

    load_ntriples = load_dataset = load_quads = remove_quads = drop_graphs = flush = _refused

    def replace_dataset(self, memory: Store, version: str, *, held: Store | None = None) -> None:
        """Make the server's dataset ``memory``'s (its named graphs and its merged default
        graph), in one update request after the graphs are uploaded to staging graphs.

        ``held`` is a copy of what the server holds now, if known: then only the graphs
        that differ are uploaded, and the default graph is changed by the triples that
        leave and join it (a publish changes a county's graphs; the other sixty stay)."""
        stage = f"{STAGING}{_safe(version)}:"
        kept = memory.named_graphs()
        steps: list[str] = []
        changed: list[str] = []
        for i, graph in enumerate(kept):
            data = memory.graph_ntriples(graph)
            if held is not None and _same(data, held.graph_ntriples(graph)):
                continue
            changed.append(graph)
            if data.strip():
                self._put(f"{stage}{i}", data)
                steps.append(f"MOVE GRAPH <{stage}{i}> TO GRAPH <{_iri(graph)}>")
            else:
                steps.append(f"DROP SILENT GRAPH <{_iri(graph)}>")
        present = [row["g"].value for row in _read(_solutions(self.query(_NAMED)))]
        gone = [g for g in present if g not in kept and not g.startswith(stage)]
        steps += [f"DROP SILENT GRAPH <{_iri(g)}>" for g in gone]  # gone, or staging leftovers
        delta = _default_delta(memory, held, changed + gone) if held is not None else None
        if delta is not None:
            steps += delta
        else:
            default = memory.graph_ntriples(None)
            if default.strip():
                self._put(f"{stage}default", default)
                steps.append(f"MOVE GRAPH <{stage}default> TO DEFAULT")
            else:
                steps.append("CLEAR SILENT DEFAULT")
        if steps:
            self._update(" ;\n".join(steps))

    def _put(self, graph: str, ntriples: bytes) -> None:
        self._write(
            "PUT",
            self.endpoints.store,
            f"writing graph {graph}",
            params={"graph": graph},
            content=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )

    def _update(self, update: str) -> None:
        self._write(
            "POST",
            self.endpoints.update,
            "the update",
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def _write(self, method: str, url: str, what: str, **request: Any) -> None:
        try:
            response = self._client.request(
                method,
                url,
                timeout=httpx.Timeout(WRITE_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
                **request,
            )
        except httpx.HTTPError as exc:
            raise StoreUnavailable(
                f"the SPARQL server at {url} cannot be reached for {what}: {exc}"
            ) from None
        _check(response, what)

    # -- the wire ------------------------------------------------------------------

    def _open(
        self,
        method: str,
        url: str,
        *,
        data: Any = None,
        params: Any = None,
        headers: Mapping[str, str],
        syntax_errors: bool = False,
        missing_ok: bool = False,
    ) -> Any:
        deadline = time.monotonic() + self.timeout_s
        request = self._client.build_request(
            method,
            url,
            data=data,
            params=params,
            headers=headers,
            timeout=httpx.Timeout(self.timeout_s, connect=CONNECT_TIMEOUT_S),
        )
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise StoreUnavailable(
                f"the SPARQL server at {url} did not answer within {self.timeout_s:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"the SPARQL server at {url} cannot be reached: {exc}") from None
        if response.status_code == 404 and missing_ok:
            response.close()
            return None
        if response.status_code >= 400:
            text = response.read().decode("utf-8", "replace").strip()[:500]
            response.close()
            if syntax_errors and response.status_code == 400:
                raise SyntaxError(text or "the SPARQL server refused the query")
            raise StoreUnavailable(
                f"the SPARQL server at {url} answered {response.status_code}: {text}"
            )
        return _Body(response, deadline, self.timeout_s)


class _Body(io.RawIOBase):
    """A streamed answer as a file the engine's parsers read, with the query's deadline:
    a server that stops sending, or sends past the time limit, ends the read with
    :class:`StoreUnavailable` (the parser stops there)."""

    def __init__(self, response: httpx.Response, deadline: float, timeout_s: float) -> None:
        self.response = response
        self.media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        self._chunks = response.iter_raw()
        self._pending = b""
        self._deadline = deadline
        self._timeout_s = timeout_s

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            if time.monotonic() > self._deadline:
                self.close()
                raise StoreUnavailable(
                    f"the SPARQL server's answer took longer than the {self._timeout_s:g} s "
                    "a query may run"
                )
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                self.close()
                return 0
            except httpx.HTTPError as exc:
                self.close()
                raise StoreUnavailable(f"the SPARQL server's answer broke off: {exc}") from None
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self.response.close()
        super().close()


def _triples(quads: Iterable[Quad], body: _Body) -> Iterator[Triple]:
    """A graph answer's triples, read as they come; a body that stops parsing raises."""
    try:
        for quad in quads:
            yield quad.triple
    except SyntaxError as exc:
        raise StoreUnavailable(f"the SPARQL server's answer did not parse: {exc}") from None
    finally:
        body.close()


def _parsed(body: _Body, fmt: RdfFormat) -> list[Quad]:
    try:
        return list(parse(cast(IO[bytes], body), format=fmt))
    except SyntaxError as exc:
        raise StoreUnavailable(f"the SPARQL server's answer did not parse: {exc}") from None
    finally:
        body.close()


def _read(solutions: QuerySolutions) -> list[Any]:
    """Every solution, to the end of the answer: one that breaks off raises."""
    try:
        return list(solutions)
    except SyntaxError as exc:
        raise StoreUnavailable(f"the SPARQL server's answer did not parse: {exc}") from None


def _solutions(result: QueryResult) -> QuerySolutions:
    if not isinstance(result, QuerySolutions):
        raise StoreUnavailable("the SPARQL server did not answer a SELECT query with solutions")
    return result


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 300:
        text = response.text.strip()[:500]
        raise StoreUnavailable(f"the SPARQL server refused {what}: {response.status_code} {text}")


def _same(a: bytes, b: bytes) -> bool:
    """Whether two N-Triples documents hold the same triples (blank nodes by label)."""
    return a == b or sorted(a.splitlines()) == sorted(b.splitlines())


def _default_delta(memory: Store, held: Store, graphs: list[str]) -> list[str] | None:
    """The update steps taking the held default graph to ``memory``'s when only
    ``graphs`` changed: the triples they held that no graph of ``memory`` states leave,
    their new triples join (``None`` where a blank node is involved: a blank node cannot
    be written into DELETE DATA, so the whole default graph is replaced)."""
    before = {q.triple for g in graphs for q in held.quads(g)}
    after = {q.triple for g in graphs for q in memory.quads(g)}
    leaving = [
        t for t in before - after if not memory.contains_triple(t.subject, t.predicate, t.object)
    ]
    joining = list(after - before)
    if any(isinstance(term, BlankNode) for t in (*leaving, *joining) for term in t):
        return None
    # the triples are written by the engine's own N-Triples serialiser (every term escaped
    # as N-Triples requires, which SPARQL's DATA blocks accept): no text is pasted in
    steps = []
    if leaving:
        steps.append("DELETE DATA { " + " ".join(f"{t} ." for t in leaving) + " }")
    if joining:
        steps.append("INSERT DATA { " + " ".join(f"{t} ." for t in joining) + " }")
    return steps


def _staging(graph: str) -> bool:
    return graph.startswith(STAGING)


def _iri(graph: str) -> str:
    if not _IRI.match(graph):
        raise ValueError(f"graph name {graph!r} is not an IRI that can be written in an update")
    return graph


def _safe(version: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", version)
