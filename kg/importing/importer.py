"""``kg import``, one way: read and check every row against the serving store's names,
convert, compare, stage, swap.

1. ``target.plan``: the folder of ``data/regional/`` the import stands for.
2. Every file read, every row checked against the names of the store being served (its
   ontology and reference graphs: ``regional.serving_context``) and converted; all errors
   of all files are collected, with the county conflicts, and raised together
   (``DataErrors``): nothing is written.
3. The folder's data before (its graphs in the serving store) and after (the converted
   files) are compared as one set of triples, statement by statement (``diff``) and per
   entity (``changes``).
4. Unless it is a dry run or the files are the folder's own (names and bytes: decided
   against ``data/regional/``, not the store), ``folder_write.replace_folder`` stages the
   folder, writes the next store from the serving one with the folder's graphs replaced
   (``staged_store``) and switches the store link to it: all or nothing, and
   crash-atomic (``kg.importing.journal``).

Nothing is rebuilt from ``data/``: without a complete store to serve there is nothing to
check against, and the import says to build first. The whole import holds the store's
write lock and first recovers what a killed build or import left (``kg.recovery``), so it
compares against a finished state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import BuildError, DataError, DataErrors
from kg.importing import values
from kg.importing.changes import ChangeList, change_list
from kg.importing.diff import GraphDiff, diff
from kg.importing.folder_write import differs, replace_folder
from kg.importing.limits import Limits
from kg.importing.reader import TableRows
from kg.importing.regional import graph_name, load_file, regional_dir, serving_context
from kg.importing.staged_store import NewGraph, staged_registry, write_staged_store
from kg.importing.target import Target, county_conflicts, plan, same_graph_names
from kg.iris import Minter
from kg.recovery import StoreCheck, recover
from kg.serving import open_store, push
from kg.source_graph import SourceGraph
from kg.store import Store
from kg.store_dirs import clean, write_lock
from kg.store_health import DAMAGED_FIX, NO_STORE_FIX

BUILD_FIRST = "build first with kg build"


@dataclass
class ImportReport:
    target: Target
    rows: int
    diff: GraphDiff
    changes: ChangeList
    warnings: list[DataError] = field(default_factory=list)
    notes: list[DataError] = field(default_factory=list)
    files_differ: bool = False
    stale: list[Path] = field(default_factory=list)  # files the import removes
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    dry_run: bool = False
    check: StoreCheck | None = None  # what the import found and recovered before it ran

    @property
    def files(self) -> list[Path]:
        return [src for src, _ in self.target.moves]

    @property
    def changed(self) -> bool:
        """Whether the import changes the files the folder holds (names or bytes): an
        import of the folder's own files writes nothing, whatever the store holds."""
        return self.files_differ

    @property
    def store_stale(self) -> bool:
        """The files are the folder's own, but the store holds other data for it (the
        folder was changed without ``kg build``)."""
        return not self.files_differ and not self.diff.empty


def import_path(
    path: Path,
    settings: Settings,
    *,
    into: str | None = None,
    dry_run: bool = False,
    ctx: values.Context | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ImportReport:
    """Check every row of ``path`` (a file or folder) against the serving store's names,
    show what changes, and unless ``dry_run`` make its folder under ``data/regional/``
    hold exactly these files and the store their data. Raises DataErrors with every error
    found; then nothing is written. Holds the store's write lock (``on_wait`` is told if
    another command holds it)."""
    with write_lock(settings.store_path, on_wait=on_wait):
        check = recover(settings)
        serving = serving_store(settings, check)
        report = _import(path, settings, serving, into=into, dry_run=dry_run, ctx=ctx)
    report.check = check
    return report


def serving_store(settings: Settings, check: StoreCheck) -> Store:
    """The store being served, which the import checks against and starts from; refused
    with what to do when there is none, or it was built under another base IRI."""
    if check.problem is not None:
        raise BuildError(
            check.problem.removesuffix(f": {DAMAGED_FIX}").removesuffix(f": {NO_STORE_FIX}"),
            path=settings.store_path,
            fix=BUILD_FIRST,
        )
    store = open_store(settings)
    built_with = store.build_info().get("base_iri")
    if built_with != settings.base_iri:
        raise BuildError(
            f"the store was built with the base IRI {built_with!r}, not {settings.base_iri!r}",
            path=settings.store_path,
            fix=BUILD_FIRST,
        )
    return store


def _import(
    path: Path,
    settings: Settings,
    serving: Store,
    *,
    into: str | None,
    dry_run: bool,
    ctx: values.Context | None,
) -> ImportReport:
    target = plan(path, regional_dir(settings), into=into)
    ctx = ctx or serving_context(serving, Minter(settings.base_iri))
    ctx.reset()
    converted = read_and_convert(path, target, settings, ctx)
    old = data_triples(folder_triples(serving, converted.prefix), converted.prefix)
    new = data_triples({t for g in converted.graphs for t in g.graph.triples}, converted.prefix)
    report = ImportReport(
        target,
        converted.rows,
        diff(converted.prefix, old, new, graphs_under=converted.prefix),
        change_list(old, new, serving),
        list(ctx.warnings),
        list(ctx.notes),
        files_differ=differs(target),
        stale=target.stale(),
        dry_run=dry_run,
    )
    if dry_run or not report.changed:
        return report
    try:
        done = replace_folder(
            target, converted.store_writer(serving, settings), link=settings.store_path
        )
    except OSError as exc:  # a full disk, say: nothing was committed
        raise BuildError(
            f"the new store could not be written ({exc})",
            path=settings.store_path,
            fix="make room where the store is, then import again",
        ) from exc
    report.written, report.removed = done.files, done.removed
    clean(settings.store_path)  # older stores, as a build removes them
    return report


@dataclass
class Converted:
    """The imported files as the folder's graphs: checked, converted, not yet written."""

    target: Target
    prefix: str  # the IRIs of the folder's graphs start with it
    graphs: list[NewGraph]  # staged: where each file will be staged, relative to the folder
    rows: int

    def store_writer(
        self,
        serving: Store,
        settings: Settings,
        *,
        also: Sequence[SourceGraph] = (),
        checked: Store | None = None,
    ) -> Callable[[Path, Path], None]:
        """What writes the next store from ``serving`` once the folder is staged (with the
        graphs of ``also`` replacing their namesakes; from ``checked``, the candidate a dry
        run made, if given: ``kg.importing.staged_store.write_staged_store``) and gives it
        to the SPARQL server if there is one (``kg.serving.push``)."""

        def write(staging: Path, store_dir: Path) -> None:
            staged = [dataclasses.replace(g, staged=staging / g.staged) for g in self.graphs]
            write_staged_store(
                serving,
                store_dir,
                replaced=self.prefix,
                graphs=staged,
                base_iri=settings.base_iri,
                sources=staged_registry(settings.data_dir, self.target.name, staging),
                also=also,
                checked=checked,
            )
            push(settings, store_dir)  # a SPARQL server takes it before the link switch

        return write


def read_and_convert(
    path: Path,
    target: Target,
    settings: Settings,
    ctx: values.Context,
    *,
    read: Mapping[Path, list[TableRows]] | None = None,
) -> Converted:
    """Read every file of ``target``, check every row against ``ctx`` (the names, themes
    and counties of the serving store) and convert it; every error of every file, and the
    county conflicts, are raised together (DataErrors). ``read``: files already read
    (within the import's limits), by path."""
    root = target.root
    limits = Limits.of(settings)  # what this import may read, all files together
    limits.check_files(path, [src for src, _ in target.moves])
    errors: list[DataError] = same_graph_names(target)
    graphs: list[NewGraph] = []
    rows = 0
    shown_from = settings.data_dir.resolve().parent
    for src, dest in target.moves:
        about = target.about(src, dest)
        try:
            graph, n = load_file(
                src,
                graph_name(root, dest),
                ctx,
                about=about,
                sidecar={},
                limits=limits,
                tables=(read or {}).get(src),
            )
        except DataError as exc:
            errors.append(exc)
            continue
        rel = dest.relative_to(target.folder)
        graphs.append(NewGraph(graph, rel, _shown(dest, shown_from), about))
        rows += n
    errors += county_conflicts(target, ctx)
    if errors:
        raise DataErrors(errors)
    # the folder's graphs are named regional/<folder>/..., the folder as graph_name writes it
    prefix = str(ctx.mint.graph(f"regional/{values.slug(target.name)}")) + "/"
    return Converted(target, prefix, graphs, rows)


def _shown(dest: Path, base: Path) -> str:
    """A file of the folder as a graph's provenance names it (``data/regional/…``)."""
    try:
        return dest.relative_to(base).as_posix()
    except ValueError:
        return dest.name


def folder_triples(store: Store, prefix: str) -> set[ox.Triple]:
    return {q.triple for g in store.named_graphs() if g.startswith(prefix) for q in store.quads(g)}


def data_triples(triples: set[ox.Triple], prefix: str) -> set[ox.Triple]:
    """The triples without the graphs' own provenance (subjects under ``prefix``)."""
    return {
        t
        for t in triples
        if not (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(prefix))
    }
