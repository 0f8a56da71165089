"""The kinds of entity an import's change list shows, as data: for each kind the types
that make an entity of it, and its fields (template columns) as paths through the graph
from the entity (a responsibility's municipality through its interface, its post title
through its post).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.importing.schema import EVENT_TYPES
from kg.namespaces import DCTERMS, ORG, RDF, SKOS, YP

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Field:
    key: str  # the template column it shows
    path: tuple[str, ...] = ()  # predicates from the entity; () is the IRI's last segment
    lang: str | None = None  # only literals in this language
    leave_out: tuple[str, ...] = ()  # values not shown (a type's base class)
    parts: tuple[tuple[str, ...], ...] = ()  # a value made of several (party and date)


@dataclass(frozen=True)
class EntityKind:
    key: str
    table: str  # the schema table its fields come from
    types: tuple[str, ...]
    fields: tuple[Field, ...]
    title: tuple[str, ...]  # fields naming one entity
    identity: tuple[str, ...] = ()  # fields that pair a removed and an added entity


def _f(key: str, *path: object, **options: object) -> Field:
    return Field(key, tuple(str(p) for p in path), **options)  # type: ignore[arg-type]


_VALIDITY = (_f("valid_from", YP.validFrom), _f("valid_to", YP.validTo))
KINDS = (
    EntityKind(
        "responsibility",
        "responsibilities",
        (str(YP.Responsibility),),
        (
            _f("municipality", YP.interface, YP.municipality),
            _f("theme", YP.interface, YP.theme),
            _f("side", YP.side),
            _f("organisation", YP.post, ORG.postIn),
            _f("post_fi", YP.post, SKOS.prefLabel, lang="fi"),
            _f("post_sv", YP.post, SKOS.prefLabel, lang="sv"),
            _f("post_en", YP.post, SKOS.prefLabel, lang="en"),
            _f("unit", YP.post, YP.organisationUnit),
            _f("contact", YP.contactChannel),
            _f("person_name", YP.personName),
            *_VALIDITY,
            _f("last_verified", YP.lastVerified),
            _f("source", DCTERMS.source),
        ),
        ("municipality", "theme", "side", "post_fi"),
        ("municipality", "theme", "side"),
    ),
    EntityKind(
        "agreement",
        "agreements",
        (str(YP.Agreement),),
        (
            _f("agreement_id", DCTERMS.identifier),
            _f("type", RDF.type, leave_out=(str(YP.Agreement),)),
            _f("title", DCTERMS.title),
            _f("county", YP.concernsCounty),
            _f("party", YP.party),
            _f("approved", YP.approval, parts=((str(YP.approvingParty),), (str(YP.approvalDate),))),
            *_VALIDITY,
            _f("themes", YP.aboutTheme),
            _f("goals", YP.goals),
            _f("indicators", YP.indicators),
            _f("document_url", YP.documentUrl),
        ),
        ("title", "agreement_id"),
    ),
    EntityKind(
        "negotiation",
        "negotiations",
        tuple(c.iri for c in EVENT_TYPES),
        (
            _f("event_id"),
            _f("type", RDF.type),
            _f("date", DCTERMS.date),
            _f("county", YP.concernsCounty),
            _f("convener", YP.convener),
            _f("participants", YP.participant),
            _f("themes", YP.aboutTheme),
            _f("minutes_url", YP.minutesUrl),
        ),
        ("type", "date", "event_id"),
    ),
    EntityKind(
        "forum",
        "forums",
        (str(YP.Forum),),
        (
            _f("forum_id"),
            _f("name", SKOS.prefLabel, lang="fi"),
            _f("type", RDF.type, leave_out=(str(YP.Forum),)),
            _f("county", YP.concernsCounty),
            _f("members", ORG.hasMember),
            _f("themes", YP.aboutTheme),
            _f("level", YP.interactionLevel),
            *_VALIDITY,
        ),
        ("name", "forum_id"),
    ),
    EntityKind(
        "dual_role",
        "dual_roles",
        (str(YP.DualRole),),
        (
            _f("official_id"),
            _f("person_name", YP.holder, YP.personName),
            _f("municipal_body", YP.municipalSeat, ORG.organization),
            _f("county_body", YP.countySeat, ORG.organization),
            *_VALIDITY,
            _f("source", DCTERMS.source),
        ),
        ("official_id", "person_name"),
    ),
)


# predicates that lead from an entity to a node its fields read further (a post, an
# interface, an approval, a seat): followed backwards to find the entities a change touches
LINKS = frozenset(
    p
    for kind in KINDS
    for f in kind.fields
    for path in (f.path, *((f.path + part) for part in f.parts))
    for p in path[:-1]
)
