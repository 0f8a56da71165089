"""Build the store: ontology + everything in ``data/`` into a new store, then swap it in.

Everything is read and checked before the new store is written; the new store is written
in a directory beside the current one, and only a complete build replaces the link the
service follows. A failed build removes its half-written directory and leaves the store
that was serving untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
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
from kg.importing.regional import load_regional, make_context
from kg.inference import materialise
from kg.iris import Minter
from kg.legal import load_council_terms, load_statutes
from kg.names import NameIndex
from kg.namespaces import DCTERMS, PROV, RDF, YP
from kg.reference import load_reference
from kg.scope import load_scope
from kg.source_graph import SourceGraph
from kg.store import Store
from kg.survey import load_survey

Progress = Callable[[str], None]
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
STATISTICS_FINLAND_GRAPHS = {
    "reference/municipalities",
    "reference/counties",
    "reference/regions",
    "reference/employment-areas",
}
KEEP_STORES = 2  # the current store and the one before it (a running server may hold it)


@dataclass
class BuildReport:
    store_dir: Path
    seconds: float
    triples: int
    inferred: int
    graphs: dict[str, int] = field(default_factory=dict)
    organisations: int = 0
    municipalities_per_county: dict[str, int] = field(default_factory=dict)


def stores_dir(settings: Settings) -> Path:
    """Where built stores live: ``var/store.d/`` beside the ``var/store`` link."""
    return settings.store_path.parent / (settings.store_path.name + ".d")


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
    sources += load_regional(settings.data_dir, make_context(scratch, mint))
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


def scratch_store(settings: Settings) -> Store:
    """An in-memory store of the ontology and the reference data (for import checks)."""
    return _scratch(_base_sources(settings))


def build(settings: Settings, *, progress: Progress | None = None) -> BuildReport:
    """Build a new store from the ontology and data, and make it the current one."""
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
    root = stores_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"
    try:
        # built and reasoned in memory (several times faster), then written to disk once
        memory = Store()
        graphs: dict[str, int] = {}
        for source in sources:
            iri = str(mint.graph(source.name))
            say(f"loading {source.name} ({len(source)} triples)")
            _add_provenance(source, URIRef(iri), settings)
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
        report.seconds = time.perf_counter() - started
        store.write_build_info(
            {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "kg_version": __version__,
                "engine": f"pyoxigraph {pyoxigraph.__version__}",
                "base_iri": settings.base_iri,
                "triples": report.triples,
                "graphs": {str(mint.graph(k)): v for k, v in graphs.items()},
            }
        )
        store.flush()
        del store
        say("writing the dumps")
        write_dumps(memory, target)  # the same quads, read faster from memory
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _swap_link(settings.store_path, target)
    _prune(root, keep=target)
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


def _add_provenance(source: SourceGraph, graph: URIRef, settings: Settings) -> None:
    source.add(graph, RDF.type, PROV.Entity)
    for path in source.files:
        try:
            shown = path.resolve().relative_to(settings.data_dir.resolve().parent)
        except ValueError:
            shown = Path(path.name)
        source.add(graph, DCTERMS.source, Literal(shown.as_posix()))
        source.add(graph, YP.sha256, Literal(hashlib.sha256(path.read_bytes()).hexdigest()))
    if source.name in STATISTICS_FINLAND_GRAPHS:
        source.add(graph, DCTERMS.license, CC_BY_4)


def _swap_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` atomically (rename of a fresh link over the old one)."""
    if link.exists() and not link.is_symlink():
        raise BuildError(f"{link} exists and is not a link made by `kg build`; move it away")
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)


def _prune(root: Path, *, keep: Path) -> None:
    built = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name)
    for old in built[:-KEEP_STORES]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
