"""The ``kg`` command line: thin commands over the library.

Data goes to stdout, logs and progress to stderr. Exit codes: 0 ok, 1 findings,
2 usage or runtime error (bad data, bad query, no store).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pyoxigraph import QueryBoolean, QuerySolutions
from rich.console import Console
from rich.table import Table

from kg.audit.evaluate import audit as run_audit
from kg.audit.render import Format as AuditFormat
from kg.audit.render import render as render_audit
from kg.audit.render import summary_line as audit_summary
from kg.build import build as run_build
from kg.config import Settings, SettingsError
from kg.errors import DataError
from kg.fetch_reference import DEFAULT_BASE_URL, fetch_reference
from kg.importing.export import collect as collect_export
from kg.importing.export import write as write_export
from kg.importing.regional import import_path
from kg.importing.templates import write_templates
from kg.iris import Minter
from kg.named_queries import load_named_queries
from kg.store import Store, to_python
from kg.validation.engine import validate as run_validate
from kg.validation.engine import validate_pyshacl
from kg.validation.locate import find_county
from kg.validation.render import render
from kg.validation.report import build_report

app = typer.Typer(
    help="Yhdyspinta KG: build, query and inspect the knowledge graph of the cooperation "
    "of Finnish municipalities and wellbeing services counties.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", envvar="YP_STORE", help="Store location (default var/store)."),
]


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    ttl = "ttl"
    csv = "csv"
    html = "html"


class ReportLang(StrEnum):
    fi = "fi"
    en = "en"


class Engine(StrEnum):
    fast = "fast"
    pyshacl = "pyshacl"


def _settings(store: Path | None) -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if store is not None:
        settings = dataclasses.replace(settings, store_path=store)
    return settings


def _open(settings: Settings) -> Store:
    try:
        return Store.open(settings.store_path)
    except (FileNotFoundError, OSError) as exc:
        err.print(f"[red]error:[/red] cannot open the store at {settings.store_path}: {exc}")
        raise typer.Exit(2) from exc


@app.command()
def build(store: StoreOption = None) -> None:
    """Build the store from ontology/ and data/ (atomic: a failed build keeps the old one)."""
    settings = _settings(store)
    try:
        with err.status("building") as status:
            report = run_build(settings, progress=lambda msg: status.update(msg))
    except DataError as exc:
        err.print(f"[red]build failed:[/red] {exc}")
        err.print("The previous store (if any) is unchanged.")
        raise typer.Exit(2) from exc
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


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="A .rq file with one SPARQL query.")] = None,
    query_text: Annotated[str | None, typer.Option("--query", "-q", help="Query text.")] = None,
    named: Annotated[
        str | None, typer.Option("--named", "-n", help="Id of a query in queries/ to run.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a named query's parameter."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query (a file, --query TEXT, or --named ID with --param) on the store.

    Named queries bind their typed parameters into the query; nothing is pasted as text.
    Without a query, --named lists the named queries.
    """
    bindings = {}
    if named is not None:
        if file is not None or query_text is not None:
            err.print("[red]error:[/red] give --named alone, not with a FILE or --query")
            raise typer.Exit(2)
        queries = load_named_queries()
        if named not in queries:
            err.print(f"[red]error:[/red] no named query {named!r}; known: {sorted(queries)}")
            raise typer.Exit(2)
        values = dict(p.partition("=")[::2] for p in param or [])
        try:
            bindings = queries[named].bindings(values)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        text = queries[named].text
    elif (file is None) == (query_text is None):
        err.print("[red]error:[/red] give a query FILE, --query TEXT or --named ID")
        raise typer.Exit(2)
    else:
        text = query_text if query_text is not None else _read(file)  # type: ignore[arg-type]
    db = _open(_settings(store))
    try:
        result = db.query(text, bindings=bindings or None)
    except SyntaxError as exc:
        err.print(f"[red]query error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if isinstance(result, QueryBoolean):
        _emit([{"result": bool(result)}], ["result"], fmt)
    elif isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        _emit([{n: to_python(row[n]) for n in names} for row in result], names, fmt)
    else:
        sys.stdout.write("".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result))


@app.command()
def info(store: StoreOption = None) -> None:
    """Show what the current store holds and how it was built."""
    settings = _settings(store)
    db = _open(settings)
    meta = db.build_info()
    sys.stdout.write(
        json.dumps(
            {
                "store": str(settings.store_path.resolve()),
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


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A CSV/XLSX file or a folder of them.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the diff; write nothing.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Import regional data (responsibilities, agreements, negotiations, forums, dual roles).

    Every row is checked before anything is written; the files are then copied into
    data/regional/ (one named graph each) and the store is rebuilt. All or nothing.
    """
    settings = _settings(store)
    try:
        report = import_path(path, settings, dry_run=dry_run)
    except DataError as exc:
        err.print(f"[red]import failed:[/red] {exc}")
        err.print("Nothing was written; the store is unchanged.")
        raise typer.Exit(2) from exc
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.write(report.render() + "\n")


@app.command("export")
def export_command(
    county: Annotated[str, typer.Option(help="County code (01–21, or 90 for Helsinki).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.xlsx,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    store: StoreOption = None,
) -> None:
    """Export a county's regional data as filled templates (CSV files or one XLSX)."""
    settings = _settings(store)
    db = _open(settings)
    try:
        export = collect_export(db, Minter(settings.base_iri), county)
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
    target = out or _settings(None).data_dir / "templates"
    for path in write_templates(target):
        sys.stdout.write(f"{path}\n")


@app.command("fetch-reference")
def fetch_reference_command(
    year: Annotated[int, typer.Option(help="Classification year (valid on YEAR-01-01).")] = 2026,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show changes, write nothing.")
    ] = False,
    base_url: Annotated[str, typer.Option(help="Classification API base URL.")] = DEFAULT_BASE_URL,
    out_dir: Annotated[Path | None, typer.Option(help="Folder of the reference CSVs.")] = None,
) -> None:
    """Refresh data/reference/ from Statistics Finland's classification API (network needed).

    The committed snapshot is what `kg build` uses; this command updates it when the
    network allows, writing all tables together or none.
    """
    settings = _settings(None)
    target = out_dir or settings.data_dir / "reference"
    try:
        update = fetch_reference(year=year, out_dir=target, base_url=base_url, write=not dry_run)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.write(update.summary() + "\n")


AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Date the data is judged for, YYYY-MM-DD (default today).",
    ),
]
LangOption = Annotated[
    ReportLang, typer.Option("--lang", help="Language of names, messages and fixed words.")
]


@app.command("validate")
def validate_command(
    county: Annotated[
        str | None,
        typer.Option(
            help="Report only this county's results (01–21, or 90 for Helsinki); "
            "the whole graph is validated either way."
        ),
    ] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text, json, ttl (sh:ValidationReport), csv or html."),
    ] = ReportFormat.text,
    lang: LangOption = ReportLang.fi,
    engine: Annotated[
        Engine,
        typer.Option(help="fast (compiled SPARQL) or pyshacl (the slow reference)."),
    ] = Engine.fast,
    store: StoreOption = None,
) -> None:
    """Check the graph against the SHACL shapes and report what is missing or wrong.

    The report is grouped county → municipality → theme with the counts per severity
    first. Exit code 1 when a Violation is reported (so a region can run it in its
    pipeline), 0 otherwise, 2 on a usage or runtime error.
    """
    db = _open(_settings(store))
    if county is not None and find_county(db, county.strip()) is None:
        err.print(f"[red]error:[/red] no wellbeing services county with code {county!r}")
        raise typer.Exit(2)
    day = as_of.date() if as_of is not None else dt.date.today()
    try:
        check = validate_pyshacl if engine is Engine.pyshacl else run_validate
        results = check(db, as_of=day)
        report = build_report(results, db, lang=lang.value, county=county, as_of=day)
    except (LookupError, ValueError, SyntaxError) as exc:
        err.print(f"[red]validation failed:[/red] {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.write(render(report, fmt.value))
    err.print(report.summary(), markup=False, highlight=False)
    if report.has_violations:
        raise typer.Exit(1)


@app.command("audit")
def audit_command(
    as_of: AsOfOption = None,
    county: Annotated[
        str | None,
        typer.Option(help="Only this county's rows (01–21, or 90 for Helsinki)."),
    ] = None,
    obligation: Annotated[
        str | None,
        typer.Option(help="Only this duty (an id in data/obligations/obligations.csv)."),
    ] = None,
    fmt: Annotated[
        AuditFormat, typer.Option("--format", "-f", help="text, json, csv or html.")
    ] = AuditFormat.text,
    lang: LangOption = ReportLang.fi,
    store: StoreOption = None,
) -> None:
    """Audit the statutory duties of cooperation as of a date.

    Every duty × bearer (× counterparty) × period started by the date is fulfilled (with
    its evidence and source), open (period running, with the deadline), overdue (period
    ended, or a continuous duty not met) or not applicable (with the reason); counts for
    the country and per county first. Exit code 1 when any row is overdue, 0 otherwise,
    2 on a usage or runtime error (bad date, unknown county or obligation, no store).
    """
    settings = _settings(store)
    db = _open(settings)
    day = as_of.date() if as_of is not None else dt.date.today()
    try:
        result = run_audit(
            db,
            settings.data_dir,
            as_of=day,
            county=county.strip() if county is not None else None,
            obligation=obligation,
        )
    except DataError as exc:
        err.print(f"[red]audit failed:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except (LookupError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    sys.stdout.write(render_audit(result, fmt.value, lang=lang.value))
    err.print(audit_summary(result, lang=lang.value), markup=False, highlight=False)
    if any(row.status == "overdue" for row in result.rows):
        raise typer.Exit(1)


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot read {path}: {exc.strerror}")
        raise typer.Exit(2) from exc


def _emit(rows: list[dict[str, object]], names: list[str], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(*names)
        for row in rows:
            table.add_row(*("" if row[n] is None else str(row[n]) for n in names))
        Console().print(table)
        err.print(f"{len(rows)} rows")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
