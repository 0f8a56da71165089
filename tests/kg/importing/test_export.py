"""Export → import gives an isomorphic graph; exported cells are safe in spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.export import collect, neutralise, write
from kg.importing.regional import load_file, manifest
from kg.importing.values import Context
from kg.iris import Minter
from kg.source_graph import SourceGraph
from kg.store import Store
from tests.source_data import example_tables

EXAMPLE = REPO_ROOT / "data" / "regional" / "example-kainuu"


def _data_triples(graphs: list[SourceGraph], mint: Minter) -> set[object]:
    """All triples of the graphs except each graph's own provenance."""
    out = set()
    for g in graphs:
        iri = str(mint.graph(g.name))
        out |= {t for t in g.triples if getattr(t.subject, "value", None) != iri}
    return out


def _load(folder: Path, ctx: Context) -> set[object]:
    graphs = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx")):
        graph, _ = load_file(
            path, f"regional/x/{path.stem}", ctx, about=manifest(folder, path), sidecar={}
        )
        graphs.append(graph)
    return _data_triples(graphs, ctx.mint)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_round_trip_is_isomorphic(
    store: Store, settings: Settings, ctx: Context, tmp_path: Path, fmt: str
) -> None:
    export = collect(store, Minter(settings.base_iri), "20")
    assert export.count() == sum(example_tables().values())  # every row of the example region
    write(export, tmp_path, fmt=fmt)
    original = _load(EXAMPLE, ctx)
    assert len(original) > 2000
    assert _load(tmp_path, ctx) == original  # no blank nodes: equal sets are isomorphic


def test_export_keeps_leading_zeros_and_marks_illustrative(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    write(collect(store, Minter(settings.base_iri), "20"), tmp_path, fmt="csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "kaksoisroolit.csv").read_text("utf-8"))))
    assert {r["kunta"] for r in rows} == {"205", "765", "290"}
    with (tmp_path / "vastuut.csv").open(encoding="utf-8") as f:
        codes = {r["kunta"] for r in csv.DictReader(f)}
    assert "105" in codes and all(len(c) == 3 for c in codes)
    assert json.loads((tmp_path / "source.json").read_text("utf-8"))["illustrative"] is True


def test_export_neutralises_formula_cells_in_csv_only(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    export = collect(store, Minter(settings.base_iri), "20")
    phones = {r[9] for r in export.rows["responsibilities"] if r[9].startswith("+358")}
    assert phones, "the example has a phone number starting with '+'"
    write(export, tmp_path / "xlsx", fmt="xlsx")
    wb = load_workbook(tmp_path / "xlsx" / "yhdyspinta-pohja.xlsx")
    cells = [c for row in wb["vastuut"].iter_rows(min_row=2) for c in row if c.value]
    assert all(c.data_type == "s" for c in cells)  # text cells, never formulas
    assert phones <= {c.value for c in cells}  # as they are, no apostrophe
    write(export, tmp_path / "csv", fmt="csv")
    with (tmp_path / "csv" / "vastuut.csv").open(encoding="utf-8") as f:
        column = {r["yhteyskanava"] for r in csv.DictReader(f)}
    assert {"'" + p for p in phones} <= column and not phones & column


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_keeps_a_leading_apostrophe_and_formula_text(
    data_copy: Settings, ctx: Context, tmp_path: Path, fmt: str
) -> None:
    folder = data_copy.data_dir / "regional" / "example-kainuu"
    path = folder / "foorumit.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    names = ["'quoted'", "=SUM(A1)", "'", "-"]
    for row, name in zip(rows[1:], names, strict=False):
        row[1] = name  # the forum's name, free text
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")  # as a person writes them: no apostrophes
    build(data_copy)
    store = Store.open(data_copy.store_path)
    query = "SELECT ?n WHERE { ?f a yp:Forum ; skos:prefLabel ?n }"
    assert set(names) <= {r["n"] for r in store.select(query)}
    write(collect(store, Minter(data_copy.base_iri), "20"), tmp_path, fmt=fmt)
    if fmt == "csv":
        text = (tmp_path / "foorumit.csv").read_text("utf-8")
        assert ",''quoted'," in text and ",'=SUM(A1)," in text
    else:
        wb = load_workbook(tmp_path / "yhdyspinta-pohja.xlsx")
        cells = {c.value: c.data_type for row in wb["foorumit"].iter_rows() for c in row}
        assert cells["'quoted'"] == cells["=SUM(A1)"] == "s"
    assert _load(tmp_path, ctx) == _load(folder, ctx)  # the same names come back


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "'=x", "\tx"]
)
def test_neutralise_dangerous_starts(value: str) -> None:
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_text() -> None:
    assert neutralise("Kajaani") == "Kajaani"
    assert neutralise("091") == "091"


def test_export_unknown_county_is_an_error(store: Store, settings: Settings) -> None:
    with pytest.raises(LookupError, match="no wellbeing services organiser with code 99"):
        collect(store, Minter(settings.base_iri), "99")
    with pytest.raises(LookupError, match="not an organiser code"):
        collect(store, Minter(settings.base_iri), "x1")
