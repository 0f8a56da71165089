"""The audit as a self-contained HTML page (no external CSS, scripts or fonts), fi or en."""

from __future__ import annotations

from kg.audit.evaluate import STATUSES, Audit
from kg.audit.render import (
    _county_label,
    _details,
    _grouped,
    _org,
    _period_text,
    _pick,
    _words,
    county_names,
    heading,
)
from kg.html_page import PAGE_END, esc, link, page_start

_STYLE = """
td.n { text-align: right; }
.fulfilled { color: #070; } .open { color: #06a; } .overdue { color: #a00; font-weight: bold; }
.not-applicable { color: #666; }
p.source { color: #555; font-size: 0.9em; }
""".strip()


def _count_cells(counts: dict[str, int]) -> str:
    cells = "".join(f'<td class="n {esc(s)}">{counts.get(s, 0)}</td>' for s in STATUSES)
    return cells + f'<td class="n">{sum(counts.values())}</td>'


def render_html(audit: Audit, *, lang: str) -> str:
    """A self-contained HTML page (no external CSS, scripts or fonts); all text escaped."""
    words = _words(lang)
    summary = audit.summary()
    names = county_names(audit)
    title = heading(audit, lang=lang)
    head_cells = "".join(f'<th class="{esc(s)}">{esc(words[s])}</th>' for s in STATUSES)
    out = [
        *page_start(title, lang, _STYLE),
        '<table class="summary">',
        f"<tr><th>{esc(words['code'])}</th><th>{esc(words['county'])}</th>{head_cells}"
        f"<th>{esc(words['total'])}</th></tr>",
        f"<tr><th></th><th>{esc(words['all'])}</th>{_count_cells(summary['all'])}</tr>",
    ]
    for code in (c for c in summary if c != "all"):
        out.append(
            f"<tr><td>{esc(code)}</td><td>{esc(names.get(code, ''))}</td>"
            f"{_count_cells(summary[code])}</tr>"
        )
    out.append("</table>")
    if not audit.rows:
        out.append(f"<p>{esc(words['no_rows'])}</p>")
    header = "".join(
        f"<th>{esc(words[k])}</th>"
        for k in ("bearer", "counterparty", "period", "status", "details")
    )
    last: tuple[str, str] | None = None
    county: str | None = None
    previous: tuple[str, str] = ("", "")
    for code, row in _grouped(audit):
        duty = row.obligation
        if code != county:
            if last is not None:
                out.append("</table>")
                last = None
            county = code
            out.append(f"<h2>{esc(_county_label(code, names, words))}</h2>")
        if last != (code, duty.id):
            if last is not None:
                out.append("</table>")
            last = (code, duty.id)
            previous = ("", "")
            out += [
                f"<h3>{link(duty.finlex_url, duty.citation)}: "
                f"{esc(_pick(duty.statement, lang))}</h3>",
                f'<p class="source">{esc(words["statement_source"])}: '
                f"{esc(duty.statement_source)}</p>",
                "<table>",
                f"<tr>{header}</tr>",
            ]
        other = row.counterparty
        bearer_cell = esc(_org(row.bearer)) if previous[0] != row.bearer.iri else ""
        other_iri = other.iri if other else ""
        same = previous == (row.bearer.iri, other_iri)
        other_cell = esc(_org(other)) if other is not None and not same else ""
        previous = (row.bearer.iri, other_iri)
        details = "<br>".join(esc(d) for d in _details(row, lang))
        out.append(
            "<tr>"
            f"<td>{bearer_cell}</td>"
            f"<td>{other_cell}</td>"
            f"<td>{esc(_period_text(row.period, words))}</td>"
            f'<td class="{esc(row.status)}">{esc(words[row.status])}</td>'
            f"<td>{details}</td>"
            "</tr>"
        )
    if last is not None:
        out.append("</table>")
    out += PAGE_END
    return "\n".join(out) + "\n"
