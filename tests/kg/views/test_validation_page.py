"""The validation page reports what ``kg validate`` reports, filtered by severity."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.config import Settings
from kg.store import Store
from kg.validation.engine import default_checks, validate
from kg.validation.report import build_report, severity_name
from kg.views.validation_page import validation_page

DAY = dt.date(2026, 12, 5)


def test_the_page_reports_what_kg_validate_reports(store: Store, settings: Settings) -> None:
    found = validate(store, as_of=DAY, checks=default_checks(settings.shapes_dir))
    expected = build_report(found, store, lang="sv", county="20", as_of=DAY)
    page = validation_page(store, as_of=DAY, lang="sv", shapes_dir=settings.shapes_dir, county="20")
    assert page.counts == expected.counts
    assert page.report.entries == expected.entries


def test_the_severity_filter(store: Store, settings: Settings) -> None:
    page = validation_page(
        store, as_of=DAY, lang="fi", shapes_dir=settings.shapes_dir, severities=("Warning",)
    )
    assert page.report.entries
    assert {severity_name(e.result.severity) for e in page.report.entries} == {"Warning"}
    assert page.counts["Violation"] + page.counts["Info"] + page.counts["Warning"] >= len(
        page.report.results
    )
    with pytest.raises(ValueError, match="severity must be among"):
        validation_page(
            store, as_of=DAY, lang="fi", shapes_dir=settings.shapes_dir, severities=("Error",)
        )
