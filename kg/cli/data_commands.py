"""Commands that build, inspect, import and export the data."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kg.cli.common import (
    ExportFormat,
    StoreOption,
    app,
    err,
    open_store,
    settings_for,
)


@app.command()
def build(store: StoreOption = None) -> None:
    """Build the store from ontology/ and data/ (atomic: a failed or killed build keeps the
    old one).

    First finishes or undoes what a killed build or import left, and says what it found.
    """
    from rich.console import Console
    from rich.table import Table

    from kg.build import build as run_build
    from kg.errors import DataError

    settings = settings_for(store)
    try:
        with err.status("building") as status:
            report = run_build(
                settings, progress=lambda msg: status.update(msg), on_wait=_say_waiting
            )
    except DataError as exc:
        err.print(f"[red]build failed:[/red] {escape(str(exc))}")
        err.print("The previous store (if any) is unchanged.")
        raise typer.Exit(2) from exc
    for line in report.check.lines(before_build=True) if report.check else []:
        err.print(escape(line))
    for path in report.removed:
        err.print(f"removed older store: {escape(str(path))}")
    err.print(f"built {report.store_dir} in {report.seconds:.2f} s")
    table = Table(title="Build")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("triples", str(report.triples))
    table.add_row("inferred triples", str(report.inferred))
    table.add_row("organisations", str(report.organisations))
    table.add_row("municipalities", str(sum(report.municipalities_per_county.values())))
    for code, n in report.municipalities_per_county.items():
        table.add_row(f"  municipalities in county {code}", str(n))
    Console().print(table)


def _say_waiting(message: str) -> None:
    err.print(escape(message))


@app.command()
def info(store: StoreOption = None) -> None:
    """Show what the current store holds and how it was built, whether it is complete, and
    any unfinished import or leftovers a killed build or import left (changes nothing)."""
    from kg.recovery import inspect as inspect_store

    settings = settings_for(store)
    check = inspect_store(settings)
    for line in check.lines():
        err.print(escape(line))
    if not check.ok:
        err.print(f"[red]error:[/red] {escape(check.problem or '')}")
        raise typer.Exit(2)
    db = open_store(settings)
    meta = db.build_info()
    sys.stdout.write(
        json.dumps(
            {
                "store": str(settings.store_path.resolve()),
                "complete": check.complete,
                "unfinished_import": check.journal,
                "leftovers": [str(p) for p in check.pending],
                "built_at": meta.get("built_at"),
                "kg_version": meta.get("kg_version"),
                "engine": meta.get("engine"),
                "base_iri": meta.get("base_iri"),
                "triples": len(db),
                "graphs": meta.get("graphs", {}),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


class ImportLang(StrEnum):
    fi = "fi"
    sv = "sv"
    en = "en"


class ImportFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A CSV/XLSX file or a folder of them.")],
    into: Annotated[
        str | None,
        typer.Option(
            "--into",
            help="Folder under data/regional/ to replace (default: the imported folder's "
            "name; required for a single file).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the changes; write nothing.")
    ] = False,
    rdf: Annotated[
        bool, typer.Option("--rdf", help="Show the changed RDF statements, not the change list.")
    ] = False,
    lang: Annotated[
        ImportLang, typer.Option("--lang", help="Language of the change list (fi, sv, en).")
    ] = ImportLang.fi,
    fmt: Annotated[
        ImportFormat, typer.Option("--format", "-f", help="text, or json for scripts.")
    ] = ImportFormat.text,
    store: StoreOption = None,
) -> None:
    """Import regional data (responsibilities, agreements, negotiations, forums, dual roles).

    Every row of every file is checked first and every error is reported (file, sheet,
    row, column, how to fix it); then nothing is written. Names are checked against the
    store being served (build first with kg build). Otherwise the folder under
    data/regional/ is made to hold exactly the imported files (others there are removed)
    and the store is updated (the folder's graphs replaced), all or nothing, also when the
    command is killed (the next kg build or kg import finishes or undoes it). Files equal
    to the folder's write nothing. Limits: YP_IMPORT_MAX_BYTES, YP_IMPORT_MAX_ROWS,
    YP_IMPORT_MAX_CELLS.
    Exit codes: 0 ok, 2 errors.
    """
    from kg.errors import DataError, DataErrors
    from kg.importing.importer import import_path
    from kg.importing.report import as_json, errors_json, render, render_errors

    settings = settings_for(store)
    try:
        report = import_path(path, settings, into=into, dry_run=dry_run, on_wait=_say_waiting)
    except DataError as exc:
        errors = exc if isinstance(exc, DataErrors) else DataErrors([exc])
        if fmt is ImportFormat.json:
            sys.stdout.write(json.dumps(errors_json(errors), ensure_ascii=False, indent=2) + "\n")
        else:
            err.print(f"[red]import failed:[/red] {escape(render_errors(errors))}")
            err.print("Nothing was written; the store is unchanged.")
        raise typer.Exit(2) from exc
    except FileNotFoundError as exc:
        if fmt is ImportFormat.json:
            failure = {"ok": False, "errors": [{"message": str(exc)}], "errors_total": 1}
            sys.stdout.write(json.dumps(failure, ensure_ascii=False, indent=2) + "\n")
        else:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    for line in report.check.findings() if report.check else []:
        err.print(escape(line))
    if fmt is ImportFormat.json:
        data = as_json(report, lang=lang.value, rdf=rdf)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(report, lang=lang.value, rdf=rdf) + "\n")


@app.command("export")
def export_command(
    county: Annotated[
        str,
        typer.Option(help="Organiser code (01–21, or 90 for Helsinki, also by its code 091)."),
    ],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.xlsx,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    public_record: Annotated[
        bool,
        typer.Option(
            "--public-record",
            help="Export the county's public record (data/regional/julkinen-*/) instead of "
            "its own data.",
        ),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Export a county's regional data as filled templates (CSV files or one XLSX)."""
    from kg.importing.export import collect as collect_export
    from kg.importing.export import write as write_export
    from kg.iris import Minter

    settings = settings_for(store)
    db = open_store(settings)
    try:
        export = collect_export(db, Minter(settings.base_iri), county, public_record=public_record)
    except (ValueError, LookupError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    target = out or Path(f"export-{export.county}")
    for path in write_export(export, target, fmt=fmt.value):
        sys.stdout.write(f"{path}\n")
    err.print(f"{export.count()} rows exported for county {export.county}")


@app.command("templates")
def templates_command(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder to write into.")] = None,
) -> None:
    """Write the regional-data templates (CSV, XLSX with drop-downs, README) from the schema."""
    from kg.importing.templates import write_templates

    target = out or settings_for(None).data_dir / "templates"
    for path in write_templates(target):
        sys.stdout.write(f"{path}\n")


@app.command("fetch-reference")
def fetch_reference_command(
    year: Annotated[int, typer.Option(help="Classification year (valid on YEAR-01-01).")] = 2026,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show changes, write nothing.")
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="Classification API base URL (default: Statistics Finland's classification API)."
        ),
    ] = None,
    out_dir: Annotated[Path | None, typer.Option(help="Folder of the reference CSVs.")] = None,
) -> None:
    """Refresh data/reference/ from Statistics Finland's classification API (network needed).

    The committed snapshot is what `kg build` uses; this command updates it when the
    network allows, writing all tables together or none.
    """
    from kg.fetch_reference import DEFAULT_BASE_URL, fetch_reference

    settings = settings_for(None)
    target = out_dir or settings.data_dir / "reference"
    try:
        update = fetch_reference(
            year=year, out_dir=target, base_url=base_url or DEFAULT_BASE_URL, write=not dry_run
        )
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.write(update.summary() + "\n")
