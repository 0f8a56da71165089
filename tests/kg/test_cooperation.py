"""The read model of the cooperation records, checked against the files the records come
from (the example region's CSV files, read here with the csv module) on the real store, and
on a small graph for what the real data does not hold (a cancelled event, no inferences)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg import cooperation
from kg.config import REPO_ROOT
from kg.cooperation import Cooperation, owners, read_cooperation
from kg.store import Store
from kg.validity import Validity

REGION = REPO_ROOT / "data/regional/example-kainuu"
ID = "https://w3id.org/yhdyspinta/id/"
YP = "https://w3id.org/yhdyspinta/ontology#"


def _rows(name: str) -> list[dict[str, str]]:
    with (REGION / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@pytest.fixture(scope="module")
def model(store: Store) -> Cooperation:
    return read_cooperation(store)


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_every_negotiation_of_the_file_with_its_day_convener_and_source(model: Cooperation) -> None:
    rows = _rows("neuvottelut.csv")
    found = {_tail(e.iri): e for e in model.negotiations if e.illustrative}
    assert sorted(found) == sorted(r["tunniste"] for r in rows)
    for row in rows:
        event = found[row["tunniste"]]
        assert event.validity == Validity.day(row["päivämäärä"])
        assert len(event.conveners) == 1 and event.conveners <= event.participants
        # the convener and every participant named in the file, as organisations
        assert len(event.participants) == len(set(row["osallistujat"].split(";")))
        assert event.source == "data/regional/example-kainuu/neuvottelut.csv"
        assert event.cancelled == (row["tila"] not in ("", "pidetty"))
        assert event.is_a("CooperationEvent")


def test_every_agreement_with_its_parties_and_window(model: Cooperation) -> None:
    rows = _rows("sopimukset.csv")
    parties = Counter(r["sopimuksen tunniste"] for r in rows)
    found = {a.identifier: a for a in model.agreements if a.illustrative}
    assert found.keys() == parties.keys()
    for row in rows:
        agreement = found[row["sopimuksen tunniste"]]
        assert len(agreement.orgs) == parties[row["sopimuksen tunniste"]]
        assert agreement.validity == Validity(
            _day(row["voimassa alkaen"]), _day(row["voimassa asti"])
        )
        assert agreement.source == "data/regional/example-kainuu/sopimukset.csv"
        assert agreement.titles["fi"] == row["nimi"]


def test_every_forum_and_dual_role_of_the_files(model: Cooperation) -> None:
    forums = {_tail(f.iri): f for f in model.forums if f.illustrative}
    for row in _rows("foorumit.csv"):
        forum = forums.pop(row["tunniste"])
        assert len(forum.orgs) == len(row["jäsenorganisaatiot"].split(";"))
        assert forum.validity == Validity(_day(row["voimassa alkaen"]), _day(row["voimassa asti"]))
        assert forum.titles["fi"] == row["nimi"]
    assert forums == {}
    roles = {_tail(d.iri): d for d in model.dual_roles}
    rows = _rows("kaksoisroolit.csv")
    assert sorted(roles) == sorted(r["tunniste"] for r in rows)
    for row in rows:
        role = roles[row["tunniste"]]
        assert len(role.orgs) == 2  # the municipality and the county of the two seats
        assert role.validity == Validity(_day(row["voimassa alkaen"]), _day(row["voimassa asti"]))
        person = model.persons[role.person or ""]
        published = row["nimen saa julkaista"] == "kyllä"
        assert person.name == (row["henkilön nimi"] if published else None)


def test_every_responsibility_row_is_one_record_with_its_window(model: Cooperation) -> None:
    rows = _rows("vastuut.csv")
    found = [r for r in model.responsibilities if r.illustrative]
    assert len(found) == len(rows)
    side = {"kunta": "municipality", "hyvinvointialue": "county"}
    want = Counter(
        (r["kunta"], r["teema"], side[r["puoli"]], r["voimassa alkaen"], r["voimassa asti"])
        for r in rows
    )
    got = Counter(
        (
            _tail(r.municipality),
            r.theme_code,
            r.side,
            (r.validity.start or "").__str__(),
            (r.validity.end or "").__str__(),
        )
        for r in found
    )
    assert got == want
    assert {r.source for r in found} == {"data/regional/example-kainuu/vastuut.csv"}
    assert all(r.organiser == ID + "county/20" for r in found)


def test_seed_records_are_read_too(model: Cooperation) -> None:
    seeds = {x.source for x in model.records if x.source and x.source.startswith("data/seeds/")}
    assert seeds, "the seed documents' agreements, events and forums"


def test_owners_bind_their_values(store: Store) -> None:
    kajaani = ID + "municipality/205"
    every = owners(store, kajaani)
    assert {o.theme for o in every} >= {"hyte", "older-people"}
    hyte = owners(store, kajaani, "hyte")
    assert hyte and {o.theme for o in hyte} == {"hyte"}
    assert [o.responsibility for o in hyte] == [
        o.responsibility for o in every if o.theme == "hyte"
    ]
    assert owners(store, kajaani, 'hyte" } #') == []
    assert owners(store, "urn:x:none") == []


def test_post_rows_and_county_rows_bind_their_values(store: Store) -> None:
    assert cooperation.post_rows(store, ID + "post/none") == []
    rows = cooperation.county_rows(store, "negotiations", ID + "county/20")
    assert sorted(r["event_id"] for r in rows) == sorted(
        r["tunniste"] for r in _rows("neuvottelut.csv")
    )
    assert cooperation.county_rows(store, "negotiations", ID + "county/99") == []


SMALL = """
@prefix yp: <https://w3id.org/yhdyspinta/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix event: <https://w3id.org/yhdyspinta/id/event/> .
@prefix county: <https://w3id.org/yhdyspinta/id/county/> .
@prefix m: <https://w3id.org/yhdyspinta/id/municipality/> .
@prefix agreement: <https://w3id.org/yhdyspinta/id/agreement/> .
event:held a yp:HealthWellbeingNegotiation ; dcterms:date "2024-05-02" ;
    yp:convener county:20 ; yp:participant m:205 .
event:called-off a yp:HealthWellbeingNegotiation ; dcterms:date "2024-06-01" ;
    yp:convener county:20 ; yp:eventStatus yp:EventCancelled .
agreement:a a yp:TYMAgreement ; yp:party county:20 ; yp:validFrom "2024-01-01" .
event:no-one a yp:Meeting ; dcterms:date "2024-01-01" .
"""


def test_a_small_graph_without_inferences(tmp_path: Path) -> None:
    """Subclasses are read without the build's inferences; a cancelled event is kept, marked;
    a record that joins no organisation is no record; no source graph, no source."""
    store = Store()
    graph = NamedNode(ID + "graph/test")
    store.load_quads(
        Quad(q.subject, q.predicate, q.object, graph)
        for q in parse(input=SMALL.encode(), format=RdfFormat.TURTLE)
    )
    model = read_cooperation(store)
    events = {_tail(e.iri): e for e in model.negotiations}
    assert sorted(events) == ["called-off", "held"]
    assert events["called-off"].cancelled and not events["held"].cancelled
    assert events["held"].participants == {ID + "county/20", ID + "municipality/205"}
    assert events["held"].conveners == {ID + "county/20"}
    assert events["held"].source is None
    (agreement,) = model.agreements
    assert agreement.is_a("TYMAgreement") and not agreement.is_a("Agreement")
    assert agreement.validity == Validity(dt.date(2024, 1, 1), None)
    assert model.forums == [] and model.dual_roles == [] and model.responsibilities == []


RECORD_PATTERN = re.compile(
    r"\?\w+\s+(?:yp:party|yp:convener|yp:participant|org:hasMember|yp:holder|yp:post)\b"
)
# names a validation result's focus node (a responsibility's post title): reads no records
NAMES_A_FOCUS = {"kg/validation/locate.py"}


def test_only_the_read_model_queries_the_records() -> None:
    querying = {
        str(path.relative_to(REPO_ROOT))
        for path in sorted((REPO_ROOT / "kg").rglob("*"))
        if path.suffix in (".py", ".rq") and RECORD_PATTERN.search(path.read_text("utf-8"))
    }
    assert "kg/cooperation.py" in querying
    others = querying - NAMES_A_FOCUS - {"kg/cooperation.py"}
    assert {p for p in others if not p.startswith("kg/cooperation_queries/")} == set()
