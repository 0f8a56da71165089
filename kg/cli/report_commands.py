"""``kg validate``, ``kg audit`` and ``kg coverage``: the completeness report, the legal-obligation
audit and what the public record holds."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated

import typer

from kg.cli.common import (
    AsOfOption,
    AuditFormat,
    Engine,
    LangOption,
    ReportFormat,
    ReportLang,
    StoreOption,
    app,
    err,
    open_store,
    settings_for,
)


@app.command("validate")
def validate_command(
    county: Annotated[
        str | None,
        typer.Option(
            help="Report only this organiser's results: a county 01–21, or the City of "
            "Helsinki as 90 (or by its municipality code 091); the whole graph is validated "
            "either way."
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
    from kg.validation.engine import default_checks, validate_pyshacl
    from kg.validation.engine import validate as run_validate
    from kg.validation.locate import find_county
    from kg.validation.render import render
    from kg.validation.report import build_report

    settings = settings_for(store)
    db = open_store(settings)
    if county is not None:
        try:
            find_county(db, county)
        except LookupError as exc:
            err.print(f"[red]error:[/red] --county: {exc}", highlight=False)
            raise typer.Exit(2) from exc
    day = as_of.date() if as_of is not None else dt.date.today()
    try:
        if engine is Engine.pyshacl:
            results = validate_pyshacl(db, as_of=day, shapes_dir=settings.shapes_dir)
        else:
            results = run_validate(db, as_of=day, checks=default_checks(settings.shapes_dir))
        report = build_report(results, db, lang=lang.value, county=county, as_of=day)
    except (LookupError, ValueError, SyntaxError) as exc:
        err.print(f"[red]validation failed:[/red] {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.write(render(report, fmt.value))
    err.print(report.summary(), markup=False, highlight=False)
    if report.has_violations:
        raise typer.Exit(1)


class FailOn(StrEnum):
    missed = "missed"
    no_evidence = "no-evidence"


@app.command("audit")
def audit_command(
    as_of: AsOfOption = None,
    county: Annotated[
        str | None,
        typer.Option(
            help="Only this organiser's rows: a county 01–21, or the City of Helsinki as 90 "
            "(or by its municipality code 091)."
        ),
    ] = None,
    obligation: Annotated[
        str | None,
        typer.Option(help="Only this duty (an id in data/obligations/obligations.csv)."),
    ] = None,
    fmt: Annotated[
        AuditFormat, typer.Option("--format", "-f", help="text, json, csv or html.")
    ] = AuditFormat.text,
    lang: LangOption = ReportLang.fi,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            help="Exit 1 on rows 'missed' only, or on 'no-evidence' rows as well (missed "
            "or no evidence recorded past the deadline)."
        ),
    ] = FailOn.no_evidence,
    store: StoreOption = None,
) -> None:
    """Audit the statutory duties of cooperation as of a date.

    Every duty × bearer (× counterparty) × period started by the date is fulfilled (with
    its evidence and source), open (period running, with the deadline), no evidence
    recorded (deadline passed, the register holds nothing either way), missed (deadline
    passed and the register shows it: a negotiation recorded as cancelled, an agreement or
    designation that ended without a successor) or not applicable (with the reason). The
    counts come first: for one organiser its own, for the country the total and each
    organiser's. Exit code 1 when a row is missed or (with the default --fail-on
    no-evidence) has no evidence recorded past its deadline, 0 otherwise, 2 on a usage or
    runtime error (bad date, unknown county or obligation, no store).
    """
    from kg.audit.evaluate import audit as run_audit
    from kg.audit.labels import summary_line as audit_summary
    from kg.audit.render import render as render_audit
    from kg.errors import DataError

    settings = settings_for(store)
    db = open_store(settings)
    day = as_of.date() if as_of is not None else dt.date.today()
    try:
        result = run_audit(
            db,
            as_of=day,
            county=county,
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
    if result.findings(fail_on.value):
        raise typer.Exit(1)


class CoverageFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("coverage")
def coverage_command(
    fmt: Annotated[
        CoverageFormat,
        typer.Option("--format", "-f", help="text, markdown (README's table) or json."),
    ] = CoverageFormat.text,
    lang: LangOption = ReportLang.fi,
    store: StoreOption = None,
) -> None:
    """What the public record holds for each of the 22 organisers.

    For each organiser: the facts read from public pages by kind (agreements, approvals,
    interface plans, § 14 and HYTE negotiations, other meetings, events only announced,
    forums, coordinator posts), the distinct pages they come from and the latest date, or
    "none found". The public record is data/regional/julkinen-*/ (source.json kind
    public-record). Exit code 0, 2 without a store.
    """
    from kg.coverage import coverage, render_json, render_markdown, render_text

    rows = coverage(open_store(settings_for(store)))
    if fmt is CoverageFormat.json:
        sys.stdout.write(render_json(rows))
    elif fmt is CoverageFormat.markdown:
        sys.stdout.write(render_markdown(rows, lang.value))
    else:
        sys.stdout.write(render_text(rows, lang.value))
