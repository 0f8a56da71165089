"""Checked template rows to RDF: one function per table, all writing into one SourceGraph.

Every entity gets an IRI from its natural key (a responsibility from its municipality,
theme, side and post; an agreement, event, forum or official from the identifier in its
row), so re-importing the same rows yields the same triples and exports import back to
an isomorphic graph.

Every cell is checked first (``cells``); the rows with a bad cell are left out here, and
an error found while converting a row is collected in ``ctx.errors`` and the next row
read, so one run reports every error of a file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable

from kg.importing import values as v
from kg.importing.cells import check_cells, collecting
from kg.importing.personal import names_in_text
from kg.importing.reader import LocatedRow, TableRows
from kg.importing.schema import (
    AGREEMENTS,
    DUAL_ROLES,
    FORUMS,
    NEGOTIATIONS,
    RESPONSIBILITIES,
    Table,
)
from kg.namespaces import PREFIXES, YP_IRI
from kg.source_graph import SourceGraph, iri, literal

ORG = PREFIXES["org"]
RDF_TYPE = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_PREF = iri("http://www.w3.org/2004/02/skos/core#prefLabel")
DCT = PREFIXES["dcterms"]
TRUE = literal("true", datatype=v.BOOLEAN)


@functools.cache
def yp(name: str) -> str:
    return iri(YP_IRI + name)


@functools.cache
def org(name: str) -> str:
    return iri(ORG + name)


@functools.cache
def dct(name: str) -> str:
    return iri(DCT + name)


def N(value: str) -> str:  # noqa: N802 - a term constructor, read like NamedNode
    """An IRI term (N-Triples text)."""
    return iri(value)


def raw(term: str) -> str:
    """The IRI inside an IRI term."""
    return term[1:-1]


def convert(tables: list[TableRows], ctx: v.Context, graph: SourceGraph) -> int:
    """Add the RDF of every good row to ``graph`` and every error to ``ctx.errors``;
    return the number of rows read."""
    handlers: dict[str, Callable[[TableRows, v.Context, SourceGraph], None]] = {
        RESPONSIBILITIES.key: _responsibilities,
        AGREEMENTS.key: _agreements,
        NEGOTIATIONS.key: _negotiations,
        FORUMS.key: _forums,
        DUAL_ROLES.key: _dual_roles,
    }
    for table in tables:
        ctx.errors += table.errors  # rows the reader could not read
        good = check_cells(table, ctx)
        handlers[table.table.key](dataclasses.replace(table, rows=good), ctx, graph)
    return sum(len(t.rows) + len(t.errors) for t in tables)


def local(ctx: v.Context, iri: str) -> str:
    """An organisation IRI as one IRI segment (``municipality/091`` → ``municipality-091``)."""
    tail = iri[len(ctx.mint.base) :] if iri.startswith(ctx.mint.base) else v.slug(iri)
    return tail.replace("/", "-")


def _mark(ctx: v.Context, g: SourceGraph, subject: str) -> None:
    if ctx.illustrative:
        g.add_terms(subject, yp("illustrative"), TRUE)


PROV = PREFIXES["prov"]


def _cite(row: LocatedRow, ctx: v.Context, g: SourceGraph, subject: str) -> None:
    """Where the row was read (page, the document's reference, read date, a conflict with
    another record) as a PROV derivation of ``subject``; a public-record row must say it."""
    page, ref, read = v.url(row, "source_url"), v.text(row, "source_ref"), v.date(row, "read_on")
    if ctx.public_record:
        for key, value in (("source_url", page), ("source_ref", ref), ("read_on", read)):
            if not value:
                raise row.error(
                    key,
                    "a public-record row must say where it was read",
                    fix="give the page's address, the document's reference and the day read",
                )
        for key, value in row.values.items():
            named = names_in_text(value) if key != "source_url" else []
            if named or (key == "person_name" and value):
                raise row.error(
                    key,
                    f"a public-record row holds no person's name ({(named or [value])[0]!r})",
                    fix="name the post, never the person: the public record names no one",
                )
    if not (page or ref or read):
        return
    url = raw_text(row, "source_url")
    key = hashlib.sha256(f"{url}\n{ref}".encode()).hexdigest()[:12]
    derivation = N(f"{raw(subject)}/derivation/{key}")
    g.add_terms(subject, iri(PROV + "qualifiedDerivation"), derivation)
    g.add_terms(derivation, RDF_TYPE, iri(PROV + "Derivation"))
    if url:
        try:
            page_iri = iri(url)
        except ValueError:
            raise row.error(
                "source_url", f"{url!r} cannot be an IRI", fix="give the address without spaces"
            ) from None
        g.add_terms(subject, iri(PROV + "wasDerivedFrom"), page_iri)
        g.add_terms(derivation, iri(PROV + "entity"), page_iri)
    if ref:
        g.add_terms(derivation, dct("bibliographicCitation"), literal(ref, lang="fi"))
    if read:
        g.add_terms(derivation, yp("readOn"), v.date_literal(read))
    if row.values.get("conflict"):
        g.add_terms(derivation, yp("conflictNote"), literal(v.text(row, "conflict"), lang="fi"))


def raw_text(row: LocatedRow, key: str) -> str:
    return v.text(row, key) if row.values.get(key) else ""


def _day(
    row: LocatedRow, key: str, g: SourceGraph, subject: str, predicate: str
) -> v.PartialDate | None:
    """A date the source may give only to the month or year: its first day, and the
    precision when it is not a day."""
    when = v.partial_date(row, key)
    if when is None:
        return None
    g.add_terms(subject, predicate, v.date_literal(when.first))
    if when.precision != "day":
        g.add_terms(subject, yp("datePrecision"), yp(when.precision.capitalize() + "Precision"))
    return when


def _validity(row: LocatedRow, g: SourceGraph, subject: str) -> None:
    start, end = v.date(row, "valid_from"), v.date(row, "valid_to")
    if start and end and end < start:
        raise row.error(
            "valid_to",
            f"ends ({end}) before it starts ({start})",
            fix=f"check the dates: {row.header('valid_to')!r} is on or after "
            f"{row.header('valid_from')!r}",
        )
    if start:
        g.add_terms(subject, yp("validFrom"), v.date_literal(start))
    if end:
        g.add_terms(subject, yp("validTo"), v.date_literal(end))


def _county_check(row: LocatedRow, ctx: v.Context, municipality: str) -> str:
    county = v.county(row, "county", ctx)
    expected = ctx.county_of.get(municipality)
    if expected is None:
        raise row.error(
            "municipality",
            "this municipality has no wellbeing services county (Åland is outside the reform)",
            fix="leave out the municipalities of Åland",
        )
    if county != expected:
        right = ctx.names.by_iri(expected).label
        raise row.error(
            "county",
            f"{row.values['municipality']!r} belongs to {right!r}, not to {row.values['county']!r}",
            fix=f"write {right!r} here, or check the municipality",
        )
    return county


def _responsibilities(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    described: set[str] = set()  # interfaces and posts already described by an earlier row
    titles: dict[tuple[str, str], tuple[str, int]] = {}  # (post, lang) -> (title, first row)
    for row in table.rows:
        with collecting(ctx):
            _responsibility(row, ctx, g, seen, described, titles)


def _responsibility(
    row: LocatedRow,
    ctx: v.Context,
    g: SourceGraph,
    seen: dict[str, int],
    described: set[str],
    titles: dict[tuple[str, str], tuple[str, int]],
) -> None:
    municipality = v.municipality(row, "municipality", ctx)
    county = _county_check(row, ctx, municipality)
    (theme,) = v.themes(row, "theme", ctx)  # one, checked with the cells
    side = v.choice(row, RESPONSIBILITIES.column("side"))
    assert side is not None
    side_org = municipality if side.value == "kunta" else county
    holder = v.organisation(row, "organisation", ctx) if row.values["organisation"] else side_org
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
            fix=f"delete this row or the one on row {seen[resp_iri]}",
        )
    seen[resp_iri] = row.row
    resp = N(resp_iri)

    if interface not in described:
        g.add_terms(interface, RDF_TYPE, yp("Interface"))
        g.add_terms(interface, yp("theme"), N(theme))
        g.add_terms(interface, yp("municipality"), N(municipality))
        g.add_terms(interface, yp("organiser"), N(county))
        described.add(interface)
    if post not in described:
        g.add_terms(post, RDF_TYPE, yp("ResponsiblePost"))
        g.add_terms(post, RDF_TYPE, org("Post"))
        g.add_terms(post, org("postIn"), N(holder))
        g.add_terms(post, org("role"), yp("ResponsibleRole"))
        g.add_terms(post, SKOS_PREF, literal(title, lang="fi"))
        if unit:
            g.add_terms(post, yp("organisationUnit"), literal(unit))
        _mark(ctx, g, post)
        described.add(post)

    for key, lang in (("post_sv", "sv"), ("post_en", "en")):  # same post, same titles
        translated = v.text(row, key)
        if translated:
            first = titles.setdefault((post, lang), (translated, row.row))
            if first[0] != translated:
                raise row.error(
                    key,
                    f"this post is titled {first[0]!r} on row {first[1]}",
                    fix="give the post the same title on every row",
                )
            if first[1] == row.row:
                g.add_terms(post, SKOS_PREF, literal(translated, lang=lang))

    g.add_terms(resp, RDF_TYPE, yp("Responsibility"))
    g.add_terms(resp, yp("post"), post)
    g.add_terms(resp, yp("interface"), interface)
    g.add_terms(resp, yp("side"), N(side.iri))
    if holder != side_org:
        g.add_terms(resp, yp("actsFor"), N(side_org))
    channel = v.contact(row, "contact")
    if channel:
        g.add_terms(resp, yp("contactChannel"), literal(channel))
    _person(row, ctx, g, resp)
    _validity(row, g, resp)
    verified = v.date(row, "last_verified")
    if verified:
        g.add_terms(resp, yp("lastVerified"), v.date_literal(verified))
    if row.values["source"]:
        g.add_terms(resp, dct("source"), literal(v.text(row, "source")))
    _cite(row, ctx, g, resp)
    _mark(ctx, g, resp)


def _person(row: LocatedRow, ctx: v.Context, g: SourceGraph, subject: str) -> None:
    name = v.text(row, "person_name")
    publish = v.boolean(row, "publish_person_name")
    if name and publish:
        g.add_terms(subject, yp("personName"), literal(name))
        g.add_terms(subject, yp("publishPersonName"), TRUE)
    elif name:
        ctx.notes.append(
            row.error("person_name", "person name not stored (publishing not allowed)")
        )


# an approval's own columns and the properties they become
APPROVAL_FACTS = (("approving_body", "approvingBody"), ("approval_ref", "approvalReference"))
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
    first: dict[str, LocatedRow] = {}  # the first good row of each agreement
    parties: dict[str, dict[str, int]] = {}
    for row in table.rows:
        with collecting(ctx):
            _agreement(row, ctx, g, first, parties)


def _agreement(
    row: LocatedRow,
    ctx: v.Context,
    g: SourceGraph,
    first: dict[str, LocatedRow],
    parties: dict[str, dict[str, int]],
) -> None:
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
                    fix=f"copy the agreement's fields from row {first[key].row}",
                )
        if party in parties[key]:
            raise row.error(
                "party",
                f"party already listed on row {parties[key][party]}",
                fix="list each party of an agreement once",
            )
    else:
        kind = v.choice(row, AGREEMENTS.column("type"))
        assert kind is not None
        g.add_terms(agreement, RDF_TYPE, N(kind.iri))
        g.add_terms(agreement, RDF_TYPE, yp("Agreement"))
        g.add_terms(agreement, dct("identifier"), literal(key))
        g.add_terms(agreement, dct("title"), literal(v.text(row, "title"), lang="fi"))
        g.add_terms(agreement, yp("concernsCounty"), N(v.county(row, "county", ctx)))
        _validity(row, g, agreement)
        for theme in v.themes(row, "themes", ctx):
            g.add_terms(agreement, yp("aboutTheme"), N(theme))
        for f in ("goals", "indicators"):
            if row.values[f]:
                g.add_terms(agreement, yp(f), literal(v.text(row, f), lang="fi"))
        doc = v.url(row, "document_url")
        if doc:
            g.add_terms(agreement, yp("documentUrl"), doc)
        _mark(ctx, g, agreement)
        first[key] = row
        parties[key] = {}
    parties[key][party] = row.row
    g.add_terms(agreement, yp("party"), N(party))
    if not row.values["approved"]:
        _cite(row, ctx, g, agreement)  # the row's page names the party; an approval cites its own
        for column in ("approving_body", "approval_ref"):
            if row.values.get(column):
                raise row.error(
                    column,
                    "an approving body or section without an approval date",
                    fix="give the day (or month or year) of the approval, or leave this empty",
                )
        return
    approval = N(f"{raw(agreement)}/approval/{local(ctx, party)}")
    g.add_terms(agreement, yp("approval"), approval)
    g.add_terms(approval, RDF_TYPE, yp("Approval"))
    g.add_terms(approval, yp("approvingParty"), N(party))
    _day(row, "approved", g, approval, yp("approvalDate"))
    for column, name in APPROVAL_FACTS:
        if row.values.get(column):
            g.add_terms(approval, yp(name), literal(v.text(row, column), lang="fi"))
    _cite(row, ctx, g, approval)


def _unique_id(row: LocatedRow, key: str, seen: dict[str, int]) -> str:
    value = v.identifier(row, key)
    if value in seen:
        raise row.error(
            key,
            f"identifier {value!r} already used on row {seen[value]}",
            fix="give each row an identifier of its own",
        )
    seen[value] = row.row
    return value


def _negotiations(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        with collecting(ctx):
            _negotiation(row, ctx, g, seen)


def _negotiation(row: LocatedRow, ctx: v.Context, g: SourceGraph, seen: dict[str, int]) -> None:
    key = _unique_id(row, "event_id", seen)
    event = N(ctx.mint.base + "event/" + key)
    kind = v.choice(row, NEGOTIATIONS.column("type"))
    assert kind is not None
    convener = v.organisation(row, "convener", ctx)
    participants = v.organisations(row, "participants", ctx)
    if convener not in participants:
        participants.insert(0, convener)
    g.add_terms(event, RDF_TYPE, N(kind.iri))
    g.add_terms(event, dct("identifier"), literal(key))
    _day(row, "date", g, event, dct("date"))
    g.add_terms(event, yp("concernsCounty"), N(v.county(row, "county", ctx)))
    g.add_terms(event, yp("convener"), N(convener))
    for p in participants:
        g.add_terms(event, yp("participant"), N(p))
    for theme in v.themes(row, "themes", ctx):
        g.add_terms(event, yp("aboutTheme"), N(theme))
    minutes = v.url(row, "minutes_url")
    if minutes:
        g.add_terms(event, yp("minutesUrl"), minutes)
    status = v.choice(row, NEGOTIATIONS.column("status"))
    if status is not None:
        g.add_terms(event, yp("eventStatus"), N(status.iri))
    _cite(row, ctx, g, event)
    _mark(ctx, g, event)


def _forums(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        with collecting(ctx):
            _forum(row, ctx, g, seen)


def _forum(row: LocatedRow, ctx: v.Context, g: SourceGraph, seen: dict[str, int]) -> None:
    key = _unique_id(row, "forum_id", seen)
    forum = N(ctx.mint.base + "forum/" + key)
    kind = v.choice(row, FORUMS.column("type"))
    level = v.choice(row, FORUMS.column("level"))
    assert kind is not None and level is not None
    g.add_terms(forum, RDF_TYPE, N(kind.iri))
    g.add_terms(forum, RDF_TYPE, yp("Forum"))
    g.add_terms(forum, dct("identifier"), literal(key))
    g.add_terms(forum, SKOS_PREF, literal(v.text(row, "name"), lang="fi"))
    g.add_terms(forum, yp("concernsCounty"), N(v.county(row, "county", ctx)))
    g.add_terms(forum, yp("interactionLevel"), N(level.iri))
    for member in v.organisations(row, "members", ctx):
        g.add_terms(forum, org("hasMember"), N(member))
    for theme in v.themes(row, "themes", ctx):
        g.add_terms(forum, yp("aboutTheme"), N(theme))
    _validity(row, g, forum)
    _cite(row, ctx, g, forum)
    _mark(ctx, g, forum)


def _dual_roles(table: TableRows, ctx: v.Context, g: SourceGraph) -> None:
    seen: dict[str, int] = {}
    for row in table.rows:
        with collecting(ctx):
            _dual_role(row, ctx, g, seen)


def _dual_role(row: LocatedRow, ctx: v.Context, g: SourceGraph, seen: dict[str, int]) -> None:
    key = _unique_id(row, "official_id", seen)
    official = N(ctx.mint.base + f"elected-official/{key}")
    role = N(ctx.mint.base + f"dual-role/{key}")
    municipality = v.municipality(row, "municipality", ctx)
    county = _county_check(row, ctx, municipality)
    g.add_terms(official, RDF_TYPE, yp("ElectedOfficial"))
    _person(row, ctx, g, official)
    g.add_terms(role, RDF_TYPE, yp("DualRole"))
    g.add_terms(role, dct("identifier"), literal(key))
    g.add_terms(role, yp("holder"), official)
    for side, holder_org, column in (
        ("municipal", municipality, "municipal_body"),
        ("county", county, "county_body"),
    ):
        body_kind = v.choice(row, _table(DUAL_ROLES).column(column))
        assert body_kind is not None
        body = N(ctx.mint.base + f"body/{local(ctx, holder_org)}/{v.slug(body_kind.value)}")
        seat = N(f"{raw(role)}/{side}-seat")
        g.add_terms(body, RDF_TYPE, N(body_kind.iri))
        g.add_terms(body, org("unitOf"), N(holder_org))
        owner = ctx.names.by_iri(holder_org).label
        g.add_terms(body, SKOS_PREF, literal(f"{owner}: {body_kind.value}", lang="fi"))
        g.add_terms(body, SKOS_PREF, literal(f"{owner}: {body_kind.en}", lang="en"))
        g.add_terms(seat, RDF_TYPE, org("Membership"))
        g.add_terms(seat, org("member"), official)
        g.add_terms(seat, org("organization"), body)
        g.add_terms(seat, org("role"), yp("ElectedOfficialRole"))
        g.add_terms(role, yp(f"{side}Seat"), seat)
    _validity(row, g, role)
    if row.values["source"]:
        g.add_terms(role, dct("source"), literal(v.text(row, "source")))
    _cite(row, ctx, g, role)
    _mark(ctx, g, role)
    _mark(ctx, g, official)


def _table(table: Table) -> Table:
    return table
