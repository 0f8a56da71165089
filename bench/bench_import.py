"""Import of a synthetic 10,000-row responsibility table: rows per second.

The table is made here (seeded): mainland municipalities × themes × both sides with
varied post titles, each row as a region would fill it. Measured: reading and checking
every row and converting it to RDF (what must stay well under a second), the whole
`kg import` including writing the next national store, and, as the baseline in the same
run, a plain `csv.reader` pass over the same file; and the dry run, which lists every
row's responsibility as added by name. The same rows written as Finnish
Excel saves "CSV (luetteloerotin)" (Windows-1252, `;`, CRLF, d.m.yyyy dates) are read,
checked and converted too, since that is how many files will come.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.synthetic_graph import THEMES
from bench.timing import median_seconds
from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.convert import convert
from kg.importing.importer import import_path
from kg.importing.reader import read_file
from kg.importing.regional import serving_context
from kg.importing.schema import RESPONSIBILITIES
from kg.importing.templates import csv_text
from kg.iris import Minter
from kg.source_graph import SourceGraph
from kg.store import Store

ROWS = 10_000
POSTS = [
    "Hyvinvointikoordinaattori",
    "Sivistysjohtaja",
    "Tekninen johtaja",
    "Kunnanjohtaja",
    "Palvelualuejohtaja",
    "Asiantuntija",
    "Valmiuspäällikkö",
    "Työllisyyspäällikkö",
]


def synthetic_rows(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        towns = [r for r in csv.DictReader(f) if r["wellbeing_county_code"] not in ("91",)]
    with (REPO_ROOT / "data/reference/wellbeing_counties.csv").open(encoding="utf-8") as f:
        county = {r["code"]: r["name_fi"] for r in csv.DictReader(f)}
    county["90"] = "Helsinki"
    seen, rows = set(), []
    while len(rows) < n:
        town, theme = rng.choice(towns), rng.choice(THEMES)
        side, post, unit = (
            rng.choice(["kunta", "hyvinvointialue"]),
            rng.choice(POSTS),
            f"Yksikkö {rng.randint(1, 40)}",
        )
        key = (town["code"], theme, side, post, unit)
        if key in seen:
            continue
        seen.add(key)
        name = town["name_fi"] if rng.random() < 0.5 else town["code"].lstrip("0")
        rows.append(
            [
                county[town["wellbeing_county_code"]],
                name,
                theme,
                side,
                "",
                post,
                "",
                "",
                unit,
                "kirjaamo@example.fi",
                "",
                "",
                "2024-01-01",
                "",
                "2026-09-01",
                "synthetic",
            ]
        )
    return rows


def excel_csv(rows: list[list[str]]) -> bytes:
    """Rows as Finnish Excel's "CSV (luetteloerotin)" writes them."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_finnish_date(cell) for cell in row])
    return buf.getvalue().encode("cp1252")


def _finnish_date(cell: str) -> str:
    if len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
        year, month, day = cell.split("-")
        return f"{int(day)}.{int(month)}.{year}"
    return cell


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        incoming = root / "incoming" / "synthetic"
        incoming.mkdir(parents=True)
        path = incoming / "vastuut.csv"
        rows = synthetic_rows(ROWS)
        header = [c.fi for c in RESPONSIBILITIES.columns]
        path.write_text(csv_text(RESPONSIBILITIES, "fi", rows), "utf-8")
        settings = dataclasses.replace(
            Settings(), data_dir=root / "data", store_path=root / "var" / "store"
        )
        shutil.copytree(REPO_ROOT / "data", settings.data_dir)
        # the synthetic table covers every county; the illustrative Kainuu folder would
        # carry county 20 too, which an import refuses (one county, one folder)
        shutil.rmtree(settings.data_dir / "regional" / "example-kainuu")
        build(settings)
        ctx = serving_context(Store.open(settings.store_path), Minter(settings.base_iri))

        def plain() -> None:
            with path.open(encoding="utf-8", newline="") as f:
                for _ in csv.reader(f):
                    pass

        excel = root / "excel" / "vastuut.csv"
        excel.parent.mkdir()
        excel.write_bytes(excel_csv([header, *rows]))

        def check_and_convert(source: Path = path) -> None:
            graph = SourceGraph("regional/synthetic/vastuut", [source])
            ctx.reset()
            assert convert(read_file(source), ctx, graph) == ROWS and not ctx.errors

        base = median_seconds(plain, repeat=5)
        conv = median_seconds(check_and_convert, repeat=3)
        conv_excel = median_seconds(lambda: check_and_convert(excel), repeat=3)
        start = time.perf_counter()
        dry = import_path(incoming, settings, ctx=ctx, dry_run=True)
        dry_run = time.perf_counter() - start
        assert dry.changes.counts()["responsibility"]["added"] == ROWS
        start = time.perf_counter()
        report = import_path(incoming, settings, ctx=ctx)
        whole = time.perf_counter() - start
        assert report.rows == ROWS and report.written
        print(f"synthetic responsibility table: {ROWS} rows")
        print(f"plain csv.reader pass (baseline): {base * 1000:.1f} ms")
        print(
            f"read + check + convert to RDF:    {conv:.3f} s = {ROWS / conv:,.0f} rows/s "
            f"({conv / base:.0f}x the plain pass)"
        )
        print(
            f"the same as Finnish Excel's CSV:  {conv_excel:.3f} s = "
            f"{ROWS / conv_excel:,.0f} rows/s"
        )
        print(f"dry run (check, compare, change list of {ROWS} entities): {dry_run:.2f} s")
        print(
            f"whole kg import incl. diff and the next national store: {whole:.2f} s "
            f"= {ROWS / whole:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
