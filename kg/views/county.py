"""The county page: its municipalities × themes as a heat map of owner coverage on each
side, its agreements and pending approvals, its §14 and HYTE negotiations, the audit
summary, and the 2026 survey's scores against the national range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kg import lookups
from kg.audit.evaluate import Audit
from kg.store import Store
from kg.views import named
from kg.views.municipality import agreements_table, county_audit, events_table, theme_labels
from kg.views.table import Table

SURVEY_DATASETS = ("cooperation", "division-of-labour-clarity")


@dataclass(frozen=True)
class HeatCell:
    municipality: int  # owners on the municipality side
    county: int  # owners on the county side

    @property
    def level(self) -> float:
        """The share of the two sides with an owner: 0, 0.5 or 1."""
        return (min(self.municipality, 1) + min(self.county, 1)) / 2


@dataclass(frozen=True)
class HeatMap:
    municipalities: list[tuple[str, str]]  # (code, name), in code order
    themes: list[tuple[str, str]]  # (code, label)
    cells: dict[tuple[str, str], HeatCell]  # (municipality code, theme code) → owners
    table: Table  # the named query's rows


@dataclass(frozen=True)
class SurveyChart:
    dataset: str
    labels: list[str]  # county names, best first
    values: list[float | None]
    highlight: int | None  # this county's place
    table: Table


@dataclass(frozen=True)
class CountyView:
    county: dict[str, Any]  # kg.lookups.county
    as_of: dt.date
    heat: HeatMap
    agreements: Table
    terms: Table
    years: Table
    events: Table
    audit: Audit
    surveys: list[SurveyChart]

    def name(self, lang: str) -> str:
        return str(self.county.get(f"name_{lang}") or self.county["name_fi"])


def heat_map(
    store: Store, *, county: str | None, theme: str | None, as_of: dt.date, lang: str, page: str
) -> HeatMap:
    """The owner coverage of every interface in scope, from the named query
    owner-coverage-by-municipality-and-theme."""
    params = {"county": county or "", "theme": theme or "", "asOf": as_of.isoformat()}
    table = named.table(
        store, "owner-coverage-by-municipality-and-theme", params, lang=lang, download=page
    )
    labels = theme_labels(store, lang)
    municipalities: dict[str, str] = {}
    themes: dict[str, str] = {}
    cells: dict[tuple[str, str], HeatCell] = {}
    for row in table.rows:
        municipalities.setdefault(row["municipalityCode"], row["municipalityName"])
        themes.setdefault(row["theme"], labels.get(row["theme"], row["theme"]))
        cells[(row["municipalityCode"], row["theme"])] = HeatCell(
            int(row["municipalityOwners"]), int(row["countyOwners"])
        )
    order = list(labels)  # the core themes first, as the theme scheme lists them
    return HeatMap(
        municipalities=sorted(municipalities.items()),
        themes=sorted(themes.items(), key=lambda t: order.index(t[0]) if t[0] in order else 99),
        cells=cells,
        table=table,
    )


def county_view(
    store: Store, code: str, *, as_of: dt.date, lang: str, page: str = ""
) -> CountyView:
    """The page's data for the organiser with code ``code`` (LookupError naming the codes
    accepted otherwise)."""
    county = lookups.county(store, code)
    wanted = county["code"]
    params = {"county": wanted}
    return CountyView(
        county=county,
        as_of=as_of,
        heat=heat_map(store, county=wanted, theme=None, as_of=as_of, lang=lang, page=page),
        agreements=agreements_table(store, params, lang),
        terms=named.table(
            store,
            "cooperation-negotiations-per-term",
            params,
            lang=lang,
            columns=("term", "negotiations", "municipalitiesTakingPart"),
        ),
        years=named.table(
            store,
            "hyte-negotiations-per-year",
            params,
            lang=lang,
            columns=("year", "negotiations", "municipalitiesTakingPart"),
        ),
        events=events_table(store, params, lang),
        audit=county_audit(store, as_of, wanted),
        surveys=[_survey(store, dataset, county, lang) for dataset in SURVEY_DATASETS],
    )


def _survey(store: Store, dataset: str, county: dict[str, Any], lang: str) -> SurveyChart:
    table = named.table(store, "survey-county-means-ranked", {"dataset": dataset}, lang=lang)
    labels = [str(r["countyName"]) for r in table.rows]
    values = [None if r["mean"] is None else float(r["mean"]) for r in table.rows]
    here = county["name_fi"]
    return SurveyChart(
        dataset=dataset,
        labels=labels,
        values=values,
        highlight=labels.index(here) if here in labels else None,
        table=table,
    )
