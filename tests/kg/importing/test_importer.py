"""Importing regional data: all or nothing, located errors, diffs, one graph per source."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import DataError
from kg.importing.regional import import_path
from kg.importing.schema import TABLES, Kind, Table
from kg.importing.templates import workbook
from kg.importing.values import Context
from kg.store import Store

from .conftest import state

COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls }"


def _count(settings: Settings, cls: str) -> int:
    store = Store.open(settings.store_path)
    from pyoxigraph import NamedNode

    rows = store.select(
        COUNT, bindings={"cls": NamedNode("https://w3id.org/yhdyspinta/ontology#" + cls)}
    )
    return int(rows[0]["n"])


def test_import_example_region_loads_every_table(region: tuple[Settings, Path]) -> None:
    settings, source = region
    classes = {
        "Responsibility": 156,
        "StrategicCooperationAgreement": 1,
        "TYMAgreement": 1,
        "HealthWellbeingNegotiation": 3,
        "CooperationNegotiation": 2,
        "Forum": 4,
        "DualRole": 3,
    }
    before = {cls: _count(settings, cls) for cls in classes}  # seed facts have some too
    report = import_path(source, settings)
    assert report.rows == 156 + 23 + 6 + 4 + 3
    assert {cls: _count(settings, cls) - before[cls] for cls in classes} == classes
    assert (settings.data_dir / "regional" / "example-kainuu" / "vastuut.csv").is_file()
    assert (settings.data_dir / "regional" / "example-kainuu" / "source.json").is_file()
    store = Store.open(settings.store_path)
    # each file is its own named graph with provenance
    graphs = [g for g in store.named_graphs() if "/graph/regional/" in g]
    assert sorted(g.rsplit("/", 1)[1] for g in graphs) == [
        "foorumit",
        "kaksoisroolit",
        "neuvottelut",
        "sopimukset",
        "vastuut",
    ]
    rows = store.select("""SELECT ?g ?file ?sha ?at ?v ?ill WHERE { GRAPH ?g {
        ?g dcterms:source ?file ; yp:sha256 ?sha ; prov:generatedAtTime ?at ;
           yp:importerVersion ?v ; yp:illustrative ?ill } }""")
    assert len(rows) == 5 and all(r["ill"] is True for r in rows)
    # person names not allowed to be published are not stored
    names = store.select("""SELECT ?n WHERE { GRAPH ?g { ?x yp:personName ?n }
                             FILTER(CONTAINS(STR(?g), "/graph/regional/")) }""")
    assert names == []
    assert any("person name not stored" in note for note in report.notes)


def test_import_pending_approvals_show_per_party(region: tuple[Settings, Path]) -> None:
    settings, source = region
    import_path(source, settings)
    rows = Store.open(settings.store_path).select("""
        SELECT ?code WHERE {
          ?a a yp:StrategicCooperationAgreement ; yp:party ?p . ?p dcterms:identifier ?code .
          FILTER NOT EXISTS { ?a yp:approval ?ap . ?ap yp:approvingParty ?p } }
        ORDER BY ?code""")
    assert [r["code"] for r in rows] == ["105", "620", "777"]


def test_reimport_same_files_changes_nothing(region: tuple[Settings, Path]) -> None:
    settings, source = region
    import_path(source, settings)
    before = state(settings)
    again = import_path(source, settings)
    assert not again.changed and again.written == []
    assert state(settings) == before
    in_place = import_path(settings.data_dir / "regional" / "example-kainuu", settings)
    assert not in_place.changed
    assert state(settings) == before


def test_dry_run_diff_shows_changed_entity(region: tuple[Settings, Path]) -> None:
    settings, source = region
    import_path(source, settings)
    before = state(settings)
    path = source / "foorumit.csv"
    path.write_text(
        path.read_text("utf-8").replace(
            "Pohjois-Kainuun aluetyöryhmä", "Pohjois-Kainuun yhteistyöryhmä"
        ),
        "utf-8",
    )
    report = import_path(source, settings, dry_run=True)
    (changed,) = [d for d in report.diffs if not d.empty]
    assert changed.counts() == {"added": 0, "changed": 1, "removed": 0}
    text = changed.render()
    assert (
        '+ <http://www.w3.org/2004/02/skos/core#prefLabel> "Pohjois-Kainuun yhteistyöryhmä"@fi'
        in text
    )
    assert (
        '- <http://www.w3.org/2004/02/skos/core#prefLabel> "Pohjois-Kainuun aluetyöryhmä"@fi'
        in text
    )
    assert state(settings) == before  # a dry run writes nothing
    import_path(source, settings)
    assert state(settings) != before


def test_replacing_one_source_leaves_others(region: tuple[Settings, Path], tmp_path: Path) -> None:
    settings, source = region
    import_path(source, settings)
    other = tmp_path / "helsinki"
    other.mkdir()
    (other / "foorumit.csv").write_text(
        "tunniste,nimi,tyyppi,hyvinvointialue,jäsenorganisaatiot,teemat,taso,voimassa alkaen,"
        "voimassa asti\nhki-verkosto,Helsingin verkosto,verkosto,Helsinki,Helsinki;Kela,"
        "employment,asiantuntijat,,\n",
        "utf-8",
    )
    import_path(other, settings)
    store = Store.open(settings.store_path)
    forums = store.select("SELECT ?f WHERE { ?f a yp:Forum ; yp:concernsCounty ?c }")
    assert len(forums) == 5
    graphs = [g for g in store.named_graphs() if "/graph/regional/" in g]
    assert len(graphs) == 6


def _corrupt(kind: Kind) -> str:
    return {
        Kind.TEXT: "x" * 2001,
        Kind.ID: "Not An Id!",
        Kind.DATE: "2024-13-45",
        Kind.URL: "ftp://example.org/x",
        Kind.BOOLEAN: "ehkä",
        Kind.MUNICIPALITY: "Kajaanii",
        Kind.COUNTY: "Kainu",
        Kind.ORGANISATION: "Kunta X",
        Kind.ORGANISATIONS: "Kunta X",
        Kind.THEME: "hytee",
        Kind.THEMES: "hytee",
        Kind.CHOICE: "jokin muu",
        Kind.CONTACT: "ei yhteystieto",
    }[kind]


FILES = {
    "responsibilities": "vastuut",
    "agreements": "sopimukset",
    "negotiations": "neuvottelut",
    "forums": "foorumit",
    "dual_roles": "kaksoisroolit",
}


@pytest.fixture(scope="module")
def baseline(built_without_example: Settings) -> tuple[int, str, Path]:
    return state(built_without_example)


CASES = [(t, c.key) for t in TABLES for c in t.columns]


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


@pytest.mark.parametrize(("table", "key"), CASES, ids=[f"{t.key}-{k}" for t, k in CASES])
def test_import_corrupt_column_csv_names_location_and_changes_nothing(
    built_without_example: Settings,
    baseline: tuple[int, str, Path],
    incoming: Path,
    ctx: Context,
    table: Table,
    key: str,
) -> None:
    settings, source = built_without_example, incoming
    before = baseline
    path = source / f"{FILES[table.key]}.csv"
    rows = _rows(path)
    index = [c.key for c in table.columns].index(key)
    rows[1][index] = _corrupt(table.column(key).kind)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")
    with pytest.raises(DataError) as info:
        import_path(source, settings, ctx=ctx)
    err = info.value
    assert (err.path, err.sheet, err.line, err.column) == (path, None, 2, table.column(key).fi), (
        str(err)
    )
    assert state(settings) == before
    assert not (settings.data_dir / "regional" / "example-kainuu").exists()


@pytest.mark.parametrize(("table", "key"), CASES, ids=[f"{t.key}-{k}" for t, k in CASES])
def test_import_corrupt_column_xlsx_names_sheet(
    built_without_example: Settings,
    baseline: tuple[int, str, Path],
    incoming: Path,
    ctx: Context,
    tmp_path: Path,
    table: Table,
    key: str,
) -> None:
    settings, source = built_without_example, incoming
    before = baseline
    data = {t.key: _rows(source / f"{FILES[t.key]}.csv")[1:] for t in TABLES}
    index = [c.key for c in table.columns].index(key)
    data[table.key][0][index] = _corrupt(table.column(key).kind)
    book = tmp_path / "kainuu.xlsx"
    book.write_bytes(workbook("fi", data))
    with pytest.raises(DataError) as info:
        import_path(book, settings, ctx=ctx)
    err = info.value
    assert (err.path, err.sheet, err.line, err.column) == (
        book,
        table.fi,
        2,
        table.column(key).fi,
    ), str(err)
    assert state(settings) == before


def test_import_unknown_municipality_suggests_names(
    built_without_example: Settings, incoming: Path, ctx: Context
) -> None:
    settings, source = built_without_example, incoming
    path = source / "vastuut.csv"
    path.write_text(path.read_text("utf-8").replace(",205,", ",Kajaanii,", 1), "utf-8")
    with pytest.raises(
        DataError,
        match=r"unknown municipality 'Kajaanii'; did you mean "
        r"'Kajaani'",
    ):
        import_path(source, settings, ctx=ctx)


@pytest.mark.parametrize("written", ["Kajaani", "kajaani", "KAJAANI", "Kajana", "205", "0205"])
def test_import_municipality_forms_are_accepted(
    built_without_example: Settings, incoming: Path, ctx: Context, written: str
) -> None:
    settings, source = built_without_example, incoming
    for name in ("sopimukset", "neuvottelut", "foorumit", "kaksoisroolit"):
        (source / f"{name}.csv").unlink()
    path = source / "vastuut.csv"
    rows = _rows(path)[:2]
    rows[1][1] = written if written != "0205" else "205"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")
    report = import_path(source, settings, dry_run=True, ctx=ctx)
    (d,) = report.diffs
    assert any(c.subject.endswith("/interface/205/strategic-management") for c in d.changes)


def test_import_ristijarvi_without_accents(
    built_without_example: Settings, incoming: Path, ctx: Context
) -> None:
    settings, source = built_without_example, incoming
    for name in ("sopimukset", "neuvottelut", "foorumit", "kaksoisroolit"):
        (source / f"{name}.csv").unlink()
    path = source / "vastuut.csv"
    path.write_text(path.read_text("utf-8").replace(",697,", ",ristijarvi,"), "utf-8")
    report = import_path(source, settings, dry_run=True, ctx=ctx)
    assert any("/interface/697/" in c.subject for d in report.diffs for c in d.changes)


def test_import_failed_build_restores_files(
    region: tuple[Settings, Path], ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, source = region
    before = state(settings)

    def broken_build(_settings: Settings) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(sys.modules["kg.build"], "build", broken_build)
    with pytest.raises(OSError, match="disk full"):
        import_path(source, settings, ctx=ctx)
    assert not (settings.data_dir / "regional" / "example-kainuu").exists() or not any(
        (settings.data_dir / "regional" / "example-kainuu").iterdir()
    )
    assert state(settings) == before


def test_import_mismatched_county_is_an_error(
    built_without_example: Settings, incoming: Path, ctx: Context
) -> None:
    settings, source = built_without_example, incoming
    path = source / "vastuut.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("Kainuun hyvinvointialue", "Pohjois-Savon hyvinvointialue", 1)
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(DataError, match="belongs to 'Kainuun hyvinvointialue'") as info:
        import_path(source, settings, ctx=ctx)
    assert info.value.column == "hyvinvointialue"


def test_example_region_is_what_the_generator_writes(tmp_path: Path) -> None:
    import subprocess
    import sys

    from kg.config import REPO_ROOT

    repo = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "kg", repo / "kg")
    shutil.copytree(REPO_ROOT / "scripts", repo / "scripts")
    subprocess.run([sys.executable, str(repo / "scripts" / "make_example_region.py")], check=True)
    made = repo / "data" / "regional" / "example-kainuu"
    committed = REPO_ROOT / "data" / "regional" / "example-kainuu"
    assert sorted(p.name for p in made.iterdir()) == sorted(p.name for p in committed.iterdir())
    for path in made.iterdir():
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name
