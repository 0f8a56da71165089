"""The audit: for every duty × bearer (× counterparty) × period started by the date, whether
it is fulfilled (with the evidence), open (period running, with its deadline), overdue
(period ended, or a continuous duty not met), or not applicable (with the reason).

A continuous duty (a designated post, a valid agreement) is judged on the as-of date: not
met then is overdue, its deadline the date the duty came into force. Evidence dated on the
last day of a period counts for that period only (periods are inclusive and do not overlap).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.audit.evidence import Evidence, Org, read_evidence
from kg.audit.obligations import Obligation, load_obligations
from kg.audit.periods import FOREVER, Period, last_known_day, periods
from kg.store import Store

STATUSES = ("fulfilled", "open", "overdue", "not-applicable")
REASONS = {
    "aland": {"fi": "Ahvenanmaa: uudistus ei koske maakuntaa", "en": "Åland: outside the reform"},
    "helsinki": {
        "fi": "Helsingin kaupunki järjestää palvelut itse",
        "en": "the City of Helsinki organises these services itself",
    },
    "not-in-force": {
        "fi": "velvoite ei ollut vielä voimassa (voimassa {date} alkaen)",
        "en": "the duty was not yet in force (from {date})",
    },
}


@dataclass(frozen=True)
class Proof:
    iri: str
    date: dt.date | None
    source: str | None
    illustrative: bool = False  # from the illustrative example region, not real data


@dataclass(frozen=True)
class AuditRow:
    obligation: Obligation
    bearer: Org
    counterparty: Org | None
    period: Period | None
    status: str
    counties: tuple[str, ...]  # county codes the row belongs to (for grouping and filters)
    evidence: tuple[Proof, ...] = ()
    deadline: dt.date | None = None
    reason: dict[str, str] = field(default_factory=dict)


@dataclass
class Audit:
    as_of: dt.date
    rows: list[AuditRow]

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per status for the country ("all") and per county code."""
        out: dict[str, Counter[str]] = {"all": Counter()}
        for row in self.rows:
            out["all"][row.status] += 1
            for code in row.counties:
                out.setdefault(code, Counter())[row.status] += 1
        return {k: {s: c[s] for s in STATUSES} for k, c in sorted(out.items())}


def audit(
    store: Store,
    data_dir: Path,
    *,
    as_of: dt.date,
    county: str | None = None,
    obligation: str | None = None,
) -> Audit:
    """Audit every duty in ``data_dir/obligations`` as of ``as_of`` (the one function the
    CLI and the API call). ``county`` (a code) and ``obligation`` (an id) filter the rows."""
    last = last_known_day(store)
    if last is not None and as_of > last:
        raise ValueError(
            f"as_of {as_of.isoformat()} is after the last council term in the data "
            f"(ends {last.isoformat()}); add the next terms to data/legal/council_terms.csv"
        )
    duties = load_obligations(data_dir)
    if obligation is not None:
        duties = [d for d in duties if d.id == obligation]
        if not duties:
            raise LookupError(f"no obligation with id {obligation!r}")
    ev = read_evidence(store)
    rows: list[AuditRow] = []
    for duty in duties:
        rows += _audit_duty(store, duty, ev, as_of)
    if county is not None:
        code = county.zfill(2)
        if code not in {c.code for c in ev.counties.values()}:
            raise LookupError(f"no wellbeing services county with code {code}")
        rows = [r for r in rows if code in r.counties]
    return Audit(as_of, rows)


def _county_codes(ev: Evidence, org: Org) -> tuple[str, ...]:
    if org.iri in ev.counties:  # a county, or Helsinki as the organiser (code 90)
        return (ev.counties[org.iri].code,)
    if org.county:
        return (ev.counties[org.county].code,)
    return tuple(sorted(ev.counties[c].code for c in org.counties if c in ev.counties))


def _pairs(duty: Obligation, ev: Evidence) -> list[tuple[Org, Org | None]]:
    if duty.bearer == "county":
        bearers = list(ev.counties.values())
    elif duty.bearer == "municipality":
        bearers = list(ev.municipalities.values())
    else:
        bearers = list(ev.areas.values())
    out: list[tuple[Org, Org | None]] = []
    for bearer in sorted(bearers, key=lambda o: o.code):
        if duty.counterparty == "municipality":
            members = [m for m in ev.municipalities.values() if m.county == bearer.iri]
            out += [(bearer, m) for m in sorted(members, key=lambda o: o.code)]
        elif duty.counterparty == "county":
            out.append((bearer, ev.counties.get(bearer.county or "")))
        else:
            out.append((bearer, None))
    return out


def _audit_duty(store: Store, duty: Obligation, ev: Evidence, as_of: dt.date) -> list[AuditRow]:
    rows = []
    spans = periods(store, duty.period, in_force=duty.in_force, as_of=as_of)
    for bearer, other in _pairs(duty, ev):
        counties = _county_codes(ev, bearer)
        reason = _not_applicable(duty, ev, bearer, other, as_of)
        if reason:
            rows.append(
                AuditRow(duty, bearer, other, None, "not-applicable", counties, reason=reason)
            )
            continue
        for period in spans:
            proofs = _proofs(duty, ev, bearer, other, period, as_of)
            if proofs:
                status, deadline = "fulfilled", None
            elif period.end == FOREVER:
                status, deadline = "overdue", duty.in_force
            else:
                status = "open" if period.end >= as_of else "overdue"
                deadline = period.end
            rows.append(
                AuditRow(duty, bearer, other, period, status, counties, tuple(proofs), deadline)
            )
    return rows


def _not_applicable(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, as_of: dt.date
) -> dict[str, str] | None:
    if bearer.aland or (duty.bearer == "municipality" and bearer.county is None):
        return REASONS["aland"]
    helsinki = bearer.helsinki or (bearer.county is not None and bearer.county == bearer.iri)
    if helsinki and not duty.helsinki_applies:
        return REASONS["helsinki"]
    if other is not None and other.iri == bearer.iri:
        return REASONS["helsinki"]
    if duty.in_force > as_of:
        day = duty.in_force.isoformat()
        return {k: v.format(date=day) for k, v in REASONS["not-in-force"].items()}
    return None


def _proofs(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, period: Period, as_of: dt.date
) -> list[Proof]:
    kind, _, what = duty.evidence.partition(":")
    start, end = max(period.start, duty.in_force), min(period.end, as_of)
    if kind == "event":
        out = []
        for e in ev.events:
            if what not in e.classes or not start <= e.date <= end:
                continue
            involved = e.participants | e.conveners
            if duty.role == "convener" and bearer.iri not in e.conveners:
                continue
            if duty.role == "participant" and bearer.iri not in involved:
                continue
            if other is not None and other.iri not in involved:
                continue
            out.append(Proof(e.iri, e.date, e.source, e.illustrative))
        return sorted(out, key=lambda p: (p.date or dt.date.min, p.iri))
    if kind == "post":
        theme, side = what.split(":")
        out = []
        for r in ev.responsibilities:
            if r.theme != theme or r.side != side or not r.current(as_of):
                continue
            own = r.municipality if side == "municipality" else r.organiser
            if own != bearer.iri or own not in r.holders:
                continue
            if other is not None and r.municipality != other.iri:
                continue
            out.append(Proof(r.iri, r.valid_from, r.source, r.illustrative))
        return sorted(out, key=lambda p: p.iri)
    required = set()
    for role in duty.evidence_parties:
        if role == "authority" and bearer.authority:
            required.add(bearer.authority)
        elif role == "counties":
            required |= bearer.counties
    out = []
    for a in ev.agreements:
        if what not in a.classes or not a.valid(as_of) or not required <= a.parties:
            continue
        if "kela" in duty.evidence_parties and not (a.parties & ev.kela):
            continue
        out.append(Proof(a.iri, a.valid_from, a.source, a.illustrative))
    return sorted(out, key=lambda p: p.iri)
