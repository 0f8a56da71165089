"""Which folder an import stands for, what it removes there, and one county per folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.importing.reader import read_file
from kg.importing.target import Target, county_conflicts, plan, same_graph_names
from kg.importing.values import Context

from .conftest import SPREADSHEETS


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """data/regional/ with one region folder, and an incoming folder of two tables."""
    root = tmp_path / "data" / "regional"
    (root / "pohjois-savo").mkdir(parents=True)
    incoming = tmp_path / "Pohjois-Savo 2026"
    incoming.mkdir()
    for name in ("foorumit.csv", "vastuut.csv"):
        shutil.copy(SPREADSHEETS / "plain" / name, incoming / name)
    return root, incoming


def test_plan_folder_goes_to_its_name(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    target = plan(incoming, root)
    assert target.folder == root.resolve() / "pohjois-savo-2026"
    assert [(s.name, d) for s, d in target.moves] == [
        ("foorumit.csv", target.folder / "foorumit.csv"),
        ("vastuut.csv", target.folder / "vastuut.csv"),
    ]


def test_plan_into_names_the_folder(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    assert plan(incoming, root, into="pohjois-savo").folder == root.resolve() / "pohjois-savo"


@pytest.mark.parametrize("into", ["../elsewhere", "a/b", ".hidden", "---"])
def test_plan_into_must_be_a_name(layout: tuple[Path, Path], into: str) -> None:
    root, incoming = layout
    with pytest.raises(DataError) as info:
        plan(incoming, root, into=into)
    assert repr(into) in info.value.message and info.value.fix


def test_plan_single_file_needs_into(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    with pytest.raises(DataError, match="say which folder") as info:
        plan(incoming / "vastuut.csv", root)
    assert info.value.fix is not None and "--into" in info.value.fix
    assert "pohjois-savo" in info.value.fix  # the existing folders are named
    target = plan(incoming / "vastuut.csv", root, into="pohjois-savo")
    assert target.moves == [(incoming / "vastuut.csv", root / "pohjois-savo" / "vastuut.csv")]


def test_plan_region_folder_in_place(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    folder = root / "pohjois-savo"
    shutil.copy(incoming / "vastuut.csv", folder / "vastuut.csv")
    target = plan(folder, root)
    assert target.in_place and target.folder == folder.resolve()


def test_plan_regional_root_or_subfolder_refused(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    sub = root / "pohjois-savo" / "sub"
    sub.mkdir()
    shutil.copy(incoming / "vastuut.csv", sub / "vastuut.csv")
    for path in (root, sub):
        with pytest.raises(DataError, match="not a region's folder"):
            plan(path, root)


def test_target_stale_files_and_sidecars(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    folder = root / "pohjois-savo"
    kept, gone = folder / "vastuut.csv", folder / "sopimukset.csv"
    for path in (kept, gone):
        path.write_text("x", "utf-8")
        path.with_name(path.name + ".provenance.json").write_text("{}", "utf-8")
    orphan = folder / "old.xlsx.provenance.json"  # its data file is already gone
    orphan.write_text("{}", "utf-8")
    (folder / "source.json").write_text("{}", "utf-8")
    (folder / "muistiinpanot.txt").write_text("notes", "utf-8")
    target = Target(root, folder, [(incoming / "vastuut.csv", kept)], incoming)
    assert target.stale() == sorted(
        [gone, gone.with_name("sopimukset.csv.provenance.json"), orphan]
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("vastuut.csv", "Vastuut.xlsx"),
        ("vastuut.csv", "VASTUUT.csv"),
        ("a b.csv", "a-b.csv"),
        ("Ä.csv", "a.csv"),
    ],
)
def test_same_graph_names_refused_naming_both(tmp_path: Path, first: str, second: str) -> None:
    root = tmp_path / "regional"
    folder = root / "r"
    a, b = tmp_path / first, tmp_path / second
    target = Target(root, folder, [(a, folder / a.name), (b, folder / b.name)], tmp_path)
    (error,) = same_graph_names(target)
    assert error.path == b
    assert repr(first) in error.message and repr(second) in error.message


def test_county_conflict_names_the_other_folder(layout: tuple[Path, Path], fresh: Context) -> None:
    root, incoming = layout
    other = root / "example-kainuu"
    other.mkdir()
    shutil.copy(SPREADSHEETS / "plain" / "foorumit.csv", other / "foorumit.csv")
    (other / "source.json").write_text('{"illustrative": true}', "utf-8")
    target = plan(incoming, root, into="kainuu")
    (table,) = read_file(incoming / "vastuut.csv")
    county = fresh.names.match(table.rows[0].values["county"], kinds={"county"}).iri
    fresh.counties[county] = table.rows[0]
    (error,) = county_conflicts(target, fresh)
    assert (error.path, error.line, error.column) == (
        incoming / "vastuut.csv",
        2,
        "hyvinvointialue",
    )
    assert "data/regional/example-kainuu/" in error.message
    assert "illustrative example data" in error.message
    assert fresh.names.by_iri(county).label in error.message
    assert error.fix is not None and "--into example-kainuu" in error.fix
    # importing into the folder that holds the county is no conflict
    assert county_conflicts(plan(incoming, root, into="example-kainuu"), fresh) == []


def test_plan_region_folder_in_place_keeps_its_name(layout: tuple[Path, Path]) -> None:
    root, incoming = layout
    folder = root / "Vanha_Kansio"  # made by hand before names were slugged
    shutil.copytree(incoming, folder)
    target = plan(folder, root)
    assert target.in_place and target.folder == folder.resolve()
