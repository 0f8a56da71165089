"""The store an import commits is the store `kg build` makes from the same files: the
serving store with the folder's graphs replaced and the inferences made again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kg.build import build
from kg.config import Settings
from kg.importing.importer import import_path
from kg.sources import REGISTRY_FILE
from kg.store import BUILD_INFO, Store

from .conftest import EXAMPLE

OLD_NAME, NEW_NAME = "Pohjois-Kainuun aluetyöryhmä", "Pohjois-Kainuun yhteistyöryhmä"


def _served(settings: Settings) -> tuple[set[bytes], dict[str, object]]:
    """Every quad of the store being served (named graphs and the merged default graph;
    the data has no blank nodes, so the N-Quads lines compare as they are), and what its
    build.json says of its size."""
    path = settings.store_path.resolve()
    quads = set(Store.open(path).dump().splitlines())
    info = json.loads((path / BUILD_INFO).read_text("utf-8"))
    sources = json.loads((path / REGISTRY_FILE).read_text("utf-8"))  # VoID/DCAT read it
    return quads, {"triples": info["triples"], "graphs": info["graphs"], "sources": sources}


def _same_as_a_build(settings: Settings) -> None:
    imported = _served(settings)
    build(settings)  # from the folder the import left
    built = _served(settings)
    assert imported[1] == built[1]
    only_imported, only_built = imported[0] - built[0], built[0] - imported[0]
    assert (only_imported, only_built) == (set(), set())


def test_import_store_is_what_a_build_makes(region: tuple[Settings, Path], tmp_path: Path) -> None:
    settings, source = region
    # a folder added: its graphs come in, the inferences over them too
    import_path(source, settings)
    _same_as_a_build(settings)
    # the folder changed: one forum renamed, one file left out (its graph goes)
    changed = tmp_path / "changed" / EXAMPLE
    shutil.copytree(source, changed)
    forums = changed / "foorumit.csv"
    forums.write_text(forums.read_text("utf-8").replace(OLD_NAME, NEW_NAME), "utf-8")
    (changed / "kaksoisroolit.csv").unlink()
    report = import_path(changed, settings)
    assert report.changed and report.removed
    store = Store.open(settings.store_path)
    graphs = [g.rsplit("/", 1)[1] for g in store.named_graphs() if f"/regional/{EXAMPLE}/" in g]
    assert "kaksoisroolit" not in graphs and "foorumit" in graphs
    _same_as_a_build(settings)


def test_importing_a_public_record_folder_is_what_a_build_makes(
    data_copy: Settings, tmp_path: Path
) -> None:
    """A county's public record handed in as a folder of its own kind: its graphs, and the
    public record's one source in the registry (VoID and DCAT read it), list the folder
    as a build does, in the same place."""
    name = "julkinen-21-lappi"
    source = tmp_path / "incoming" / name
    shutil.move(data_copy.data_dir / "regional" / name, source)
    build(data_copy)
    before = json.loads((data_copy.store_path.resolve() / REGISTRY_FILE).read_text("utf-8"))
    (public,) = [s for s in before if s["key"] == "public-record"]
    assert f"data/regional/{name}/*" not in public["files"]
    import_path(source, data_copy)
    after = json.loads((data_copy.store_path.resolve() / REGISTRY_FILE).read_text("utf-8"))
    (public,) = [s for s in after if s["key"] == "public-record"]
    assert f"data/regional/{name}/*" in public["files"]
    assert [s["key"] for s in after] == [s["key"] for s in before]
    _same_as_a_build(data_copy)
