"""What the commands share: the Typer app, the options, and opening settings and store.

The commands import what they run inside their functions, so that ``kg --help`` and a
light command such as ``kg info`` do not load the build, the audit, the networks (numpy,
networkx) or rdflib. Option types are therefore plain types and the enumerations here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from kg.config import Settings, SettingsError

if TYPE_CHECKING:
    from kg.store import Store

app = typer.Typer(
    help="Yhdyspinta KG: build, query and inspect the knowledge graph of the cooperation "
    "of Finnish municipalities and wellbeing services counties.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Store link (default YP_STORE, or YP_STORE_DIR when YP_STORE names a SPARQL "
        "server; else var/store).",
    ),
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


class AuditFormat(StrEnum):
    """The formats of :func:`kg.audit.render.render` (a test holds them equal)."""

    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


class ReportLang(StrEnum):
    fi = "fi"
    sv = "sv"
    en = "en"


class Engine(StrEnum):
    fast = "fast"
    pyshacl = "pyshacl"


def settings_for(store: Path | None) -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if store is not None:
        settings = dataclasses.replace(settings, store_path=store)
    return settings


def open_store(settings: Settings) -> Store:
    from kg.serving import open_store as serving_store

    try:
        return serving_store(settings)
    except (OSError, RuntimeError) as exc:  # RuntimeError: the engine's "Corruption: …"
        err.print(f"[red]error:[/red] cannot open the store at {settings.store_path}: {exc}")
        raise typer.Exit(2) from exc


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


def read_text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot read {path}: {exc.strerror}")
        raise typer.Exit(2) from exc


def emit_rows(rows: list[dict[str, object]], names: list[str], fmt: OutputFormat) -> None:
    from rich.table import Table

    from kg.spreadsheet_cells import SpreadsheetDictWriter

    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = SpreadsheetDictWriter(buf, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(*names)
        for row in rows:
            table.add_row(*("" if row[n] is None else str(row[n]) for n in names))
        Console().print(table)
        err.print(f"{len(rows)} rows")
