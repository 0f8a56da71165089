"""What the graph holds that can fulfil a duty, and who the bearers are, read once per audit.

The records (events, responsibilities, agreements) are the read model's
(:mod:`kg.cooperation`); the bearers are read here, each kind in one SELECT over the whole
graph; the evaluation works on the Python records.
Organisers carry their ``yp:organiserCode`` (:mod:`kg.organisers`), every bearer its names
in fi, sv and en and its kind, whose words come from the ontology's labels (``KINDS``), so
that a report can say what each code is. An event recorded with ``yp:eventStatus
yp:EventCancelled`` is kept as cancelled: it fulfils nothing, but shows a duty missed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from pyoxigraph import Literal, QuerySolutions

from kg.cooperation import Record, Responsibility, read_cooperation
from kg.namespaces import YP_IRI
from kg.organisers import Organiser, read_organisers
from kg.store import Store

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
class Evidence:
    counties: dict[str, Org]  # every organiser (the City of Helsinki too), by IRI
    municipalities: dict[str, Org]
    areas: dict[str, Org]
    kela: set[str]
    events: list[Record]  # negotiations, cancelled ones too
    responsibilities: list[Responsibility]
    agreements: list[Record]
    kind_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> lang -> word
    organisers: list[Organiser] = field(default_factory=list)  # in code order

    @cached_property
    def posts_by_owner(self) -> dict[tuple[str, str, str], list[Responsibility]]:
        """The responsibilities by (theme code, side, the organisation whose side it is:
        the municipality or the organiser), each list in the order of ``responsibilities``:
        a bearer's posts are looked up, not searched for among the nation's."""
        found: dict[tuple[str, str, str], list[Responsibility]] = defaultdict(list)
        for r in self.responsibilities:
            own = r.municipality if r.side == "municipality" else r.organiser
            found[(r.theme_code, r.side, own)].append(r)
        return dict(found)

    @cached_property
    def events_by_participant(self) -> dict[str, list[Record]]:
        """The events by each organisation taking part in them (its conveners too), each
        list in the order of ``events``."""
        found: dict[str, list[Record]] = defaultdict(list)
        for e in self.events:
            for org in e.participants:
                found[org].append(e)
        return dict(found)


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
        by_class[cls.removeprefix(YP_IRI)]: labels
        for cls, labels in read_labels(store, _KIND_LABELS, "class").items()
    }
    cooperation = read_cooperation(store)
    return Evidence(
        counties,
        municipalities,
        areas,
        {r["k"] for r in store.select(_KELA)},
        [e for e in cooperation.negotiations if e.validity.start is not None],
        cooperation.responsibilities,
        cooperation.agreements,
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
