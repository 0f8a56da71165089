"""Rendering an audit: text, JSON, CSV and a self-contained HTML page, in Finnish or English.

Every format but CSV starts with the counts per status, for the country and per county
(code and name); CSV stays a plain table (one header row, then one row per audit row; its
``status`` column gives the counts). Then the rows, grouped county (code order, rows with no
county last) → obligation (its law section, the duty in short and a link to Finlex) →
bearer → counterparty → period, each with its status and, by status, the evidence (IRI,
date, source file), the deadline, or the reason it does not apply. A row that belongs to
two counties (an employment area spanning them) is listed under each but counted once in
the country's counts.

:func:`to_dict` is the JSON document (the API returns it as is, ``render_json`` dumps it).
County names are taken from the rows whose bearer or counterparty is the county itself; a
county named by no row is shown by its code alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from kg.audit.evaluate import STATUSES, Audit, AuditRow
from kg.audit.evidence import Org
from kg.audit.periods import FOREVER, Period

LANGS = ("fi", "en")


class Format(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


WORDS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Lakisääteisten yhteistyövelvoitteiden tarkastus",
        "as_of": "tilanne",
        "all": "Koko maa",
        "by_county": "Hyvinvointialueittain",
        "total": "yhteensä",
        "fulfilled": "täytetty",
        "open": "avoin",
        "overdue": "myöhässä",
        "not-applicable": "ei sovellu",
        "no_rows": "Ei tarkastettavia velvoitteita.",
        "no_county": "Ei hyvinvointialuetta",
        "county": "Hyvinvointialue",
        "code": "Tunnus",
        "name": "Nimi",
        "bearer": "Velvoitettu",
        "counterparty": "Osapuoli",
        "period": "Jakso",
        "status": "Tila",
        "details": "Näyttö, määräaika tai syy",
        "evidence": "näyttö",
        "illustrative": "kuvitteellinen esimerkkiaineisto",
        "source": "lähde",
        "deadline": "määräaika",
        "reason": "syy",
        "continuous": "jatkuva",
        "from": "alkaen",
        "statement_source": "Sanamuodon lähde",
    },
    "en": {
        "title": "Audit of the statutory duties of cooperation",
        "as_of": "as of",
        "all": "Whole country",
        "by_county": "By county",
        "total": "total",
        "fulfilled": "fulfilled",
        "open": "open",
        "overdue": "overdue",
        "not-applicable": "not applicable",
        "no_rows": "No duties to audit.",
        "no_county": "No wellbeing services county",
        "county": "County",
        "code": "Code",
        "name": "Name",
        "bearer": "Bearer",
        "counterparty": "Counterparty",
        "period": "Period",
        "status": "Status",
        "details": "Evidence, deadline or reason",
        "evidence": "evidence",
        "illustrative": "illustrative example data",
        "source": "source",
        "deadline": "deadline",
        "reason": "reason",
        "continuous": "continuous",
        "from": "from",
        "statement_source": "Wording from",
    },
}

CSV_COLUMNS = [
    "counties",
    "obligation",
    "citation",
    "statement",
    "eli",
    "finlex_url",
    "bearer_code",
    "bearer",
    "bearer_iri",
    "counterparty_code",
    "counterparty",
    "counterparty_iri",
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
    "reason",
]


def _words(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return WORDS[lang]


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("fi") or next(iter(texts.values()), "")


def heading(audit: Audit, *, lang: str) -> str:
    words = _words(lang)
    return f"{words['title']}, {words['as_of']} {audit.as_of.isoformat()}"


def county_names(audit: Audit) -> dict[str, str]:
    """County code → name, from the rows whose bearer or counterparty is a county."""
    names: dict[str, str] = {}
    for row in audit.rows:
        if row.obligation.bearer == "county" and row.bearer.code in row.counties:
            names.setdefault(row.bearer.code, row.bearer.name)
        other = row.counterparty
        if row.obligation.counterparty == "county" and other is not None:
            names.setdefault(other.code, other.name)
    return names


def _count_text(counts: dict[str, int], words: dict[str, str]) -> str:
    parts = ", ".join(f"{words[s]} {counts.get(s, 0)}" for s in STATUSES)
    return f"{parts} ({words['total']} {sum(counts.values())})"


def summary_line(audit: Audit, *, lang: str) -> str:
    """One line for the log: the country's counts per status."""
    words = _words(lang)
    return f"{words['title']} ({audit.as_of.isoformat()}): " + _count_text(
        audit.summary()["all"], words
    )


def _county_label(code: str, names: dict[str, str], words: dict[str, str]) -> str:
    if not code:
        return words["no_county"]
    return f"{code} {names[code]}" if code in names else code


def _grouped(audit: Audit) -> list[tuple[str, AuditRow]]:
    """(county code, row) in report order; a row of two counties is under each, a row of
    none under "" (last)."""
    order: dict[str, int] = {}
    for row in audit.rows:
        order.setdefault(row.obligation.id, len(order))

    def key(item: tuple[str, AuditRow]) -> tuple[Any, ...]:
        county, row = item
        other = row.counterparty
        return (
            county == "",
            county,
            order[row.obligation.id],
            row.bearer.code,
            row.bearer.iri,
            other.code if other else "",
            other.iri if other else "",
            row.period.start if row.period else FOREVER,
        )

    items = [(c, row) for row in audit.rows for c in (row.counties or ("",))]
    return sorted(items, key=key)


def _org(org: Org) -> str:
    return f"{org.code} {org.name}"


def _period_text(period: Period | None, words: dict[str, str]) -> str:
    if period is None:
        return ""
    if period.end == FOREVER:
        return f"{words['continuous']} ({words['from']} {period.start.isoformat()})"
    return f"{period.label} ({period.start.isoformat()} – {period.end.isoformat()})"


def _details(row: AuditRow, lang: str) -> list[str]:
    """What backs the status, in words: evidence, deadline or reason."""
    words = WORDS[lang]
    if row.status == "fulfilled":
        out = []
        for p in row.evidence:
            bits = [p.iri]
            if p.date is not None:
                bits.append(p.date.isoformat())
            if p.source:
                bits.append(f"{words['source']} {p.source}")
            if p.illustrative:
                bits.append(words["illustrative"])
            out.append(f"{words['evidence']}: " + ", ".join(bits))
        return out
    if row.status in ("open", "overdue") and row.deadline is not None:
        return [f"{words['deadline']} {row.deadline.isoformat()}"]
    if row.reason:
        return [f"{words['reason']}: {_pick(row.reason, lang)}"]
    return []


# -- text ------------------------------------------------------------------------------


def render_text(audit: Audit, *, lang: str) -> str:
    """Plain text: heading, counts (country, then per county), then the grouped rows."""
    words = _words(lang)
    summary = audit.summary()
    names = county_names(audit)
    lines = [heading(audit, lang=lang), f"{words['all']}: {_count_text(summary['all'], words)}"]
    counties = [c for c in summary if c != "all"]
    if counties:
        lines.append(f"{words['by_county']}:")
        lines += [
            f"  {_county_label(c, names, words)}: {_count_text(summary[c], words)}"
            for c in counties
        ]
    if not audit.rows:
        lines.append(words["no_rows"])
    last: tuple[Any, ...] = ()
    for county, row in _grouped(audit):
        duty, bearer, other = row.obligation, row.bearer, row.counterparty
        if last[:1] != (county,):
            lines += ["", f"== {_county_label(county, names, words)} =="]
            last = (county,)
        if last[:2] != (county, duty.id):
            lines += [
                "",
                f"  {duty.citation}: {_pick(duty.statement, lang)}",
                f"  {duty.finlex_url}",
            ]
            last = (county, duty.id)
        if last[:3] != (county, duty.id, bearer.iri):
            lines.append(f"    {_org(bearer)}")
            last = (county, duty.id, bearer.iri)
        indent = "      "
        if other is not None:
            if last[:4] != (county, duty.id, bearer.iri, other.iri):
                lines.append(f"      {words['counterparty'].lower()} {_org(other)}")
                last = (county, duty.id, bearer.iri, other.iri)
            indent = "        "
        period = _period_text(row.period, words)
        lines.append(f"{indent}[{words[row.status]}] {period}".rstrip())
        lines += [f"{indent}    {d}" for d in _details(row, lang)]
    return "\n".join(lines) + "\n"


# -- JSON ------------------------------------------------------------------------------


def _org_dict(org: Org | None) -> dict[str, str] | None:
    return None if org is None else {"iri": org.iri, "code": org.code, "name": org.name}


def _period_dict(period: Period | None) -> dict[str, str | None] | None:
    if period is None:
        return None
    return {
        "label": period.label,
        "start": period.start.isoformat(),
        "end": None if period.end == FOREVER else period.end.isoformat(),
        "iri": period.iri,
    }


def _row_dict(row: AuditRow, lang: str) -> dict[str, Any]:
    duty = row.obligation
    return {
        "obligation": duty.id,
        "citation": duty.citation,
        "statute": duty.statute,
        "section": duty.section or None,
        "eli": duty.eli,
        "finlex_url": duty.finlex_url,
        "statement": _pick(duty.statement, lang),
        "statement_source": duty.statement_source,
        "in_force": duty.in_force.isoformat(),
        "bearer": _org_dict(row.bearer),
        "counterparty": _org_dict(row.counterparty),
        "period": _period_dict(row.period),
        "status": row.status,
        "status_label": WORDS[lang][row.status],
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "evidence": [
            {
                "iri": p.iri,
                "date": p.date.isoformat() if p.date else None,
                "source": p.source,
                "illustrative": p.illustrative,
            }
            for p in row.evidence
        ],
        "illustrative": any(p.illustrative for p in row.evidence),
        "reason": _pick(row.reason, lang) if row.reason else None,
        "counties": list(row.counties),
    }


def to_dict(audit: Audit, *, lang: str) -> dict[str, Any]:
    """The audit as a JSON-ready dict: the summary first (as :meth:`Audit.summary`), the
    county names, then one object per row (in audit order), each citing its law section."""
    _words(lang)
    return {
        "title": heading(audit, lang=lang),
        "lang": lang,
        "as_of": audit.as_of.isoformat(),
        "summary": audit.summary(),
        "county_names": dict(sorted(county_names(audit).items())),
        "total": len(audit.rows),
        "rows": [_row_dict(row, lang) for row in audit.rows],
    }


def render_json(audit: Audit, *, lang: str) -> str:
    return json.dumps(to_dict(audit, lang=lang), ensure_ascii=False, indent=2) + "\n"


# -- CSV -------------------------------------------------------------------------------


def render_csv(audit: Audit, *, lang: str) -> str:
    """A header row, then one row per audit row (in audit order); several counties,
    evidence IRIs, dates and sources are joined with ";"."""
    _words(lang)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in audit.rows:
        data = _row_dict(row, lang)
        bearer, other, period = data["bearer"], data["counterparty"], data["period"]
        writer.writerow(
            {
                "counties": ";".join(row.counties),
                "obligation": data["obligation"],
                "citation": data["citation"],
                "statement": data["statement"],
                "eli": data["eli"],
                "finlex_url": data["finlex_url"],
                "bearer_code": bearer["code"],
                "bearer": bearer["name"],
                "bearer_iri": bearer["iri"],
                "counterparty_code": other["code"] if other else "",
                "counterparty": other["name"] if other else "",
                "counterparty_iri": other["iri"] if other else "",
                "period": period["label"] if period else "",
                "period_start": period["start"] if period else "",
                "period_end": (period["end"] or "") if period else "",
                "status": row.status,
                "status_label": data["status_label"],
                "deadline": data["deadline"] or "",
                "evidence": ";".join(p.iri for p in row.evidence),
                "evidence_dates": ";".join(
                    p.date.isoformat() if p.date else "" for p in row.evidence
                ),
                "evidence_sources": ";".join(p.source or "" for p in row.evidence),
                "evidence_illustrative": ";".join(
                    "true" if p.illustrative else "false" for p in row.evidence
                ),
                "reason": data["reason"] or "",
            }
        )
    return buf.getvalue()


def _render_html(audit: Audit, *, lang: str) -> str:
    from kg.audit.render_html import render_html  # the HTML page builds on this module

    return render_html(audit, lang=lang)


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": _render_html,
}


def render(audit: Audit, fmt: str, *, lang: str) -> str:
    """The audit in one of :data:`RENDERERS`' formats, in ``lang`` (fi or en)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"format must be one of {', '.join(RENDERERS)}, not {fmt!r}") from None
    return renderer(audit, lang=lang)
