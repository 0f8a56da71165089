"""``kg import``: check every row, show what changes, replace the region's folder, rebuild.

1. ``target.plan``: the folder of ``data/regional/`` the import stands for.
2. Every file read and every row checked; all errors of all files are collected, with
   the county conflicts, and raised together (``DataErrors``): nothing is written.
3. The folder's data before (its graphs in the store) and after (the converted files)
   are compared as one set of triples, statement by statement (``diff``) and per entity
   (``changes``).
4. Unless it is a dry run or the files are the folder's own (names and bytes: decided
   against ``data/regional/``, not the store), ``folder_write.replace_folder`` makes the
   folder hold exactly the imported files and rebuilds the store, all or nothing, and
   crash-atomic (``kg.importing.journal``).

The whole import holds the store's write lock and first recovers what a killed build or
import left (``kg.recovery``), so it compares against a finished state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import DataError, DataErrors
from kg.importing import values
from kg.importing.changes import ChangeList, change_list
from kg.importing.diff import GraphDiff, diff
from kg.importing.folder_write import differs, replace_folder
from kg.importing.limits import Limits
from kg.importing.regional import graph_name, load_file, reference_context, regional_dir
from kg.importing.target import Target, county_conflicts, plan, same_graph_names
from kg.recovery import StoreCheck, recover
from kg.store import Store
from kg.store_dirs import write_lock


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
    """Check every row of ``path`` (a file or folder), show what changes, and unless
    ``dry_run`` make its folder under ``data/regional/`` hold exactly these files and
    rebuild the store. Raises DataErrors with every error found; then nothing is written.
    Holds the store's write lock (``on_wait`` is told if another command holds it)."""
    with write_lock(settings.store_path, on_wait=on_wait):
        check = recover(settings)
        report = _import(path, settings, into=into, dry_run=dry_run, ctx=ctx)
    report.check = check
    return report


def _import(
    path: Path,
    settings: Settings,
    *,
    into: str | None,
    dry_run: bool,
    ctx: values.Context | None,
) -> ImportReport:
    from kg.build import build_locked, scratch_store  # the build loads this package

    root = regional_dir(settings)
    target = plan(path, root, into=into)
    ctx = ctx or reference_context(settings)
    ctx.reset()
    limits = Limits.of(settings)  # what this import may read, all files together
    limits.check_files(path, [src for src, _ in target.moves])
    errors: list[DataError] = same_graph_names(target)
    graphs = []
    rows = 0
    for src, dest in target.moves:
        try:
            graph, n = load_file(
                src,
                graph_name(root, dest),
                ctx,
                about=target.about(src, dest),
                sidecar={},
                limits=limits,
            )
        except DataError as exc:
            errors.append(exc)
            continue
        graphs.append(graph)
        rows += n
    errors += county_conflicts(target, ctx)
    if errors:
        raise DataErrors(errors)

    current = _open(settings.store_path)
    # the folder's graphs are named regional/<folder>/..., the folder as graph_name writes it
    prefix = str(ctx.mint.graph(f"regional/{values.slug(target.name)}")) + "/"
    # the folder's data before and after, without the graphs' own provenance
    old = _data(_folder_triples(current, prefix) if current else set(), prefix)
    new = _data({t for g in graphs for t in g.triples}, prefix)
    labels = current if current is not None else scratch_store(settings)
    report = ImportReport(
        target,
        rows,
        diff(prefix, old, new, graphs_under=prefix),
        change_list(old, new, labels),
        list(ctx.warnings),
        list(ctx.notes),
        files_differ=differs(target),
        stale=target.stale(),
        dry_run=dry_run,
    )
    if dry_run or not report.changed:
        return report
    del current, labels  # read-only handles; the build writes a new store beside them

    def rebuild(staging: Path, store_dir: Path) -> None:
        build_locked(settings, staged={target.name: staging}, target=store_dir)

    done = replace_folder(target, rebuild, link=settings.store_path)
    report.written, report.removed = done.files, done.removed
    return report


def _open(link: Path) -> Store | None:
    try:
        return Store.open(link)
    except OSError:
        return None


def _folder_triples(store: Store, prefix: str) -> set[ox.Triple]:
    return {q.triple for g in store.named_graphs() if g.startswith(prefix) for q in store.quads(g)}


def _data(triples: set[ox.Triple], prefix: str) -> set[ox.Triple]:
    """The triples without the graphs' own provenance (subjects under ``prefix``)."""
    return {
        t
        for t in triples
        if not (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(prefix))
    }
