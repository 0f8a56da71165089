"""The audit page: ``kg audit`` as a page, filtered by date, county, duty and status.

The counts are the audit's (``kg audit --county X`` gives the same); the status filter
chooses which of its rows are listed under them, at most :data:`LIMIT` on the page (the
country has thousands: the page says how many more its CSV and JSON hold).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg import lookups
from kg.audit.evaluate import STATUSES, Audit
from kg.audit.obligations import Obligation, read_obligations
from kg.store import Store
from kg.views.cache import kept
from kg.views.municipality import county_audit

LIMIT = 300  # rows listed on one page; the downloads have them all


@dataclass(frozen=True)
class AuditPage:
    audit: Audit  # the rows listed (the statuses asked for)
    whole: Audit  # the audit the counts are of
    county: str | None
    obligation: str | None
    statuses: tuple[str, ...]  # the statuses listed; all when none was asked for
    duties: list[Obligation]  # every duty, for the filter
    listed: int  # the rows of the statuses asked for (``audit`` holds at most LIMIT)


def audit_page(
    store: Store,
    *,
    as_of: dt.date,
    county: str | None = None,
    obligation: str | None = None,
    statuses: tuple[str, ...] = (),
    limit: int = LIMIT,
) -> AuditPage:
    """The audit of ``county`` (or the country) on ``as_of``, of one duty if
    ``obligation`` is given, its rows of ``statuses`` listed. LookupError for an unknown
    county or duty, ValueError for an unknown status."""
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise ValueError(f"status must be among {', '.join(STATUSES)}, not {unknown}")
    code = lookups.organiser(store, county).code if county else None
    duties = kept(store, "duties", lambda: read_obligations(store))
    if obligation and obligation not in {d.id for d in duties}:
        raise LookupError(f"no duty {obligation!r}; known: {', '.join(d.id for d in duties)}")
    whole = county_audit(store, as_of, code)
    if obligation:
        rows = [r for r in whole.rows if r.obligation.id == obligation]
        whole = Audit(whole.as_of, rows, whole.scope, whole.organisers, whole.kind_labels)
    listed = [r for r in whole.rows if not statuses or r.status in statuses]
    shown = Audit(whole.as_of, listed[:limit], whole.scope, whole.organisers, whole.kind_labels)
    return AuditPage(
        shown, whole, code, obligation or None, statuses or STATUSES, duties, len(listed)
    )
