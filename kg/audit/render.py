"""Rendering an audit: text, JSON, CSV and a self-contained HTML page, in fi, sv or en.

Every format but CSV starts with the counts per status: for an audit of one organiser its
own counts alone, labelled with it; for the whole country the country's total (each row
once), then one line per organiser and one for rows of no organiser (Åland), and the number
of extra listings of rows that belong to two counties, so that the lines add up. CSV stays a
plain table (one header row, then one row per audit row; its ``status`` column gives the
counts). Then the rows, grouped organiser (code order, no organiser last) → duty (its law
section, the duty in short and a link to Finlex) → bearer → counterparty → period, each
with its status and, by status, the evidence, the deadline, the records that show the duty
missed, or the reason it does not apply. The words are :mod:`kg.audit.labels`'.

:func:`to_dict` is the JSON document (the API returns it as is, ``render_json`` dumps it).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from kg.audit.evaluate import STATUSES, Audit, AuditRow, Proof, Tally
from kg.audit.evidence import Org
from kg.audit.labels import (
    WORDS,
    bearer_text,
    count_text,
    details,
    group_label,
    grouped,
    heading,
    kind_word,
    org_label,
    period_text,
    pick,
    proof_text,
    repeated_text,
    scope_label,
    statement_source,
    words_for,
)
from kg.audit.periods import FOREVER, Period
from kg.audit.render_html import render_html
from kg.organisers import Organiser
from kg.spreadsheet_cells import SpreadsheetDictWriter

CSV_COLUMNS = [
    "counties",
    "county_names",
    "obligation",
    "citation",
    "statement",
    "eli",
    "finlex_url",
    "bearer_kind",
    "bearer_code",
    "bearer",
    "bearer_iri",
    "counterparty_kind",
    "counterparty_code",
    "counterparty",
    "counterparty_iri",
    "period_key",
    "period",
    "period_start",
    "period_end",
    "status",
    "status_label",
    "deadline",
    "evidence",
    "evidence_dates",
    "evidence_sources",
    "evidence_illustrative",
    "evidence_pages",
    "missed_by",
    "missed_by_notes",
    "reason",
]


# -- text ------------------------------------------------------------------------------


def render_text(audit: Audit, *, lang: str) -> str:
    """Plain text: heading, counts, then the grouped rows."""
    words = words_for(lang)
    summary = audit.summary()
    lines = [heading(audit, lang=lang)]
    lines.append(f"{scope_label(audit, lang)}: {count_text(summary.total, words)}")
    if summary.groups:
        lines.append(f"{words['by_organiser']}:")
        lines += [
            f"  {group_label(audit, g.code, lang)}: {count_text(g, words)}" for g in summary.groups
        ]
    note = repeated_text(audit, lang)
    if note:
        lines.append(note)
    if not audit.rows:
        lines.append(words["no_rows"])
    last: tuple[Any, ...] = ()
    for county, row in grouped(audit):
        duty, bearer, other = row.obligation, row.bearer, row.counterparty
        if last[:1] != (county,):
            lines += ["", f"== {group_label(audit, county, lang)} =="]
            last = (county,)
        if last[:2] != (county, duty.id):
            lines += [
                "",
                f"  {words['duty']} {duty.citation}: {pick(duty.statement, lang)}",
                f"  {duty.finlex_url}",
                f"  {statement_source(row, lang)}",
            ]
            last = (county, duty.id)
        if last[:3] != (county, duty.id, bearer.iri):
            lines.append(f"    {words['bearer']}: {bearer_text(audit, row, lang)}")
            last = (county, duty.id, bearer.iri)
        indent = "      "
        if other is not None:
            if last[:4] != (county, duty.id, bearer.iri, other.iri):
                lines.append(f"      {words['counterparty']}: {org_label(audit, other, lang)}")
                last = (county, duty.id, bearer.iri, other.iri)
            indent = "        "
        lines.append(f"{indent}[{words[row.status]}] {period_text(row.period, lang)}".rstrip())
        lines += [f"{indent}    {d}" for d in details(row, lang)]
    return "\n".join(lines) + "\n"


# -- JSON ------------------------------------------------------------------------------


def _org_dict(audit: Audit, org: Org | Organiser | None, lang: str) -> dict[str, str] | None:
    if org is None:
        return None
    name = org.name_in(lang) if isinstance(org, Org) else org.name(lang)
    return {
        "iri": org.iri,
        "kind": org.kind,
        "kind_label": kind_word(audit, org.kind, lang),
        "code": org.code,
        "name": name,
        "label": org_label(audit, org, lang),
    }


def _period_dict(period: Period | None, lang: str) -> dict[str, str | None] | None:
    if period is None:
        return None
    return {
        "key": period.key,
        "kind": period.kind,
        "label": period.label(lang),
        "start": period.start.isoformat(),
        "end": None if period.end == FOREVER else period.end.isoformat(),
        "iri": period.iri,
    }


def _rests_on_illustrative(row: AuditRow) -> bool:
    proofs = (*row.evidence, *row.missed_by)
    return bool(proofs) and all(p.illustrative for p in proofs)


def _proof_dict(p: Proof) -> dict[str, Any]:
    return {
        "iri": p.iri,
        "date": p.date.isoformat() if p.date else None,
        "source": p.source,
        "illustrative": p.illustrative,
        "cancelled": p.cancelled,
        "ended": p.ended.isoformat() if p.ended else None,
        "citations": [c.to_json() for c in p.citations],
    }


def _row_dict(audit: Audit, row: AuditRow, lang: str) -> dict[str, Any]:
    duty = row.obligation
    return {
        "obligation": duty.id,
        "citation": duty.citation,
        "statute": duty.statute,
        "section": duty.section or None,
        "eli": duty.eli,
        "finlex_url": duty.finlex_url,
        "statement": pick(duty.statement, lang),
        "statement_translated": lang != "fi",
        "statement_source": duty.statement_source,
        "in_force": duty.in_force.isoformat(),
        "bearer": _org_dict(audit, row.bearer, lang),
        "counterparty": _org_dict(audit, row.counterparty, lang),
        "period": _period_dict(row.period, lang),
        "status": row.status,
        "status_label": WORDS[lang][row.status],
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "evidence": [_proof_dict(p) for p in row.evidence],
        "missed_by": [_proof_dict(p) for p in row.missed_by],
        # the row rests on illustrative data only when all it rests on is illustrative: one
        # real (public-record) proof makes the status real
        "illustrative": _rests_on_illustrative(row),
        "reason": pick(row.reason, lang) if row.reason else None,
        "counties": [
            _org_dict(audit, audit.organisers[c], lang)
            for c in row.counties
            if c in audit.organisers
        ],
    }


def _tally_dict(audit: Audit, tally: Tally, lang: str) -> dict[str, Any]:
    organiser = audit.organisers.get(tally.code) if tally.code else None
    return {
        "organiser": _org_dict(audit, organiser, lang),
        "label": group_label(audit, tally.code, lang),
        "counts": dict(tally.counts),
        "total": tally.total,
    }


def to_dict(audit: Audit, *, lang: str) -> dict[str, Any]:
    """The audit as a JSON-ready dict: what it covers, the summary first (the total, then
    per organiser for the whole country), then one object per row (in audit order)."""
    words = words_for(lang)
    summary = audit.summary()
    return {
        "title": heading(audit, lang=lang),
        "lang": lang,
        "as_of": audit.as_of.isoformat(),
        "scope": _org_dict(audit, audit.scope, lang),
        "statuses": {s: words[s] for s in STATUSES},
        "summary": {
            "label": scope_label(audit, lang),
            "counts": dict(summary.total.counts),
            "total": summary.total.total,
            "groups": [_tally_dict(audit, g, lang) for g in summary.groups],
            "repeated": summary.repeated,
            "note": repeated_text(audit, lang),
        },
        "total": len(audit.rows),
        "rows": [_row_dict(audit, row, lang) for row in audit.rows],
    }


def render_json(audit: Audit, *, lang: str) -> str:
    return json.dumps(to_dict(audit, lang=lang), ensure_ascii=False, indent=2) + "\n"


# -- CSV -------------------------------------------------------------------------------


def _joined(proofs: tuple[Proof, ...], get: Callable[[Proof], str]) -> str:
    return ";".join(get(p) for p in proofs)


def render_csv(audit: Audit, *, lang: str) -> str:
    """A header row, then one row per audit row (in audit order); several counties,
    evidence IRIs, dates, sources and records are joined with ";"."""
    words = words_for(lang)
    buf = io.StringIO()
    writer = SpreadsheetDictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in audit.rows:
        data = _row_dict(audit, row, lang)
        bearer, other, period = data["bearer"], data["counterparty"], data["period"]
        writer.writerow(
            {
                "counties": ";".join(row.counties),
                "county_names": ";".join(c["name"] for c in data["counties"]),
                "obligation": data["obligation"],
                "citation": data["citation"],
                "statement": data["statement"],
                "eli": data["eli"],
                "finlex_url": data["finlex_url"],
                "bearer_kind": bearer["kind_label"],
                "bearer_code": bearer["code"],
                "bearer": bearer["name"],
                "bearer_iri": bearer["iri"],
                "counterparty_kind": other["kind_label"] if other else "",
                "counterparty_code": other["code"] if other else "",
                "counterparty": other["name"] if other else "",
                "counterparty_iri": other["iri"] if other else "",
                "period_key": period["key"] if period else "",
                "period": period["label"] if period else "",
                "period_start": period["start"] if period else "",
                "period_end": (period["end"] or "") if period else "",
                "status": row.status,
                "status_label": data["status_label"],
                "deadline": data["deadline"] or "",
                "evidence": _joined(row.evidence, lambda p: p.iri),
                "evidence_dates": _joined(
                    row.evidence, lambda p: p.date.isoformat() if p.date else ""
                ),
                "evidence_sources": _joined(row.evidence, lambda p: p.source or ""),
                "evidence_pages": _joined(
                    row.evidence, lambda p: " ".join(c.url or "" for c in p.citations)
                ),
                "evidence_illustrative": _joined(
                    row.evidence, lambda p: "true" if p.illustrative else "false"
                ),
                "missed_by": _joined(row.missed_by, lambda p: p.iri),
                "missed_by_notes": _joined(
                    row.missed_by, lambda p: proof_text(p, words, iri=False)
                ),
                "reason": data["reason"] or "",
            }
        )
    return buf.getvalue()


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}


def render(audit: Audit, fmt: str, *, lang: str) -> str:
    """The audit in one of :data:`RENDERERS`' formats, in ``lang`` (fi, sv or en)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"format must be one of {', '.join(RENDERERS)}, not {fmt!r}") from None
    return renderer(audit, lang=lang)
