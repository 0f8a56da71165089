"""What the collaboration networks are made of, read from the graph in a few SELECTs.

Each query reads one kind of record for the whole graph (no user input reaches a query;
filters are applied in Python afterwards). Classes are matched together with their
subclasses, so a store without the materialised inferences of ``kg build`` (a small test
fixture) reads the same as the built one.

The sources of the five relations (see :data:`RELATIONS`):

* ``agreement``: ``?a a yp:Agreement ; yp:party ?org`` (validity ``yp:validFrom`` /
  ``yp:validTo``, themes ``yp:aboutTheme``);
* ``negotiation``: ``?e a yp:CooperationEvent ; yp:convener|yp:participant ?org`` (the
  statutory negotiations and the other meetings of the regions' negotiation tables; date
  ``dcterms:date``, themes ``yp:aboutTheme``);
* ``forum``: ``?f a yp:Forum ; org:hasMember ?org`` (validity and themes as agreements);
* ``interface``: ``?i yp:municipality ?m ; yp:organiser ?c ; yp:theme ?t`` with
  ``?r yp:interface ?i ; yp:side ?side ; yp:post/org:postIn ?holder`` (owners' validity on
  the responsibility ``?r``; ``yp:actsFor`` names the side a joint body acts for);
* ``dual-role``: ``?d a yp:DualRole ; yp:holder ?person ; yp:municipalSeat|yp:countySeat
  ?seat . ?seat org:organization/org:unitOf ?org`` (validity on ``?d``).

An agreement, event or forum also brings its classes, its ``dcterms:title`` or
``skos:prefLabel`` and its ``dcterms:identifier``; the ontology's ``rdfs:label`` of those
classes names a record without a title (see :mod:`kg.network.evidence`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.store import Store

YP = "https://w3id.org/yhdyspinta/ontology#"
RELATIONS: tuple[str, ...] = ("agreement", "negotiation", "forum", "interface", "dual-role")
LANGS = ("fi", "sv", "en")
RELATION_LABELS: dict[str, dict[str, str]] = {
    "agreement": {"fi": "sopimus", "sv": "avtal", "en": "agreement"},
    "negotiation": {"fi": "neuvottelu", "sv": "förhandling", "en": "negotiation"},
    "forum": {"fi": "yhteistyöelin", "sv": "samarbetsorgan", "en": "forum"},
    "interface": {"fi": "yhdyspinta", "sv": "gränsyta", "en": "interface"},
    "dual-role": {"fi": "kaksoisrooli", "sv": "dubbelroll", "en": "dual role"},
}

_AGREEMENT_CLASSES = (
    "yp:Agreement yp:StrategicCooperationAgreement yp:InterfaceAgreement yp:TYMAgreement "
    "yp:ResponsibilityDivisionTable"
)
_EVENT_CLASSES = (
    "yp:CooperationEvent yp:Negotiation yp:CooperationNegotiation "
    "yp:HealthWellbeingNegotiation yp:Meeting"
)
_FORUM_CLASSES = "yp:Forum yp:AdvisoryBoard yp:AreaGroup yp:WorkingGroup yp:CooperationNetwork"
# the kind of an organisation node, by the first of its classes in this order
KIND_OF_CLASS: tuple[tuple[str, str], ...] = (
    (YP + "WellbeingServicesOrganiser", "county"),  # the 21 counties and the City of Helsinki
    (YP + "WellbeingServicesCounty", "county"),
    (YP + "Municipality", "municipality"),
    (YP + "MainlandMunicipality", "municipality"),
    (YP + "AlandMunicipality", "municipality"),
    (YP + "RegionalCouncil", "regional-council"),
    (YP + "EmploymentAuthority", "employment-authority"),
    (YP + "SocialInsuranceInstitution", "kela"),
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
  ?o ?p ?v VALUES ?p {{ skos:prefLabel dcterms:identifier yp:organiserCode yp:county
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
SELECT ?t ?start ?end ?label WHERE {
  VALUES ?class { yp:CouncilTerm yp:MunicipalCouncilTerm yp:CountyCouncilTerm }
  ?t a ?class ; time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end .
  OPTIONAL { ?t skos:prefLabel|rdfs:label ?label }
}"""
# an agreement's, event's or forum's own facts; its name is its title or preferred label
_FACTS = (
    "yp:validFrom yp:validTo dcterms:date yp:aboutTheme yp:concernsCounty yp:illustrative "
    "dcterms:title skos:prefLabel dcterms:identifier"
)
_AGREEMENTS = f"""
SELECT DISTINCT ?e ?class ?org ?p ?v (LANG(?v) AS ?lang) WHERE {{
  VALUES ?class {{ {_AGREEMENT_CLASSES} }}
  ?e a ?class .
  {{ ?e yp:party ?org }} UNION {{ ?e ?p ?v VALUES ?p {{ {_FACTS} }} }}
}}"""
_EVENTS = f"""
SELECT DISTINCT ?e ?class ?org ?p ?v (LANG(?v) AS ?lang) WHERE {{
  VALUES ?class {{ {_EVENT_CLASSES} }}
  ?e a ?class .
  FILTER NOT EXISTS {{ ?e yp:eventStatus yp:EventCancelled }}  # planned, not held: no tie
  {{ ?e yp:participant|yp:convener ?org }} UNION {{ ?e ?p ?v VALUES ?p {{ {_FACTS} }} }}
}}"""
_FORUMS = f"""
SELECT DISTINCT ?e ?class ?org ?p ?v (LANG(?v) AS ?lang) WHERE {{
  VALUES ?class {{ {_FORUM_CLASSES} }}
  ?e a ?class .
  {{ ?e org:hasMember ?org }} UNION {{ ?e ?p ?v VALUES ?p {{ {_FACTS} }} }}
}}"""
# the names of those classes in the ontology (a store without the ontology has none)
_CLASS_LABELS = f"""
SELECT ?class ?label (LANG(?label) AS ?lang) WHERE {{
  VALUES ?class {{ {_AGREEMENT_CLASSES} {_EVENT_CLASSES} {_FORUM_CLASSES} }}
  ?class rdfs:label ?label .
}}"""
# the most specific class first: the class that names a record without a title of its own
CLASS_ORDER: tuple[str, ...] = tuple(
    YP + c.removeprefix("yp:")
    for group in (_AGREEMENT_CLASSES, _EVENT_CLASSES, _FORUM_CLASSES)
    for c in reversed(group.split())
)
_RESPONSIBILITIES = """
SELECT ?i ?m ?c ?theme ?r ?side ?holder ?for ?from ?to ?illustrative WHERE {
  ?r yp:interface ?i ; yp:side ?side ; yp:post ?post . ?post org:postIn ?holder .
  ?i yp:municipality ?m ; yp:organiser ?c ; yp:theme ?theme .
  OPTIONAL { ?r yp:actsFor ?for }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { ?r yp:illustrative ?illustrative }
}"""
_DUAL_ROLES = """
SELECT ?d ?person ?seatSide ?org ?from ?to ?illustrative ?personIllustrative ?name WHERE {
  ?d a yp:DualRole ; yp:holder ?person ; ?seatSide ?seat .
  VALUES ?seatSide { yp:municipalSeat yp:countySeat }
  ?seat org:organization ?body . ?body org:unitOf ?org .
  OPTIONAL { ?d yp:validFrom ?from }
  OPTIONAL { ?d yp:validTo ?to }
  OPTIONAL { ?d yp:illustrative ?illustrative }
  OPTIONAL { ?person yp:illustrative ?personIllustrative }
  OPTIONAL { ?person yp:personName ?name }
}"""


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
class Record:
    """One agreement, event, forum or dual role: the organisations it joins and when."""

    iri: str
    relation: str
    orgs: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)  # theme IRIs
    start: dt.date | None = None  # validity, or an event's date
    end: dt.date | None = None
    concerns: set[str] = field(default_factory=set)  # yp:concernsCounty
    illustrative: bool = False
    person: str | None = None  # a dual role's holder
    titles: dict[str, str] = field(default_factory=dict)  # language -> title or label
    classes: set[str] = field(default_factory=set)  # class IRIs (agreements, events, forums)
    identifier: str = ""


@dataclass
class Ownership:
    """A responsibility: a post of ``holders`` owning one side of an interface."""

    side: str  # "municipality" | "county"
    holders: set[str]
    start: dt.date | None
    end: dt.date | None
    illustrative: bool


@dataclass
class Interface:
    iri: str
    municipality: str
    organiser: str
    theme: str  # theme IRI
    owners: dict[str, Ownership] = field(default_factory=dict)  # by responsibility IRI


@dataclass
class Term:
    iri: str
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
    records: list[Record]  # agreements, events, forums, dual roles
    interfaces: list[Interface]
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # class -> lang -> label

    def organiser(self, code: str) -> Node | None:
        """The organiser with this organiser code (``13``, ``90``), or the organiser that is
        a municipality with this municipality code (the City of Helsinki, ``091``)."""
        key = code.strip()
        return next(
            (
                o
                for o in self.orgs.values()
                if o.kind == "county"
                and (o.county == key.zfill(2) if len(key) <= 2 else o.code == key)
            ),
            None,
        )

    def theme_by_code(self, code: str) -> Node | None:
        return next((t for t in self.themes.values() if t.code == code), None)


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def read_records(store: Store) -> GraphRecords:
    """Read every organisation, theme, term and piece of cooperation evidence."""
    themes: dict[str, Node] = {}
    for r in store.select(_THEMES):
        theme = themes.setdefault(r["t"], Node(r["t"], "theme", code=r["code"]))
        if r["label"] and r["lang"] in LANGS:
            theme.labels[r["lang"]] = r["label"]
    orgs = _organisations(store, {t.iri: t.code for t in themes.values()})
    terms: dict[str, Term] = {}
    for r in store.select(_TERMS):
        start, end = _day(r["start"]), _day(r["end"])
        assert start is not None and end is not None  # both are required by the query
        term = terms.setdefault(r["t"], Term(r["t"], start, end))
        if r["label"]:
            term.labels.add(r["label"])
    persons, dual_roles = _dual_roles(store)
    return GraphRecords(
        orgs,
        themes,
        persons,
        sorted(terms.values(), key=lambda t: (t.start, t.iri)),
        [
            *_records(store, _AGREEMENTS, "agreement"),
            *_records(store, _EVENTS, "negotiation"),
            *_records(store, _FORUMS, "forum"),
            *dual_roles,
        ],
        _interfaces(store),
        _class_labels(store),
    )


def _organisations(store: Store, theme_codes: dict[str, str]) -> dict[str, Node]:
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
    county_code: dict[str, str] = {}
    scope: dict[str, set[str]] = defaultdict(set)  # organiser -> theme codes in scope
    for r in store.select(_ORGANISATION_FACTS):
        o, p, v = orgs[r["o"]], r["p"], r["v"]
        if p.endswith("#prefLabel") and r["lang"] in LANGS:
            o.labels[r["lang"]] = v
        elif p.endswith("/identifier"):
            identifier[o.iri] = str(v)
        elif p == YP + "organiserCode":
            county_code[o.iri] = str(v)
        elif p == YP + "county":
            organiser_of[o.iri] = v
        elif p == YP + "themeInScope" and v in theme_codes:
            scope[o.iri].add(theme_codes[v])
        elif p == YP + "illustrative":
            o.illustrative = o.illustrative or v is True
    for o in orgs.values():
        if o.kind == "county":
            o.county = county_code.get(o.iri) or identifier.get(o.iri)
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


def _records(store: Store, query: str, relation: str) -> list[Record]:
    found: dict[str, Record] = {}
    labels: dict[str, dict[str, str]] = defaultdict(dict)  # record -> lang -> prefLabel
    for r in store.select(query):
        x = found.setdefault(r["e"], Record(r["e"], relation))
        x.classes.add(r["class"])
        if r["org"]:
            x.orgs.add(r["org"])
            continue
        p, v = r["p"], r["v"]
        if p.endswith("/title") and r["lang"] in LANGS:
            x.titles[r["lang"]] = v
        elif p.endswith("#prefLabel") and r["lang"] in LANGS:
            labels[x.iri][r["lang"]] = v
        elif p.endswith("/identifier"):
            x.identifier = str(v)
        elif p == YP + "validFrom":
            x.start = _day(v)
        elif p == YP + "validTo":
            x.end = _day(v)
        elif p.endswith("/date"):  # an event lasts its day
            x.start = x.end = _day(v)
        elif p == YP + "aboutTheme":
            x.themes.add(v)
        elif p == YP + "concernsCounty":
            x.concerns.add(v)
        elif p == YP + "illustrative":
            x.illustrative = x.illustrative or v is True
    for iri, by_lang in labels.items():  # a title, where there is one, names the record
        found[iri].titles = {**by_lang, **found[iri].titles}
    return [x for x in found.values() if x.orgs]


def _interfaces(store: Store) -> list[Interface]:
    found: dict[str, Interface] = {}
    for r in store.select(_RESPONSIBILITIES):
        i = found.setdefault(r["i"], Interface(r["i"], r["m"], r["c"], r["theme"]))
        side = "municipality" if r["side"] == YP + "MunicipalitySide" else "county"
        owner = i.owners.setdefault(
            r["r"],
            Ownership(side, set(), _day(r["from"]), _day(r["to"]), r["illustrative"] is True),
        )
        owner.holders.add(r["holder"])
        if r["for"]:
            owner.holders.add(r["for"])
    return list(found.values())


def _dual_roles(store: Store) -> tuple[dict[str, Node], list[Record]]:
    persons: dict[str, Node] = {}
    roles: dict[str, Record] = {}
    for r in store.select(_DUAL_ROLES):
        tail = r["person"].rstrip("/").rsplit("/", 1)[-1]
        person = persons.setdefault(r["person"], Node(r["person"], "person"))
        if r["name"]:
            person.labels = dict.fromkeys(LANGS, r["name"])
        elif not person.labels:
            person.labels = {
                "fi": f"Luottamushenkilö {tail}",
                "sv": f"Förtroendevald {tail}",
                "en": f"Elected official {tail}",
            }
        person.illustrative = person.illustrative or r["personIllustrative"] is True
        role = roles.setdefault(
            r["d"],
            Record(
                r["d"],
                "dual-role",
                start=_day(r["from"]),
                end=_day(r["to"]),
                illustrative=r["illustrative"] is True,
                person=r["person"],
            ),
        )
        role.orgs.add(r["org"])
    return persons, list(roles.values())
