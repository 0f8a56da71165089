"""How the audit report names things, in fi, sv or en: the fixed words (:data:`WORDS`, the
one table of them for the text, JSON, CSV and HTML renderings), organisations with what they
are and their code (``hyvinvointialue 13 Pohjois-Savon hyvinvointialue``, ``kunta 140
Iisalmi``, ``työllisyysalue 13 Keski-Savo``: the words for what they are are the ontology's
labels, names are in the report's language where the graph has them), periods, counts, and
what backs each status.
"""

from __future__ import annotations

from typing import Any

from kg.audit.evaluate import STATUSES, Audit, AuditRow, Proof, Tally
from kg.audit.evidence import Org
from kg.audit.periods import FOREVER, Period
from kg.organisers import Organiser

LANGS = ("fi", "sv", "en")

WORDS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Lakisääteisten yhteistyövelvoitteiden tarkastus",
        "as_of": "tilanne",
        "all": "koko maa",
        "by_organiser": "Järjestäjittäin",
        "total": "yhteensä",
        "rows": "riviä",
        "fulfilled": "täytetty",
        "open": "avoin",
        "no-evidence": "ei kirjattua näyttöä",
        "missed": "jäi täyttämättä",
        "not-applicable": "ei sovellu",
        "no_rows": "Ei tarkastettavia velvoitteita.",
        "no_county": "ei hyvinvointialuetta",
        "repeated": "{n} riviä kuuluu kahdelle järjestäjälle (työllisyysalue kahden "
        "hyvinvointialueen alueella), ja ne on lueteltu kummankin alla: järjestäjien rivit "
        "ovat yhteensä {listed} = {total} + {n}.",
        "organiser": "Järjestäjä",
        "duty": "Velvoite",
        "bearer": "Velvoitettu",
        "counterparty": "Osapuoli",
        "organisers": "alueen järjestäjät",
        "period": "Jakso",
        "status": "Tila",
        "details": "Näyttö, määräaika, kirjaus tai syy",
        "evidence": "näyttö",
        "record": "kirjaus",
        "cancelled": "peruttu",
        "ended": "päättyi",
        "no_successor": "seuraajaa ei ole kirjattu",
        "illustrative": "kuvitteellinen esimerkkiaineisto",
        "source": "lähde",
        "deadline": "määräaika",
        "reason": "syy",
        "from": "alkaen",
        "statement_source": "Sanamuodon lähde",
        "translation": "",
    },
    "sv": {
        "title": "Granskning av de lagstadgade samarbetsskyldigheterna",
        "as_of": "läge",
        "all": "hela landet",
        "by_organiser": "Per anordnare",
        "total": "totalt",
        "rows": "rader",
        "fulfilled": "fullgjord",
        "open": "öppen",
        "no-evidence": "inga belägg registrerade",
        "missed": "ej fullgjord",
        "not-applicable": "tillämpas inte",
        "no_rows": "Inga skyldigheter att granska.",
        "no_county": "inget välfärdsområde",
        "repeated": "{n} rader hör till två anordnare (ett sysselsättningsområde inom två "
        "välfärdsområden) och listas under båda: anordnarnas rader är sammanlagt "
        "{listed} = {total} + {n}.",
        "organiser": "Anordnare",
        "duty": "Skyldighet",
        "bearer": "Skyldig",
        "counterparty": "Motpart",
        "organisers": "områdets anordnare",
        "period": "Period",
        "status": "Status",
        "details": "Belägg, tidsfrist, registrering eller orsak",
        "evidence": "belägg",
        "record": "registrering",
        "cancelled": "inställt",
        "ended": "upphörde",
        "no_successor": "ingen efterföljare registrerad",
        "illustrative": "fiktivt exempelmaterial",
        "source": "källa",
        "deadline": "tidsfrist",
        "reason": "orsak",
        "from": "från",
        "statement_source": "Formuleringens källa",
        "translation": "den svenska texten är projektets egen översättning",
    },
    "en": {
        "title": "Audit of the statutory duties of cooperation",
        "as_of": "as of",
        "all": "whole country",
        "by_organiser": "By organiser",
        "total": "total",
        "rows": "rows",
        "fulfilled": "fulfilled",
        "open": "open",
        "no-evidence": "no evidence recorded",
        "missed": "missed",
        "not-applicable": "not applicable",
        "no_rows": "No duties to audit.",
        "no_county": "no wellbeing services county",
        "repeated": "{n} rows belong to two organisers (an employment area spanning two "
        "counties) and are listed under each: the organisers' rows add up to "
        "{listed} = {total} + {n}.",
        "organiser": "Organiser",
        "duty": "Duty",
        "bearer": "Bearer",
        "counterparty": "Counterparty",
        "organisers": "organisers of its area",
        "period": "Period",
        "status": "Status",
        "details": "Evidence, deadline, record or reason",
        "evidence": "evidence",
        "record": "record",
        "cancelled": "cancelled",
        "ended": "ended",
        "no_successor": "no successor recorded",
        "illustrative": "illustrative example data",
        "source": "source",
        "deadline": "deadline",
        "reason": "reason",
        "from": "from",
        "statement_source": "Wording from",
        "translation": "the English text is the project's own translation",
    },
}


def words_for(lang: str) -> dict[str, str]:
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


def count_text(tally: Tally, words: dict[str, str]) -> str:
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
    note = f"; {words['translation']}" if words["translation"] else ""
    return f"{words['statement_source']}: {row.obligation.statement_source}{note}"


def proof_text(p: Proof, words: dict[str, str], *, iri: bool = True) -> str:
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
    return ", ".join(bits)


def details(row: AuditRow, lang: str) -> list[str]:
    """What backs the status, in words: evidence, deadline, records or reason."""
    words = words_for(lang)
    if row.status == "fulfilled":
        return [f"{words['evidence']}: {proof_text(p, words)}" for p in row.evidence]
    out = []
    if row.deadline is not None:
        out.append(f"{words['deadline']} {row.deadline.isoformat()}")
    out += [f"{words['record']}: {proof_text(p, words)}" for p in row.missed_by]
    if row.reason:
        out.append(f"{words['reason']}: {pick(row.reason, lang)}")
    return out
