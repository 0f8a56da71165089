"""The regional folder (``data/regional/``): loading it at build, importing into it.

Every CSV or XLSX file under ``data/regional/`` is one import source and one named graph
(``{base}graph/regional/<folder>/<file>``), so one region's table can be replaced without
touching another's. ``import_path`` checks every row of the given files first, then copies
them into the folder with a provenance sidecar and rebuilds the store; a failure at any
point leaves the folder and the store as they were.

A ``source.json`` in a folder describes all files under it: ``title`` and
``illustrative`` (data made up to show the product; the API and UI flag it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import __version__
from kg.config import Settings
from kg.importing import values
from kg.importing.convert import convert
from kg.importing.diff import GraphDiff, diff
from kg.importing.reader import read_file
from kg.iris import Minter
from kg.names import NameIndex
from kg.namespaces import YP
from kg.source_graph import SourceGraph
from kg.store import Store
from kg.themes import theme_index, themes_from_store

SUFFIXES = {".csv", ".xlsx"}
SIDECAR = ".provenance.json"
MANIFEST = "source.json"


def regional_dir(settings_or_data: Settings | Path) -> Path:
    data = settings_or_data.data_dir if isinstance(settings_or_data, Settings) else settings_or_data
    return data / "regional"


def make_context(store: Store, mint: Minter) -> values.Context:
    """Names of organisations and themes, and each municipality's county, for the checks
    (``store`` holds at least the ontology and the reference graphs)."""
    county_of = {r["m"]: r["c"] for r in store.select("SELECT ?m ?c WHERE { ?m yp:county ?c }")}
    return values.Context(
        mint,
        NameIndex.from_store(store),
        theme_index(themes_from_store(store)),
        county_of,
    )


def graph_name(root: Path, path: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    return "regional/" + "/".join(values.slug(part) for part in rel.parts)


def regional_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


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
) -> tuple[SourceGraph, int]:
    """One import source as a graph, with provenance; raises DataError on any bad cell."""
    tables = read_file(path)
    ctx.illustrative = bool(about.get("illustrative"))
    graph = SourceGraph(name, [path])
    rows = convert(tables, ctx, graph)
    iri = ctx.mint.graph(name)
    if about.get("title"):
        graph.add(iri, DCTERMS.title, _literal(str(about["title"])))
    if ctx.illustrative:
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
    return graph, rows


def _literal(text: str) -> ox.Literal:
    return ox.Literal(text)


def _sidecar(path: Path) -> dict[str, object]:
    side = path.with_name(path.name + SIDECAR)
    if side.is_file():
        loaded = json.loads(side.read_text("utf-8"))
        return loaded if isinstance(loaded, dict) else {}
    return {}


def load_regional(data_dir: Path, ctx: values.Context) -> list[SourceGraph]:
    """Every import source under ``data/regional/`` (what ``kg build`` loads)."""
    root = regional_dir(data_dir)
    out = []
    for path in regional_files(root):
        graph, _ = load_file(
            path, graph_name(root, path), ctx, about=manifest(root, path), sidecar=_sidecar(path)
        )
        out.append(graph)
    return out


@dataclass
class ImportReport:
    files: list[Path]
    rows: int
    diffs: list[GraphDiff]
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(not d.empty for d in self.diffs)

    def render(self) -> str:
        lines = [d.render() for d in self.diffs]
        lines += self.notes
        if self.dry_run:
            lines.append(
                f"dry run: {self.rows} rows checked in {len(self.files)} files; nothing written"
            )
        elif not self.changed:
            lines.append(f"{self.rows} rows checked; no changes, nothing written")
        else:
            lines.append(
                f"{self.rows} rows imported into {len(self.written)} files under "
                "data/regional/; store rebuilt"
            )
        return "\n".join(lines)


def _sources(path: Path) -> tuple[Path, list[Path]]:
    if path.is_dir():
        files = regional_files(path)
        if not files:
            raise FileNotFoundError(f"no .csv or .xlsx files under {path}")
        return path, files
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    return path.parent, [path]


def plan(path: Path, root: Path) -> list[tuple[Path, Path]]:
    """(source file, destination under data/regional/) for every file to import."""
    base, files = _sources(path.resolve())
    root = root.resolve()
    if base == root or root in base.parents:
        return [(f, f) for f in files]  # already in the regional folder: re-import in place
    if path.is_dir():
        return [(f, root / base.name / f.relative_to(base)) for f in files]
    return [(f, root / f.name) for f in files]


def import_path(
    path: Path, settings: Settings, *, dry_run: bool = False, ctx: values.Context | None = None
) -> ImportReport:
    """Check every row of ``path`` (a file or folder), show what changes, and unless
    ``dry_run`` copy the files into ``data/regional/`` and rebuild the store."""
    from kg.build import build  # the build loads this module: import it only when called

    root = regional_dir(settings)
    moves = plan(path, root)
    ctx = ctx or reference_context(settings)
    ctx.notes.clear()
    about_src = path if path.is_dir() else path.parent
    graphs: list[tuple[SourceGraph, Path, Path]] = []
    rows = 0
    for src, dest in moves:
        about = manifest(about_src, src) or manifest(root, dest)
        graph, n = load_file(src, graph_name(root, dest), ctx, about=about, sidecar={})
        graphs.append((graph, src, dest))
        rows += n
    current = _open(settings.store_path)
    diffs = []
    for graph, _, _ in graphs:
        iri = str(ctx.mint.graph(graph.name))
        old = [q.triple for q in current.quads(iri)] if current else []
        diffs.append(diff(iri, old, graph.triples))
    report = ImportReport([m[0] for m in moves], rows, diffs, list(ctx.notes), dry_run=dry_run)
    if dry_run or not report.changed:
        return report
    del current  # read-only handle; the build writes a new store beside it
    report.written = _write(moves, about_src, root, lambda: build(settings))
    return report


def reference_context(settings: Settings) -> values.Context:
    """The checking context from the ontology and reference data on disk."""
    from kg.build import scratch_store  # the build's loaders; imported when called

    return make_context(scratch_store(settings), Minter(settings.base_iri))


def _open(link: Path) -> Store | None:
    try:
        return Store.open(link)
    except OSError:
        return None


def _write(
    moves: list[tuple[Path, Path]], about_src: Path, root: Path, rebuild: Callable[[], object]
) -> list[Path]:
    """Copy the files in with their sidecars and rebuild; on any failure put everything back."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    touched: list[tuple[Path, bytes | None]] = []  # (path, previous content or None)

    def put(target: Path, data: bytes) -> None:
        touched.append((target, target.read_bytes() if target.exists() else None))
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)

    try:
        written = []
        for src, dest in moves:
            data = src.read_bytes()
            if src.resolve() != dest.resolve():
                put(dest, data)
            put(
                dest.with_name(dest.name + SIDECAR),
                json.dumps(
                    {
                        "original_file": src.name,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "imported_at": stamp,
                        "importer_version": __version__,
                    },
                    indent=2,
                ).encode("utf-8"),
            )
            written.append(dest)
        source_manifest = about_src / MANIFEST
        if source_manifest.is_file() and about_src.resolve() != root.resolve():
            target = moves[0][1].parent if len(moves) == 1 else root / about_src.name
            if (target / MANIFEST).resolve() != source_manifest.resolve():
                put(target / MANIFEST, source_manifest.read_bytes())
        rebuild()
        return written
    except BaseException:
        for target, previous in reversed(touched):
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
        raise
