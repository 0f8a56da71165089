"""The home page's national summary: owner coverage on both sides, the audit's counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.audit.evaluate import Summary
from kg.store import Store
from kg.views import named
from kg.views.municipality import county_audit
from kg.views.table import Table


@dataclass(frozen=True)
class HomeView:
    as_of: dt.date
    interfaces: int
    owned_both: int
    coverage: Table  # owner coverage by county (the named query)
    audit: Summary

    @property
    def share(self) -> float:
        return self.owned_both / self.interfaces if self.interfaces else 0.0


def home_view(store: Store, *, as_of: dt.date, lang: str) -> HomeView:
    coverage = named.table(
        store,
        "owner-coverage-by-county",
        {},
        lang=lang,
        columns=("countyCode", "countyName", "interfaces", "ownedBothSides", "share"),
    )
    return HomeView(
        as_of=as_of,
        interfaces=sum(int(r["interfaces"]) for r in coverage.rows),
        owned_both=sum(int(r["ownedBothSides"]) for r in coverage.rows),
        coverage=coverage,
        audit=county_audit(store, as_of, None).summary(),
    )
