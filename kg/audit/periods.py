"""Periods a duty recurs in: council terms (from the data) and calendar years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.store import Store

FOREVER = dt.date(9999, 12, 31)
_TERMS = """
SELECT ?term ?label ?start ?end ?kind WHERE {
  ?term a ?kind ; time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end ;
        skos:prefLabel ?label . FILTER(LANG(?label) = "en")
  FILTER(?kind IN (yp:MunicipalCouncilTerm, yp:CountyCouncilTerm))
} ORDER BY ?start"""
KINDS = {
    "county-council-term": "CountyCouncilTerm",
    "municipal-council-term": "MunicipalCouncilTerm",
}


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date  # inclusive; FOREVER for a continuous duty
    iri: str | None = None


def last_known_day(store: Store) -> dt.date | None:
    """The end of the last council term in the data: an audit after it cannot know the
    term a term-bound duty falls in, and would count calendar years without end."""
    ends = [dt.date.fromisoformat(row["end"]) for row in store.select(_TERMS)]
    return max(ends) if ends else None


def periods(store: Store, kind: str, *, in_force: dt.date, as_of: dt.date) -> list[Period]:
    """The periods of ``kind`` that have started by ``as_of`` and end on or after
    ``in_force`` (a period the duty was never in force in is not audited)."""
    if kind == "continuous":
        return [Period("continuous", in_force, FOREVER)] if in_force <= as_of else []
    if kind == "calendar-year":
        return [
            Period(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31))
            for y in range(in_force.year, as_of.year + 1)
        ]
    wanted = "https://w3id.org/yhdyspinta/ontology#" + KINDS[kind]
    out = []
    for row in store.select(_TERMS):
        if row["kind"] != wanted:
            continue
        start, end = dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])
        if start <= as_of and end >= in_force:
            out.append(Period(row["label"], start, end, row["term"]))
    return out
