"""Every named query returns rows, and the rows it returns are the right ones.

A query is run on the national graph where the data gives it rows that can be worked out
from the source files (the reference CSVs, the example region's tables and its planted
gaps); the expected rows are worked out from those files here. Where working them out would
mean redoing the build (owner coverage, posts, survey scores, forum levels), the query runs
on a small graph built for it (``tests/fixtures/named_queries/<id>.ttl``, loaded into a
real pyoxigraph store) whose rows are worked out by hand in the file's comment, and it
must also answer rows on the national graph. Each such test is registered with
:func:`sees_rows`, and a query without one fails
:func:`test_every_named_query_has_a_test_that_sees_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from kg.config import REPO_ROOT
from kg.named_queries import load_named_queries
from kg.store import Store
from tests import source_data as src

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "named_queries"
ROW_TESTED: set[str] = set()
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

Test = Callable[..., None]


def sees_rows(query_id: str) -> Callable[[Test], Test]:
    """Register the decorated test as the one that checks ``query_id``'s rows."""

    def register(test: Test) -> Test:
        ROW_TESTED.add(query_id)
        return test

    return register


def _rows(store: Store, query_id: str, **values: str) -> list[dict[str, Any]]:
    """The query's rows with ``values`` bound; there must be at least one."""
    query = load_named_queries()[query_id]
    rows = store.select(query.text, bindings=query.bindings(values))
    assert rows, f"{query_id} {values} returned no rows"
    assert all(tuple(r) == query.columns for r in rows)
    return rows


def _fixture_store(query_id: str) -> Store:
    """A real store holding the graph built for ``query_id``."""
    store = Store()
    graph = NamedNode("urn:x-test:named-query-fixture")
    path = FIXTURES / f"{query_id}.ttl"
    store.load_quads(
        Quad(t.subject, t.predicate, t.object, graph)
        for t in parse(path=str(path), format=RdfFormat.TURTLE)
    )
    return store


def test_every_named_query_has_a_test_that_sees_rows() -> None:
    queries = set(load_named_queries())
    assert queries, "no named queries found"
    assert sorted(queries - ROW_TESTED) == [], "named queries without a row test"
    assert sorted(ROW_TESTED - queries) == [], "row tests of queries that do not exist"


def test_every_fixture_graph_belongs_to_a_query() -> None:
    fixtures = {p.stem for p in FIXTURES.glob("*.ttl")}
    assert fixtures and fixtures <= set(load_named_queries())


# -- on the national graph, expected rows from the source files --------------------------


@sees_rows("municipalities-by-county")
def test_municipalities_by_county_rows_are_the_reference_municipalities(store: Store) -> None:
    regions = {r["code"]: r["name_fi"] for r in src.reference("regions.csv")}
    areas = {a["area_id"]: a["name_fi"] for a in src.employment_areas()}
    area_of = {
        code: areas[area] for area, codes in src.employment_area_members().items() for code in codes
    }
    expected = {
        m["code"]: {
            "countyCode": m["wellbeing_county_code"],
            "name": m["name_fi"],
            "regionName": regions[m["region_code"]],
            "employmentAreaName": area_of[m["code"]],
        }
        for m in src.mainland_municipalities()
    }
    rows = _rows(store, "municipalities-by-county")
    assert len(rows) == len(expected)
    assert {r["code"]: {k: r[k] for k in expected[r["code"]]} for r in rows} == expected
    names = src.organiser_names()
    assert all(r["countyName"] == names[r["countyCode"]] for r in rows)


def test_municipalities_by_county_parameter_filters(store: Store) -> None:
    rows = _rows(store, "municipalities-by-county", county="20")
    assert sorted(r["code"] for r in rows) == src.mainland_codes("20")
    assert {r["countyCode"] for r in rows} == {"20"}


@sees_rows("employment-areas-crossing-county-borders")
def test_employment_areas_crossing_county_borders(store: Store) -> None:
    county_of = {m["code"]: m["wellbeing_county_code"] for m in src.mainland_municipalities()}
    names = src.organiser_names()
    area_names = {a["area_id"]: a["name_fi"] for a in src.employment_areas()}
    expected = {}
    for area, members in src.employment_area_members().items():
        counties = {county_of[m] for m in members}
        if len(counties) > 1:
            expected[area_names[area]] = (len(counties), {names[c] for c in counties})
    rows = _rows(store, "employment-areas-crossing-county-borders")
    assert {
        r["areaName"]: (r["countyCount"], set(r["counties"].split(", "))) for r in rows
    } == expected
    # SOURCES.md names these as crossing county borders
    assert {"Kerava-Sipoo", "Keski-Savo", "Kainuu-Koillismaa", "Suupohja"} <= set(expected)


@sees_rows("regions-split-between-organisers")
def test_regions_split_between_organisers(store: Store) -> None:
    names = src.organiser_names()
    organisers: dict[str, set[str]] = {}
    members: Counter[str] = Counter()
    for m in src.mainland_municipalities():
        organisers.setdefault(m["region_code"], set()).add(m["wellbeing_county_code"])
        members[m["region_code"]] += 1
    regions = {r["code"]: r["name_fi"] for r in src.reference("regions.csv")}
    expected = {
        code: (regions[code], {names[o] for o in orgs}, len(orgs), members[code])
        for code, orgs in organisers.items()
        if len(orgs) > 1
    }
    rows = _rows(store, "regions-split-between-organisers")
    assert {
        r["regionCode"]: (
            r["regionName"],
            set(r["organisers"].split(", ")),
            r["organiserCount"],
            r["municipalities"],
        )
        for r in rows
    } == expected
    assert [r["organiserCount"] for r in rows] == sorted(
        (r["organiserCount"] for r in rows), reverse=True
    )


def _missing_owners(as_of: dt.date) -> set[tuple[str, str, str]]:
    return {
        (g["municipality"], g["theme"], g["side"])
        for g in src.planted_gaps("missing-owner", as_of=as_of)
    }


@sees_rows("interfaces-without-owner")
@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 30), dt.date(2026, 11, 23)])
def test_interfaces_without_owner_are_the_planted_gaps(
    example_store: Store, as_of: dt.date
) -> None:
    # the example region alone: Kainuu's public record fills some of its planted gaps
    rows = _rows(example_store, "interfaces-without-owner", county="20", asOf=as_of.isoformat())
    assert {(r["municipalityCode"], r["theme"], r["missingSide"]) for r in rows} == (
        _missing_owners(as_of)
    )
    assert {r["countyCode"] for r in rows} == {"20"}


def test_interfaces_without_owner_depend_on_the_date(store: Store) -> None:
    # a gap planted from a later date is not one before it (the Kuhmo owner was still valid)
    early = dt.date(2024, 6, 30)
    later = _missing_owners(dt.date(2026, 11, 23)) - _missing_owners(early)
    assert later
    rows = _rows(store, "interfaces-without-owner", county="20", asOf=early.isoformat())
    assert not later & {(r["municipalityCode"], r["theme"], r["missingSide"]) for r in rows}


@sees_rows("agreements-pending-approval")
def test_agreements_pending_approval_are_the_planted_ones(example_store: Store) -> None:
    titles = {r["sopimuksen tunniste"]: r["nimi"] for r in src.example("sopimukset.csv")}
    names = {m["code"]: m["name_fi"] for m in src.municipalities()}
    expected = sorted(
        (g["agreement"], titles[g["agreement"]], code, names[code])
        for g in src.planted_gaps("pending-approval")
        for code in [g["party"].removeprefix("municipality/")]
    )
    rows = _rows(example_store, "agreements-pending-approval")
    assert [
        (r["agreement"].rsplit("/", 1)[1], r["title"], r["partyCode"], r["partyName"]) for r in rows
    ] == expected


def _tym_covered(as_of: dt.date) -> set[str]:
    """Employment area names with a TYM agreement valid on ``as_of`` that Kela is party to
    (an area is named as the party 'NAME: työvoimaviranomainen')."""
    agreements: dict[str, list[dict[str, str]]] = {}
    for row in src.example("sopimukset.csv"):
        if row["sopimustyyppi"] == "TYM-sopimus":
            agreements.setdefault(row["sopimuksen tunniste"], []).append(row)
    covered = set()
    for parties in agreements.values():
        start, end = parties[0]["voimassa alkaen"], parties[0]["voimassa asti"]
        valid = (not start or dt.date.fromisoformat(start) <= as_of) and (
            not end or as_of <= dt.date.fromisoformat(end)
        )
        names = {p["osapuoli"] for p in parties}
        if valid and "Kela" in names:
            covered |= {n.split(":")[0] for n in names if n.endswith(": työvoimaviranomainen")}
    return covered


@sees_rows("employment-areas-without-tym-agreement")
@pytest.mark.parametrize("as_of", [dt.date(2024, 12, 31), dt.date(2026, 11, 23)])
def test_employment_areas_without_tym_agreement(store: Store, as_of: dt.date) -> None:
    covered = _tym_covered(as_of)
    expected = sorted(
        (a["statfi_code"], a["name_fi"], a["model"])
        for a in src.employment_areas()
        if a["name_fi"] not in covered
    )
    rows = _rows(store, "employment-areas-without-tym-agreement", asOf=as_of.isoformat())
    assert [(r["areaCode"], r["areaName"], r["model"]) for r in rows] == expected


def test_a_tym_agreement_covers_its_area_from_its_start(store: Store) -> None:
    assert _tym_covered(dt.date(2026, 11, 23)) - _tym_covered(dt.date(2024, 12, 31)) == {
        "Kainuu-Koillismaa"
    }


def _negotiations(kind: str) -> list[tuple[str, dt.date, set[str]]]:
    """(organiser code, date, municipalities taking part) of the negotiations of one kind
    held (not only announced, not cancelled), from the example region and the public
    record. A participant is a municipality by its Finnish name; the organiser itself (the
    City of Helsinki) does not take part in its own negotiation."""
    municipalities = {m["name_fi"] for m in src.municipalities()}
    out = []
    for row in src.regional("neuvottelut.csv"):
        if row["tyyppi"] == kind and src.held(row):
            county = row["hyvinvointialue"]
            names = {p for p in row["osallistujat"].split(";") if p and p != county}
            code = src.organiser_code(county)
            taking_part = {n for n in names if n in municipalities}
            if code == src.HELSINKI_ORGANISER:
                taking_part -= {src.organiser_names()[code]}
            out.append((code, src.first_day(row["päivämäärä"]), taking_part))
    return out


def _tally(keyed: list[tuple[tuple[str, Any], set[str]]]) -> dict[tuple[str, Any], tuple[int, int]]:
    """Per key: the number of negotiations and of distinct municipalities taking part."""
    count: Counter[tuple[str, Any]] = Counter()
    who: dict[tuple[str, Any], set[str]] = {}
    for key, taking_part in keyed:
        count[key] += 1
        who.setdefault(key, set()).update(taking_part)
    return {key: (count[key], len(who[key])) for key in count}


def _council_terms() -> list[tuple[str, dt.date, dt.date]]:
    return [
        (t["term"], dt.date.fromisoformat(t["start"]), dt.date.fromisoformat(t["end"]))
        for t in src.rows(src.DATA / "legal" / "council_terms.csv")
        if t["body"].startswith("county council")
    ]


def _per_term() -> dict[tuple[str, Any], tuple[int, int]]:
    """(county, term) -> (negotiations held, municipalities taking part), 611/2021 14 §."""
    return _tally(
        [
            ((county, term), taking_part)
            for county, date, taking_part in _negotiations("611/2021 14 § neuvottelu")
            for term, start, end in _council_terms()
            if start <= date <= end
        ]
    )


def _per_year() -> dict[tuple[str, Any], tuple[int, int]]:
    """(county, year) -> (negotiations held, municipalities taking part), 612/2021 7 §."""
    return _tally(
        [
            ((county, date.year), taking_part)
            for county, date, taking_part in _negotiations("612/2021 7 § HYTE-neuvottelu")
        ]
    )


def _term_key(row: dict[str, Any]) -> tuple[str, Any]:
    (term,) = [t for t, _, _ in _council_terms() if row["term"].endswith(t)]
    return (row["countyCode"], term)


def _year_key(row: dict[str, Any]) -> tuple[str, Any]:
    return (row["countyCode"], row["year"])


NEGOTIATION_COUNTS = {
    "cooperation-negotiations-per-term": (_per_term, _term_key),
    "hyte-negotiations-per-year": (_per_year, _year_key),
}


def _counted(rows: list[dict[str, Any]], key: Callable[..., tuple[str, Any]]) -> dict:
    return {key(r): (r["negotiations"], r["municipalitiesTakingPart"]) for r in rows}


@sees_rows("cooperation-negotiations-per-term")
def test_cooperation_negotiations_per_term(store: Store) -> None:
    rows = _rows(store, "cooperation-negotiations-per-term")
    assert _counted(rows, _term_key) == _per_term()


@sees_rows("hyte-negotiations-per-year")
def test_hyte_negotiations_per_year(store: Store) -> None:
    rows = _rows(store, "hyte-negotiations-per-year")
    assert _counted(rows, _year_key) == _per_year()


@pytest.mark.parametrize("query_id", sorted(NEGOTIATION_COUNTS))
def test_the_negotiation_counts_of_one_county(store: Store, query_id: str) -> None:
    # the county parameter gives exactly that county's rows (none for a county without a
    # held negotiation of the kind), Helsinki also by its municipality code
    expected, key = NEGOTIATION_COUNTS[query_id]
    every = expected()
    query = load_named_queries()[query_id]
    for county in sorted(src.organiser_codes()) + [src.HELSINKI]:
        code = src.HELSINKI_ORGANISER if county == src.HELSINKI else county
        rows = store.select(query.text, bindings=query.bindings({"county": county}))
        assert _counted(rows, key) == {k: v for k, v in every.items() if k[0] == code}, county
    assert len({k[0] for k in every}) > 1  # the filter has other counties to leave out


@sees_rows("dual-roles-per-county")
def test_dual_roles_per_county(store: Store) -> None:
    roles = src.example("kaksoisroolit.csv")
    by_county: dict[str, list[dict[str, str]]] = {}
    for role in roles:
        by_county.setdefault(role["hyvinvointialue"], []).append(role)
    expected = {
        county: (len(rs), len({r["kunta"] for r in rs})) for county, rs in by_county.items()
    }
    rows = _rows(store, "dual-roles-per-county")
    assert {r["countyName"]: (r["dualRoles"], r["municipalities"]) for r in rows} == expected


# -- on graphs built for the query, rows worked out by hand in each file -----------------


@sees_rows("owner-coverage-by-county")
def test_owner_coverage_by_county(store: Store) -> None:
    rows = _rows(_fixture_store("owner-coverage-by-county"), "owner-coverage-by-county")
    assert rows == [
        {"countyCode": "02", "countyName": "Alue B", "interfaces": 2, "ownedBothSides": 2,
         "share": 1.0},
        {"countyCode": "01", "countyName": "Alue A", "interfaces": 3, "ownedBothSides": 1,
         "share": pytest.approx(1 / 3)},
    ]  # fmt: skip
    assert _rows(store, "owner-coverage-by-county")


@sees_rows("posts-owning-most-interfaces")
def test_posts_owning_most_interfaces(store: Store) -> None:
    rows = _rows(_fixture_store("posts-owning-most-interfaces"), "posts-owning-most-interfaces")
    assert rows == [
        {"post": "http://example.org/p1", "postName": "Johtaja",
         "organisationName": "Organisaatio X", "interfaces": 3},
        {"post": "http://example.org/p2", "postName": "Suunnittelija",
         "organisationName": "Organisaatio Y", "interfaces": 1},
    ]  # fmt: skip
    assert _rows(store, "posts-owning-most-interfaces")


@sees_rows("survey-county-means-ranked")
def test_survey_county_means_ranked(store: Store) -> None:
    graph = _fixture_store("survey-county-means-ranked")
    assert _rows(graph, "survey-county-means-ranked") == [
        {"countyName": "Alue B", "mean": 4.5, "items": 1, "respondents": 1},
        {"countyName": "Alue A", "mean": 3.5, "items": 2, "respondents": 5},
    ]
    assert _rows(graph, "survey-county-means-ranked", dataset="division-of-labour-clarity") == [
        {"countyName": "Alue A", "mean": 1.0, "items": 1, "respondents": 3},
    ]
    assert _rows(store, "survey-county-means-ranked")


@sees_rows("survey-score-and-owner-coverage")
def test_survey_score_and_owner_coverage(store: Store) -> None:
    graph = _fixture_store("survey-score-and-owner-coverage")
    assert _rows(graph, "survey-score-and-owner-coverage") == [
        {"countyName": "Alue B", "surveyScore": 4.0, "interfaces": 1, "ownedCountySide": 1},
        {"countyName": "Alue A", "surveyScore": 3.5, "interfaces": 3, "ownedCountySide": 1},
    ]
    assert _rows(store, "survey-score-and-owner-coverage")


@sees_rows("forums-by-level")
def test_forums_by_level(store: Store) -> None:
    assert _rows(_fixture_store("forums-by-level"), "forums-by-level") == [
        {"level": "experts", "forums": 2, "members": 3},
        {"level": "top management", "forums": 1, "members": 1},
    ]
    # on the national graph: one row per level of the forums of the example region and
    # the public record
    forums = {f["tunniste"]: f["taso"] for f in src.regional("foorumit.csv")}
    rows = _rows(store, "forums-by-level")
    assert sorted(r["forums"] for r in rows) == sorted(Counter(forums.values()).values())


# -- the queries behind the web pages ----------------------------------------------------


def _valid(row: dict[str, str], as_of: dt.date) -> bool:
    """A regional row valid on ``as_of`` (its "voimassa alkaen/asti" columns)."""
    start, end = row.get("voimassa alkaen", ""), row.get("voimassa asti", "")
    return (not start or src.first_day(start) <= as_of) and (
        not end or as_of <= dt.date.fromisoformat(end)
    )


SIDES = {"kunta": "municipality", "hyvinvointialue": "county"}
# 205 gains a second county-side employment owner from 2025-01-01; 290's municipality-side
# employment owner is valid until 2024-12-31 (vastuut.csv)
RESPONSIBILITY_DATES = [dt.date(2024, 6, 30), dt.date(2025, 6, 30), dt.date(2026, 11, 23)]


def _owners(as_of: dt.date) -> Counter[tuple[str, str, str]]:
    """Owners per (municipality, theme, side) of the example region valid on ``as_of``."""
    return Counter(
        (r["kunta"], r["teema"], SIDES[r["puoli"]])
        for r in src.example("vastuut.csv")
        if _valid(r, as_of)
    )


@sees_rows("owner-coverage-by-municipality-and-theme")
@pytest.mark.parametrize("as_of", RESPONSIBILITY_DATES)
def test_owner_coverage_by_municipality_and_theme(example_store: Store, as_of: dt.date) -> None:
    owners = _owners(as_of)
    rows = _rows(
        example_store, "owner-coverage-by-municipality-and-theme", county="20",
        asOf=as_of.isoformat(),
    )  # fmt: skip
    assert {r["countyCode"] for r in rows} == {"20"}
    assert sorted({r["municipalityCode"] for r in rows}) == src.mainland_codes("20")
    for r in rows:
        key = (r["municipalityCode"], r["theme"])
        assert (r["municipalityOwners"], r["countyOwners"]) == (
            owners[(*key, "municipality")],
            owners[(*key, "county")],
        ), key
    # a side without an owner is exactly a planted gap
    empty = {
        (r["municipalityCode"], r["theme"], side)
        for r in rows
        for side in ("municipality", "county")
        if r[f"{side}Owners"] == 0
    }
    assert empty == _missing_owners(as_of)
    one_theme = _rows(
        example_store, "owner-coverage-by-municipality-and-theme", county="20", theme="hyte",
        asOf=as_of.isoformat(),
    )  # fmt: skip
    assert one_theme == [r for r in rows if r["theme"] == "hyte"]
    # the dates differ in owners, so the asOf parameter is exercised
    assert _owners(RESPONSIBILITY_DATES[0]) != _owners(RESPONSIBILITY_DATES[1])


def _events() -> dict[str, dict[str, str]]:
    return {r["tunniste"]: r for r in src.example("neuvottelut.csv")}


@sees_rows("negotiations-and-meetings")
def test_negotiations_and_meetings(example_store: Store) -> None:
    events = _events()
    rows = _rows(example_store, "negotiations-and-meetings", county="20", lang="fi")
    assert {r["event"].rsplit("/", 1)[1] for r in rows} == set(events)
    for r in rows:
        e = events[r["event"].rsplit("/", 1)[1]]
        assert str(r["date"]) == src.first_day(e["päivämäärä"]).isoformat()
        taking_part = set(e["osallistujat"].split(";")) | {e["koollekutsuja"]}
        assert r["participants"] == len(taking_part)
        assert r["convenerName"] == e["koollekutsuja"]
        assert (r["minutes"] or "") == e["pöytäkirjan osoite"]
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    # the labels come in the language asked for
    sv = _rows(example_store, "negotiations-and-meetings", county="20", lang="sv")
    assert {r["kind"] for r in sv}.isdisjoint({r["kind"] for r in rows})
    assert len(sv) == len(rows)
    # one municipality: the events it took part in
    name = {m["code"]: m["name_fi"] for m in src.municipalities()}["290"]
    expected = {k for k, e in events.items() if name in e["osallistujat"].split(";")}
    one = _rows(example_store, "negotiations-and-meetings", municipality="290", lang="en")
    assert expected and {r["event"].rsplit("/", 1)[1] for r in one} == expected


# the kinds and statuses of the regional tables' events, as the ontology names their classes
EVENT_KINDS = {
    "611/2021 14 § neuvottelu": "CooperationNegotiation",
    "612/2021 7 § HYTE-neuvottelu": "HealthWellbeingNegotiation",
    "muu kokous": "Meeting",
}
EVENT_STATUSES = {
    "pidetty": "EventHeld",
    "peruttu": "EventCancelled",
    "suunniteltu": "EventPlanned",
}


def _ontology_labels(lang: str) -> dict[str, str]:
    """Local name -> rdfs:label in ``lang`` of the ontology's terms (ontology/yhdyspinta.ttl)."""
    yp, label = "https://w3id.org/yhdyspinta/ontology#", RDFS + "label"
    path = REPO_ROOT / "ontology" / "yhdyspinta.ttl"
    return {
        t.subject.value.removeprefix(yp): t.object.value
        for t in parse(path=str(path), format=RdfFormat.TURTLE)
        if t.predicate.value == label
        and isinstance(t.object, Literal)
        and t.object.language == lang
        and t.subject.value.startswith(yp)
    }


def _graph_name(name: str) -> str:
    """The Finnish label of an organisation a regional table names: an organiser (the
    City of Helsinki by its municipality's name) or a municipality or other body as named."""
    organisers = src.organiser_names()
    named = {*organisers.values(), "Helsingin kaupunki"}
    return organisers[src.organiser_code(name)] if name in named else name


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_negotiations_and_meetings_of_every_region_in_each_language(
    store: Store, lang: str
) -> None:
    labels = _ontology_labels(lang)
    expected = {}
    for e in src.regional("neuvottelut.csv"):
        taking_part = {_graph_name(n) for n in e["osallistujat"].split(";") if n}
        expected[e["tunniste"]] = (
            src.organiser_code(e["hyvinvointialue"]),
            src.first_day(e["päivämäärä"]).isoformat(),
            labels[EVENT_KINDS[e["tyyppi"]]],
            labels[EVENT_STATUSES[e["tila"]]] if e["tila"] else None,
            _graph_name(e["koollekutsuja"]),
            len(taking_part | {_graph_name(e["koollekutsuja"])}),
            e["pöytäkirjan osoite"] or None,
        )
    rows = _rows(store, "negotiations-and-meetings", lang=lang)
    assert {
        r["event"].rsplit("/", 1)[1]: (
            r["countyCode"], str(r["date"]), r["kind"], r["status"], r["convenerName"],
            r["participants"], r["minutes"],
        )
        for r in rows
    } == expected  # fmt: skip
    assert len(rows) == len(expected)
    # Helsinki is asked for by its organiser code or its municipality code alike
    helsinki = _rows(store, "negotiations-and-meetings", county=src.HELSINKI, lang=lang)
    assert helsinki == _rows(store, "negotiations-and-meetings", county="90", lang=lang)
    assert {r["event"].rsplit("/", 1)[1] for r in helsinki} == {
        k for k, v in expected.items() if v[0] == src.HELSINKI_ORGANISER
    }


def _day(text: str) -> str | None:
    """A regional table's (possibly partial) date as the graph gives it, None if empty."""
    return src.first_day(text).isoformat() if text else None


@sees_rows("agreements-and-approvals")
def test_agreements_and_approvals(example_store: Store) -> None:
    parties: dict[str, list[dict[str, str]]] = {}
    for row in src.example("sopimukset.csv"):
        parties.setdefault(row["sopimuksen tunniste"], []).append(row)
    rows = _rows(example_store, "agreements-and-approvals", county="20")
    found = {
        r["agreement"].rsplit("/", 1)[1]: (
            r["countyCode"],
            r["title"],
            r["validFrom"] and str(r["validFrom"]),
            r["validTo"] and str(r["validTo"]),
            r["parties"],
            set(filter(None, (r["pendingParties"] or "").split(", "))),
        )
        for r in rows
    }
    assert found == {
        key: (
            src.organiser_code(rows_[0]["hyvinvointialue"]),
            rows_[0]["nimi"],
            _day(rows_[0]["voimassa alkaen"]),
            _day(rows_[0]["voimassa asti"]),
            len({p["osapuoli"] for p in rows_}),
            {p["osapuoli"] for p in rows_ if not p["hyväksytty"]},
        )
        for key, rows_ in parties.items()
    }
    assert any(pending for *_, pending in found.values())  # some party has not approved
    name = {m["code"]: m["name_fi"] for m in src.municipalities()}["205"]
    one = _rows(example_store, "agreements-and-approvals", municipality="205")
    assert {r["agreement"].rsplit("/", 1)[1] for r in one} == {
        key for key, rows_ in parties.items() if name in {p["osapuoli"] for p in rows_}
    }


@sees_rows("municipality-profile")
def test_municipality_profile(store: Store) -> None:
    regions = {r["code"]: r for r in src.reference("regions.csv")}
    areas = {a["area_id"]: a["name_fi"] for a in src.employment_areas()}
    area_of = {c: areas[a] for a, codes in src.employment_area_members().items() for c in codes}
    names = src.organiser_names()
    bilingual = [m for m in src.mainland_municipalities() if m["name_sv"] != m["name_fi"]]
    for m in (bilingual[0], src.mainland_municipalities()[0]):
        (row,) = _rows(store, "municipality-profile", municipality=m["code"])
        region = regions[m["region_code"]]
        assert row | {"county": None} == {
            "code": m["code"],
            "name": m["name_fi"],
            "nameSv": m["name_sv"],
            "countyCode": m["wellbeing_county_code"],
            "countyName": names[m["wellbeing_county_code"]],
            "county": None,
            "regionName": region["name_fi"],
            "regionalCouncilName": region["regional_council_fi"],
            "employmentAreaName": area_of[m["code"]],
        }
    assert len(_rows(store, "municipality-profile")) == len(src.municipalities())


def _responsibilities(code: str, as_of: dt.date) -> list[tuple[Any, ...]]:
    """The example region's owners of one municipality's interfaces valid on ``as_of``."""
    return sorted(
        (r["teema"], SIDES[r["puoli"]], r["tehtävänimike"], r["organisaatioyksikkö"] or None,
         r["yhteyskanava"] or None, r["tarkistettu"])
        for r in src.example("vastuut.csv")
        if r["kunta"] == code and _valid(r, as_of)
    )  # fmt: skip


@sees_rows("responsibilities-of-municipality")
@pytest.mark.parametrize("code", ["205", "290"])
def test_responsibilities_of_municipality(example_store: Store, code: str) -> None:
    for as_of in RESPONSIBILITY_DATES:
        rows = _rows(
            example_store, "responsibilities-of-municipality", municipality=code,
            asOf=as_of.isoformat(),
        )  # fmt: skip
        found = sorted(
            (r["theme"], r["side"], r["postName"], r["unit"], r["contact"], str(r["lastVerified"]))
            for r in rows
        )
        assert found == _responsibilities(code, as_of), as_of
        assert {r["municipalityCode"] for r in rows} == {code}
    # the date matters: the owners valid before 2025 are not those valid after
    before, after = (_responsibilities(code, d) for d in RESPONSIBILITY_DATES[:2])
    assert before != after
