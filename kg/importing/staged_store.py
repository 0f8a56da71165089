"""The store an import commits: the serving store with one folder's graphs replaced.

An import changes one folder of ``data/regional/`` and nothing else, so its next store is
made from the store being served, not rebuilt from ``data/``: every named graph of the
serving store is copied except the folder's graphs and the inferred graph; the folder's
new graphs (already checked and converted) are added with the provenance a build gives
them (the file as it is named under ``data/``, its SHA-256, its sidecar and manifest);
the inferences are materialised again over the whole, and the store is written into the
directory the import's journal names, with its dumps, and marked complete last
(``kg.store_dirs``). Switching the store link to it is the import's commit
(``kg.importing.folder_write``).

What ``kg build`` would make from the same files is what this makes (a test compares
them); what changed elsewhere in ``data/`` since the last build waits for ``kg build``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
from rdflib import Literal, URIRef

from kg import __version__
from kg.dumps import write_dumps
from kg.importing.regional import describe, sidecar
from kg.inference import materialise
from kg.iris import Minter
from kg.namespaces import DCTERMS, PROV, RDF, YP
from kg.source_graph import SourceGraph
from kg.sources import Source, licenses_of, registry, write_registry
from kg.store import Store
from kg.store_dirs import mark_complete

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class NewGraph:
    """A converted file of the folder: its graph, the file it is staged as (read for its
    hash and sidecar; relative to the folder until the folder is staged), how it will be
    named under ``data/``, and its manifest."""

    graph: SourceGraph
    staged: Path
    shown: str  # data/regional/NAME/FILE
    about: dict[str, object]


def write_staged_store(
    serving: Store,
    target: Path,
    *,
    replaced: str,
    graphs: Sequence[NewGraph],
    base_iri: str,
    sources: tuple[Source, ...],
    also: Sequence[SourceGraph] = (),
    checked: Store | None = None,
) -> None:
    """Write into ``target`` the serving store with the graphs whose IRIs start with
    ``replaced`` swapped for ``graphs`` (and each graph of ``also`` swapped for its
    namesake: the publish history's), inferences made again, with its dumps and its
    registry of ``sources``; marked complete last. A failure removes ``target``.

    ``checked`` is that candidate already made from ``serving`` when the upload was checked
    (:func:`candidate`, without the files' provenance and ``also``): then only the
    provenance and ``also`` are added to it and the inferences completed, which gives the
    same graph (``also`` may only add to its namesake, as the publish history does: the
    inferences are monotone)."""
    mint = Minter(base_iri)
    try:
        provenance = [_provenance(new, mint, sources) for new in graphs]
        if checked is None:
            for new, lines in zip(graphs, provenance, strict=True):
                new.graph.lines |= lines.lines
            memory = candidate(serving, replaced, [g.graph for g in graphs], mint, also=also)
        else:
            memory = checked
            for lines in (*provenance, *also):
                memory.load_ntriples(lines.ntriples(), str(mint.graph(lines.name)))
            for new, lines in zip(graphs, provenance, strict=True):
                new.graph.lines |= lines.lines
            materialise(memory, str(mint.graph("inferred")))
        write_store_dir(memory, target, base_iri=base_iri, sources=sources)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _provenance(new: NewGraph, mint: Minter, sources: tuple[Source, ...]) -> SourceGraph:
    """The statements a build makes about a file's graph: its manifest and sidecar, the
    file as named under ``data/``, its SHA-256 and licences."""
    iri = mint.graph(new.graph.name)
    out = SourceGraph(new.graph.name, [])
    data = new.staged.read_bytes()
    describe(out, iri, about=new.about, sidecar=sidecar(new.staged))
    out.add(iri, RDF.type, PROV.Entity)
    out.add(iri, DCTERMS.source, Literal(new.shown))
    out.add(iri, YP.sha256, Literal(hashlib.sha256(data).hexdigest()))
    for license in licenses_of(new.graph.name, sources):
        out.add(iri, DCTERMS.license, URIRef(license))
    return out


def candidate(
    serving: Store,
    replaced: str,
    graphs: Sequence[SourceGraph],
    mint: Minter,
    *,
    also: Sequence[SourceGraph] = (),
    base: Store | None = None,
) -> Store:
    """In memory: the serving store with the graphs under ``replaced`` swapped for
    ``graphs`` (and ``also`` for their namesakes), inferences made again. Reasoned in
    memory (several times faster than on disk); what a dry run checks and an import
    writes. ``base``, a copy of ``serving`` in memory made beforehand, is made into it in
    place (half the time of copying the store now)."""
    inferred = str(mint.graph("inferred"))
    swapped = {str(mint.graph(g.name)) for g in also}
    dropped = [
        g for g in serving.named_graphs() if g.startswith(replaced) or g == inferred or g in swapped
    ]
    if base is not None:
        base.drop_graphs(dropped)
        memory = base
    else:
        memory = serving.copy_without(dropped)
    for graph in (*graphs, *also):
        memory.load_ntriples(graph.ntriples(), str(mint.graph(graph.name)))
    materialise(memory, inferred)
    return memory


def write_store_dir(
    memory: Store, target: Path, *, base_iri: str, sources: tuple[Source, ...]
) -> None:
    """Write ``memory`` as a store directory with its dumps and registry; complete last."""
    store = Store(target)
    store.load_dataset(memory)
    triples = len(store)
    store.flush()
    del store
    write_dumps(memory, target, sources)
    write_registry(sources, target)
    sizes = memory.query(_GRAPH_SIZES)
    mark_complete(  # written last: a directory without it is an unfinished store
        target,
        {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "kg_version": __version__,
            "engine": f"pyoxigraph {pyoxigraph.__version__}",
            "base_iri": base_iri,
            "triples": triples,
            "graphs": {r["g"].value: int(r["n"].value) for r in sizes},  # type: ignore[union-attr]
        },
    )


def staged_registry(data_dir: Path, folder: str, staging: Path) -> tuple[Source, ...]:
    """The sources of the next store, as a build from the folder the import leaves would
    list them: the national ones, then each regional folder's (the staged folder by its
    staged ``source.json``), the public-record folders together as one source."""
    return registry(data_dir, {folder: staging})
