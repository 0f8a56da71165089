"""The regional folder (``data/regional/``): what is in it, and loading it at build.

Every CSV or XLSX file under ``data/regional/`` is one import source and one named graph
(``{base}graph/regional/<folder>/<file>``); a region's files live in a folder of their
own, which an import replaces as a whole (``kg.importing.importer``).

A ``source.json`` in a folder describes all files under it: ``title`` and
``illustrative`` (data made up to show the product; the API and UI flag it).

Names starting with ``.`` are never read as data: an import stages its folder as
``.staging-…/`` beside the old one (``kg.importing.journal``). Two files whose graph names
are the same (``vastuut.csv`` and ``VASTUUT.csv``, ``a b.csv`` and ``a-b.csv``) are
refused, naming both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.config import Settings
from kg.errors import DataError, DataErrors
from kg.importing import values
from kg.importing.convert import convert
from kg.importing.limits import Limits
from kg.importing.reader import TableRows, read_file
from kg.iris import Minter
from kg.names import NameIndex
from kg.namespaces import YP
from kg.source_graph import SourceGraph
from kg.sources import PUBLIC_RECORD
from kg.store import Store
from kg.themes import theme_index, themes_from_store

SUFFIXES = {".csv", ".xlsx"}
SIDECAR = ".provenance.json"
MANIFEST = "source.json"


def regional_dir(settings_or_data: Settings | Path) -> Path:
    data = settings_or_data.data_dir if isinstance(settings_or_data, Settings) else settings_or_data
    return data / "regional"


def make_context(
    store: Store, mint: Minter, *, graphs: Sequence[str] | None = None
) -> values.Context:
    """Names of organisations and themes, and each municipality's county, for the checks,
    from ``store`` (which holds at least the ontology and the reference graphs); from its
    named ``graphs`` only, if given."""
    rows = store.query(_COUNTY_OF, default_graphs=graphs)
    county_of = {r["m"].value: r["c"].value for r in rows}  # type: ignore[union-attr]
    return values.Context(
        mint,
        NameIndex.from_store(store, graphs=graphs),
        theme_index(themes_from_store(store, graphs=graphs)),
        county_of,
    )


_COUNTY_OF = "SELECT ?m ?c WHERE { ?m yp:county ?c }"
# the graphs names are checked against: the ontology's and the reference data's, which a
# build reads first (what the rows name is never matched against other regional data)
REFERENCE_GRAPHS = ("ontology", "reference")


def reference_graphs(store: Store, mint: Minter) -> list[str]:
    """The ontology and reference graphs of a built store (``ontology``, ``ontology/…``
    and ``reference/…``)."""
    roots = [str(mint.graph(name)) for name in REFERENCE_GRAPHS]
    return [
        g
        for g in store.named_graphs()
        if any(g == root or g.startswith(root + "/") for root in roots)
    ]


def serving_context(store: Store, mint: Minter) -> values.Context:
    """The checking context from a built store: its ontology and reference graphs, the
    names the service serves (nothing is read from ``data/`` again)."""
    return make_context(store, mint, graphs=reference_graphs(store, mint))


def graph_name(root: Path, path: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    return "regional/" + "/".join(values.slug(part) for part in rel.parts)


def regional_files(root: Path) -> list[Path]:
    """The data files under ``root``, skipping names that start with ``.``."""
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.is_file()
    )


def manifest(root: Path, path: Path) -> dict[str, object]:
    """The nearest ``source.json`` between the file's folder and ``root``."""
    folder = path.parent
    while True:
        candidate = folder / MANIFEST
        if candidate.is_file():
            loaded = json.loads(candidate.read_text("utf-8"))
            return loaded if isinstance(loaded, dict) else {}
        if folder == root or root not in folder.parents:
            return {}
        folder = folder.parent


def load_file(
    path: Path,
    name: str,
    ctx: values.Context,
    *,
    about: dict[str, object],
    sidecar: dict[str, object],
    limits: Limits | None = None,
    tables: list[TableRows] | None = None,
) -> tuple[SourceGraph, int]:
    """One import source as a graph, with provenance. Raises DataErrors with every bad
    cell and row of the file (or a DataError when the file cannot be read at all).
    ``tables``: the file as already read (within ``limits``), not read again."""
    if tables is None:
        tables = read_file(path, limits=limits)
    ctx.illustrative = bool(about.get("illustrative"))
    ctx.public_record = about.get("kind") == PUBLIC_RECORD
    ctx.kind = str(about.get("kind") or "own")
    ctx.errors = []
    graph = SourceGraph(name, [path])
    rows = convert(tables, ctx, graph)
    if ctx.errors:
        raise DataErrors(ctx.errors)
    describe(graph, ctx.mint.graph(name), about=about, sidecar=sidecar)
    return graph, rows


def describe(
    graph: SourceGraph, iri: URIRef, *, about: dict[str, object], sidecar: dict[str, object]
) -> None:
    """The graph's own provenance from its folder's manifest (``about``) and its file's
    sidecar: title, illustrative flag, original file name, import time and version."""
    if about.get("title"):
        graph.add(iri, DCTERMS.title, _literal(str(about["title"])))
    if about.get("kind") == PUBLIC_RECORD:
        graph.add(iri, DCTERMS.type, YP.PublicRecord)
    if about.get("illustrative"):
        graph.add(iri, YP.illustrative, ox.Literal("true", datatype=ox.NamedNode(values.BOOLEAN)))
    if sidecar.get("original_file"):
        graph.add(
            iri,
            DCTERMS.title if not about.get("title") else SKOS.note,
            _literal(str(sidecar["original_file"])),
        )
    if sidecar.get("imported_at"):
        graph.add(
            iri,
            PROV.generatedAtTime,
            ox.Literal(
                str(sidecar["imported_at"]),
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"),
            ),
        )
    if sidecar.get("importer_version"):
        graph.add(iri, YP.importerVersion, _literal(str(sidecar["importer_version"])))


def _literal(text: str) -> ox.Literal:
    return ox.Literal(text)


def sidecar(path: Path) -> dict[str, object]:
    """What the import recorded about a file (original name, SHA-256, time, version)."""
    side = path.with_name(path.name + SIDECAR)
    if side.is_file():
        loaded = json.loads(side.read_text("utf-8"))
        return loaded if isinstance(loaded, dict) else {}
    return {}


def load_regional(
    data_dir: Path, ctx: values.Context, *, limits: Limits | None = None
) -> list[SourceGraph]:
    """Every import source under ``data/regional/`` (what ``kg build`` loads); the errors
    of every file are reported together. Each file is read within ``limits`` on its own."""
    limits = limits or Limits()
    root = regional_dir(data_dir)
    out = []
    errors: list[DataError] = []
    first: dict[str, Path] = {}
    for path in regional_files(root):
        name = graph_name(root, path)
        if name in first:
            errors.append(
                DataError(
                    f"{first[name].relative_to(root).as_posix()!r} and "
                    f"{path.relative_to(root).as_posix()!r} would be one graph ({name})",
                    path=path,
                    fix="rename or remove one of the two files",
                )
            )
            continue
        first[name] = path
        try:
            graph, _ = load_file(
                path,
                name,
                ctx,
                about=manifest(root, path),
                sidecar=sidecar(path),
                limits=limits.fresh(),
            )
        except DataError as exc:
            errors.append(exc)
            continue
        out.append(graph)
    if errors:
        raise DataErrors(errors)
    return out
