"""Periods a duty recurs in: council terms (from the data) and calendar years.

A period is named in fi, sv and en from the graph: a council term by its own labels
(``Aluevaltuuston toimikausi 2022-2025``, ``Välfärdsområdesfullmäktiges mandatperiod
2022-2025``, from ``data/legal/council_terms.csv``), a calendar year or a continuous duty by
the label of its kind in the ontology's ``yp:PeriodKindScheme`` (``kalenterivuosi 2024``,
``jatkuva``). Its ``key`` is language-neutral: the term's IRI's last part
(``county-2022-2025``), the year, or ``continuous``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.audit.evidence import LANGS, read_labels
from kg.namespaces import YP_IRI
from kg.store import Store
from kg.validity import Validity

FOREVER = dt.date(9999, 12, 31)
_TERMS = """
SELECT ?term ?key ?start ?end ?kind WHERE {
  ?term a ?kind ; dcterms:identifier ?key ;
        time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end .
  FILTER(?kind IN (yp:MunicipalCouncilTerm, yp:CountyCouncilTerm))
} ORDER BY ?start"""
_TERM_LABELS = """
SELECT ?term ?label WHERE {
  ?term skos:prefLabel ?label . VALUES ?kind { yp:MunicipalCouncilTerm yp:CountyCouncilTerm }
  ?term a ?kind .
}"""
_KIND_LABELS = """
SELECT ?notation ?label WHERE {
  ?concept skos:inScheme yp:PeriodKindScheme ; skos:notation ?notation ; rdfs:label ?label .
}"""
KINDS = {
    "county-council-term": "CountyCouncilTerm",
    "municipal-council-term": "MunicipalCouncilTerm",
}


@dataclass(frozen=True)
class Period:
    key: str  # the term's IRI's last part, the year, or "continuous"
    kind: str  # a period kind of data/obligations (county-council-term, calendar-year …)
    start: dt.date
    end: dt.date  # inclusive; FOREVER for a continuous duty
    iri: str | None = None
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str) -> str:
        """The period's name in ``lang`` (else fi, sv, en), else its key."""
        for candidate in (lang, *LANGS):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return self.key


def last_known_day(store: Store) -> dt.date | None:
    """The end of the last council term in the data: an audit after it cannot know the
    term a term-bound duty falls in, and would count calendar years without end."""
    ends = [dt.date.fromisoformat(row["end"]) for row in store.select(_TERMS)]
    return max(ends) if ends else None


def periods(store: Store, kind: str, *, in_force: dt.date, as_of: dt.date) -> list[Period]:
    """The periods of ``kind`` that have started by ``as_of`` and end on or after
    ``in_force`` (a period the duty was never in force in is not audited)."""
    if kind == "continuous":
        if in_force > as_of:
            return []
        return [Period("continuous", kind, in_force, FOREVER, labels=_kind_labels(store, kind))]
    if kind == "calendar-year":
        words = _kind_labels(store, kind)
        return [
            Period(
                str(y),
                kind,
                dt.date(y, 1, 1),
                dt.date(y, 12, 31),
                labels={lang: f"{word} {y}" for lang, word in words.items()},
            )
            for y in range(in_force.year, as_of.year + 1)
        ]
    wanted = YP_IRI + KINDS[kind]
    labels = read_labels(store, _TERM_LABELS, "term")
    out = []
    for row in store.select(_TERMS):
        if row["kind"] != wanted:
            continue
        start, end = dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])
        if Validity(start, end).overlaps(Validity(in_force, as_of)):
            out.append(
                Period(row["key"], kind, start, end, row["term"], labels.get(row["term"], {}))
            )
    return out


def _kind_labels(store: Store, kind: str) -> dict[str, str]:
    return read_labels(store, _KIND_LABELS, "notation").get(kind, {})
