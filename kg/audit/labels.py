"""How the audit report names things, in fi, sv or en: the fixed words (:data:`WORDS`, the
``audit.*`` messages of the catalogue ``kg.messages``, for the text, JSON, CSV and HTML
renderings), organisations with what they
are and their code (``hyvinvointialue 13 Pohjois-Savon hyvinvointialue``, ``kunta 140
Iisalmi``, ``työllisyysalue 13 Keski-Savo``: the words for what they are are the ontology's
labels, names are in the report's language where the graph has them), periods, counts, and
what backs each status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.audit.evaluate import STATUSES, Audit, AuditRow, Proof, Tally
from kg.audit.evidence import Org
from kg.audit.periods import FOREVER, Period
from kg.cooperation import Citation
from kg.messages import Words
from kg.organisers import Organiser

LANGS = ("fi", "sv", "en")

# the fixed words, from the one catalogue (kg/locale/*/LC_MESSAGES/messages.po, ``audit.*``)
WORDS: dict[str, Words] = {lang: Words("audit", lang) for lang in LANGS}


def words_for(lang: str) -> Words:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return WORDS[lang]


def pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("fi") or next(iter(texts.values()), "")


def kind_word(audit: Audit, kind: str, lang: str) -> str:
    """What an organisation is, in ``lang``: the ontology's label of its class."""
    return pick(audit.kind_labels.get(kind, {}), lang) or kind


def org_label(audit: Audit, org: Org | Organiser, lang: str) -> str:
    """``kunta 140 Iisalmi``: what it is, its code, its name in ``lang``."""
    name = org.name_in(lang) if isinstance(org, Org) else org.name(lang)
    return f"{kind_word(audit, org.kind, lang)} {org.code} {name}"


def group_label(audit: Audit, code: str | None, lang: str) -> str:
    """An organiser group's heading; ``code`` None for rows of no organiser."""
    if code is None:
        return words_for(lang)["no_county"]
    organiser = audit.organisers.get(code)
    return org_label(audit, organiser, lang) if organiser else code


def scope_label(audit: Audit, lang: str) -> str:
    """What the audit covers: the organiser audited, or the whole country."""
    if audit.scope is not None:
        return org_label(audit, audit.scope, lang)
    return words_for(lang)["all"]


def heading(audit: Audit, *, lang: str) -> str:
    words = words_for(lang)
    return (
        f"{words['title']}: {scope_label(audit, lang)}, {words['as_of']} {audit.as_of.isoformat()}"
    )


def count_text(tally: Tally, words: Mapping[str, str]) -> str:
    parts = ", ".join(f"{words[s]} {tally.counts.get(s, 0)}" for s in STATUSES)
    return f"{parts} ({words['total']} {tally.total})"


def repeated_text(audit: Audit, lang: str) -> str | None:
    """The note that makes the organisers' counts add up, when rows are listed twice."""
    summary = audit.summary()
    if not summary.repeated:
        return None
    listed = sum(g.total for g in summary.groups)
    return words_for(lang)["repeated"].format(
        n=summary.repeated, listed=listed, total=summary.total.total
    )


def summary_line(audit: Audit, *, lang: str) -> str:
    """One line for the log: what was audited and its counts per status."""
    words = words_for(lang)
    return f"{heading(audit, lang=lang)}: " + count_text(audit.summary().total, words)


def grouped(audit: Audit) -> list[tuple[str | None, AuditRow]]:
    """(organiser code, row) in report order: :meth:`Audit.placements` sorted by
    organiser (no organiser last), duty (file order), bearer, counterparty and period."""
    order: dict[str, int] = {}
    for row in audit.rows:
        order.setdefault(row.obligation.id, len(order))

    def key(item: tuple[str | None, AuditRow]) -> tuple[Any, ...]:
        county, row = item
        other = row.counterparty
        return (
            county is None,
            county or "",
            order[row.obligation.id],
            row.bearer.code,
            row.bearer.iri,
            other.code if other else "",
            other.iri if other else "",
            row.period.start if row.period else FOREVER,
        )

    return sorted(audit.placements(), key=key)


def bearer_text(audit: Audit, row: AuditRow, lang: str) -> str:
    """The bearer, and the organisers of its area when it lies in more than one."""
    text = org_label(audit, row.bearer, lang)
    if len(row.counties) > 1:
        names = ", ".join(group_label(audit, c, lang) for c in row.counties)
        text += f" ({words_for(lang)['organisers']}: {names})"
    return text


def period_text(period: Period | None, lang: str) -> str:
    if period is None:
        return ""
    words = words_for(lang)
    if period.end == FOREVER:
        return f"{period.label(lang)} ({words['from']} {period.start.isoformat()})"
    return f"{period.label(lang)} ({period.start.isoformat()} – {period.end.isoformat()})"


def statement_source(row: AuditRow, lang: str) -> str:
    words = words_for(lang)
    note = f"; {words['translation']}" if lang != "fi" else ""  # sv and en are ours
    return f"{words['statement_source']}: {row.obligation.statement_source}{note}"


def proof_text(p: Proof, words: Mapping[str, str], *, iri: bool = True, cite: bool = True) -> str:
    bits = [p.iri] if iri else []
    if p.date is not None:
        bits.append(p.date.isoformat())
    if p.cancelled:
        bits.append(words["cancelled"])
    if p.ended is not None:
        bits.append(f"{words['ended']} {p.ended.isoformat()}, {words['no_successor']}")
    if p.source:
        bits.append(f"{words['source']} {p.source}")
    if p.illustrative:
        bits.append(words["illustrative"])
    if cite:
        bits += [citation_text(c, words) for c in p.citations]
    return ", ".join(bits)


def citation_text(c: Citation, words: Mapping[str, str]) -> str:
    """Where a record was read: ``read from URL (reference; read on DATE; conflict: …)``."""
    about = [c.reference or ""]
    if c.read_on is not None:
        about.append(f"{words['read_on']} {c.read_on.isoformat()}")
    if c.conflict:
        about.append(f"{words['conflict']}: {c.conflict}")
    inside = "; ".join(a for a in about if a)
    return f"{words['read_from']} {c.url or ''}" + (f" ({inside})" if inside else "")


def details(row: AuditRow, lang: str, *, cite: bool = True) -> list[str]:
    """What backs the status, in words: evidence, deadline, records or reason (each
    record with the pages it was read from unless ``cite`` is false)."""
    words = words_for(lang)
    if row.status == "fulfilled":
        return [f"{words['evidence']}: {proof_text(p, words, cite=cite)}" for p in row.evidence]
    out = []
    if row.deadline is not None:
        out.append(f"{words['deadline']} {row.deadline.isoformat()}")
    out += [f"{words['record']}: {proof_text(p, words, cite=cite)}" for p in row.missed_by]
    if row.reason:
        out.append(f"{words['reason']}: {pick(row.reason, lang)}")
    return out
