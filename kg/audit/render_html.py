"""The audit as a self-contained HTML page (no external CSS, scripts or fonts), fi, sv or en."""

from __future__ import annotations

from collections.abc import Mapping

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
from kg.html_page import PAGE_END, esc, link, page_start

_STYLE = """
td.n { text-align: right; }
.fulfilled { color: #070; } .open { color: #06a; } .no-evidence { color: #a60; }
.missed { color: #a00; font-weight: bold; } .not-applicable { color: #666; }
tr.total th, tr.total td { font-weight: bold; }
p.source, p.note { color: #555; font-size: 0.9em; }
""".strip()


def _count_cells(tally: Tally) -> str:
    cells = "".join(f'<td class="n {esc(s)}">{tally.counts.get(s, 0)}</td>' for s in STATUSES)
    return cells + f'<td class="n">{tally.total}</td>'


def render_html(audit: Audit, *, lang: str) -> str:
    """A self-contained HTML page (no external CSS, scripts or fonts); all text escaped."""
    words = words_for(lang)
    summary = audit.summary()
    head_cells = "".join(f'<th class="{esc(s)}">{esc(words[s])}</th>' for s in STATUSES)
    out = [
        *page_start(heading(audit, lang=lang), lang, _STYLE),
        '<table class="summary">',
        f"<tr><th>{esc(words['organiser'])}</th>{head_cells}<th>{esc(words['total'])}</th></tr>",
        f'<tr class="total"><th>{esc(scope_label(audit, lang))}</th>'
        f"{_count_cells(summary.total)}</tr>",
    ]
    for group in summary.groups:
        out.append(
            f"<tr><td>{esc(group_label(audit, group.code, lang))}</td>{_count_cells(group)}</tr>"
        )
    out.append("</table>")
    note = repeated_text(audit, lang)
    if note:
        out.append(f'<p class="note">{esc(note)}</p>')
    if not audit.rows:
        out.append(f"<p>{esc(words['no_rows'])}</p>")
    header = "".join(
        f"<th>{esc(words[k])}</th>"
        for k in ("bearer", "counterparty", "period", "status", "details")
    )
    last: tuple[str | None, str] | None = None
    county: object = ()
    previous: tuple[str, str] = ("", "")
    for code, row in grouped(audit):
        duty = row.obligation
        if code != county:
            if last is not None:
                out.append("</table>")
                last = None
            county = code
            out.append(f"<h2>{esc(group_label(audit, code, lang))}</h2>")
        if last != (code, duty.id):
            if last is not None:
                out.append("</table>")
            last = (code, duty.id)
            previous = ("", "")
            out += [
                f"<h3>{esc(words['duty'])} {link(duty.finlex_url, duty.citation)}: "
                f"{esc(pick(duty.statement, lang))}</h3>",
                f'<p class="source">{esc(statement_source(row, lang))}</p>',
                "<table>",
                f"<tr>{header}</tr>",
            ]
        other = row.counterparty
        bearer_cell = esc(bearer_text(audit, row, lang)) if previous[0] != row.bearer.iri else ""
        other_iri = other.iri if other else ""
        same = previous == (row.bearer.iri, other_iri)
        other_cell = esc(org_label(audit, other, lang)) if other is not None and not same else ""
        previous = (row.bearer.iri, other_iri)
        cells = "<br>".join(
            [esc(d) for d in details(row, lang, cite=False)] + _citation_links(row, words)
        )
        out.append(
            "<tr>"
            f"<td>{bearer_cell}</td>"
            f"<td>{other_cell}</td>"
            f"<td>{esc(period_text(row.period, lang))}</td>"
            f'<td class="{esc(row.status)}">{esc(words[row.status])}</td>'
            f"<td>{cells}</td>"
            "</tr>"
        )
    if last is not None:
        out.append("</table>")
    out += PAGE_END
    return "\n".join(out) + "\n"


def _citation_links(row: AuditRow, words: Mapping[str, str]) -> list[str]:
    """The pages the row's records were read from, each a link named by its reference."""
    out = []
    for proof in (*row.evidence, *row.missed_by):
        for c in proof.citations:
            named = link(c.url, c.reference or c.url) if c.url else esc(c.reference or "")
            read = f", {esc(words['read_on'])} {c.read_on.isoformat()}" if c.read_on else ""
            conflict = f"; {esc(words['conflict'])}: {esc(c.conflict)}" if c.conflict else ""
            out.append(
                f'<span class="cited">{esc(words["read_from"])} {named}{read}{conflict}</span>'
            )
    return out
