"""Checked template rows to RDF: one function per table, all writing into one SourceGraph.

Every entity gets an IRI from its natural key (a responsibility from its municipality,
theme, side and post; an agreement, event, forum or official from the identifier in its
row), so re-importing the same rows yields the same triples and exports import back to
an isomorphic graph.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.importing import values as v
from kg.importing.reader import LocatedRow, TableRows
from kg.importing.schema import (
    AGREEMENTS,
    DUAL_ROLES,
    FORUMS,
    NEGOTIATIONS,
    RESPONSIBILITIES,
    Table,
)
from kg.source_graph import SourceGraph

YP = "https://w3id.org/yhdyspinta/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
DCT = "http://purl.org/dc/terms/"
TRUE = ox.Literal("true", datatype=v.BOOLEAN)


def yp(name: str) -> ox.NamedNode:
    return ox.NamedNode(YP + name)


def org(name: str) -> ox.NamedNode:
    return ox.NamedNode(ORG + name)


def dct(name: str) -> ox.NamedNode:
    return ox.NamedNode(DCT + name)


def N(iri: str) -> ox.NamedNode:  # noqa: N802 - a term constructor, read like ox.NamedNode
    return ox.NamedNode(iri)


def convert(tables: list[TableRows], ctx: v.Context, graph: SourceGraph) -> int:
    """Add the RDF of every row to ``graph``; return the number of rows."""
    handlers: dict[str, Callable[[TableRows, v.Context, SourceGraph], None]] = {
        RESPONSIBILITIES.key: _responsibilities,
        AGREEMENTS.key: _agreements,
        NEGOTIATIONS.key: _negotiations,
        FORUMS.key: _forums,
        DUAL_ROLES.key: _dual_roles,
    }
    for table in tables:
        for row in table.rows:
            for column in table.table.columns:
                v.required(row, column)  # every required cell, before any meaning is read
        handlers[table.table.key](table, ctx, graph)
    return sum(len(t.rows) for t in tables)


def local(ctx: v.Context, iri: str) -> str:
    """An organisation IRI as one IRI segment (``municipality/091`` → ``municipality-091``)."""
    tail = iri[len(ctx.mint.base) :] if iri.startswith(ctx.mint.base) else v.slug(iri)
    return tail.replace("/", "-")


def _mark(ctx: v.Context, g: SourceGraph, subject: ox.NamedNode) -> None:
    if ctx.illustrative:
        g.add(subject, yp("illustrative"), TRUE)


def _validity(row: LocatedRow, g: SourceGraph, subject: ox.NamedNode) -> None:
    start, end = v.date(row, "valid_from"), v.date(row, "valid_to")
    if start and end and end < start:
        raise row.error("valid_to", f"ends ({end}) before it starts ({start})")
    if start:
        g.add(subject, yp("validFrom"), v.date_literal(start))
    if end:
        g.add(subject, yp("validTo"), v.date_literal(end))


def _county_check(row: LocatedRow, ctx: v.Context, municipality: str) -> str:
    county = v.county(row, "county", ctx)
    expected = ctx.county_of.get(municipality)
    if expected is None:
        raise row.error(
            "municipality",
            "this municipality has no wellbeing services county (Åland is outside the reform)",
        )
    if county != expected:
        raise row.error(
            "county",
            f"{row.values['municipality']!r} belongs to "
            f"{ctx.names.by_iri(expected).label!r}, not to {row.values['county']!r}",
        )
    return county


def _responsibilities(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        municipality = v.municipality(row, "municipality", ctx)
        county = _county_check(row, ctx, municipality)
        themes = v.themes(row, "theme", ctx)
        if len(themes) != 1:
            raise row.error("theme", "give exactly one theme per row")
        theme = themes[0]
        side = v.choice(row, RESPONSIBILITIES.column("side"))
        assert side is not None
        side_org = municipality if side.value == "kunta" else county
        holder = (
            v.organisation(row, "organisation", ctx) if row.values["organisation"] else side_org
        )
        title = v.text(row, "post_fi")
        unit = v.text(row, "unit")
        code = municipality.rsplit("/", 1)[1]
        theme_slug = theme.rsplit("/", 1)[1]
        post_key = local(ctx, holder) + "/" + v.slug(title) + (f"/{v.slug(unit)}" if unit else "")
        post = N(ctx.mint.base + "post/" + post_key)
        interface = N(ctx.mint.base + f"interface/{code}/{theme_slug}")
        side_key = "municipality" if side.value == "kunta" else "county"
        resp_iri = ctx.mint.base + f"responsibility/{code}/{theme_slug}/{side_key}/{post_key}"
        if resp_iri in seen:
            raise row.error(
                "post_fi",
                f"the same post is recorded twice for this municipality, "
                f"theme and side (first on row {seen[resp_iri]})",
            )
        seen[resp_iri] = row.row
        resp = N(resp_iri)

        g.add(interface, RDF_TYPE, yp("Interface"))
        g.add(interface, yp("theme"), N(theme))
        g.add(interface, yp("municipality"), N(municipality))
        g.add(interface, yp("organiser"), N(county))

        g.add(post, RDF_TYPE, yp("ResponsiblePost"))
        g.add(post, RDF_TYPE, org("Post"))
        g.add(post, org("postIn"), N(holder))
        g.add(post, org("role"), yp("ResponsibleRole"))
        for key, lang in (("post_fi", "fi"), ("post_sv", "sv"), ("post_en", "en")):
            if row.values[key]:
                g.add(post, SKOS_PREF, ox.Literal(v.text(row, key), language=lang))
        if unit:
            g.add(post, yp("organisationUnit"), ox.Literal(unit))
        _mark(ctx, g, post)

        g.add(resp, RDF_TYPE, yp("Responsibility"))
        g.add(resp, yp("post"), post)
        g.add(resp, yp("interface"), interface)
        g.add(resp, yp("side"), N(side.iri))
        if holder != side_org:
            g.add(resp, yp("actsFor"), N(side_org))
        channel = v.contact(row, "contact")
        if channel:
            g.add(resp, yp("contactChannel"), ox.Literal(channel))
        _person(row, ctx, g, resp)
        _validity(row, g, resp)
        verified = v.date(row, "last_verified")
        if verified:
            g.add(resp, yp("lastVerified"), v.date_literal(verified))
        if row.values["source"]:
            g.add(resp, dct("source"), ox.Literal(v.text(row, "source")))
        _mark(ctx, g, resp)


def _person(row: LocatedRow, ctx: v.Context, g: SourceGraph, subject: ox.NamedNode) -> None:
    name = v.text(row, "person_name")
    publish = v.boolean(row, "publish_person_name")
    if name and publish:
        g.add(subject, yp("personName"), ox.Literal(name))
        g.add(subject, yp("publishPersonName"), TRUE)
    elif name:
        ctx.notes.append(
            f"{row.path.name} row {row.row}: person name not stored (publishing not allowed)"
        )


AGREEMENT_FIELDS = (
    "type",
    "title",
    "county",
    "valid_from",
    "valid_to",
    "themes",
    "goals",
    "indicators",
    "document_url",
)


def _agreements(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    first: dict[str, LocatedRow] = {}
    parties: dict[str, dict[str, int]] = {}
    for row in table.rows:
        key = v.identifier(row, "agreement_id")
        agreement = N(ctx.mint.base + f"agreement/{key}")
        party = v.organisation(row, "party", ctx)
        if key in first:
            for f in AGREEMENT_FIELDS:
                if row.values[f] != first[key].values[f]:
                    raise row.error(
                        f,
                        f"differs from row {first[key].row} of the same "
                        f"agreement ({first[key].values[f]!r})",
                    )
            if party in parties[key]:
                raise row.error("party", f"party already listed on row {parties[key][party]}")
        else:
            first[key] = row
            parties[key] = {}
            kind = v.choice(row, AGREEMENTS.column("type"))
            assert kind is not None
            g.add(agreement, RDF_TYPE, N(kind.iri))
            g.add(agreement, RDF_TYPE, yp("Agreement"))
            g.add(agreement, dct("identifier"), ox.Literal(key))
            g.add(agreement, dct("title"), ox.Literal(v.text(row, "title"), language="fi"))
            g.add(agreement, yp("concernsCounty"), N(v.county(row, "county", ctx)))
            _validity(row, g, agreement)
            for theme in v.themes(row, "themes", ctx):
                g.add(agreement, yp("aboutTheme"), N(theme))
            for f in ("goals", "indicators"):
                if row.values[f]:
                    g.add(agreement, yp(f), ox.Literal(v.text(row, f), language="fi"))
            doc = v.url(row, "document_url")
            if doc:
                g.add(agreement, yp("documentUrl"), doc)
            _mark(ctx, g, agreement)
        parties[key][party] = row.row
        g.add(agreement, yp("party"), N(party))
        approved = v.date(row, "approved")
        if approved:
            approval = N(f"{agreement.value}/approval/{local(ctx, party)}")
            g.add(agreement, yp("approval"), approval)
            g.add(approval, RDF_TYPE, yp("Approval"))
            g.add(approval, yp("approvingParty"), N(party))
            g.add(approval, yp("approvalDate"), v.date_literal(approved))


def _unique_id(row: LocatedRow, key: str, seen: dict[str, int]) -> str:
    value = v.identifier(row, key)
    if value in seen:
        raise row.error(key, f"identifier {value!r} already used on row {seen[value]}")
    seen[value] = row.row
    return value


def _negotiations(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        event = N(ctx.mint.base + "event/" + _unique_id(row, "event_id", seen))
        kind = v.choice(row, NEGOTIATIONS.column("type"))
        assert kind is not None
        day = v.date(row, "date")
        assert day is not None
        convener = v.organisation(row, "convener", ctx)
        participants = v.organisations(row, "participants", ctx)
        if convener not in participants:
            participants.insert(0, convener)
        g.add(event, RDF_TYPE, N(kind.iri))
        g.add(event, dct("date"), v.date_literal(day))
        g.add(event, yp("concernsCounty"), N(v.county(row, "county", ctx)))
        g.add(event, yp("convener"), N(convener))
        for p in participants:
            g.add(event, yp("participant"), N(p))
        for theme in v.themes(row, "themes", ctx):
            g.add(event, yp("aboutTheme"), N(theme))
        minutes = v.url(row, "minutes_url")
        if minutes:
            g.add(event, yp("minutesUrl"), minutes)
        _mark(ctx, g, event)


def _forums(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        forum = N(ctx.mint.base + "forum/" + _unique_id(row, "forum_id", seen))
        kind = v.choice(row, FORUMS.column("type"))
        level = v.choice(row, FORUMS.column("level"))
        assert kind is not None and level is not None
        g.add(forum, RDF_TYPE, N(kind.iri))
        g.add(forum, RDF_TYPE, yp("Forum"))
        g.add(forum, SKOS_PREF, ox.Literal(v.text(row, "name"), language="fi"))
        g.add(forum, yp("concernsCounty"), N(v.county(row, "county", ctx)))
        g.add(forum, yp("interactionLevel"), N(level.iri))
        for member in v.organisations(row, "members", ctx):
            g.add(forum, org("hasMember"), N(member))
        for theme in v.themes(row, "themes", ctx):
            g.add(forum, yp("aboutTheme"), N(theme))
        _validity(row, g, forum)
        _mark(ctx, g, forum)


def _dual_roles(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        key = _unique_id(row, "official_id", seen)
        official = N(ctx.mint.base + f"elected-official/{key}")
        role = N(ctx.mint.base + f"dual-role/{key}")
        municipality = v.municipality(row, "municipality", ctx)
        county = _county_check(row, ctx, municipality)
        g.add(official, RDF_TYPE, yp("ElectedOfficial"))
        _person(row, ctx, g, official)
        g.add(role, RDF_TYPE, yp("DualRole"))
        g.add(role, yp("holder"), official)
        for side, holder_org, column in (
            ("municipal", municipality, "municipal_body"),
            ("county", county, "county_body"),
        ):
            body_kind = v.choice(row, _table(DUAL_ROLES).column(column))
            assert body_kind is not None
            body = N(ctx.mint.base + f"body/{local(ctx, holder_org)}/{v.slug(body_kind.value)}")
            seat = N(f"{role.value}/{side}-seat")
            g.add(body, RDF_TYPE, N(body_kind.iri))
            g.add(body, org("unitOf"), N(holder_org))
            g.add(seat, RDF_TYPE, org("Membership"))
            g.add(seat, org("member"), official)
            g.add(seat, org("organization"), body)
            g.add(seat, org("role"), yp("ElectedOfficialRole"))
            g.add(role, yp(f"{side}Seat"), seat)
        _validity(row, g, role)
        if row.values["source"]:
            g.add(role, dct("source"), ox.Literal(v.text(row, "source")))
        _mark(ctx, g, role)
        _mark(ctx, g, official)


def _table(table: Table) -> Table:
    return table
