"""The audit as an HTML page, fi, sv or en: what the page shows (:func:`audit_view`) and the
self-contained report file (:func:`render_html`, the template ``audit_report.html``; its
body, ``audit_body.html``, takes the same ``report``)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.audit.evaluate import STATUSES, Audit, AuditRow, Tally
from kg.audit.labels import (
    bearer_text,
    details,
    group_label,
    grouped,
    heading,
    org_label,
    period_text,
    pick,
    repeated_text,
    scope_label,
    statement_source,
    words_for,
)
from kg.web.render import Chrome, render


@dataclass(frozen=True)
class CountRow:
    """A line of the counts: its label, the rows per status (in :data:`STATUSES` order)
    and their total."""

    label: str
    counts: tuple[tuple[str, int], ...]
    total: int


@dataclass(frozen=True)
class Cited:
    """A page a record was read from: its address ("" if none), the text of its link (the
    document's reference, else the address), the day it was read, a conflict noted."""

    href: str
    text: str
    read_on: str
    conflict: str


@dataclass(frozen=True)
class Line:
    """A row of a duty's table; ``bearer`` and ``counterparty`` are "" where they repeat
    the row above."""

    bearer: str
    counterparty: str
    period: str
    status: str
    details: tuple[str, ...]
    citations: tuple[Cited, ...]


@dataclass(frozen=True)
class Duty:
    """One duty (a law section) of an organiser's rows, with its table."""

    citation: str
    finlex_url: str
    statement: str
    source: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Group:
    """An organiser's rows (or those of no organiser), by duty."""

    heading: str
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class AuditView:
    """Everything the audit page shows: its title, the counts (the total, then one line
    per organiser for the whole country), the note that makes them add up, and the rows
    by organiser and duty."""

    title: str
    statuses: tuple[str, ...]
    total: CountRow
    by_organiser: tuple[CountRow, ...]
    note: str | None
    empty: bool
    groups: tuple[Group, ...]


def _count_row(label: str, tally: Tally) -> CountRow:
    return CountRow(label, tuple((s, tally.counts.get(s, 0)) for s in STATUSES), tally.total)


def audit_view(audit: Audit, *, lang: str) -> AuditView:
    """The audit's page in ``lang`` (see :mod:`kg.audit.render` for its order)."""
    words_for(lang)  # refuses an unknown language
    summary = audit.summary()
    # organiser heading -> duties, each its first row and its lines, in report order
    groups: list[tuple[str, list[tuple[AuditRow, list[Line]]]]] = []
    county: object = ()
    duty: tuple[str | None, str] | None = None
    previous: tuple[str, str] = ("", "")
    for code, row in grouped(audit):
        if code != county:
            county = code
            groups.append((group_label(audit, code, lang), []))
        if duty != (code, row.obligation.id):
            duty = (code, row.obligation.id)
            previous = ("", "")
            groups[-1][1].append((row, []))
        other = row.counterparty
        other_iri = other.iri if other else ""
        same = previous == (row.bearer.iri, other_iri)
        groups[-1][1][-1][1].append(
            Line(
                bearer=bearer_text(audit, row, lang) if previous[0] != row.bearer.iri else "",
                counterparty="" if other is None or same else org_label(audit, other, lang),
                period=period_text(row.period, lang),
                status=row.status,
                details=tuple(details(row, lang, cite=False)),
                citations=_citations(row),
            )
        )
        previous = (row.bearer.iri, other_iri)
    return AuditView(
        title=heading(audit, lang=lang),
        statuses=STATUSES,
        total=_count_row(scope_label(audit, lang), summary.total),
        by_organiser=tuple(_count_row(group_label(audit, g.code, lang), g) for g in summary.groups),
        note=repeated_text(audit, lang),
        empty=not audit.rows,
        groups=tuple(
            Group(label, tuple(_duty(first, lang, tuple(lines)) for first, lines in duties))
            for label, duties in groups
        ),
    )


def _duty(row: AuditRow, lang: str, lines: tuple[Line, ...]) -> Duty:
    duty = row.obligation
    statement = pick(duty.statement, lang)
    return Duty(duty.citation, duty.finlex_url, statement, statement_source(row, lang), lines)


def _citations(row: AuditRow) -> tuple[Cited, ...]:
    """The pages the row's records were read from, each named by its reference."""
    return tuple(
        Cited(
            href=c.url or "",
            text=(c.reference or c.url) if c.url else (c.reference or ""),
            read_on=c.read_on.isoformat() if c.read_on else "",
            conflict=c.conflict or "",
        )
        for proof in (*row.evidence, *row.missed_by)
        for c in proof.citations
    )


def render_html(audit: Audit, *, lang: str, chrome: Chrome | None = None) -> str:
    """The audit as an HTML page; without ``chrome`` a self-contained file (no external
    CSS, scripts or fonts). All text is escaped."""
    return render("audit_report.html", lang, chrome=chrome, report=audit_view(audit, lang=lang))
