"""An import's result as text for people (in fi, sv or en) and as JSON for scripts.

Errors are grouped by file and sheet in row order, each with its fix, the first
``MAX_SHOWN`` listed and the rest counted; the same cap holds in JSON, which gives the
total. Error, warning and note messages are in English; the change list and the fixed
words are in the chosen language.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import MAX_SHOWN, DataError, DataErrors, ordered
from kg.importing.importer import ImportReport
from kg.importing.regional import SIDECAR
from kg.importing.words import word


def render_errors(errors: DataErrors, *, limit: int = MAX_SHOWN) -> str:
    """Every error (up to ``limit``) under its file and sheet, in row order."""
    total = len(errors.errors)
    lines = [f"{total} error{'s' if total != 1 else ''}:"]
    lines += _located(errors.errors[:limit])
    if total > limit:
        lines.append(f"… and {total - limit} more")
    return "\n".join(lines)


def _located(items: list[DataError]) -> list[str]:
    lines = []
    group: tuple[Path | None, str | None] | None = None
    for e in ordered(items):
        if (e.path, e.sheet) != group:
            group = (e.path, e.sheet)
            head = str(e.path) if e.path else "(no file)"
            lines.append(head + (f", sheet {e.sheet!r}" if e.sheet else ""))
        where = ", ".join(
            part
            for part in (
                f"row {e.line}" if e.line is not None else "",
                f"column {e.column!r}" if e.column is not None else "",
            )
            if part
        )
        lines.append(f"  {where + ': ' if where else ''}{e.message}")
        if e.fix:
            lines.append(f"      fix: {e.fix}")
    return lines


def render(report: ImportReport, *, lang: str = "fi", rdf: bool = False) -> str:
    folder = _shown(report.target.folder, report.target.root)
    lines = [word("target", lang, folder=folder)]
    data_files = [p for p in report.stale if not p.name.endswith(SIDECAR)]
    if data_files and report.changed:  # their provenance sidecars go with them
        names = ", ".join(str(p.relative_to(report.target.folder)) for p in data_files)
        lines.append(word("to_remove", lang, files=names))
    lines.append(report.diff.render() if rdf else report.changes.render(lang))
    for key, items in (("warnings", report.warnings), ("notes", report.notes)):
        if items:
            lines.append(word(key, lang) + ":")
            lines += ["  " + line for line in _located(items[:MAX_SHOWN])]
            if len(items) > MAX_SHOWN:
                lines.append("  " + word("more", lang, n=len(items) - MAX_SHOWN))
    if report.dry_run:
        lines.append(word("dry_run", lang, rows=report.rows, files=len(report.files)))
    elif not report.changed:
        lines.append(word("unchanged", lang, rows=report.rows))
    else:
        lines.append(
            word(
                "imported",
                lang,
                rows=report.rows,
                folder=folder,
                written=len(report.written),
                removed=len(report.removed),
            )
        )
    if report.store_stale:
        lines.append(word("store_stale", lang, folder=folder))
    return "\n".join(lines)


def as_json(report: ImportReport, *, lang: str = "fi", rdf: bool = False) -> dict[str, object]:
    counts = report.changes.counts()
    out: dict[str, object] = {
        "ok": True,
        "dry_run": report.dry_run,
        "folder": str(report.target.folder),
        "files": [str(p) for p in report.files],
        "rows": report.rows,
        "changed": report.changed,
        "store_stale": report.store_stale,
        "counts": counts,
        "changes": report.changes.as_json(lang),
        "other_statements": report.changes.other_statements,
        "to_remove": [str(p) for p in report.stale] if report.changed else [],
        "written": [str(p) for p in report.written],
        "removed": [str(p) for p in report.removed],
        "warnings": [w.as_dict() for w in report.warnings[:MAX_SHOWN]],
        "warnings_total": len(report.warnings),
        "notes": [n.as_dict() for n in report.notes[:MAX_SHOWN]],
        "notes_total": len(report.notes),
    }
    if rdf:
        out["rdf"] = [
            {
                "subject": c.subject,
                "added": sorted(str(t) for t in c.added),
                "removed": sorted(str(t) for t in c.removed),
            }
            for c in report.diff.changes
        ]
    return out


def errors_json(errors: DataErrors, *, limit: int = MAX_SHOWN) -> dict[str, object]:
    return {
        "ok": False,
        "errors": [e.as_dict() for e in errors.errors[:limit]],
        "errors_total": len(errors.errors),
    }


def _shown(folder: Path, root: Path) -> str:
    """``data/regional/NAME/`` as the data folder names it."""
    return f"{root.parent.name}/{root.name}/{folder.name}/"
