"""The theme page: one interface theme across the country (or one county): every
municipality's owners on each side, and the coverage per county."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kg import lookups
from kg.store import Store
from kg.views.county import HeatMap, heat_map


@dataclass(frozen=True)
class CountyCoverage:
    code: str
    name: str
    interfaces: int
    municipality_side: int  # interfaces with an owner on the municipality side
    county_side: int
    both: int


@dataclass(frozen=True)
class ThemeView:
    theme: dict[str, Any]  # kg.lookups.themes' entry
    county: dict[str, Any] | None  # the county filtered by, if any
    as_of: dt.date
    heat: HeatMap
    per_county: list[CountyCoverage]


def theme_view(
    store: Store,
    key: str,
    *,
    county: str | None,
    as_of: dt.date,
    lang: str,
    page: str = "",
) -> ThemeView:
    """The page's data for the theme ``key`` names (code or any name; NameNotFound with
    suggestions otherwise), of one county if ``county`` is given."""
    code = lookups.find_theme(store, key)
    theme = next(t for t in lookups.themes(store) if t["code"] == code)
    chosen = lookups.county(store, county) if county else None
    heat = heat_map(
        store,
        county=chosen["code"] if chosen else None,
        theme=code,
        as_of=as_of,
        lang=lang,
        page=page,
    )
    names = {c["code"]: c.get(f"name_{lang}") or c["name_fi"] for c in lookups.counties(store)}
    tally: dict[str, list[int]] = {}
    for row in heat.table.rows:
        counts = tally.setdefault(row["countyCode"], [0, 0, 0, 0])
        m, c = int(row["municipalityOwners"]) > 0, int(row["countyOwners"]) > 0
        counts[0] += 1
        counts[1] += m
        counts[2] += c
        counts[3] += m and c
    per_county = [
        CountyCoverage(code, names.get(code, code), *counts)
        for code, counts in sorted(tally.items())
    ]
    return ThemeView(theme, chosen, as_of, heat, per_county)
