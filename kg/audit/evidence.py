"""What the graph holds that can fulfil a duty, and who the bearers are, read once per audit.

Each query is one SELECT over the whole graph; the evaluation works on the Python records.
Organisers carry their ``yp:organiserCode`` (:mod:`kg.organisers`), every bearer its names
in fi, sv and en and its kind, whose words come from the ontology's labels (``KINDS``), so
that a report can say what each code is. An event recorded with ``yp:eventStatus
yp:EventCancelled`` is kept as cancelled: it fulfils nothing, but shows a duty missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, QuerySolutions

from kg.organisers import Organiser, read_organisers
from kg.store import Store

YP = "https://w3id.org/yhdyspinta/ontology#"
LANGS = ("fi", "sv", "en")
# what a bearer is, by kind: the ontology's class of it, whose labels name the kind
KINDS = {
    "county": "WellbeingServicesCounty",
    "organiser": "WellbeingServicesOrganiser",  # the City of Helsinki as organiser
    "municipality": "Municipality",
    "employment-area": "EmploymentArea",
}
_KIND_LABELS = """
SELECT ?class ?label WHERE {
  ?class rdfs:label ?label .
  VALUES ?class { yp:WellbeingServicesCounty yp:WellbeingServicesOrganiser yp:Municipality
                  yp:EmploymentArea }
}"""
_MUNICIPALITIES = """
SELECT ?m ?code ?name ?lang ?county ?aland WHERE {
  ?m a yp:Municipality ; dcterms:identifier ?code .
  OPTIONAL { ?m skos:prefLabel ?name . BIND(LANG(?name) AS ?lang) }
  OPTIONAL { ?m yp:county ?county }
  BIND(EXISTS { ?m a yp:AlandMunicipality } AS ?aland)
}"""
_AREAS = """
SELECT ?a ?code ?name ?lang ?authority ?county WHERE {
  ?a a yp:EmploymentArea ; dcterms:identifier ?code ; yp:employmentAuthority ?authority .
  OPTIONAL { ?a skos:prefLabel ?name . BIND(LANG(?name) AS ?lang) }
  OPTIONAL { ?m yp:employmentArea ?a ; yp:county ?county }
}"""
_KELA = "SELECT ?k WHERE { ?k a yp:SocialInsuranceInstitution }"
_EVENTS = """
SELECT ?e ?class ?date ?convener ?participant ?file ?illustrative ?cancelled WHERE {
  ?e a ?class ; dcterms:date ?date .
  FILTER(STRSTARTS(STR(?class), STR(yp:)))
  OPTIONAL { ?e yp:convener ?convener }
  OPTIONAL { ?e yp:participant ?participant }
  OPTIONAL { GRAPH ?g { ?e dcterms:date ?date } ?g dcterms:source ?file }
  OPTIONAL { ?e yp:illustrative ?illustrative }
  BIND(EXISTS { ?e yp:eventStatus yp:EventCancelled } AS ?cancelled)
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
    code: str  # an organiser's organiser code; a municipality's or area's own code
    kind: str  # a key of KINDS
    names: dict[str, str] = field(default_factory=dict)  # by language
    county: str | None = None  # the organiser of a municipality
    aland: bool = False
    helsinki: bool = False  # a municipality that organises the services itself
    authority: str | None = None  # an employment area's authority
    counties: set[str] = field(default_factory=set)  # an employment area's counties

    @property
    def name(self) -> str:
        """The Finnish name (else any), else the code."""
        return self.name_in("fi")

    def name_in(self, lang: str) -> str:
        for candidate in (lang, *LANGS):
            if self.names.get(candidate):
                return self.names[candidate]
        return self.code


@dataclass
class Event:
    iri: str
    classes: set[str]
    date: dt.date
    conveners: set[str]
    participants: set[str]
    source: str | None
    illustrative: bool = False
    cancelled: bool = False  # recorded as cancelled: planned for its date, not held


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
    counties: dict[str, Org]  # every organiser (the City of Helsinki too), by IRI
    municipalities: dict[str, Org]
    areas: dict[str, Org]
    kela: set[str]
    events: list[Event]
    responsibilities: list[Responsibility]
    agreements: list[Agreement]
    kind_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> lang -> word
    organisers: list[Organiser] = field(default_factory=list)  # in code order


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def read_evidence(store: Store) -> Evidence:
    organisers = read_organisers(store)
    counties = {
        o.iri: Org(o.iri, o.code, o.kind, dict(o.names), helsinki=o.municipality_code is not None)
        for o in organisers
    }
    municipalities: dict[str, Org] = {}
    for r in store.select(_MUNICIPALITIES):
        m = municipalities.setdefault(
            r["m"],
            Org(r["m"], r["code"], "municipality", county=r["county"], aland=r["aland"]),
        )
        if r["lang"] in LANGS:
            m.names[r["lang"]] = r["name"]
    for m in municipalities.values():
        m.helsinki = m.county == m.iri  # organises the services itself
    areas: dict[str, Org] = {}
    for r in store.select(_AREAS):
        area = areas.setdefault(
            r["a"], Org(r["a"], r["code"], "employment-area", authority=r["authority"])
        )
        if r["lang"] in LANGS:
            area.names[r["lang"]] = r["name"]
        if r["county"]:
            area.counties.add(r["county"])
    by_class = {cls: kind for kind, cls in KINDS.items()}
    kind_labels = {
        by_class[cls.removeprefix(YP)]: labels
        for cls, labels in read_labels(store, _KIND_LABELS, "class").items()
    }
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
                r["cancelled"] is True,
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
        kind_labels,
        organisers,
    )


def read_labels(store: Store, query: str, key: str) -> dict[str, dict[str, str]]:
    """``?{key}`` IRI → language → ``?label``, from a query selecting both (fi, sv, en)."""
    out: dict[str, dict[str, str]] = {}
    result = store.query(query)
    assert isinstance(result, QuerySolutions)
    for row in result:
        label = row["label"]
        if isinstance(label, Literal) and label.language in LANGS:
            out.setdefault(row[key].value, {})[label.language] = label.value
    return out
