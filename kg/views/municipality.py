"""The municipality page: the responsibility matrix (themes × the two sides) with its
gaps said in words, the municipality's county, region, regional council and employment
area, its agreements and negotiations, and its rows of the audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kg import lookups
from kg.audit.evaluate import Audit, audit
from kg.messages import message
from kg.store import Store
from kg.views import named
from kg.views.cache import kept
from kg.views.table import Table

SIDES = ("municipality", "county")


@dataclass(frozen=True)
class MatrixRow:
    theme: str  # code
    label: str  # in the page's language
    in_scope: bool
    owners: dict[str, list[dict[str, Any]]]  # side → owners current on the day
    gaps: tuple[str, ...]  # the sides with no owner recorded


@dataclass(frozen=True)
class MunicipalityView:
    info: dict[str, Any]  # kg.lookups.municipality
    profile: dict[str, Any]  # the named query municipality-profile's row
    as_of: dt.date
    matrix: list[MatrixRow]
    matrix_table: Table  # the query behind the matrix (its rows: matrix_rows, for downloads)
    agreements: Table
    negotiations: Table
    audit: Audit  # the rows where the municipality bears a duty or is the counterparty

    @property
    def gap_count(self) -> int:
        return sum(len(r.gaps) for r in self.matrix if r.in_scope)


def theme_labels(store: Store, lang: str) -> dict[str, str]:
    """Theme code → its label in ``lang`` (from the graph: the theme scheme's labels)."""
    return {t["code"]: t["label"].get(lang) or t["code"] for t in lookups.themes(store)}


def municipality_view(
    store: Store, key: str, *, as_of: dt.date, lang: str, page: str = ""
) -> MunicipalityView:
    """The page's data for the municipality ``key`` names (code or name, as the lookups
    match it; NameNotFound with suggestions otherwise)."""
    info = lookups.municipality(store, key)
    code = info["code"]
    profile = next(iter(named.run(store, "municipality-profile", {"municipality": code})), {})
    answer = lookups.responsibilities(store, municipality_key=code, as_of=as_of)
    labels = theme_labels(store, lang)
    matrix = [
        MatrixRow(
            theme=t["theme"],
            label=labels.get(t["theme"], t["theme"]),
            in_scope=t["in_scope"],
            owners={"municipality": t["municipality_side"], "county": t["county_side"]},
            gaps=tuple(s for s in SIDES if t[f"gap_{s}_side"]),
        )
        for t in answer["themes"]
    ]
    params = {"municipality": code}
    day = {"asOf": as_of.isoformat()}
    return MunicipalityView(
        info=info,
        profile=profile,
        as_of=as_of,
        matrix=matrix,
        # the page shows the lookup's owners; the named query's rows (the same owners, as
        # a researcher's table) are read only for a download: rows=[] here
        matrix_table=named.table(
            store,
            "responsibilities-of-municipality",
            params | day,
            lang=lang,
            download=page,
            rows=[],
        ),
        agreements=agreements_table(store, params, lang),
        negotiations=events_table(store, params, lang),
        audit=_audit_rows(store, info, as_of),
    )


def agreements_table(store: Store, params: dict[str, str], lang: str) -> Table:
    """The agreements of a municipality or a county (``params``), with pending approvals."""
    return named.table(
        store,
        "agreements-and-approvals",
        params,
        lang=lang,
        columns=("title", "validFrom", "validTo", "parties", "pendingParties"),
        links={"title": "agreement"},
    )


def events_table(store: Store, params: dict[str, str], lang: str) -> Table:
    """The negotiations and meetings of a municipality or a county, labels in ``lang``."""
    return named.table(
        store,
        "negotiations-and-meetings",
        params | {"lang": lang},
        lang=lang,
        columns=("date", "kind", "status", "convenerName", "participants"),
        links={"date": "event"},
    )


def _audit_rows(store: Store, info: dict[str, Any], as_of: dt.date) -> Audit:
    county = info.get("county_code")
    whole = county_audit(store, as_of, county)
    iri = info["iri"]
    rows = [
        r
        for r in whole.rows
        if r.bearer.iri == iri or (r.counterparty is not None and r.counterparty.iri == iri)
    ]
    return Audit(whole.as_of, rows, whole.scope, whole.organisers, whole.kind_labels)


def county_audit(store: Store, as_of: dt.date, county: str | None) -> Audit:
    """The audit of one organiser (or the country) on ``as_of``, once per store."""
    return kept(store, ("audit", as_of, county), lambda: audit(store, as_of=as_of, county=county))


def gap_text(side: str, lang: str) -> str:
    return message(f"municipality.gap.{side}", lang)


def matrix_rows(store: Store, view: MunicipalityView) -> list[dict[str, Any]]:
    """The matrix as the named query responsibilities-of-municipality gives it."""
    return named.run(store, view.matrix_table.query_id, view.matrix_table.params)
