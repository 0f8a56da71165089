"""A killed import is finished or undone by the next command: never published half, never
published later. Each moment of an import is made on disk with the real steps, then
recovered; and real `kg import` processes are killed at random moments."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.config import Settings
from kg.errors import BuildError
from kg.importing import journal
from kg.importing.folder_write import stage
from kg.importing.target import Target, plan
from kg.recovery import inspect, recover
from kg.store import Store
from kg.store_dirs import current, is_complete, new_store_dir, stores_dir, swap_link, write_lock
from tests.processes import kg_process, kill_after, kill_delays

from .conftest import EXAMPLE, store_writer

OLD_NAME, NEW_NAME = "Pohjois-Kainuun aluetyöryhmä", "Pohjois-Kainuun yhteistyöryhmä"


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _regional(settings: Settings) -> set[ox.Triple]:
    """The regional graphs' data in the store serving now, without the graphs' own
    provenance (which carries file hashes and import times)."""
    store = Store.open(settings.store_path)
    graphs = settings.base_iri + "graph/"
    return {
        q.triple
        for g in store.named_graphs()
        if "/graph/regional/" in g
        for q in store.quads(g)
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(graphs))
    }


def _hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def _edit_forums(folder: Path, old: str, new: str) -> None:
    path = folder / "foorumit.csv"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def two_versions(data_copy: Settings, tmp_path: Path) -> tuple[Settings, Target, dict[str, object]]:
    """The committed data built (the old version), and an incoming copy of the example
    region with one forum renamed and one file left out (the new version); what each
    version's folder and store hold, the new one measured by importing it into a copy."""
    root = data_copy.data_dir / "regional"
    incoming = tmp_path / "incoming"
    shutil.copytree(root / EXAMPLE, incoming)
    _edit_forums(incoming, OLD_NAME, NEW_NAME)
    (incoming / "kaksoisroolit.csv").unlink()
    build(data_copy)
    target = plan(incoming, root, into=EXAMPLE)
    expected: dict[str, object] = {
        "old_files": _snapshot(root / EXAMPLE),
        "old_data": _regional(data_copy),
        "old_store": data_copy.store_path.resolve(),
    }
    return data_copy, target, expected


STEPS = ["journal", "staged", "building", "built", "committed", "old-moved", "new-moved"]
ROLLED_BACK = {"journal", "staged", "building", "built"}


def _crash_at(step: str, settings: Settings, target: Target) -> journal.Journal:
    """Run an import's real steps up to ``step`` and stop there, as a kill would."""
    link, root = settings.store_path, target.root
    old_store = current(link)
    assert old_store is not None
    write = store_writer(settings, target)  # checked and converted before the journal
    record = journal.begin(root, target.name, store=new_store_dir(link), link=link)
    staging = root / record.staging
    if step == "journal":
        return record
    stage(target, staging)
    if step == "staged":
        return record
    if step == "building":  # a store directory half-written: no build.json yet
        shutil.copytree(old_store / "oxigraph", record.store / "oxigraph")
        return record
    write(staging, record.store)
    if step == "built":  # complete but not switched to: the kill came just before the commit
        return record
    swap_link(link, record.store)
    if step == "committed":
        return record
    (root / target.name).rename(root / record.trash)
    if step == "old-moved":
        return record
    staging.rename(root / target.name)
    assert step == "new-moved"
    return record


@pytest.mark.parametrize("step", STEPS)
def test_recover_killed_import_at_each_step(
    two_versions: tuple[Settings, Target, dict[str, object]], step: str
) -> None:
    settings, target, old = two_versions
    root = target.root
    record = _crash_at(step, settings, target)
    staged = _snapshot(root / record.staging) or _snapshot(root / target.name)
    # what kg info says, before anything is changed
    found = inspect(settings)
    fate = "rolled back" if step in ROLLED_BACK else "rolled forward"
    assert found.journal is not None and f"it will be {fate}" in found.journal
    assert (root / journal.JOURNAL).exists()

    # an unrelated build recovers first, then publishes what the folder holds
    report = build(settings)
    assert report.check is not None and report.check.journal is not None
    assert report.check.journal.startswith(f"an unfinished import into data/regional/{EXAMPLE}/")
    assert fate in report.check.journal
    assert _hidden(root) == []  # no journal, staging or trash folder left
    if fate == "rolled back":
        assert not record.store.exists()  # the unfinished store is removed
    folder = _snapshot(root / target.name)
    data = _regional(settings)
    labels = {str(t.object.value) for t in data if isinstance(t.object, ox.Literal)}
    if fate == "rolled back":
        assert folder == old["old_files"]
        assert data == old["old_data"]  # nothing of the import is published
        assert OLD_NAME in labels and NEW_NAME not in labels
    else:
        assert "kaksoisroolit.csv" not in folder
        assert folder["foorumit.csv"] == (target.source_dir / "foorumit.csv").read_bytes()
        assert {k: v for k, v in folder.items() if not k.endswith(".provenance.json")} == {
            k: v for k, v in staged.items() if not k.endswith(".provenance.json")
        }
        assert NEW_NAME in labels and OLD_NAME not in labels
    # every store directory left is complete
    assert all(is_complete(p) for p in stores_dir(settings.store_path).iterdir())


def test_recover_removes_stray_staging_without_journal(
    two_versions: tuple[Settings, Target, dict[str, object]],
) -> None:
    settings, target, old = two_versions
    stray = target.root / ".staging-example-kainuu-20260101T000000Z-1"
    stage(target, stray)
    assert inspect(settings).pending == [stray]
    half_journal = target.root / f".{journal.JOURNAL}.123.tmp"  # killed while written
    half_journal.write_text('{"folder": ', "utf-8")
    with write_lock(settings.store_path):
        check = recover(settings)
    assert check.removed == [half_journal, stray]
    assert not stray.exists() and not half_journal.exists()
    assert _snapshot(target.folder) == old["old_files"]


def test_recover_leaves_another_stores_journal(
    two_versions: tuple[Settings, Target, dict[str, object]], tmp_path: Path
) -> None:
    settings, target, _ = two_versions
    other = tmp_path / "other" / "store"
    record = journal.begin(target.root, target.name, store=new_store_dir(other), link=other)
    stage(target, target.root / record.staging)
    with write_lock(settings.store_path):
        check = recover(settings)
    assert check.journal is not None and "another store link" in check.journal
    assert (target.root / journal.JOURNAL).exists() and (target.root / record.staging).exists()


def test_journal_damaged_is_refused_naming_it(
    two_versions: tuple[Settings, Target, dict[str, object]],
) -> None:
    settings, target, _ = two_versions
    path = target.root / journal.JOURNAL
    path.write_text('{"folder": "x"', "utf-8")
    with pytest.raises(BuildError) as info:
        build(settings)
    assert info.value.path == path and "cannot be read" in info.value.message
    path.write_text(
        '{"folder": "x", "staging": "../../etc", "trash": ".trash-x-1T-1", '
        f'"store": "/tmp/x", "link": "{settings.store_path}"}}',
        "utf-8",
    )
    with pytest.raises(BuildError, match="outside its places"):
        build(settings)


# -- real processes killed at random moments ------------------------------------------


@pytest.mark.slow
def test_import_killed_at_random_moments_is_all_or_nothing(
    two_versions: tuple[Settings, Target, dict[str, object]], tmp_path: Path
) -> None:
    """20 `kg import` processes, each SIGKILLed after a random delay spread over a normal
    run's duration, and 5 SIGTERMed; after each, the store serving holds the old version or
    the new one whole, and a following `kg build` publishes exactly what the folder then
    holds: the same version (a committed import finished, another one undone)."""
    settings, target, old = two_versions
    root = target.root
    versions = {"old": tmp_path / "v-old", "new": target.source_dir}
    shutil.copytree(root / EXAMPLE, versions["old"])
    data: dict[str, set[ox.Triple]] = {"old": old["old_data"]}  # type: ignore[dict-item]
    files = {name: _snapshot(path) for name, path in versions.items()}

    def folder_is(version: str) -> bool:
        here = {k: v for k, v in _snapshot(root / EXAMPLE).items() if ".provenance." not in k}
        return here == files[version]

    # a normal run, timed: the new version imported in full
    started = time.perf_counter()
    proc = kg_process(settings, "import", str(versions["new"]), "--into", EXAMPLE)
    _, stderr = proc.communicate()
    assert proc.returncode == 0, stderr.decode()
    duration = time.perf_counter() - started
    data["new"] = _regional(settings)
    assert data["new"] != data["old"] and folder_is("new")

    now = "new"
    outcomes = []
    kills = [(signal.SIGKILL, d) for d in kill_delays("kg import", duration)]
    # the probe's finding named SIGTERM too (its default action also ends Python unclean)
    kills += [(signal.SIGTERM, d) for d in kill_delays("kg import SIGTERM", duration, 5)]
    for sig, delay in kills:
        wanted = "old" if now == "new" else "new"
        proc = kg_process(settings, "import", str(versions[wanted]), "--into", EXAMPLE)
        kill_after(proc, delay, sig)
        # the store serving holds one version whole; kg info (read only) sees it
        served = _regional(settings)
        assert served in (data["old"], data["new"])
        serving = "old" if served == data["old"] else "new"
        check = inspect(settings)
        assert check.ok, check.problem
        # an unrelated build: recovers, then publishes exactly what the folder holds
        build(settings)
        assert folder_is(serving), f"store has the {serving} version, the folder not"
        assert _regional(settings) == data[serving]
        assert _hidden(root) == []
        assert all(is_complete(p) for p in stores_dir(settings.store_path).iterdir())
        outcomes.append(
            (sig.name, round(delay, 2), "took effect" if serving == wanted else "undone")
        )
        now = serving
    print("outcomes:", outcomes)
