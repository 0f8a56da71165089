"""Build the store: ontology + everything in ``data/`` into a new store, then swap it in.

Everything is read and checked before the new store is written; the new store is written
in a directory beside the current one and marked complete last, and only a complete
build replaces the link the service follows (``kg.store_dirs``). A failed build removes
its half-written directory and leaves the store that was serving untouched; a killed one
leaves an incomplete directory, which the next build removes. A build holds the store's
write lock and first finishes or undoes what a killed build or import left
(``kg.recovery``).

An import does not come here: it checks against the serving store's names and writes its
next store from the serving one (``kg.importing.staged_store``).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
from rdflib import Literal, URIRef

from kg import __version__
from kg.audit.obligations import obligations_graph
from kg.config import Settings
from kg.dumps import write_dumps
from kg.errors import BuildError, DataError
from kg.history import history_graph
from kg.importing.limits import Limits
from kg.importing.regional import load_regional, make_context
from kg.inference import materialise
from kg.iris import Minter
from kg.legal import load_council_terms, load_statutes
from kg.names import NameIndex
from kg.namespaces import DCTERMS, PROV, RDF, YP
from kg.recovery import StoreCheck, recover
from kg.reference import load_reference
from kg.scope import load_scope
from kg.serving import push
from kg.source_graph import SourceGraph
from kg.sources import Source, licenses_of, registry, write_registry
from kg.store import Store
from kg.store_dirs import clean, mark_complete, new_store_dir, swap_link, write_lock
from kg.survey import load_survey

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    store_dir: Path
    seconds: float
    triples: int
    inferred: int
    graphs: dict[str, int] = field(default_factory=dict)
    organisations: int = 0
    municipalities_per_county: dict[str, int] = field(default_factory=dict)
    check: StoreCheck | None = None  # what the build found and recovered before it ran
    removed: list[Path] = field(default_factory=list)  # older stores removed after it


def collect_sources(settings: Settings) -> list[SourceGraph]:
    """Read and check every source; raises DataError before anything is written."""
    mint = Minter(settings.base_iri)
    base = _base_sources(settings)
    scratch = _scratch(base)  # ontology + reference, for matching names and themes
    names = NameIndex.from_store(scratch)
    sources = list(base)
    sources.append(load_statutes(settings.data_dir, mint))
    sources.append(load_council_terms(settings.data_dir, mint))
    sources.append(obligations_graph(settings.data_dir, mint))
    # facts taken from the seed documents, hand-written in Turtle with their provenance
    for path in sorted((settings.data_dir / "seeds").glob("*.ttl")):
        sources.append(_turtle(path, f"seeds/{path.stem}", base=settings.base_iri))
    sources += load_survey(settings.data_dir, mint, names)
    sources.append(load_scope(settings.data_dir, mint, scratch))
    # regional import sources, checked row by row like `kg import` does
    sources += load_regional(
        settings.data_dir, make_context(scratch, mint), limits=Limits.of(settings)
    )
    # what coordinators published, as PROV (data/history/log.jsonl; kg.history)
    sources.append(history_graph(settings.data_dir, mint))
    return sources


def _base_sources(settings: Settings) -> list[SourceGraph]:
    ontology = [
        _turtle(path, _ontology_graph_name(path))
        for path in sorted(settings.ontology_dir.glob("*.ttl"))
    ]
    if not ontology:
        raise DataError("no ontology (*.ttl) found", path=settings.ontology_dir)
    return ontology + load_reference(settings.data_dir, Minter(settings.base_iri))


def _scratch(sources: list[SourceGraph]) -> Store:
    store = Store()
    for i, source in enumerate(sources):
        store.load_ntriples(source.ntriples(), f"urn:x-scratch:{i}")
    return store


def build(
    settings: Settings,
    *,
    progress: Progress | None = None,
    on_wait: Progress | None = None,
) -> BuildReport:
    """Build a new store from the ontology and data, and make it the current one. Holds
    the store's write lock (``on_wait`` is told if another build or import holds it) and
    first recovers what a killed build or import left."""
    with write_lock(settings.store_path, on_wait=on_wait):
        check = recover(settings)
        report = build_locked(settings, progress=progress)
    report.check = check
    return report


def build_locked(settings: Settings, *, progress: Progress | None = None) -> BuildReport:
    """The build itself; the caller holds the store's write lock."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    mint = Minter(settings.base_iri)
    say("reading and checking sources")
    try:
        sources = collect_sources(settings)
    except DataError as exc:
        raise BuildError(
            exc.message,
            path=exc.path,
            line=exc.line,
            column=exc.column,
            sheet=exc.sheet,
            fix=exc.fix,
        ) from exc
    target = new_store_dir(settings.store_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    shown = _shown_paths(settings)
    known = registry(settings.data_dir)  # titles, licences and files of the sources
    try:
        # built and reasoned in memory (several times faster), then written to disk once
        memory = Store()
        graphs: dict[str, int] = {}
        pending = deque(sources)
        del sources  # each source is let go once loaded: the graph is not held twice
        while pending:
            source = pending.popleft()
            iri = str(mint.graph(source.name))
            say(f"loading {source.name} ({len(source)} triples)")
            _add_provenance(source, URIRef(iri), shown, known)
            memory.load_ntriples(source.ntriples(), iri)
            graphs[source.name] = len(source)
        say("materialising inferences")
        inferred = materialise(memory, str(mint.graph("inferred")))
        graphs["inferred"] = inferred
        say("writing the store")
        store = Store(target)
        store.load_dataset(memory)
        report = BuildReport(target, 0.0, len(store), inferred, graphs)
        report.organisations = store.select(
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a org:Organization }"
        )[0]["n"]
        report.municipalities_per_county = {
            r["code"]: r["n"] for r in store.select(MUNICIPALITIES_PER_COUNTY)
        }
        store.flush()
        del store
        say("writing the dumps")
        write_dumps(memory, target, known)  # the same quads, read faster from memory
        write_registry(known, target)  # what VoID/DCAT names as the sources of this store
        say("marking the store complete")
        mark_complete(  # written last: a directory without it is an unfinished build
            target,
            {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "kg_version": __version__,
                "engine": f"pyoxigraph {pyoxigraph.__version__}",
                "base_iri": settings.base_iri,
                "triples": report.triples,
                "graphs": {str(mint.graph(k)): v for k, v in graphs.items()},
            },
        )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    push(settings, target)  # a SPARQL server takes it first (kg.serving)
    swap_link(settings.store_path, target)  # the commit
    report.removed = clean(settings.store_path)
    report.seconds = time.perf_counter() - started
    return report


MUNICIPALITIES_PER_COUNTY = """
SELECT ?code (COUNT(?m) AS ?n) WHERE {
  ?m a yp:Municipality ; yp:county ?org . ?org yp:organiserCode ?code .
} GROUP BY ?code ORDER BY ?code
"""


def _ontology_graph_name(path: Path) -> str:
    return "ontology" if path.stem == "yhdyspinta" else f"ontology/{path.stem}"


def _turtle(path: Path, name: str, *, base: str | None = None) -> SourceGraph:
    """A Turtle file as one graph; relative IRIs (``<municipality/091>``) resolve against
    ``base``, so hand-written data follows the configured IRI base."""
    try:
        triples = [
            q.triple
            for q in pyoxigraph.parse(
                path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base
            )
        ]
    except SyntaxError as exc:
        raise DataError(f"Turtle syntax error: {exc.msg}", path=path, line=exc.lineno) from exc
    return SourceGraph.of(name, [path], triples)


def _shown_paths(settings: Settings) -> Callable[[Path], Path]:
    """How a source file is named in its graph's provenance: relative to the data folder's
    parent."""
    base = settings.data_dir.resolve().parent

    def shown(path: Path) -> Path:
        path = path.resolve()
        try:
            return path.relative_to(base)
        except ValueError:
            return Path(path.name)

    return shown


def _add_provenance(
    source: SourceGraph,
    graph: URIRef,
    shown: Callable[[Path], Path],
    sources: tuple[Source, ...],
) -> None:
    source.add(graph, RDF.type, PROV.Entity)
    for path in source.files:
        source.add(graph, DCTERMS.source, Literal(shown(path).as_posix()))
        source.add(graph, YP.sha256, Literal(hashlib.sha256(path.read_bytes()).hexdigest()))
    for license in licenses_of(source.name, sources):
        source.add(graph, DCTERMS.license, URIRef(license))
