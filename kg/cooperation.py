"""The cooperation records, read from the graph in one place: the read model.

What the regions record about their cooperation, and the facts the seed documents give:

* **responsibilities**: ``?r yp:interface ?i ; yp:side ?side ; yp:post ?post`` with
  ``?post org:postIn ?holder`` (``yp:actsFor`` names the side a joint body acts for) and
  ``?i yp:municipality ?m ; yp:organiser ?c ; yp:theme ?t``: the owners, or responsible
  posts, of each interface;
* **agreements**: ``?a a yp:Agreement ; yp:party ?org``;
* **negotiations**: ``?e a yp:CooperationEvent ; yp:convener|yp:participant ?org`` (the
  statutory negotiations and the other meetings of the negotiation tables; one recorded
  with ``yp:eventStatus yp:EventCancelled`` is kept, marked ``cancelled``);
* **forums**: ``?f a yp:Forum ; org:hasMember ?org``;
* **dual roles**: ``?d a yp:DualRole ; yp:holder ?person ; yp:municipalSeat|yp:countySeat
  ?seat . ?seat org:organization/org:unitOf ?org``.

Every record carries one :class:`kg.validity.Validity` (an event's is its day, or the
month or year its ``yp:datePrecision`` says the source gave), its ``yp:illustrative`` flag,
the source file of the named graph it came from and its :class:`Citation` list: the pages
it was read from (``prov:qualifiedDerivation``: ``prov:entity`` the page,
``dcterms:bibliographicCitation`` the document's reference, ``yp:readOn``,
``yp:conflictNote``), which every public-record row has. An event recorded as planned
(``yp:EventPlanned``: a page announced it) is kept, marked ``planned``: evidence of the
plan, not of a meeting. The audit
(:mod:`kg.audit.evidence`), the networks (:mod:`kg.network.records`), the lookups
(:func:`owners`) and the export (:func:`county_rows`) read the records here and nowhere
else. Classes are matched together with their subclasses, so a store without the
materialised inferences of ``kg build`` (a small test fixture) reads the same as the built
one. Values asked for (a municipality, a theme, a county) are bound, never pasted in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QuerySolutions

from kg.namespaces import PREFIXES, YP_IRI
from kg.store import Store, to_python
from kg.validity import Validity, span_end, to_day

LANGS = ("fi", "sv", "en")
QUERIES = Path(__file__).with_name("cooperation_queries")
DCTERMS_IRI = PREFIXES["dcterms"]

# each kind's classes, the most general first (subclasses listed: no inference needed)
AGREEMENT_CLASSES = (
    "Agreement",
    "StrategicCooperationAgreement",
    "InterfaceAgreement",
    "TYMAgreement",
    "ResponsibilityDivisionTable",
)
EVENT_CLASSES = (
    "CooperationEvent",
    "Negotiation",
    "CooperationNegotiation",
    "HealthWellbeingNegotiation",
    "Meeting",
)
FORUM_CLASSES = ("Forum", "AdvisoryBoard", "AreaGroup", "WorkingGroup", "CooperationNetwork")
# the predicates joining a record to its organisations, by kind
_MEMBERS = {
    "agreement": ("yp:party",),
    "negotiation": ("yp:convener", "yp:participant"),
    "forum": ("org:hasMember",),
}
_CLASSES = {
    "agreement": AGREEMENT_CLASSES,
    "negotiation": EVENT_CLASSES,
    "forum": FORUM_CLASSES,
}
# a record's own facts; its name is its title or preferred label
_FACTS = (
    "yp:validFrom yp:validTo dcterms:date yp:aboutTheme yp:concernsCounty yp:illustrative "
    "dcterms:title skos:prefLabel dcterms:identifier yp:eventStatus yp:datePrecision"
)
_CITATIONS = """
SELECT ?e ?own ?page ?ref ?read ?conflict WHERE {
  { ?e prov:qualifiedDerivation ?d BIND(true AS ?own) }
  UNION { ?e yp:approval/prov:qualifiedDerivation ?d }
  OPTIONAL { ?d prov:entity ?page }
  OPTIONAL { ?d dcterms:bibliographicCitation ?ref }
  OPTIONAL { ?d yp:readOn ?read }
  OPTIONAL { ?d yp:conflictNote ?conflict }
} ORDER BY ?e ?read ?page ?ref"""
_RECORDS = """
SELECT ?e ?class ?role ?org ?p ?v ?lang ?file WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ VALUES ?kind {{ {classes} }} ?e a ?kind }} }}
  {{ ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(yp:))) }}
  UNION {{ ?e ?role ?org VALUES ?role {{ {members} }} }}
  UNION {{ ?e ?p ?v VALUES ?p {{ {facts} }} BIND(LANG(?v) AS ?lang) }}
  UNION {{ GRAPH ?g {{ ?e ?m ?x VALUES ?m {{ {members} }} }} ?g dcterms:source ?file }}
}}"""
_RESPONSIBILITIES = """
SELECT ?r ?i ?m ?c ?t ?theme ?side ?holder ?for ?from ?to ?illustrative ?file WHERE {
  ?r yp:interface ?i ; yp:side ?side ; yp:post ?post . ?post org:postIn ?holder .
  ?i yp:municipality ?m ; yp:organiser ?c ; yp:theme ?t .
  OPTIONAL { ?t skos:notation ?theme }
  OPTIONAL { ?r yp:actsFor ?for }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { ?r yp:illustrative ?illustrative }
  OPTIONAL { GRAPH ?g { ?r yp:interface ?i } ?g dcterms:source ?file }
}"""
_DUAL_ROLES = """
SELECT ?d ?person ?org ?from ?to ?illustrative ?personIllustrative ?name ?file WHERE {
  ?d a yp:DualRole ; yp:holder ?person ; ?seatSide ?seat .
  VALUES ?seatSide { yp:municipalSeat yp:countySeat }
  ?seat org:organization ?body . ?body org:unitOf ?org .
  OPTIONAL { ?d yp:validFrom ?from }
  OPTIONAL { ?d yp:validTo ?to }
  OPTIONAL { ?d yp:illustrative ?illustrative }
  OPTIONAL { ?person yp:illustrative ?personIllustrative }
  OPTIONAL { ?person yp:personName ?name }
  OPTIONAL { GRAPH ?g { ?d yp:holder ?person } ?g dcterms:source ?file }
}"""
# The owners of a municipality's interfaces: one row per responsibility with its side, post
# and holder (the first branch of the UNION) and one row per optional property of a
# responsibility (the second). The same answer as eight OPTIONALs, which the engine takes
# over a millisecond to plan on every call; this shape plans and runs in about a third.
# With one theme asked about, ?theme is not projected: every row would decode it again.
_OWNERS_ALL_THEMES = """
SELECT ?theme ?side ?r ?post ?postName ?holderName ?unit ?p ?o WHERE {
  ?i yp:municipality ?m ; yp:theme ?t . ?t skos:notation ?theme .
  ?r yp:interface ?i .
  { ?r yp:side ?s ; yp:post ?post . ?s skos:notation ?side .
    ?post org:postIn ?holder ; skos:prefLabel ?postName . FILTER(LANG(?postName) = "fi")
    ?holder skos:prefLabel ?holderName . FILTER(LANG(?holderName) = "fi")
    OPTIONAL { ?post yp:organisationUnit ?unit } }
  UNION
  { ?r ?p ?o VALUES ?p { yp:contactChannel yp:personName yp:validFrom yp:validTo
                         yp:lastVerified dcterms:source yp:illustrative } }
}"""
_OWNERS = _OWNERS_ALL_THEMES.replace("SELECT ?theme ", "SELECT ", 1)
_OWNER_FIELDS = {
    YP_IRI + "contactChannel": "contact",
    YP_IRI + "personName": "person",
    YP_IRI + "validFrom": "valid_from",
    YP_IRI + "validTo": "valid_to",
    YP_IRI + "lastVerified": "last_verified",
    DCTERMS_IRI + "source": "source",
    YP_IRI + "illustrative": "illustrative",
}

_POST = """
SELECT ?title ?organisation ?unit ?municipalityCode ?municipalityName ?theme ?side WHERE {
  ?post org:postIn ?holder ; skos:prefLabel ?title . FILTER(LANG(?title) = "fi")
  ?holder skos:prefLabel ?organisation . FILTER(LANG(?organisation) = "fi")
  OPTIONAL { ?post yp:organisationUnit ?unit }
  OPTIONAL {
    ?r yp:post ?post ; yp:interface ?i ; yp:side ?s . ?s skos:notation ?side .
    ?i yp:theme ?t . ?t skos:notation ?theme .
    OPTIONAL { ?i yp:municipality ?m . ?m dcterms:identifier ?municipalityCode ;
               skos:prefLabel ?municipalityName . FILTER(LANG(?municipalityName) = "fi") }
  }
} ORDER BY ?municipalityCode ?theme"""


@dataclass(frozen=True)
class Citation:
    """Where a record was read: the page, the document's own reference (body, meeting date,
    § or item, or the page title), the day it was read, and how it disagrees with another
    record's source, if it does."""

    url: str | None
    reference: str | None
    read_on: dt.date | None
    conflict: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "reference": self.reference,
            "read_on": self.read_on.isoformat() if self.read_on else None,
            "conflict": self.conflict,
        }


@dataclass
class Record:
    """An agreement, negotiation (or other meeting), forum or dual role."""

    iri: str
    relation: str  # "agreement" | "negotiation" | "forum" | "dual-role"
    classes: set[str] = field(default_factory=set)  # its class IRIs in the ontology
    orgs: set[str] = field(default_factory=set)  # parties, conveners and participants, members
    conveners: set[str] = field(default_factory=set)  # an event's
    themes: set[str] = field(default_factory=set)  # theme IRIs (yp:aboutTheme)
    concerns: set[str] = field(default_factory=set)  # organiser IRIs (yp:concernsCounty)
    validity: Validity = Validity()  # an event's is its day
    titles: dict[str, str] = field(default_factory=dict)  # language -> title, else label
    identifier: str = ""
    illustrative: bool = False
    cancelled: bool = False  # an event recorded as cancelled: planned for its day, not held
    planned: bool = False  # an event a page announced: evidence of the plan, not of a meeting
    source: str | None = None  # the file of the named graph it came from
    person: str | None = None  # a dual role's holder
    citations: list[Citation] = field(default_factory=list)  # the pages it was read from
    precision: str = "day"  # how precisely its date is known: day, month or year

    @property
    def held(self) -> bool:
        """An event neither cancelled nor only announced (any other record: True)."""
        return not (self.cancelled or self.planned)

    @property
    def participants(self) -> set[str]:
        """An event's participants and conveners (a convener takes part)."""
        return self.orgs

    def is_a(self, local_name: str) -> bool:
        """Whether it is of the ontology's class ``yp:{local_name}``."""
        return YP_IRI + local_name in self.classes


@dataclass
class Responsibility:
    """A post of ``holders`` owning one side of the interface of ``municipality`` and its
    ``organiser`` for ``theme``."""

    iri: str
    interface: str
    municipality: str
    organiser: str
    theme: str  # theme IRI
    theme_code: str  # its skos:notation ("hyte")
    side: str  # "municipality" | "county"
    holders: set[str] = field(default_factory=set)  # the post's organisation and yp:actsFor
    validity: Validity = Validity()
    illustrative: bool = False
    source: str | None = None
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Person:
    """The holder of dual roles."""

    iri: str
    name: str | None = None  # only when the source allows publishing it
    illustrative: bool = False


@dataclass
class Cooperation:
    """Every cooperation record of the graph, read once."""

    responsibilities: list[Responsibility]
    agreements: list[Record]
    negotiations: list[Record]  # cancelled ones too (see Record.cancelled)
    forums: list[Record]
    dual_roles: list[Record]
    persons: dict[str, Person]

    @property
    def records(self) -> list[Record]:
        """Agreements, negotiations, forums and dual roles."""
        return [*self.agreements, *self.negotiations, *self.forums, *self.dual_roles]


def read_cooperation(store: Store) -> Cooperation:
    """Read every responsibility, agreement, negotiation, forum and dual role."""
    persons, dual_roles = _dual_roles(store)
    found = Cooperation(
        _responsibilities(store),
        _records(store, "agreement"),
        _records(store, "negotiation"),
        _records(store, "forum"),
        dual_roles,
        persons,
    )
    cited = citations(store)
    for record in found.records:
        record.citations = cited.get(record.iri, [])
    for owner in found.responsibilities:
        owner.citations = cited.get(owner.iri, [])
    return found


def citations(store: Store, *, own: bool = False) -> dict[str, list[Citation]]:
    """The pages each record was read from, by the record's IRI (an agreement's include its
    approvals'; with ``own``, only those of the entity itself)."""
    out: dict[str, list[Citation]] = defaultdict(list)
    for r in store.select(_CITATIONS):
        if own and not r["own"]:
            continue
        out[r["e"]].append(Citation(r["page"], r["ref"], to_day(r["read"]), r["conflict"]))
    return dict(out)


@cache
def _records_query(relation: str) -> str:
    return _RECORDS.format(
        classes=" ".join(f"yp:{c}" for c in _CLASSES[relation]),
        members=" ".join(_MEMBERS[relation]),
        facts=_FACTS,
    )


def _records(store: Store, relation: str) -> list[Record]:
    found: dict[str, Record] = {}
    labels: dict[str, dict[str, str]] = defaultdict(dict)  # record -> lang -> prefLabel
    dated: set[str] = set()
    for r in store.select(_records_query(relation)):
        x = found.setdefault(r["e"], Record(r["e"], relation))
        if r["class"]:
            x.classes.add(r["class"])
        elif r["org"]:
            x.orgs.add(r["org"])
            if r["role"] == YP_IRI + "convener":
                x.conveners.add(r["org"])
        elif r["file"]:
            x.source = x.source or r["file"]
        elif r["p"]:
            _fact(x, r["p"], r["v"], r["lang"], labels, dated)
    for iri, by_lang in labels.items():  # a title, where there is one, names the record
        found[iri].titles = {**by_lang, **found[iri].titles}
    for x in found.values():  # a date given to the month or year spans it
        if x.precision != "day" and x.validity.start is not None:
            x.validity = Validity(x.validity.start, span_end(x.validity.start, x.precision))
    return sorted((x for x in found.values() if x.orgs), key=lambda x: x.iri)


def _fact(
    x: Record, p: str, v: Any, lang: str | None, labels: dict[str, dict[str, str]], dated: set[str]
) -> None:
    if p == DCTERMS_IRI + "title" and lang in LANGS:
        x.titles[lang] = v
    elif p.endswith("#prefLabel") and lang in LANGS:
        labels[x.iri][lang] = v
    elif p == DCTERMS_IRI + "identifier":
        x.identifier = str(v)
    elif p == YP_IRI + "validFrom" and x.iri not in dated:
        x.validity = Validity(to_day(v), x.validity.end)
    elif p == YP_IRI + "validTo" and x.iri not in dated:
        x.validity = Validity(x.validity.start, to_day(v))
    elif p == DCTERMS_IRI + "date":  # an event holds on its day
        x.validity = Validity.day(v)
        dated.add(x.iri)
    elif p == YP_IRI + "aboutTheme":
        x.themes.add(v)
    elif p == YP_IRI + "concernsCounty":
        x.concerns.add(v)
    elif p == YP_IRI + "illustrative":
        x.illustrative = x.illustrative or v is True
    elif p == YP_IRI + "eventStatus":
        x.cancelled = x.cancelled or v == YP_IRI + "EventCancelled"
        x.planned = x.planned or v == YP_IRI + "EventPlanned"
    elif p == YP_IRI + "datePrecision":
        x.precision = "month" if v == YP_IRI + "MonthPrecision" else "year"


def _responsibilities(store: Store) -> list[Responsibility]:
    found: dict[str, Responsibility] = {}
    for r in store.select(_RESPONSIBILITIES):
        side = "municipality" if r["side"] == YP_IRI + "MunicipalitySide" else "county"
        x = found.setdefault(
            r["r"],
            Responsibility(
                r["r"],
                r["i"],
                r["m"],
                r["c"],
                r["t"],
                str(r["theme"] or ""),
                side,
                validity=Validity.of(r["from"], r["to"]),
                illustrative=r["illustrative"] is True,
                source=r["file"],
            ),
        )
        x.holders.add(r["holder"])
        if r["for"]:
            x.holders.add(r["for"])
        x.source = x.source or r["file"]
    return sorted(found.values(), key=lambda x: x.iri)


def _dual_roles(store: Store) -> tuple[dict[str, Person], list[Record]]:
    persons: dict[str, Person] = {}
    roles: dict[str, Record] = {}
    for r in store.select(_DUAL_ROLES):
        person = persons.setdefault(r["person"], Person(r["person"]))
        person.name = person.name or r["name"]
        person.illustrative = person.illustrative or r["personIllustrative"] is True
        role = roles.setdefault(
            r["d"],
            Record(
                r["d"],
                "dual-role",
                validity=Validity.of(r["from"], r["to"]),
                illustrative=r["illustrative"] is True,
                person=r["person"],
            ),
        )
        role.orgs.add(r["org"])
        role.source = role.source or r["file"]
    return persons, sorted(roles.values(), key=lambda x: x.iri)


@dataclass
class Owner:
    """A responsibility for one of a municipality's interfaces, as the lookups show it."""

    responsibility: str
    theme: str  # theme code
    side: str  # "municipality" | "county" (the side's skos:notation)
    post: str
    title: str  # the post's Finnish name
    organisation: str  # the Finnish name of the post's organisation
    unit: str | None
    fields: dict[str, Any] = field(default_factory=dict)  # contact, person, valid_from, ...

    @property
    def validity(self) -> Validity:
        return Validity.of(self.fields.get("valid_from"), self.fields.get("valid_to"))


def owners(store: Store, municipality: str, theme: str | None = None) -> list[Owner]:
    """The responsibilities for the interfaces of the municipality with IRI
    ``municipality`` (of the theme with code ``theme`` if given), whenever valid."""
    bindings: dict[str, Any] = {"m": NamedNode(municipality)}
    if theme is not None:
        bindings["theme"] = Literal(theme)
    found: dict[str, Owner] = {}
    fields: dict[str, dict[str, Any]] = defaultdict(dict)  # r -> its optional fields
    result = store.query(_OWNERS if theme is not None else _OWNERS_ALL_THEMES, bindings=bindings)
    assert isinstance(result, QuerySolutions)
    for row in result:  # only the cells used are read: each read makes a Python object
        r, p = row["r"].value, row["p"]
        if p is not None:
            fields[r].setdefault(_OWNER_FIELDS[p.value], to_python(row["o"]))
        elif r not in found:
            unit = row["unit"]
            found[r] = Owner(
                r,
                theme if theme is not None else row["theme"].value,
                row["side"].value,
                row["post"].value,
                row["postName"].value,
                row["holderName"].value,
                None if unit is None else unit.value,
            )
    for r, owner in found.items():
        owner.fields = fields.get(r, {})
    return list(found.values())


_OWNING_POSTS = """
SELECT DISTINCT ?post ?name ?holder WHERE {
  ?r yp:post ?post . ?post skos:prefLabel ?name ; org:postIn ?h .
  FILTER(LANG(?name) = "fi")
  ?h skos:prefLabel ?holder . FILTER(LANG(?holder) = "fi")
} ORDER BY ?name ?holder"""


def owning_posts(store: Store) -> list[tuple[str, str, str]]:
    """(IRI, Finnish title, organisation's Finnish name) of every post that owns an
    interface, by title."""
    return [(r["post"], r["name"], r["holder"]) for r in store.select(_OWNING_POSTS)]


def post_rows(store: Store, post: str) -> list[dict[str, Any]]:
    """The post with IRI ``post`` (its Finnish title, organisation, unit) and one row per
    interface it owns (municipality code and name, theme code, side); none: no such post."""
    return store.select(_POST, bindings={"post": NamedNode(post)})


def county_rows(
    store: Store, table: str, county: str, *, public_record: bool = False
) -> list[dict[str, Any]]:
    """The records of one kind (a template table's key: ``responsibilities``,
    ``agreements``, ``negotiations``, ``forums``, ``dual_roles``) of the organiser with IRI
    ``county``, one row per template row, in the template's columns (the export): those of
    the county's own (or example) data, or with ``public_record`` those of its public
    record."""
    text = (QUERIES / f"{table}.rq").read_text("utf-8")
    rows = store.select(text, bindings={"countyIri": NamedNode(county)})
    if rows:
        public = {r["e"] for r in store.select(_PUBLIC_RECORD_ENTITIES)}
        rows = [r for r in rows if (r.get("cite") in public) == public_record]
    cited = {e: found[0] for e, found in citations(store, own=True).items()} if rows else {}
    for row in rows:
        for key in ("date", "approved"):  # a date given to the month or year, as written
            precision = row.pop(f"{key}_precision", None)
            if precision is not None and row.get(key) is not None:
                row[key] = str(row[key])[: 7 if precision == YP_IRI + "MonthPrecision" else 4]
        # where the row was read: the citation of the entity it stands for
        first = cited.get(row.pop("cite", None) or "")
        if first is not None:
            row["source_url"], row["source_ref"] = first.url, first.reference
            row["read_on"], row["conflict"] = first.read_on, first.conflict
    return rows


_PUBLIC_RECORD_ENTITIES = """
SELECT DISTINCT ?e WHERE { ?g dcterms:type yp:PublicRecord . GRAPH ?g { ?e a ?class } }"""
