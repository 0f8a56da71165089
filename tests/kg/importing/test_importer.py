"""Importing regional data: all or nothing, every error located, the folder replaced,
the change list, one graph per source."""

from __future__ import annotations

import ast
import csv
import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.errors import BuildError, DataErrors
from kg.importing.export import collect, write
from kg.importing.importer import import_path
from kg.importing.report import render
from kg.importing.schema import RESPONSIBILITIES, SIDES, TABLES, Kind, Table
from kg.importing.templates import workbook
from kg.importing.values import Context, slug
from kg.iris import Minter
from kg.store import Store
from kg.store_dirs import stores_dir
from tests import source_data as src

from .conftest import EXAMPLE, file_size_limit, plain_rows, state, write_excel_csv

Term = ox.NamedNode | ox.BlankNode | ox.Literal

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

    # as many of each as the example region's files hold
    def agreements(kind: str) -> int:
        return len(
            src.example_ids("sopimukset.csv", "sopimuksen tunniste", where=("sopimustyyppi", kind))
        )

    def negotiations(kind: str) -> int:
        return len(src.example_ids("neuvottelut.csv", "tunniste", where=("tyyppi", kind)))

    classes = {
        "Responsibility": len(src.example("vastuut.csv")),
        "StrategicCooperationAgreement": agreements("strateginen yhteistyösopimus"),
        "TYMAgreement": agreements("TYM-sopimus"),
        "HealthWellbeingNegotiation": negotiations("612/2021 7 § HYTE-neuvottelu"),
        "CooperationNegotiation": negotiations("611/2021 14 § neuvottelu"),
        "Forum": len(src.example_ids("foorumit.csv", "tunniste")),
        "DualRole": len(src.example_ids("kaksoisroolit.csv", "tunniste")),
    }
    assert all(classes.values())
    before = {cls: _count(settings, cls) for cls in classes}  # seed facts have some too
    report = import_path(source, settings)
    assert report.rows == sum(src.example_tables().values())
    assert {cls: _count(settings, cls) - before[cls] for cls in classes} == classes
    assert (settings.data_dir / "regional" / "example-kainuu" / "vastuut.csv").is_file()
    assert (settings.data_dir / "regional" / "example-kainuu" / "source.json").is_file()
    store = Store.open(settings.store_path)
    # each file is its own named graph with provenance (beside the public record's folders)
    graphs = [g for g in store.named_graphs() if f"/graph/regional/{EXAMPLE}/" in g]
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
    ours = [r for r in rows if r["g"] in graphs]
    assert len(ours) == 5 and all(r["ill"] is True for r in ours)
    assert all(r["ill"] is False for r in rows if r["g"] not in graphs)
    # person names not allowed to be published are not stored
    names = store.select("""SELECT ?n WHERE { GRAPH ?g { ?x yp:personName ?n }
                             FILTER(CONTAINS(STR(?g), "/graph/regional/")) }""")
    assert names == []
    assert any("person name not stored" in note.message for note in report.notes)


def test_import_pending_approvals_show_per_party(region: tuple[Settings, Path]) -> None:
    settings, source = region
    import_path(source, settings)
    # the example's agreements (the public record's have pending parties of their own)
    rows = Store.open(settings.store_path).select("""
        SELECT ?code WHERE {
          GRAPH ?g { ?a a yp:StrategicCooperationAgreement }
          FILTER(STRENDS(STR(?g), "/regional/example-kainuu/sopimukset"))
          ?a yp:party ?p . ?p dcterms:identifier ?code .
          FILTER NOT EXISTS { ?a yp:approval ?ap . ?ap yp:approvingParty ?p } }
        ORDER BY ?code""")
    planted = src.planted_gaps("pending-approval")
    assert [r["code"] for r in rows] == sorted(g["party"].split("/")[-1] for g in planted)


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
    changed = report.diff
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
    forums = "SELECT ?f WHERE { ?f a yp:Forum ; yp:concernsCounty ?c }"
    store = Store.open(settings.store_path)
    forums_before, graphs_before = len(store.select(forums)), set(store.named_graphs())
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
    assert len(store.select(forums)) == forums_before + 1
    added = set(store.named_graphs()) - graphs_before
    assert [g.split("/graph/")[1] for g in added] == ["regional/helsinki/foorumit"]
    assert graphs_before <= set(store.named_graphs())  # the example's graphs stay


def _corrupt(kind: Kind) -> str:
    return {
        Kind.TEXT: "x" * 2001,
        Kind.ID: "Not An Id!",
        Kind.DATE: "2024-13-45",
        Kind.PARTIAL_DATE: "2024-13",
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
    with pytest.raises(DataErrors) as info:
        import_path(source, settings, ctx=ctx)
    (err,) = info.value.errors  # one planted error, one reported (no follow-on errors)
    assert (err.path, err.sheet, err.line, err.column) == (path, None, 2, table.column(key).fi), (
        str(err)
    )
    assert err.fix
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
    with pytest.raises(DataErrors) as info:
        import_path(book, settings, into="kainuu", ctx=ctx)
    (err,) = info.value.errors
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
    with pytest.raises(DataErrors, match=r"unknown municipality 'Kajaanii'") as info:
        import_path(source, settings, ctx=ctx)
    (err,) = info.value.errors
    assert err.fix is not None and "did you mean 'Kajaani'" in err.fix


@pytest.mark.parametrize("written", ["Kajaani", "kajaani", "KAJAANI", "Kajana", "205", "0205"])
def test_import_municipality_forms_are_accepted(
    built_without_example: Settings, incoming: Path, ctx: Context, written: str
) -> None:
    settings, source = built_without_example, incoming
    for name in ("sopimukset", "neuvottelut", "foorumit", "kaksoisroolit"):
        (source / f"{name}.csv").unlink()
    path = source / "vastuut.csv"
    rows = _rows(path)[:2]
    rows[1][1] = written
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")
    assert _rows(path)[1][1] == written  # the file holds the form as written ("0205" too)
    report = import_path(source, settings, dry_run=True, ctx=ctx)
    d = report.diff
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
    assert any("/interface/697/" in c.subject for c in report.diff.changes)


# more than any file an import stages, less than the store it writes
STORE_WRITE_LIMIT = 1_000_000


def _small_files(path: Path) -> None:
    """Every file the import would stage (``path``, or the files under it) fits the limit."""
    files = list(path.rglob("*")) if path.is_dir() else [path]
    assert max(p.stat().st_size for p in files) < STORE_WRITE_LIMIT


def test_import_failing_to_write_the_store_writes_nothing(
    region: tuple[Settings, Path], ctx: Context
) -> None:
    """After every check passed and the folder was staged, writing the next store fails
    for real (files may not grow past 1 MB, as on a full disk): nothing is written."""
    settings, source = region
    _small_files(source)
    before = state(settings)
    stores = sorted(stores_dir(settings.store_path).iterdir())
    regional = settings.data_dir / "regional"
    folders = sorted(p.name for p in regional.iterdir())  # the public record's
    with file_size_limit(STORE_WRITE_LIMIT), pytest.raises(BuildError) as info:
        import_path(source, settings, ctx=ctx)
    assert "the new store could not be written" in info.value.message
    assert "File too large" in info.value.message and info.value.fix
    assert not (regional / "example-kainuu").exists()
    assert sorted(p.name for p in regional.iterdir()) == folders  # no staging, no journal
    assert state(settings) == before
    assert sorted(stores_dir(settings.store_path).iterdir()) == stores  # no half store left


def test_import_mismatched_county_is_an_error(
    built_without_example: Settings, incoming: Path, ctx: Context
) -> None:
    settings, source = built_without_example, incoming
    path = source / "vastuut.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("Kainuun hyvinvointialue", "Pohjois-Savon hyvinvointialue", 1)
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(DataErrors, match="belongs to 'Kainuun hyvinvointialue'") as info:
        import_path(source, settings, ctx=ctx)
    (err,) = info.value.errors
    assert err.column == "hyvinvointialue" and "'Kainuun hyvinvointialue'" in (err.fix or "")


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


# -- the folder an import stands for: replaced as a whole -----------------------------


def _triples(settings: Settings) -> set[ox.Triple]:
    """Every triple of the store (all graphs merged) except the graphs' own provenance."""
    store = Store.open(settings.store_path)
    graphs = settings.base_iri + "graph/"
    return {
        q.triple
        for q in store.quads()
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(graphs))
    }


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _post_to_retitle(sheet: Worksheet) -> tuple[int, dict[str, str]]:
    """A municipality-side row whose post no other row shares (same municipality, title
    and unit): retitling it changes one post and one responsibility."""
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value or "" for c in r), strict=True))
        for r in sheet.iter_rows(min_row=2)
    ]
    keys = [(r["kunta"], r["tehtävänimike"], r["organisaatioyksikkö"]) for r in rows]
    for i, r in enumerate(rows):
        if r["puoli"] == "kunta" and not r["organisaatio"] and keys.count(keys[i]) == 1:
            return i + 2, r
    raise AssertionError("no municipality-side post of its own in the export")


def test_import_export_edit_reimport_changes_exactly_the_edit(
    region: tuple[Settings, Path], tmp_path: Path
) -> None:
    settings, source = region
    import_path(source, settings, into="my-region")  # the region's CSV files
    folder = settings.data_dir / "regional" / "my-region"
    export = collect(Store.open(settings.store_path), Minter(settings.base_iri), "20")
    (book,) = [p for p in write(export, tmp_path / "export", fmt="xlsx") if p.suffix == ".xlsx"]

    wb = load_workbook(book)
    sheet = wb["vastuut"]
    number, row = _post_to_retitle(sheet)
    old_title, new_title = row["tehtävänimike"], row["tehtävänimike"] + " (uusi)"
    title_column = [c.value for c in sheet[1]].index("tehtävänimike") + 1
    sheet.cell(row=number, column=title_column).value = new_title
    wb.save(book)

    before = _triples(settings)
    found = Store.open(settings.store_path).select(
        """SELECT ?r ?p WHERE { ?r a yp:Responsibility ; yp:post ?p ; yp:side ?side ;
             yp:interface ?i . ?i yp:municipality ?m ; yp:theme ?t .
             ?m dcterms:identifier ?code . ?t skos:notation ?theme . ?p skos:prefLabel ?title }""",
        bindings={
            "code": ox.Literal(row["kunta"]),
            "theme": ox.Literal(row["teema"]),
            "side": ox.NamedNode(SIDES[0].iri),
            "title": ox.Literal(old_title, language="fi"),
        },
    )
    ((old_resp, old_post),) = [(r["r"], r["p"]) for r in found]
    # the IRI scheme: a post's IRI ends with its title as a segment, and the
    # responsibility's IRI with its post's key
    renamed = {
        iri: iri.replace(f"/{slug(old_title)}", f"/{slug(new_title)}")
        for iri in (old_resp, old_post)
    }

    def term(t: Term) -> Term:
        if isinstance(t, ox.NamedNode) and t.value in renamed:
            return ox.NamedNode(renamed[t.value])
        if t == ox.Literal(old_title, language="fi"):
            return ox.Literal(new_title, language="fi")
        return t

    old = {ox.NamedNode(iri) for iri in renamed}
    touched = {t for t in before if t.subject in old or t.object in old}
    assert len(touched) > 5
    expected = (before - touched) | {
        ox.Triple(term(t.subject), t.predicate, term(t.object))
        for t in touched  # type: ignore[arg-type]
    }
    assert expected != before

    dry = import_path(book, settings, into="my-region", dry_run=True)
    (change,) = dry.changes.changes
    assert (change.kind.key, change.change, change.changed_fields()) == (
        "responsibility",
        "changed",
        ["post_fi"],
    )
    assert "tehtävänimike: " + old_title + " → " + new_title in dry.changes.render("fi")
    assert sorted(p.name for p in dry.stale if p.suffix == ".csv") == sorted(
        p.name for p in source.glob("*.csv")
    )

    report = import_path(book, settings, into="my-region")
    assert sorted(_snapshot(folder)) == [
        "source.json",
        "yhdyspinta-pohja.xlsx",
        "yhdyspinta-pohja.xlsx.provenance.json",
    ]
    assert len(report.removed) == 10  # five CSV files and their sidecars
    after = _triples(settings)
    assert (after - expected, expected - after) == (set(), set())


def test_import_failing_to_write_the_store_keeps_the_folder(
    region: tuple[Settings, Path], tmp_path: Path, ctx: Context
) -> None:
    settings, source = region
    import_path(source, settings, into="my-region", ctx=ctx)
    folder = settings.data_dir / "regional" / "my-region"
    files, before = _snapshot(folder), state(settings)
    book = tmp_path / "pohja.xlsx"
    data = {t.key: _rows(source / f"{FILES[t.key]}.csv")[1:] for t in TABLES}
    data["forums"] = data["forums"][:1]  # one forum less: the data changes
    book.write_bytes(workbook("fi", data))
    _small_files(book)
    with file_size_limit(STORE_WRITE_LIMIT), pytest.raises(BuildError, match="File too large"):
        import_path(book, settings, into="my-region", ctx=ctx)
    assert _snapshot(folder) == files  # the CSV files are all there, the book is not
    assert state(settings) == before


def test_import_second_folder_for_a_county_is_refused(data_copy: Settings, tmp_path: Path) -> None:
    build(data_copy)  # the committed data: example-kainuu carries county 20
    example = data_copy.data_dir / "regional" / EXAMPLE
    files, before = _snapshot(example), state(data_copy)
    incoming = tmp_path / "kainuu"
    shutil.copytree(example, incoming)
    with pytest.raises(DataErrors) as info:
        import_path(incoming, data_copy)
    errors = info.value.errors
    assert {(e.column, e.line) for e in errors} == {("hyvinvointialue", 2)}  # once per file
    assert all(f"data/regional/{EXAMPLE}/" in e.message for e in errors)
    assert all(e.fix and f"--into {EXAMPLE}" in e.fix for e in errors)
    assert not (data_copy.data_dir / "regional" / "kainuu").exists()
    assert _snapshot(example) == files and state(data_copy) == before


# -- every error of a file in one run --------------------------------------------------


def _column(key: str) -> int:
    return [c.key for c in RESPONSIBILITIES.columns].index(key)


def test_import_reports_every_planted_error_in_one_run(
    built_without_example: Settings, baseline: tuple[int, str, Path], tmp_path: Path, ctx: Context
) -> None:
    rows = plain_rows("vastuut")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    plants: dict[tuple[int, str], str] = {  # (row as numbered in the sheet, column) -> cell
        (2, "municipality"): "Kajaanii",
        (3, "theme"): "hytee",
        (4, "side"): "kumpikin",
        (5, "valid_from"): "31.2.2024",
        (6, "valid_to"): "1.1.2020",  # before its start
        (7, "contact"): "matti.virtanen@kajaani.fi",  # the name may not be published
        (8, "last_verified"): f"{tomorrow.day}.{tomorrow.month}.{tomorrow.year}",
        (9, "county"): "Pohjois-Savon hyvinvointialue",  # not the municipality's county
        (10, "post_fi"): "",
        (11, "publish_person_name"): "ehkä",
        (12, "contact"): "ei yhteystieto",
        (13, "organisation"): "Kunta X",
        (14, "source"): "x" * 2001,
        (15, "theme"): "hyte;older-people",
        (20, "municipality"): "Kajaanii",
        (20, "valid_from"): "1.13.2024",
    }
    for (number, key), value in plants.items():
        rows[number - 1][_column(key)] = value
    rows[6][_column("valid_from")] = "1.1.2024"
    rows[6][_column("publish_person_name")] = "ei"
    rows[16] = list(rows[15])  # row 17 repeats the post of row 16
    plants[(17, "post_fi")] = rows[16][_column("post_fi")]
    folder = tmp_path / "pohjois-kainuu"
    folder.mkdir()
    path = write_excel_csv(folder / "vastuut.csv", rows)

    with pytest.raises(DataErrors) as info:
        import_path(folder, built_without_example, ctx=ctx)
    header = {c.key: c.fi for c in RESPONSIBILITIES.columns}
    expected = sorted(
        ((n, header[k]) for n, k in plants),
        key=lambda nk: (nk[0], list(header.values()).index(nk[1])),
    )
    errors = info.value.errors
    assert [(e.line, e.column) for e in errors] == expected
    assert all(e.path == path and e.fix for e in errors)
    assert state(built_without_example) == baseline


def test_import_personal_address_refused_and_nothing_written(
    built_without_example: Settings, baseline: tuple[int, str, Path], tmp_path: Path, ctx: Context
) -> None:
    rows = plain_rows("vastuut")[:3]
    rows[2][_column("contact")] = "tiina.makinen@kajaani.fi"
    rows[2][_column("person_name")] = "Tiina Mäkinen"
    rows[2][_column("publish_person_name")] = "ei"
    folder = tmp_path / "r"
    folder.mkdir()
    write_excel_csv(folder / "vastuut.csv", rows, encoding="utf-8-sig")
    with pytest.raises(DataErrors, match="looks like a person's own address") as info:
        import_path(folder, built_without_example, ctx=ctx)
    (error,) = info.value.errors
    assert (error.line, error.column) == (3, "yhteyskanava")
    assert error.fix is not None and "shared mailbox" in error.fix
    assert state(built_without_example) == baseline
    rows[2][_column("publish_person_name")] = "kyllä"
    write_excel_csv(folder / "vastuut.csv", rows, encoding="utf-8-sig")
    report = import_path(folder, built_without_example, ctx=ctx, dry_run=True)
    assert report.rows == 2 and not report.warnings


def test_import_files_that_would_be_one_graph_are_refused(
    built_without_example: Settings, baseline: tuple[int, str, Path], tmp_path: Path, ctx: Context
) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    rows = plain_rows("vastuut")[:3]
    write_excel_csv(folder / "vastuut.csv", rows)
    write_excel_csv(folder / "VASTUUT.csv", rows)
    with pytest.raises(DataErrors) as info:
        import_path(folder, built_without_example, ctx=ctx)
    (error,) = [e for e in info.value.errors if "one graph" in e.message]
    assert "'vastuut.csv'" in error.message and "'VASTUUT.csv'" in error.message
    assert state(built_without_example) == baseline
    assert not (built_without_example.data_dir / "regional" / "r").exists()


def test_import_files_equal_to_the_folders_write_nothing_whatever_the_store(
    region: tuple[Settings, Path], ctx: Context
) -> None:
    settings, source = region
    import_path(source, settings, ctx=ctx)
    folder = settings.data_dir / "regional" / "example-kainuu"
    # the folder edited by hand, without kg build: the store no longer matches it
    for place in (source, folder):
        path = place / "foorumit.csv"
        path.write_text(path.read_text("utf-8").replace("aluetyöryhmä", "työryhmä"), "utf-8")
    files, before = _snapshot(folder), state(settings)
    report = import_path(source, settings, ctx=ctx)
    assert not report.changed and report.store_stale and report.written == []
    assert _snapshot(folder) == files and state(settings) == before
    assert "run kg build" in render(report, lang="en")


def test_import_files_differing_from_the_folders_update_it_though_the_data_is_equal(
    region: tuple[Settings, Path], ctx: Context
) -> None:
    settings, source = region
    import_path(source, settings, ctx=ctx)
    folder = settings.data_dir / "regional" / "example-kainuu"
    before = _triples(settings)
    store = settings.store_path.resolve()
    path = source / "foorumit.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # CRLF: same rows
    report = import_path(source, settings, ctx=ctx)
    assert report.diff.empty and report.changed and not report.store_stale
    assert report.written and (folder / "foorumit.csv").read_bytes() == path.read_bytes()
    assert settings.store_path.resolve() != store  # the folder and store change together
    assert _triples(settings) == before


def test_import_far_future_start_is_a_warning(
    built_without_example: Settings, tmp_path: Path, ctx: Context
) -> None:
    rows = plain_rows("vastuut")[:2]
    rows[1][_column("valid_from")] = f"1.1.{dt.date.today().year + 4}"
    folder = tmp_path / "r"
    folder.mkdir()
    write_excel_csv(folder / "vastuut.csv", rows)
    report = import_path(folder, built_without_example, ctx=ctx, dry_run=True)
    (warning,) = report.warnings
    assert (warning.line, warning.column) == (2, "voimassa alkaen")
    assert "years ahead" in warning.message


# -- one way: checked against the serving store, nothing rebuilt from data/ ------------

# the build and its loaders of the sources an import does not change
BUILD_LOADERS = {"kg.build", "kg.reference", "kg.legal", "kg.survey", "kg.scope"}
BUILD_LOADERS |= {"kg.audit.obligations", "kg.fetch_reference"}


def _calls_into(modules: set[str], run: Callable[[], object]) -> list[str]:
    """The functions of ``modules`` that ``run`` calls (seen by the profiler)."""
    called: list[str] = []

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        name = frame.f_globals.get("__name__", "")
        if event == "call" and name in modules and frame.f_code.co_name != "<module>":
            called.append(f"{name}.{frame.f_code.co_qualname}")

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return called


def test_import_calls_none_of_the_builds_loaders(region: tuple[Settings, Path]) -> None:
    """The dry run and the import check names against the serving store: neither builds
    the reference graphs (or anything else) again. The profiler sees every call."""
    settings, source = region
    before = settings.store_path.resolve()
    dry = _calls_into(BUILD_LOADERS, lambda: import_path(source, settings, dry_run=True))
    assert dry == []
    real = _calls_into(BUILD_LOADERS, lambda: import_path(source, settings))
    assert real == []
    assert settings.store_path.resolve() != before  # it did import
    assert _count(settings, "Forum") > 0


def test_import_reads_nothing_of_data_but_its_files(region: tuple[Settings, Path]) -> None:
    """With the ontology no longer Turtle and the reference tables gone from disk after the
    build, the import still checks every name (against the serving store) and writes the
    next store from the serving one."""
    settings, source = region
    ontology = settings.ontology_dir / "yhdyspinta.ttl"
    ontology.write_text(ontology.read_text("utf-8") + "\nthis is not turtle .\n", "utf-8")
    shutil.rmtree(settings.data_dir / "reference")
    path = source / "vastuut.csv"
    path.write_text(path.read_text("utf-8").replace(",205,", ",Kajaanii,", 1), "utf-8")
    with pytest.raises(DataErrors, match="unknown municipality 'Kajaanii'"):
        import_path(source, settings)
    path.write_text(path.read_text("utf-8").replace(",Kajaanii,", ",Kajaani,", 1), "utf-8")
    import_path(source, settings)
    assert _count(settings, "Responsibility") > 0
    assert _count(settings, "Municipality") > 300  # the reference data, from the old store


def test_import_without_a_store_says_build_first(data_copy: Settings, incoming: Path) -> None:
    for dry_run in (True, False):
        with pytest.raises(BuildError) as info:
            import_path(incoming, data_copy, dry_run=dry_run)
        assert info.value.fix == "build first with kg build"
        assert "there is no store" in info.value.message
    assert not (data_copy.data_dir / "regional" / "incoming").exists()


def test_import_into_a_store_of_another_base_iri_says_build_first(
    region: tuple[Settings, Path],
) -> None:
    settings, source = region
    other = dataclasses.replace(settings, base_iri="https://example.org/id/")
    with pytest.raises(BuildError, match="built with the base IRI") as info:
        import_path(source, other, dry_run=True)
    assert info.value.fix == "build first with kg build"


def test_importing_package_does_not_import_the_build() -> None:
    """kg.build loads kg.importing; the importing package never imports kg.build back
    (the cycle kg.build -> kg.importing.regional -> kg.build is gone)."""
    package = REPO_ROOT / "kg" / "importing"
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [
                f"{path.name}: {n}" for n in names if n == "kg.build" or n.startswith("kg.build.")
            ]
    assert found == []


def test_import_process_never_loads_the_build(region: tuple[Settings, Path]) -> None:
    """A real import in a fresh process, through the command's own modules: neither the
    build nor any of its loaders is even imported."""
    settings, source = region
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kg.cli import data_commands\n"
        "from kg.importing.importer import import_path\n"
        "from kg.config import Settings\n"
        f"settings = Settings.from_env({{'YP_DATA_DIR': {str(settings.data_dir)!r},"
        f" 'YP_STORE': {str(settings.store_path)!r}}})\n"
        f"report = import_path(Path({str(source)!r}), settings)\n"
        "assert report.written\n"
        f"print(sorted(m for m in {sorted(BUILD_LOADERS)!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert _count(settings, "Forum") > 0
