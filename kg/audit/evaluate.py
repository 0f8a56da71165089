"""The audit: for every duty × bearer (× counterparty) × period started by the date, one of

- ``fulfilled``: the register holds evidence (listed);
- ``open``: the period is still running, with its deadline;
- ``no-evidence``: the deadline has passed and the register holds no evidence either way.
  The register cannot know that a negotiation did not happen, only that none is recorded;
- ``missed``: the deadline has passed and the register's own records show the duty was
  not met (listed): an event of the kind recorded as cancelled (``yp:eventStatus
  yp:EventCancelled``) and none held; for a continuous duty, an agreement or a designated
  post that the record shows ended (``yp:validTo`` before the date) with no successor;
- ``not-applicable``: with the reason.

A continuous duty (a designated post, a valid agreement) is judged on the as-of date; its
deadline is the date the duty came into force. Evidence dated on the last day of a period
counts for that period only (periods are inclusive and do not overlap).

Each row belongs to the organisers (by ``yp:organiserCode``) its bearer belongs to: a
county's duty to the county, a municipality's to its organiser, an employment area's to the
organiser of each of its municipalities (one or two). An audit of one organiser keeps its
rows and lists and counts them under it alone; the national audit lists a row of two
counties under each, counts it once in the country's total, and says how many such extra
listings there are, so that the counts per county add up to the total plus that number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kg.audit.evidence import Evidence, Org, read_evidence
from kg.audit.obligations import Obligation, read_obligations
from kg.audit.periods import FOREVER, Period, last_known_day, periods
from kg.cooperation import Citation
from kg.messages import LANGS, message
from kg.organisers import Organiser, find_organiser
from kg.store import Store
from kg.validity import Validity

STATUSES = ("fulfilled", "open", "no-evidence", "missed", "not-applicable")
# statuses past a deadline without fulfilment, the more serious first: ``--fail-on LEVEL``
# fails on LEVEL and the levels before it
FINDINGS = ("missed", "no-evidence")


def _reason(key: str, **fields: object) -> dict[str, str]:
    """Why a row is not applicable, in every language (the catalogue's ``audit.reason.*``)."""
    return {lang: message(f"audit.reason.{key}", lang, **fields) for lang in LANGS}


@dataclass(frozen=True)
class Proof:
    """A record the status rests on: evidence of fulfilment, or a record showing it missed."""

    iri: str
    date: dt.date | None  # an event's date, or the day a post or agreement took effect
    source: str | None
    illustrative: bool = False  # from the illustrative example region, not real data
    cancelled: bool = False  # an event recorded as cancelled
    ended: dt.date | None = None  # the last day of an agreement or post that ended
    citations: tuple[Citation, ...] = ()  # the pages the record was read from


@dataclass(frozen=True)
class AuditRow:
    obligation: Obligation
    bearer: Org
    counterparty: Org | None
    period: Period | None
    status: str
    counties: tuple[str, ...]  # organiser codes the row belongs to (for grouping and filters)
    evidence: tuple[Proof, ...] = ()  # fulfilled: what fulfils it
    deadline: dt.date | None = None
    reason: dict[str, str] = field(default_factory=dict)
    missed_by: tuple[Proof, ...] = ()  # missed: the records that show it


@dataclass(frozen=True)
class Tally:
    """Rows per status of one group: an organiser (``code``), or rows of no organiser."""

    code: str | None
    counts: dict[str, int]  # every status of STATUSES, in that order

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Summary:
    total: Tally  # each row once: the country's, or the one organiser's audited
    groups: tuple[Tally, ...]  # per organiser, then no organiser; empty for one organiser
    repeated: int  # extra listings of rows under a second county: sum(groups) - total


@dataclass
class Audit:
    as_of: dt.date
    rows: list[AuditRow]
    scope: Organiser | None = None  # the organiser audited, None for the whole country
    organisers: dict[str, Organiser] = field(default_factory=dict)  # by organiser code
    kind_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def placements(self) -> list[tuple[str | None, AuditRow]]:
        """(organiser code, row) for every listing of a row, in audit order: under the
        audited organiser alone, else under each organiser of the row (None for none)."""
        if self.scope is not None:
            return [(self.scope.code, row) for row in self.rows]
        return [(code, row) for row in self.rows for code in (row.counties or (None,))]

    def summary(self) -> Summary:
        """Counts per status: the total (each row once), and per organiser listed under."""
        total = Tally(self.scope.code if self.scope else None, _count(self.rows))
        if self.scope is not None:
            return Summary(total, (), 0)
        listed: dict[str | None, list[AuditRow]] = {}
        for code, row in self.placements():
            listed.setdefault(code, []).append(row)
        order = sorted(listed, key=lambda c: (c is None, c or ""))
        groups = tuple(Tally(code, _count(listed[code])) for code in order)
        return Summary(total, groups, sum(g.total for g in groups) - total.total)

    def findings(self, level: str = "no-evidence") -> list[AuditRow]:
        """Rows past their deadline unfulfilled at ``level`` or worse (see FINDINGS)."""
        if level not in FINDINGS:
            raise ValueError(f"level must be one of {', '.join(FINDINGS)}, not {level!r}")
        wanted = FINDINGS[: FINDINGS.index(level) + 1]
        return [row for row in self.rows if row.status in wanted]


def _count(rows: list[AuditRow]) -> dict[str, int]:
    counter = Counter(row.status for row in rows)
    return {s: counter[s] for s in STATUSES}


def audit(
    store: Store,
    *,
    as_of: dt.date,
    county: str | None = None,
    obligation: str | None = None,
) -> Audit:
    """Audit every duty the store holds as of ``as_of`` (the one function the CLI and the
    API call). The duties are read from the store being served, like the records they are
    judged on (:func:`kg.audit.obligations.read_obligations`), so both are of one build.
    ``county`` (an organiser code, or
    Helsinki's municipality code 091: :func:`kg.organisers.find_organiser`) and
    ``obligation`` (an id) filter the rows."""
    last = last_known_day(store)
    if last is not None and as_of > last:
        raise ValueError(
            f"as_of {as_of.isoformat()} is after the last council term in the data "
            f"(ends {last.isoformat()}); add the next terms to data/legal/council_terms.csv"
        )
    duties = read_obligations(store)
    if obligation is not None:
        duties = [d for d in duties if d.id == obligation]
        if not duties:
            raise LookupError(f"no obligation with id {obligation!r}")
    ev = read_evidence(store)
    organisers = {o.code: o for o in ev.organisers}
    scope = None
    if county is not None:
        scope = find_organiser(store, county, organisers=list(organisers.values()))
    rows: list[AuditRow] = []
    for duty in duties:
        rows += _audit_duty(store, duty, ev, as_of)
    if scope is not None:
        rows = [r for r in rows if scope.code in r.counties]
    return Audit(as_of, rows, scope, organisers, ev.kind_labels)


def _county_codes(ev: Evidence, org: Org) -> tuple[str, ...]:
    if org.iri in ev.counties:  # a county, or the City of Helsinki as the organiser
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
            proofs, records = _records(duty, ev, bearer, other, period, as_of)
            continuous = period.end == FOREVER
            deadline: dt.date | None = duty.in_force if continuous else period.end
            missed: list[Proof] = []
            if proofs:
                status, deadline = "fulfilled", None
            elif not continuous and period.end >= as_of:
                status = "open"
            else:
                missed = records
                status = "missed" if missed else "no-evidence"
            rows.append(
                AuditRow(
                    duty,
                    bearer,
                    other,
                    period,
                    status,
                    counties,
                    tuple(proofs),
                    deadline,
                    missed_by=tuple(missed),
                )
            )
    return rows


def _not_applicable(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, as_of: dt.date
) -> dict[str, str] | None:
    if bearer.aland or (duty.bearer == "municipality" and bearer.county is None):
        return _reason("aland")
    if bearer.helsinki and not duty.helsinki_applies:
        return _reason("helsinki")
    if other is not None and other.iri == bearer.iri:
        return _reason("helsinki")
    if duty.in_force > as_of:
        day = duty.in_force.isoformat()
        return _reason("not-in-force", date=day)
    return None


def _events(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, period: Period, as_of: dt.date
) -> list[Proof]:
    """The events of the duty's class in the period (up to the date) that involve the
    bearer in its role and the counterparty, held or cancelled."""
    what = duty.evidence.partition(":")[2]
    span = Validity(max(period.start, duty.in_force), min(period.end, as_of))
    out = []
    takes_part = duty.role in ("convener", "participant")  # a convener takes part too
    for e in ev.events_by_participant.get(bearer.iri, []) if takes_part else ev.events:
        day, last = e.validity.start, e.validity.end or e.validity.start
        if e.planned or not e.is_a(what) or day is None or last is None:
            continue  # an announced event is evidence of the plan only
        if not (span.covers(day) and span.covers(last)):
            continue  # a date known to the month or year must fall wholly in the period
        if duty.role == "convener" and bearer.iri not in e.conveners:
            continue
        if duty.role == "participant" and bearer.iri not in e.participants:
            continue
        if other is not None and other.iri not in e.participants:
            continue
        out.append(
            Proof(
                e.iri,
                day,
                e.source,
                e.illustrative,
                cancelled=e.cancelled,
                citations=tuple(e.citations),
            )
        )
    return sorted(out, key=lambda p: (p.date or dt.date.min, p.iri))


def _posts(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, as_of: dt.date
) -> tuple[list[Proof], list[Proof]]:
    """The bearer's designated posts for the duty's theme and side: (current, ended after
    the duty came into force)."""
    theme, side = duty.evidence.partition(":")[2].split(":")
    current, ended = [], []
    for r in ev.posts_by_owner.get((theme, side, bearer.iri), []):
        if bearer.iri not in r.holders:
            continue
        if other is not None and r.municipality != other.iri:
            continue
        since, until, cited = r.validity.start, r.validity.end, tuple(r.citations)
        if r.validity.covers(as_of):
            current.append(Proof(r.iri, since, r.source, r.illustrative, citations=cited))
        elif r.validity.ended_within(duty.in_force, as_of):
            ended.append(
                Proof(r.iri, since, r.source, r.illustrative, ended=until, citations=cited)
            )
    return sorted(current, key=lambda p: p.iri), sorted(ended, key=lambda p: p.iri)


def _agreements(
    duty: Obligation, ev: Evidence, bearer: Org, as_of: dt.date
) -> tuple[list[Proof], list[Proof]]:
    """Agreements of the duty's class with the required parties: (valid on the date, ended
    after the duty came into force)."""
    what = duty.evidence.partition(":")[2]
    required = set()
    for role in duty.evidence_parties:
        if role == "authority" and bearer.authority:
            required.add(bearer.authority)
        elif role == "counties":
            required |= bearer.counties
    valid, ended = [], []
    for a in ev.agreements:
        if not a.is_a(what) or not required <= a.orgs:
            continue
        if "kela" in duty.evidence_parties and not (a.orgs & ev.kela):
            continue
        since, until, cited = a.validity.start, a.validity.end, tuple(a.citations)
        if a.validity.covers(as_of):
            valid.append(Proof(a.iri, since, a.source, a.illustrative, citations=cited))
        elif a.validity.ended_within(duty.in_force, as_of):
            ended.append(
                Proof(a.iri, since, a.source, a.illustrative, ended=until, citations=cited)
            )
    return sorted(valid, key=lambda p: p.iri), sorted(ended, key=lambda p: p.iri)


def _records(
    duty: Obligation, ev: Evidence, bearer: Org, other: Org | None, period: Period, as_of: dt.date
) -> tuple[list[Proof], list[Proof]]:
    """(what fulfils the duty for the period: a held event, a current post, a valid
    agreement; what would show it missed: a cancelled event, a post or agreement that ended)."""
    kind = duty.evidence.partition(":")[0]
    if kind == "event":
        events = _events(duty, ev, bearer, other, period, as_of)
        return [p for p in events if not p.cancelled], [p for p in events if p.cancelled]
    if kind == "post":
        return _posts(duty, ev, bearer, other, as_of)
    return _agreements(duty, ev, bearer, as_of)
