"""What the graph holds that can fulfil a duty, and who the bearers are, read once per audit.

Each query is one SELECT over the whole graph; the evaluation works on the Python records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.store import Store

YP = "https://w3id.org/yhdyspinta/ontology#"

_ORGANISERS = """
SELECT ?o ?code ?name ?helsinki WHERE {
  ?o a yp:WellbeingServicesOrganiser ; skos:exactMatch ?cl .
  FILTER(CONTAINS(STR(?cl), "/hyvinvointialue_")) BIND(REPLACE(STR(?cl), "^.*/", "") AS ?code)
  OPTIONAL { ?o skos:prefLabel ?name . FILTER(LANG(?name) = "fi") }
  BIND(EXISTS { ?o a yp:Municipality } AS ?helsinki)
}"""
_MUNICIPALITIES = """
SELECT ?m ?code ?name ?county ?aland WHERE {
  ?m a yp:Municipality ; dcterms:identifier ?code .
  OPTIONAL { ?m skos:prefLabel ?name . FILTER(LANG(?name) = "fi") }
  OPTIONAL { ?m yp:county ?county }
  BIND(EXISTS { ?m a yp:AlandMunicipality } AS ?aland)
}"""
_AREAS = """
SELECT ?a ?code ?name ?authority ?county WHERE {
  ?a a yp:EmploymentArea ; dcterms:identifier ?code ; yp:employmentAuthority ?authority .
  OPTIONAL { ?a skos:prefLabel ?name . FILTER(LANG(?name) = "fi") }
  OPTIONAL { ?m yp:employmentArea ?a ; yp:county ?county }
}"""
_KELA = "SELECT ?k WHERE { ?k a yp:SocialInsuranceInstitution }"
_EVENTS = """
SELECT ?e ?class ?date ?convener ?participant ?file ?illustrative WHERE {
  ?e a ?class ; dcterms:date ?date .
  FILTER(STRSTARTS(STR(?class), STR(yp:)))
  OPTIONAL { ?e yp:convener ?convener }
  OPTIONAL { ?e yp:participant ?participant }
  OPTIONAL { GRAPH ?g { ?e dcterms:date ?date } ?g dcterms:source ?file }
  OPTIONAL { ?e yp:illustrative ?illustrative }
}"""
_RESPONSIBILITIES = """
SELECT ?r ?theme ?side ?m ?c ?holder ?for ?from ?to ?file ?illustrative WHERE {
  ?r a yp:Responsibility ; yp:interface ?i ; yp:side ?side ; yp:post ?p .
  ?i yp:theme ?t ; yp:municipality ?m ; yp:organiser ?c . ?t skos:notation ?theme .
  ?p org:postIn ?holder .
  OPTIONAL { ?r yp:actsFor ?for }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { GRAPH ?g { ?r a yp:Responsibility } ?g dcterms:source ?file }
  OPTIONAL { ?r yp:illustrative ?illustrative }
}"""
_AGREEMENTS = """
SELECT ?a ?class ?party ?from ?to ?file ?illustrative WHERE {
  ?a a ?class ; yp:party ?party . FILTER(STRSTARTS(STR(?class), STR(yp:)))
  OPTIONAL { ?a yp:validFrom ?from }
  OPTIONAL { ?a yp:validTo ?to }
  OPTIONAL { GRAPH ?g { ?a yp:party ?party } ?g dcterms:source ?file }
  OPTIONAL { ?a yp:illustrative ?illustrative }
}"""


@dataclass
class Org:
    iri: str
    code: str
    name: str
    county: str | None = None  # the organiser of a municipality
    aland: bool = False
    helsinki: bool = False
    authority: str | None = None  # an employment area's authority
    counties: set[str] = field(default_factory=set)  # an employment area's counties


@dataclass
class Event:
    iri: str
    classes: set[str]
    date: dt.date
    conveners: set[str]
    participants: set[str]
    source: str | None
    illustrative: bool = False


@dataclass
class Responsibility:
    iri: str
    theme: str
    side: str  # "municipality" | "county"
    municipality: str
    organiser: str
    holders: set[str]  # the post's organisation and whoever it acts for
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str | None
    illustrative: bool = False

    def current(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass
class Agreement:
    iri: str
    classes: set[str]
    parties: set[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str | None
    illustrative: bool = False

    def valid(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass
class Evidence:
    counties: dict[str, Org]
    municipalities: dict[str, Org]
    areas: dict[str, Org]
    kela: set[str]
    events: list[Event]
    responsibilities: list[Responsibility]
    agreements: list[Agreement]


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def read_evidence(store: Store) -> Evidence:
    counties = {
        r["o"]: Org(r["o"], r["code"], r["name"] or r["code"], helsinki=r["helsinki"])
        for r in store.select(_ORGANISERS)
    }
    municipalities = {
        r["m"]: Org(r["m"], r["code"], r["name"] or r["code"], county=r["county"], aland=r["aland"])
        for r in store.select(_MUNICIPALITIES)
    }
    areas: dict[str, Org] = {}
    for r in store.select(_AREAS):
        area = areas.setdefault(
            r["a"], Org(r["a"], r["code"], r["name"] or r["code"], authority=r["authority"])
        )
        if r["county"]:
            area.counties.add(r["county"])
    events: dict[str, Event] = {}
    for r in store.select(_EVENTS):
        e = events.setdefault(
            r["e"],
            Event(
                r["e"],
                set(),
                dt.date.fromisoformat(r["date"]),
                set(),
                set(),
                r["file"],
                r["illustrative"] is True,
            ),
        )
        e.classes.add(r["class"].removeprefix(YP))
        if r["convener"]:
            e.conveners.add(r["convener"])
        if r["participant"]:
            e.participants.add(r["participant"])
    resps: dict[str, Responsibility] = {}
    for r in store.select(_RESPONSIBILITIES):
        side = "municipality" if r["side"] == YP + "MunicipalitySide" else "county"
        x = resps.setdefault(
            r["r"],
            Responsibility(
                r["r"],
                r["theme"],
                side,
                r["m"],
                r["c"],
                set(),
                _day(r["from"]),
                _day(r["to"]),
                r["file"],
                r["illustrative"] is True,
            ),
        )
        x.holders.add(r["holder"])
        if r["for"]:
            x.holders.add(r["for"])
    agreements: dict[str, Agreement] = {}
    for r in store.select(_AGREEMENTS):
        a = agreements.setdefault(
            r["a"],
            Agreement(
                r["a"],
                set(),
                set(),
                _day(r["from"]),
                _day(r["to"]),
                r["file"],
                r["illustrative"] is True,
            ),
        )
        a.classes.add(r["class"].removeprefix(YP))
        a.parties.add(r["party"])
    return Evidence(
        counties,
        municipalities,
        areas,
        {r["k"] for r in store.select(_KELA)},
        list(events.values()),
        list(resps.values()),
        list(agreements.values()),
    )
