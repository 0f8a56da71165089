"""The validation page: ``kg validate`` as a page, filtered by date, county and severity.

The graph is validated whole, once per store and day (the fast engine); the county and
severity filters choose the results reported, as ``kg validate --county`` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kg.store import Store
from kg.validation.engine import Result, default_checks, validate
from kg.validation.report import SEVERITIES, Report, build_report, severity_name
from kg.views.cache import kept

LIMIT = 300  # entries listed on one page; the downloads have them all


@dataclass(frozen=True)
class ValidationPage:
    report: Report  # the entries of the severities asked for
    counts: dict[str, int]  # per severity, of every result in the county (or country)
    severities: tuple[str, ...]
    listed: int  # the entries of the severities asked for (``report`` holds at most LIMIT)


def results(store: Store, *, as_of: dt.date, shapes_dir: Path) -> list[Result]:
    """Every result of the shapes on ``as_of`` (once per store, day and shapes)."""
    return kept(
        store,
        ("validation", as_of, str(shapes_dir)),
        lambda: validate(store, as_of=as_of, checks=default_checks(shapes_dir)),
    )


def validation_page(
    store: Store,
    *,
    as_of: dt.date,
    lang: str,
    shapes_dir: Path,
    county: str | None = None,
    severities: tuple[str, ...] = (),
    limit: int = LIMIT,
) -> ValidationPage:
    """LookupError for an unknown county, ValueError for an unknown severity."""
    unknown = [s for s in severities if s not in SEVERITIES]
    if unknown:
        raise ValueError(f"severity must be among {', '.join(SEVERITIES)}, not {unknown}")
    found = results(store, as_of=as_of, shapes_dir=shapes_dir)
    report = build_report(found, store, lang=lang, county=county, as_of=as_of)
    counts = report.counts
    entries = tuple(
        e
        for e in report.entries
        if not severities or severity_name(e.result.severity) in severities
    )
    listed = len(entries)
    if severities or listed > limit:
        entries = entries[:limit]
        kept_results = tuple(dict.fromkeys(e.result for e in entries))
        report = dataclasses.replace(report, results=kept_results, entries=entries)
    return ValidationPage(report, counts, severities or SEVERITIES, listed)
