"""``kg backup`` and ``kg restore``: one archive of what brings the service back."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.markup import escape

from kg.cli.common import StoreOption, app, err, settings_for

if TYPE_CHECKING:
    from kg.config import Settings

DataOption = Annotated[
    Path | None,
    typer.Option("--data", envvar="YP_DATA_DIR", help="Data folder (default data/)."),
]


@app.command("backup")
def backup_command(
    out: Annotated[Path, typer.Argument(help="The archive to write (a .tar.gz file).")],
    store: StoreOption = None,
    data: DataOption = None,
) -> None:
    """Write one archive (tar.gz) of what brings the service back: the serving store's
    graphs (N-Quads), its build record and source registry, data/regional/, data/history/
    and the accounts database, with a manifest of every file's SHA-256.

    Reads under the store's write lock (no build or import runs meanwhile) and writes the
    archive whole or not at all. Prints a summary as JSON. Exit codes: 0 ok, 2 errors.
    """
    from kg.backup import BackupError, backup
    from kg.errors import DataError

    settings = _settings(store, data)
    try:
        report = backup(settings, out, on_wait=_say)
    except (BackupError, DataError, OSError) as exc:
        _fail("backup failed", exc, "Nothing was written.")
    for line in report.check.findings() if report.check else []:
        err.print(escape(line))
    for note in report.notes:
        err.print(escape(note))
    manifest = report.manifest
    err.print(
        f"backed up {manifest.triples} triples and {len(manifest.files)} files "
        f"into {escape(str(report.archive))} ({report.size} bytes) in {report.seconds:.2f} s"
    )
    _emit(
        {
            "archive": str(report.archive),
            "bytes": report.size,
            "seconds": round(report.seconds, 3),
            "triples": manifest.triples,
            "parts": manifest.parts,
            "files": len(manifest.files),
        }
    )


@app.command("restore")
def restore_command(
    archive: Annotated[Path, typer.Argument(help="An archive written by kg backup.")],
    store: StoreOption = None,
    data: DataOption = None,
) -> None:
    """Restore an archive written by kg backup: the store (made again from its graphs),
    data/regional/, data/history/ and the accounts database.

    Every file of the archive is checked against its manifest first; a damaged archive is
    refused, naming the file, and nothing is written. Then each part is replaced whole,
    the store last, as kg build does: a killed restore leaves each part old or new (run it
    again to finish). Exit codes: 0 ok, 2 errors.
    """
    from kg.backup import BackupError, restore
    from kg.errors import DataError

    settings = _settings(store, data)
    try:
        report = restore(settings, archive, on_wait=_say)
    except (BackupError, DataError, OSError) as exc:
        partly = isinstance(exc, BackupError) and "stopped after it restored" in exc.message
        _fail("restore failed", exc, "" if partly else "Nothing was changed.")
    for line in report.check.findings() if report.check else []:
        err.print(escape(line))
    for part in report.restored:
        err.print(f"restored {escape(part)}")
    for note in report.notes:
        err.print(escape(note))
    for path in report.removed:
        err.print(f"removed: {escape(str(path))}")
    err.print(f"restored {report.triples} triples in {report.seconds:.2f} s")
    _emit(
        {
            "archive": str(report.archive),
            "store": str(report.store_dir),
            "triples": report.triples,
            "archive_created_at": report.manifest.created_at,
            "restored": report.restored,
            "seconds": round(report.seconds, 3),
        }
    )


def _settings(store: Path | None, data: Path | None) -> Settings:
    settings = settings_for(store)
    return dataclasses.replace(settings, data_dir=data) if data is not None else settings


def _say(message: str) -> None:
    err.print(escape(message))


def _fail(what: str, exc: Exception, after: str) -> NoReturn:
    err.print(f"[red]{what}:[/red] {escape(str(exc))}")
    if after:
        err.print(after)
    raise typer.Exit(2) from exc


def _emit(summary: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
