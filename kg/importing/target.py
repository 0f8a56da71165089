"""Which folder of ``data/regional/`` an import stands for, and what it replaces there.

- A folder ``X/`` is imported into ``data/regional/x/`` (its name as an IRI segment:
  lowercase, accents dropped, other characters as dashes); ``--into NAME`` picks another.
- A single file needs ``--into NAME``: it replaces everything in that folder.
- A folder that is already ``data/regional/NAME/`` is re-imported in place.

After the import the folder holds exactly the imported files (at the same paths relative
to the imported folder), each with its provenance sidecar; its other data files and their
sidecars are removed in the same step. Other files there (``source.json``, notes) stay; a
``source.json`` brought by the import replaces the folder's. Another folder is never
touched, and an import is refused when another folder already carries data for a county
the imported rows name (one county's data lives in one folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DataError
from kg.importing.reader import LocatedRow, read_file
from kg.importing.regional import MANIFEST, SIDECAR, graph_name, manifest, regional_files
from kg.importing.values import Context, slug
from kg.names import AmbiguousName, NameNotFound
from kg.sources import PUBLIC_RECORD

MUNICIPALITY_KIND = "municipality"
_FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Target:
    root: Path  # data/regional/
    folder: Path  # data/regional/NAME/
    moves: list[tuple[Path, Path]]  # (file to import, where it goes)
    source_dir: Path  # where the imported files came from (for their source.json)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def in_place(self) -> bool:
        return all(src == dest for src, dest in self.moves)

    def stale(self) -> list[Path]:
        """Files in the folder that the import removes: data files it does not bring, and
        the sidecars of files that will not be there."""
        keep = {dest for _, dest in self.moves}
        data = [p for p in regional_files(self.folder) if p not in keep]
        sidecars = [
            p
            for p in self.folder.rglob(f"*{SIDECAR}")
            if p.with_name(p.name[: -len(SIDECAR)]) not in keep
        ]
        return sorted(set(data) | set(sidecars))

    def manifest_source(self) -> Path | None:
        """The ``source.json`` the import brings along, if any."""
        candidate = self.source_dir / MANIFEST
        if candidate.is_file() and candidate.resolve() != (self.folder / MANIFEST).resolve():
            return candidate
        return None

    def about(self, src: Path, dest: Path) -> dict[str, object]:
        """The manifest that will describe ``src`` once it is ``dest``: the one the import
        brings, else the folder's own."""
        brought = manifest(self.source_dir, src) if not self.in_place else {}
        return brought or manifest(self.root, dest)


def plan(path: Path, root: Path, *, into: str | None = None) -> Target:
    """The folder ``path`` (a file or folder) is imported into, and its files' places."""
    path, root = path.resolve(), root.resolve()
    if path.is_dir():
        files = regional_files(path)
        if not files:
            raise FileNotFoundError(f"no .csv or .xlsx files under {path}")
        if path == root or (root in path.parents and path.parent != root):
            raise DataError(
                "this is not a region's folder",
                path=path,
                fix=f"import a folder directly under {root} (or one from elsewhere)",
            )
        if into:
            folder = root / folder_name(into)
        elif path.parent == root:
            folder = path  # a region's folder re-imported in place, whatever its name
        else:
            folder = root / folder_name(path.name, given=False)
        return Target(root, folder, [(f, folder / f.relative_to(path)) for f in files], path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if into is None:
        existing = (
            sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
            if root.is_dir()
            else []
        )
        raise DataError(
            "a single file replaces what a region's folder holds: say which folder",
            path=path,
            fix="add --into FOLDER"
            + (f" (existing folders: {', '.join(existing)})" if existing else ""),
        )
    folder = root / folder_name(into)
    return Target(root, folder, [(path, folder / path.name)], path.parent)


def folder_name(text: str, *, given: bool = True) -> str:
    """The folder name for ``text``; a name given with --into must be a name, not a path."""
    if given and ("/" in text or "\\" in text or text.startswith(".")):
        raise DataError(
            f"--into takes a folder name, not a path: {text!r}",
            fix="give only the folder's name, e.g. --into pohjois-savo",
        )
    name = slug(text)
    if not _FOLDER.match(name) or not re.search(r"[A-Za-z0-9]", text):
        raise DataError(
            f"{text!r} cannot name a folder",
            fix="use letters, digits and dashes, e.g. pohjois-savo",
        )
    return name


def same_graph_names(target: Target) -> list[DataError]:
    """Two imported files that would become one named graph (``vastuut.csv`` and
    ``vastuut.xlsx``) are an error."""
    first: dict[str, Path] = {}
    errors = []
    for src, dest in target.moves:
        name = graph_name(target.root, dest)
        if name in first:
            errors.append(
                DataError(
                    f"{src.name!r} and {first[name].name!r} would be one graph ({name})",
                    path=src,
                    fix="rename one of the two files",
                )
            )
        first.setdefault(name, src)
    return errors


def county_conflicts(target: Target, ctx: Context) -> list[DataError]:
    """An error for each county the imported rows name that another folder of the same
    kind carries: a county's own (or example) data lives in one folder, its public record
    in one other (``"kind": "public-record"`` in ``source.json``). A municipality's own
    folder (``"kind": "municipality"``, written by ``kg.publishing``) holds that
    municipality's side alone and stands beside its county's folder."""
    if not ctx.counties or ctx.kind == MUNICIPALITY_KIND:
        return []
    kind = PUBLIC_RECORD if ctx.public_record else "own"
    elsewhere = {
        county: [p for p in places if folder_kind(target.root, p) == kind]
        for county, places in counties_elsewhere(target, ctx).items()
    }
    errors = []
    for county, row in ctx.counties.items():
        for other in elsewhere.get(county, []):
            errors.append(_conflict(row, county, other, target, ctx))
    return errors


def counties_elsewhere(target: Target, ctx: Context) -> dict[str, list[Path]]:
    """For each county, the other folders (or loose files) of ``data/regional/`` whose
    rows name it. Files that cannot be read are passed over: the build reports them."""
    out: dict[str, list[Path]] = {}
    if not target.root.is_dir():
        return out
    for place in sorted(target.root.iterdir()):
        if place.name.startswith(".") or place.resolve() == target.folder.resolve():
            continue
        files = regional_files(place) if place.is_dir() else regional_files_of([place])
        for county in sorted(_counties_in(files, ctx)):
            out.setdefault(county, []).append(place)
    return out


def folder_kind(root: Path, place: Path) -> str:
    """A folder's kind from its ``source.json``: "own" unless it says otherwise."""
    if not place.is_dir():
        return "own"
    return str(manifest(root, place / MANIFEST).get("kind") or "own")


def regional_files_of(paths: Iterable[Path]) -> list[Path]:
    return [p for p in paths if p.is_file() and p.suffix.lower() in (".csv", ".xlsx")]


def _counties_in(files: list[Path], ctx: Context) -> set[str]:
    found = set()
    for path in files:
        try:
            tables = read_file(path)
        except DataError:
            continue
        for table in tables:
            for row in table.rows:
                try:
                    entity = ctx.names.match(
                        row.values["county"], kinds={"county", "organiser"}, what="county"
                    )
                except (NameNotFound, AmbiguousName):
                    continue
                found.add(entity.iri)
    return found


def _conflict(row: LocatedRow, county: str, other: Path, target: Target, ctx: Context) -> DataError:
    entity = ctx.names.by_iri(county)
    code = f" ({entity.code})" if entity.code else ""
    where = f"data/regional/{other.name}" + ("/" if other.is_dir() else "")
    illustrative = other.is_dir() and manifest(target.root, other / MANIFEST).get("illustrative")
    example = " (illustrative example data)" if illustrative else ""
    fix = (
        f"to replace that data, import into that folder: --into {other.name}; or remove "
        f"{where} first (git rm -r it if it is committed, then kg build)"
        if other.is_dir()
        else f"remove {where} first, then import"
    )
    return row.error(
        "county",
        f"{entity.label}{code} already has data in {where}{example}; one county's data "
        f"lives in one folder, and this import goes to data/regional/{target.name}/",
        fix=fix,
    )
