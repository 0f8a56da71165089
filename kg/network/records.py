"""What the collaboration networks are made of: the organisations, themes and council terms
read here, the cooperation records from the read model (:mod:`kg.cooperation`).

Each query reads one kind of thing for the whole graph (no user input reaches a query;
filters are applied in Python afterwards). Classes are matched together with their
subclasses, so a store without the materialised inferences of ``kg build`` (a small test
fixture) reads the same as the built one.

The sources of the five relations (see :data:`RELATIONS`) are the read model's agreements
(``yp:party``), negotiations held (``yp:convener|yp:participant``; a cancelled one ties no
one), forums (``org:hasMember``), responsibilities (grouped here by interface: the owners of
both sides) and dual roles (the organisations of a person's two seats), each with its
validity (:class:`kg.validity.Validity`). The ontology's ``rdfs:label`` of the records'
classes names a record without a title (see :mod:`kg.network.evidence`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.cooperation import (
    AGREEMENT_CLASSES,
    EVENT_CLASSES,
    FORUM_CLASSES,
    Person,
    Record,
    Responsibility,
    read_cooperation,
)
from kg.namespaces import YP_IRI
from kg.organisers import Organiser, find_organiser, read_organisers
from kg.store import Store
from kg.validity import to_day

RELATIONS: tuple[str, ...] = ("agreement", "negotiation", "forum", "interface", "dual-role")
LANGS = ("fi", "sv", "en")

# the kind of an organisation node, by the first of its classes in this order
KIND_OF_CLASS: tuple[tuple[str, str], ...] = (
    (YP_IRI + "WellbeingServicesOrganiser", "county"),  # the 21 counties and the City of Helsinki
    (YP_IRI + "WellbeingServicesCounty", "county"),
    (YP_IRI + "Municipality", "municipality"),
    (YP_IRI + "MainlandMunicipality", "municipality"),
    (YP_IRI + "AlandMunicipality", "municipality"),
    (YP_IRI + "RegionalCouncil", "regional-council"),
    (YP_IRI + "EmploymentAuthority", "employment-authority"),
    (YP_IRI + "SocialInsuranceInstitution", "kela"),
)
_ORG_CLASSES = " ".join(f"<{c}>" for c, _ in KIND_OF_CLASS) + (
    " org:FormalOrganization yp:JointMunicipalAuthority yp:Ministry yp:MunicipalAssociation"
    " yp:Company yp:NonGovernmentalOrganisation yp:Parish"
)

_ORGANISATIONS = (
    f"SELECT DISTINCT ?o ?class WHERE {{ VALUES ?class {{ {_ORG_CLASSES} }} ?o a ?class }}"
)
_ORGANISATION_FACTS = f"""
SELECT ?o ?p ?v (LANG(?v) AS ?lang) WHERE {{
  {{ SELECT DISTINCT ?o WHERE {{ VALUES ?class {{ {_ORG_CLASSES} }} ?o a ?class }} }}
  ?o ?p ?v VALUES ?p {{ skos:prefLabel dcterms:identifier yp:county
                       yp:illustrative yp:themeInScope }}
}}"""
_REGION_ORGANISERS = """
SELECT DISTINCT ?council ?organiser WHERE {
  VALUES ?class { yp:WellbeingServicesOrganiser yp:WellbeingServicesCounty }
  ?region yp:regionalCouncil ?council ; yp:regionMember ?organiser . ?organiser a ?class .
}"""
_AUTHORITY_ORGANISERS = """
SELECT DISTINCT ?authority ?organiser WHERE {
  ?area yp:employmentAuthority ?authority . ?m yp:employmentArea ?area ; yp:county ?organiser .
}"""
_THEMES = """
SELECT ?t ?code ?label (LANG(?label) AS ?lang) WHERE {
  ?t a yp:InterfaceTheme ; skos:notation ?code . OPTIONAL { ?t skos:prefLabel ?label }
}"""
_TERMS = """
SELECT ?t ?key ?start ?end ?label WHERE {
  VALUES ?class { yp:CouncilTerm yp:MunicipalCouncilTerm yp:CountyCouncilTerm }
  ?t a ?class ; dcterms:identifier ?key ;
     time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end .
  OPTIONAL { ?t skos:prefLabel|rdfs:label ?label }
}"""
_RECORD_CLASSES = (*AGREEMENT_CLASSES, *EVENT_CLASSES, *FORUM_CLASSES)
# the names of the records' classes in the ontology (a store without the ontology has none)
_CLASS_LABELS = f"""
SELECT ?class ?label (LANG(?label) AS ?lang) WHERE {{
  VALUES ?class {{ {" ".join(f"yp:{c}" for c in _RECORD_CLASSES)} }}
  ?class rdfs:label ?label .
}}"""
# the most specific class first: the class that names a record without a title of its own
CLASS_ORDER: tuple[str, ...] = tuple(
    YP_IRI + c
    for group in (AGREEMENT_CLASSES, EVENT_CLASSES, FORUM_CLASSES)
    for c in reversed(group)
)


@dataclass
class Node:
    """An organisation, theme or person as a node: the contract's node attributes."""

    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    code: str = ""
    county: str | None = None
    illustrative: bool = False
    themes_in_scope: set[str] = field(default_factory=set)  # theme codes (municipalities)

    def label(self, lang: str) -> str:
        """The label in ``lang``, else in another language, else the code or the IRI's tail."""
        for candidate in (lang, *LANGS):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return self.code or self.iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Interface:
    iri: str
    municipality: str
    organiser: str
    theme: str  # theme IRI
    owners: dict[str, Responsibility] = field(default_factory=dict)  # by its IRI


@dataclass
class Term:
    iri: str
    key: str  # its identifier, e.g. municipal-2025-2029
    start: dt.date
    end: dt.date
    labels: set[str] = field(default_factory=set)


@dataclass
class GraphRecords:
    """Everything a projection needs, read once."""

    orgs: dict[str, Node]
    themes: dict[str, Node]  # by theme IRI
    persons: dict[str, Node]
    terms: list[Term]
    records: list[Record]  # agreements, events held, forums, dual roles
    interfaces: list[Interface]
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # class -> lang -> label
    organisers: list[Organiser] = field(default_factory=list)  # in code order

    def organiser(self, code: str) -> Node:
        """The organiser ``code`` names (:func:`kg.organisers.find_organiser`: ``13``,
        ``90``, or the City of Helsinki's municipality code ``091``); LookupError if none."""
        return self.orgs[find_organiser(None, code, organisers=self.organisers).iri]

    def theme_by_code(self, code: str) -> Node | None:
        return next((t for t in self.themes.values() if t.code == code), None)


def read_records(store: Store) -> GraphRecords:
    """Read every organisation, theme, term and piece of cooperation evidence."""
    themes: dict[str, Node] = {}
    for r in store.select(_THEMES):
        theme = themes.setdefault(r["t"], Node(r["t"], "theme", code=r["code"]))
        if r["label"] and r["lang"] in LANGS:
            theme.labels[r["lang"]] = r["label"]
    organisers = read_organisers(store)
    orgs = _organisations(store, {t.iri: t.code for t in themes.values()}, organisers)
    terms: dict[str, Term] = {}
    for r in store.select(_TERMS):
        start, end = to_day(r["start"]), to_day(r["end"])
        assert start is not None and end is not None  # both are required by the query
        term = terms.setdefault(r["t"], Term(r["t"], r["key"], start, end))
        if r["label"]:
            term.labels.add(r["label"])
    cooperation = read_cooperation(store)
    return GraphRecords(
        orgs,
        themes,
        {p.iri: _person(p) for p in cooperation.persons.values()},
        sorted(terms.values(), key=lambda t: (t.start, t.iri)),
        [r for r in cooperation.records if r.held],  # cancelled or only announced: no tie
        _interfaces(cooperation.responsibilities),
        _class_labels(store),
        organisers,
    )


def _organisations(
    store: Store, theme_codes: dict[str, str], organisers: list[Organiser]
) -> dict[str, Node]:
    """Organisations with their kind, labels, code and county code (a few SELECTs)."""
    rank = {c: i for i, (c, _) in enumerate(KIND_OF_CLASS)}
    kinds = dict(KIND_OF_CLASS)
    orgs: dict[str, Node] = {}
    best: dict[str, int] = {}
    for r in store.select(_ORGANISATIONS):
        o = orgs.setdefault(r["o"], Node(r["o"], "organisation"))
        position = rank.get(r["class"], len(rank))
        if position < best.get(o.iri, len(rank)):
            best[o.iri] = position
            o.kind = kinds[r["class"]]
    organiser_of: dict[str, str] = {}
    identifier: dict[str, str] = {}
    county_code = {o.iri: o.code for o in organisers}
    scope: dict[str, set[str]] = defaultdict(set)  # organiser -> theme codes in scope
    for r in store.select(_ORGANISATION_FACTS):
        o, p, v = orgs[r["o"]], r["p"], r["v"]
        if p.endswith("#prefLabel") and r["lang"] in LANGS:
            o.labels[r["lang"]] = v
        elif p.endswith("/identifier"):
            identifier[o.iri] = str(v)
        elif p == YP_IRI + "county":
            organiser_of[o.iri] = v
        elif p == YP_IRI + "themeInScope" and v in theme_codes:
            scope[o.iri].add(theme_codes[v])
        elif p == YP_IRI + "illustrative":
            o.illustrative = o.illustrative or v is True
    for o in orgs.values():
        if o.kind == "county":
            o.county = county_code.get(o.iri)
            # Helsinki keeps its municipality code as its code; "90" is its county code
            o.code = identifier.get(o.iri) or o.county or ""
        elif o.kind == "municipality":
            o.code = identifier.get(o.iri, "")
    codes = {iri: o.county for iri, o in orgs.items() if o.kind == "county"}
    for iri, organiser in organiser_of.items():
        if orgs[iri].kind == "municipality":
            orgs[iri].county = codes.get(organiser)
            orgs[iri].themes_in_scope = set(scope.get(organiser, ()))
    for query, key in ((_REGION_ORGANISERS, "council"), (_AUTHORITY_ORGANISERS, "authority")):
        found: dict[str, set[str | None]] = defaultdict(set)
        for r in store.select(query):
            found[r[key]].add(codes.get(r["organiser"]))
        for iri, counties in found.items():
            if iri in orgs and len(counties) == 1:  # an organisation of one county only
                orgs[iri].county = next(iter(counties))
    return orgs


def _class_labels(store: Store) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for r in store.select(_CLASS_LABELS):
        if r["lang"] in LANGS:
            labels[r["class"]][r["lang"]] = r["label"]
    return dict(labels)


def _interfaces(responsibilities: list[Responsibility]) -> list[Interface]:
    found: dict[str, Interface] = {}
    for r in responsibilities:
        i = found.setdefault(
            r.interface, Interface(r.interface, r.municipality, r.organiser, r.theme)
        )
        i.owners[r.iri] = r
    return list(found.values())


def _person(person: Person) -> Node:
    """A dual roles' holder as a node, named by the name published, else by the id."""
    if person.name:
        labels = dict.fromkeys(LANGS, person.name)
    else:
        tail = person.iri.rstrip("/").rsplit("/", 1)[-1]
        labels = {
            "fi": f"Luottamushenkilö {tail}",
            "sv": f"Förtroendevald {tail}",
            "en": f"Elected official {tail}",
        }
    return Node(person.iri, "person", labels, illustrative=person.illustrative)
