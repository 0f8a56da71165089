"""The audit page's counts are ``kg audit``'s; its filters choose the rows listed."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.audit.evaluate import audit
from kg.store import Store
from kg.views.audit_page import audit_page

DAY = dt.date(2026, 12, 5)


def test_the_counts_are_the_audits_and_the_status_filter_lists_rows(store: Store) -> None:
    expected = audit(store, as_of=DAY, county="13")
    page = audit_page(store, as_of=DAY, county="13", statuses=("open",))
    assert page.whole.summary().total.counts == expected.summary().total.counts
    assert [r.status for r in page.audit.rows] == ["open"] * sum(
        1 for r in expected.rows if r.status == "open"
    )
    assert page.county == "13"


def test_one_duty(store: Store) -> None:
    page = audit_page(store, as_of=DAY, obligation="611-2021-14")
    assert page.audit.rows and {r.obligation.id for r in page.audit.rows} == {"611-2021-14"}


def test_bad_filters_are_named(store: Store) -> None:
    with pytest.raises(ValueError, match="status must be among"):
        audit_page(store, as_of=DAY, statuses=("done",))
    with pytest.raises(LookupError, match="no duty 'x'"):
        audit_page(store, as_of=DAY, obligation="x")
    with pytest.raises(LookupError):
        audit_page(store, as_of=DAY, county="77")
