"""The regional folder at build: every file one graph, files as spreadsheets save them
give the same graph, and every bad file is reported together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import REPO_ROOT
from kg.errors import DataErrors
from kg.importing.regional import load_file, load_regional
from kg.importing.values import Context
from kg.names import NameIndex, NameNotFound, normalise
from kg.store import Store
from kg.themes import themes_from_ontology

FIXTURES = Path(__file__).with_name("fixtures") / "spreadsheet"


def _triples(path: Path, ctx: Context) -> set[ox.Triple]:
    """The data a file gives, without the graph's own provenance."""
    name = "regional/x/" + path.stem
    graph, _ = load_file(path, name, ctx, about={}, sidecar={})
    own = str(ctx.mint.graph(name))
    return {t for t in graph.triples if getattr(t.subject, "value", None) != own}


@pytest.mark.parametrize("folder", ["excel-csv-ansi", "excel-csv-utf8"])
def test_excel_csv_gives_the_graph_of_the_plain_file(ctx: Context, folder: str) -> None:
    for plain in sorted((FIXTURES / "plain").glob("*.csv")):
        expected = _triples(plain, ctx)
        assert expected
        assert _triples(FIXTURES / folder / plain.name, ctx) == expected, plain.name


def test_libreoffice_xlsx_gives_the_graph_of_the_plain_file(ctx: Context) -> None:
    expected = _triples(FIXTURES / "plain" / "vastuut.csv", ctx)
    assert len(expected) > 1000
    assert _triples(FIXTURES / "libreoffice" / "vastuut.xlsx", ctx) == expected


def test_load_regional_reports_every_bad_file_together(ctx: Context, tmp_path: Path) -> None:
    region = tmp_path / "regional" / "r"
    region.mkdir(parents=True)
    for name in ("foorumit.csv", "neuvottelut.csv"):
        shutil.copy(FIXTURES / "plain" / name, region / name)
    for name, old, new in (
        ("foorumit.csv", ",verkosto,", ",verkko,"),
        ("neuvottelut.csv", ",2023-05-15,", ",15.13.2023,"),
    ):
        path = region / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(DataErrors) as info:
        load_regional(tmp_path, ctx)
    assert [(e.path, e.column) for e in info.value.errors] == [
        (region / "foorumit.csv", "tyyppi"),
        (region / "neuvottelut.csv", "päivämäärä"),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("r/vastuut.csv", "r/VASTUUT.csv"),
        ("r/a b.csv", "r/a-b.csv"),
        ("R/vastuut.csv", "r/vastuut.csv"),
    ],
)
def test_load_regional_refuses_files_that_would_be_one_graph(
    ctx: Context, tmp_path: Path, first: str, second: str
) -> None:
    root = tmp_path / "regional"
    for name in (first, second):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "plain" / "vastuut.csv", root / name)
    with pytest.raises(DataErrors) as info:
        load_regional(tmp_path, ctx)
    (error,) = info.value.errors
    assert repr(first) in error.message and repr(second) in error.message
    assert "would be one graph" in error.message
    assert error.path == root / max(first, second)  # the second one read, in name order


def test_load_regional_skips_hidden_folders(ctx: Context, tmp_path: Path) -> None:
    root = tmp_path / "regional"
    (root / "r").mkdir(parents=True)
    (root / ".staging-r-20260101T000000Z-1").mkdir()
    shutil.copy(FIXTURES / "plain" / "foorumit.csv", root / "r" / "foorumit.csv")
    shutil.copy(FIXTURES / "plain" / "vastuut.csv", root / ".staging-r-20260101T000000Z-1")
    (graph,) = load_regional(tmp_path, ctx)
    assert graph.name == "regional/r/foorumit"


def test_make_context_themes_are_the_one_theme_resolver(ctx: Context) -> None:
    # the importer and the API resolve theme names with the same index (kg.themes)
    themes = themes_from_ontology(REPO_ROOT / "ontology" / "yhdyspinta.ttl")
    older = next(t for t in themes if t.code == "older-people")
    assert ctx.themes.match(normalise(older.name["fi"]), kinds={"theme"}).iri == older.iri
    with pytest.raises(NameNotFound) as info:
        ctx.themes.match("ikääntyneet", kinds={"theme"})
    assert info.value.suggestions[0] == older.name["fi"]


def test_serving_context_names_only_the_reference_graphs(store: Store, ctx: Context) -> None:
    """The import's names come from the serving store's ontology and reference graphs:
    the forums and bodies the regional data and seeds add (organisations too, once
    inferred) are not names a row may use, as they were not when the build checked."""
    whole = {e.iri for e in NameIndex.from_store(store).entities}
    named = {e.iri for e in ctx.names.entities}
    added = {iri for iri in whole if "/forum/" in iri or "/body/" in iri}
    assert added and added <= whole  # the whole store has them ...
    assert not added & named  # ... the checking context has not
    assert named < whole
    county_of = {r["m"]: r["c"] for r in store.select("SELECT ?m ?c WHERE { ?m yp:county ?c }")}
    assert ctx.county_of == county_of and set(county_of) <= named  # every municipality
