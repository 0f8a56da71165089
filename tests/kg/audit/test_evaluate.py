"""The audit: statuses at period boundaries, no evidence recorded apart from missed,
not-applicable reasons, the planted gaps, one organiser's rows and counts, and a new duty
added purely as data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kg.audit.evaluate import STATUSES, AuditRow, audit
from kg.audit.obligations import obligations_graph
from kg.config import REPO_ROOT, Settings
from kg.iris import Minter
from kg.store import Store
from tests.source_data import employment_areas

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

GAPS = json.loads((REPO_ROOT / "data/regional/example-kainuu/planted_gaps.json").read_text("utf-8"))
DATA = REPO_ROOT / "data"
BASE = "https://w3id.org/yhdyspinta/id/"
PREFIXES = """@prefix yp: <https://w3id.org/yhdyspinta/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _key(row: AuditRow) -> tuple[str, str, str, str, str]:
    return (
        row.obligation.id,
        row.bearer.code,
        row.counterparty.code if row.counterparty else "",
        row.period.key if row.period else "",
        row.status,
    )


@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 30), dt.date(2026, 11, 23)])
def test_audit_example_region_not_fulfilled_equals_planted_gaps(
    example_store: Store, as_of: dt.date
) -> None:
    rows = audit(example_store, as_of=as_of, county="20").rows
    found = {_key(r) for r in rows if r.status in ("open", "no-evidence", "missed")}
    expected = set()
    for gap in GAPS["gaps"]:
        if "audit" not in gap["checked_by"]:
            continue
        start = dt.date.fromisoformat(gap["from"])
        until = dt.date.fromisoformat(gap.get("until", "9999-12-31"))
        if start <= as_of <= until:
            expected.add(
                (
                    gap["obligation"],
                    gap["bearer"],
                    gap["counterparty"],
                    gap["period"],
                    gap["status"],
                )
            )
    assert len(expected) > 10
    assert found == expected


def _store_with(tmp_path: Path, settings: Settings, turtle: str) -> tuple[Store, Path]:
    """The store built without the public record (whose real facts would answer for the
    municipalities named here) plus hand-written events, in a private copy."""
    store = Store()
    store.load_dataset(Store.open(settings.store_path))
    from pyoxigraph import RdfFormat, parse

    triples = [
        q.triple
        for q in parse(input=(PREFIXES + turtle).encode(), format=RdfFormat.TURTLE, base_iri=BASE)
    ]
    store.load_ntriples(b"".join(f"{t} .\n".encode() for t in triples), BASE + "graph/test")
    return store, DATA


def _rows(store: Store, data: Path, as_of: dt.date, obligation: str) -> list[AuditRow]:
    return audit(store, as_of=as_of, obligation=obligation).rows


def test_audit_evidence_on_last_day_of_term_counts_for_that_term_only(
    tmp_path: Path, example_settings: Settings
) -> None:
    # county 18 (Keski-Pohjanmaa) has no recorded negotiations; one on 2025-05-31 with Kokkola
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <event/t1> a yp:CooperationNegotiation ; dcterms:date "2025-05-31"^^xsd:date ;
            yp:convener <county/18> ; yp:participant <county/18> , <municipality/272> .""",
    )
    rows = [
        r
        for r in _rows(store, data, dt.date(2025, 6, 10), "611-2021-14")
        if r.bearer.code == "18" and r.counterparty and r.counterparty.code == "272"
    ]
    by_period = {r.period.key: r.status for r in rows if r.period}
    assert by_period == {"county-2022-2025": "fulfilled", "county-2025-2029": "open"}
    fulfilled = next(r for r in rows if r.status == "fulfilled")
    assert [p.iri for p in fulfilled.evidence] == [BASE + "event/t1"]
    assert fulfilled.evidence[0].illustrative is False  # not flagged in the data


def test_audit_negotiation_with_two_of_three_fulfils_for_those_two(
    tmp_path: Path, example_settings: Settings
) -> None:
    # Kainuu-sized test: county 18 has eight municipalities; take three of them
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <event/t2> a yp:CooperationNegotiation ; dcterms:date "2026-02-02"^^xsd:date ;
            yp:convener <county/18> ;
            yp:participant <county/18> , <municipality/272> , <municipality/924> .""",
    )
    rows = _rows(store, data, dt.date(2026, 11, 23), "611-2021-14")
    term = {
        r.counterparty.code: r.status
        for r in rows
        if r.bearer.code == "18"
        and r.counterparty
        and r.period
        and r.period.key == "county-2025-2029"
    }
    assert term["272"] == "fulfilled" and term["924"] == "fulfilled"
    assert {s for c, s in term.items() if c not in ("272", "924")} == {"open"}


def test_audit_hyte_negotiation_of_2025_does_not_fulfil_2026(
    tmp_path: Path, example_settings: Settings
) -> None:
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <event/t3> a yp:HealthWellbeingNegotiation ; dcterms:date "2025-12-31"^^xsd:date ;
            yp:convener <county/18> ; yp:participant <county/18> .""",
    )
    rows = {
        r.period.key: r
        for r in _rows(store, data, dt.date(2026, 11, 23), "612-2021-7-convene")
        if r.bearer.code == "18" and r.period
    }
    assert rows["2025"].status == "fulfilled"
    assert rows["2026"].status == "open"
    assert rows["2026"].deadline == dt.date(2026, 12, 31)
    assert rows["2024"].status == "no-evidence" and rows["2024"].missed_by == ()


def test_audit_tym_not_applicable_before_2025(store: Store) -> None:
    rows = _rows(store, DATA, dt.date(2024, 12, 31), "381-2023-tym")
    assert len(rows) == len(employment_areas())  # one per area in employment_areas.csv
    assert {r.status for r in rows} == {"not-applicable"}
    assert all("2025-01-01" in r.reason["en"] for r in rows)
    after = _rows(store, DATA, dt.date(2025, 1, 1), "381-2023-tym")
    kainuu = next(r for r in after if r.bearer.name == "Kainuu-Koillismaa")
    assert kainuu.status == "fulfilled"
    assert {r.status for r in after if r is not kainuu} == {"no-evidence"}


def test_audit_helsinki_and_aland_are_not_applicable_with_reasons(store: Store) -> None:
    rows = audit(store, as_of=dt.date(2026, 11, 23)).rows
    helsinki = [
        r
        for r in rows
        if r.bearer.code in ("091", "90")
        and r.obligation.id in ("611-2021-14", "612-2021-6-participate")
    ]
    assert helsinki and {r.status for r in helsinki} == {"not-applicable"}
    assert all("Helsinki" in r.reason["en"] for r in helsinki)
    aland = [r for r in rows if r.bearer.code == "478"]  # Maarianhamina
    assert aland and {r.status for r in aland} == {"not-applicable"}
    assert all("Åland" in r.reason["en"] for r in aland)


def test_audit_a_new_periodic_duty_is_data_only(tmp_path: Path, store: Store) -> None:
    """A new row of obligations.csv, once built into the store (as kg build does with
    obligations_graph), is audited like the others."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "obligations", data / "obligations")
    path = data / "obligations" / "obligations.csv"
    header = path.read_text("utf-8").splitlines()[0]
    path.write_text(
        header
        + "\n"
        + (
            'test-municipal-term-meeting,410/2015,37,"Kunta ja hyvinvointialue kokoontuvat '
            'valtuustokausittain.","The municipality and the county meet every council term.",'
            '"Kommunen och välfärdsområdet möts varje fullmäktigeperiod.",'
            "test duty for the audit,municipality,participant,county,municipal-council-term,"
            "event:Meeting,,not-applicable,2021-08-01,test\n"
        ),
        "utf-8",
    )
    built = Store()
    built.load_dataset(store)
    graph = obligations_graph(data, Minter(BASE))
    built.load_ntriples(graph.ntriples(), BASE + "graph/test-obligations")
    rows = audit(built, as_of=dt.date(2026, 11, 23), obligation="test-municipal-term-meeting").rows
    kajaani = {r.period.key: r.status for r in rows if r.bearer.code == "205" and r.period}
    # the example region's 2024-09-02 "muu kokous" with every Kainuu municipality
    assert kajaani == {"municipal-2021-2025": "fulfilled", "municipal-2025-2029": "open"}
    assert rows[0].obligation.citation == "410/2015 37 §"
    with pytest.raises(LookupError, match="test-municipal-term-meeting"):
        audit(store, as_of=dt.date(2026, 11, 23), obligation="test-municipal-term-meeting")


def test_audit_unknown_county_or_obligation_is_an_error(store: Store) -> None:
    with pytest.raises(LookupError, match="99"):
        audit(store, as_of=dt.date(2026, 11, 23), county="99")
    with pytest.raises(LookupError, match="nope"):
        audit(store, as_of=dt.date(2026, 11, 23), obligation="nope")


def test_audit_cancelled_negotiation_is_missed_once_its_year_has_ended(
    tmp_path: Path, example_settings: Settings
) -> None:
    # county 18 has no recorded HYTE negotiations: one planned for 2024, recorded cancelled
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <event/c1> a yp:HealthWellbeingNegotiation ; dcterms:date "2024-10-01"^^xsd:date ;
            yp:eventStatus yp:EventCancelled ;
            yp:convener <county/18> ; yp:participant <county/18> .
        <event/c2> a yp:HealthWellbeingNegotiation ; dcterms:date "2026-03-01"^^xsd:date ;
            yp:eventStatus yp:EventCancelled ;
            yp:convener <county/18> ; yp:participant <county/18> .""",
    )
    rows = {
        r.period.key: r
        for r in _rows(store, data, dt.date(2026, 11, 23), "612-2021-7-convene")
        if r.bearer.code == "18" and r.period
    }
    # 2024: the record shows the negotiation was not held, and no other was
    assert rows["2024"].status == "missed" and rows["2024"].evidence == ()
    assert [(p.iri, p.cancelled) for p in rows["2024"].missed_by] == [(BASE + "event/c1", True)]
    # 2023: nothing recorded either way; 2026: the year is still running
    assert rows["2023"].status == "no-evidence" and rows["2023"].missed_by == ()
    assert rows["2026"].status == "open"


def test_audit_held_negotiation_outweighs_a_cancelled_one(
    tmp_path: Path, example_settings: Settings
) -> None:
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <event/c3> a yp:HealthWellbeingNegotiation ; dcterms:date "2024-10-01"^^xsd:date ;
            yp:eventStatus yp:EventCancelled ;
            yp:convener <county/18> ; yp:participant <county/18> .
        <event/h3> a yp:HealthWellbeingNegotiation ; dcterms:date "2024-11-15"^^xsd:date ;
            yp:eventStatus yp:EventHeld ;
            yp:convener <county/18> ; yp:participant <county/18> .""",
    )
    [row] = [
        r
        for r in _rows(store, data, dt.date(2026, 11, 23), "612-2021-7-convene")
        if r.bearer.code == "18" and r.period and r.period.key == "2024"
    ]
    assert row.status == "fulfilled"
    assert [p.iri for p in row.evidence] == [BASE + "event/h3"] and row.missed_by == ()


def test_audit_tym_agreement_that_ended_without_successor_is_missed(
    tmp_path: Path, example_settings: Settings
) -> None:
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <agreement/kuopio-tym> a yp:TYMAgreement ;
            yp:party <employment-authority/kuopio> , <county/13> , <organisation/kela> ;
            yp:validFrom "2025-01-01"^^xsd:date ; yp:validTo "2025-12-31"^^xsd:date .""",
    )

    def kuopio(as_of: dt.date) -> AuditRow:
        rows = _rows(store, data, as_of, "381-2023-tym")
        return next(r for r in rows if r.bearer.iri == BASE + "employment-area/kuopio")

    assert kuopio(dt.date(2025, 6, 1)).status == "fulfilled"
    lapsed = kuopio(dt.date(2026, 11, 23))
    assert lapsed.status == "missed" and lapsed.evidence == ()
    assert [(p.iri, p.ended) for p in lapsed.missed_by] == [
        (BASE + "agreement/kuopio-tym", dt.date(2025, 12, 31))
    ]
    # an area with no agreement ever recorded: no evidence, not missed
    others = _rows(store, data, dt.date(2026, 11, 23), "381-2023-tym")
    keski_savo = next(r for r in others if r.bearer.iri == BASE + "employment-area/keski-savo")
    assert keski_savo.status == "no-evidence" and keski_savo.missed_by == ()


def test_audit_designation_that_ended_without_successor_is_missed(
    tmp_path: Path, example_settings: Settings
) -> None:
    # Kokkola (272) designates a HYTE post that ends 2025-06-30; Kannus (217) one still current
    store, data = _store_with(
        tmp_path,
        example_settings,
        """
        <interface/t-272-hyte> a yp:Interface ; yp:municipality <municipality/272> ;
            yp:organiser <county/18> ; yp:theme <https://w3id.org/yhdyspinta/theme/hyte> .
        <post/t-272-hyte> a yp:ResponsiblePost ;
            <http://www.w3.org/ns/org#postIn> <municipality/272> .
        <responsibility/t-272-hyte> a yp:Responsibility ; yp:interface <interface/t-272-hyte> ;
            yp:side yp:MunicipalitySide ; yp:post <post/t-272-hyte> ;
            yp:validFrom "2023-01-01"^^xsd:date ; yp:validTo "2025-06-30"^^xsd:date .
        <interface/t-217-hyte> a yp:Interface ; yp:municipality <municipality/217> ;
            yp:organiser <county/18> ; yp:theme <https://w3id.org/yhdyspinta/theme/hyte> .
        <post/t-217-hyte> a yp:ResponsiblePost ;
            <http://www.w3.org/ns/org#postIn> <municipality/217> .
        <responsibility/t-217-hyte> a yp:Responsibility ; yp:interface <interface/t-217-hyte> ;
            yp:side yp:MunicipalitySide ; yp:post <post/t-217-hyte> ;
            yp:validFrom "2023-01-01"^^xsd:date .""",
    )
    rows = {
        r.bearer.code: r
        for r in _rows(store, data, dt.date(2026, 11, 23), "612-2021-6-designate")
        if r.bearer.code in ("272", "217", "924")
    }
    assert rows["217"].status == "fulfilled"
    assert rows["272"].status == "missed"
    assert [(p.iri, p.ended) for p in rows["272"].missed_by] == [
        (BASE + "responsibility/t-272-hyte", dt.date(2025, 6, 30))
    ]
    assert rows["924"].status == "no-evidence"  # Veteli: nothing recorded


def test_audit_of_one_organiser_holds_and_counts_only_its_rows(store: Store) -> None:
    whole = audit(store, as_of=dt.date(2026, 11, 23))
    one = audit(store, as_of=dt.date(2026, 11, 23), county="13")
    assert one.scope is not None and one.scope.code == "13"
    expected = [r for r in whole.rows if "13" in r.counties]
    assert len(one.rows) == len(expected) > 0
    # rows shared with another county (an employment area across the border) stay, but are
    # listed and counted under the audited organiser alone
    assert any(len(r.counties) > 1 for r in one.rows)
    assert {code for code, _ in one.placements()} == {"13"}
    summary = one.summary()
    assert summary.groups == () and summary.repeated == 0
    assert summary.total.code == "13"
    assert summary.total.counts == dict(Counter(r.status for r in one.rows)) | {
        s: 0 for s in STATUSES if s not in {r.status for r in one.rows}
    }
    assert summary.total.total == len(one.rows)


def test_audit_national_counts_add_up(store: Store) -> None:
    result = audit(store, as_of=dt.date(2026, 11, 23))
    summary = result.summary()
    assert summary.total.total == len(result.rows)
    assert summary.total.counts == {s: sum(r.status == s for r in result.rows) for s in STATUSES}
    # each row is listed once under each of its organisers, or once under none
    extra = sum(len(r.counties) - 1 for r in result.rows if r.counties)
    assert summary.repeated == extra > 0
    assert sum(g.total for g in summary.groups) == summary.total.total + summary.repeated
    for status in STATUSES:
        in_groups = sum(g.counts[status] for g in summary.groups)
        shared = sum(len(r.counties) - 1 for r in result.rows if r.status == status and r.counties)
        assert in_groups == summary.total.counts[status] + shared
    by_code = {g.code: g.total for g in summary.groups}
    assert by_code["20"] == sum("20" in r.counties for r in result.rows)
    assert by_code[None] == sum(not r.counties for r in result.rows) > 0  # Åland


def test_audit_files_helsinki_under_organiser_code_90(store: Store) -> None:
    result = audit(store, as_of=dt.date(2026, 11, 23))
    codes = {g.code for g in result.summary().groups}
    assert "90" in codes and "091" not in codes
    by_90 = audit(store, as_of=dt.date(2026, 11, 23), county="90")
    by_091 = audit(store, as_of=dt.date(2026, 11, 23), county="091")
    assert by_90.scope == by_091.scope and by_90.scope is not None
    assert by_90.scope.code == "90" and by_90.scope.municipality_code == "091"
    assert [(r.obligation.id, r.bearer.iri, r.status) for r in by_90.rows] == [
        (r.obligation.id, r.bearer.iri, r.status) for r in by_091.rows
    ]
    assert by_90.rows and {c for r in by_90.rows for c in r.counties} == {"90"}


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("91", "no wellbeing services organiser with code 91"),  # Åland: no organiser
        ("140", "municipality code of Iisalmi"),
        ("abc", "not an organiser code"),
    ],
)
def test_audit_refuses_a_code_that_names_no_organiser(store: Store, key: str, message: str) -> None:
    with pytest.raises(LookupError, match=message):
        audit(store, as_of=dt.date(2026, 11, 23), county=key)


def test_audit_reads_a_negotiation_imported_as_cancelled(
    data_copy: Settings, tmp_path: Path
) -> None:
    # what a region hands in: one HYTE negotiation of county 18 for 2024, cancelled ("peruttu")
    from kg.build import build
    from kg.importing.importer import import_path
    from kg.importing.schema import NEGOTIATIONS
    from kg.importing.templates import csv_text

    build(data_copy)
    source = tmp_path / "incoming" / "keski-pohjanmaa"
    source.mkdir(parents=True)
    county = "Keski-Pohjanmaan hyvinvointialue"
    row = [
        "kp-hyte-2024",
        "612/2021 7 § HYTE-neuvottelu",
        "2024-10-01",
        county,
        county,
        f"{county};Kokkola",
        "hyte",
        "",
        "peruttu",
    ]
    (source / "neuvottelut.csv").write_text(csv_text(NEGOTIATIONS, "fi", [row]), "utf-8")
    import_path(source, data_copy)
    store = Store.open(data_copy.store_path)
    [row_2024] = [
        r
        for r in audit(store, as_of=dt.date(2026, 11, 23), obligation="612-2021-7-convene").rows
        if r.bearer.code == "18" and r.period and r.period.key == "2024"
    ]
    assert row_2024.status == "missed"
    assert [p.iri.rsplit("/", 1)[-1] for p in row_2024.missed_by] == ["kp-hyte-2024"]
    assert row_2024.missed_by[0].source and "keski-pohjanmaa" in row_2024.missed_by[0].source
    # and the export gives the status back as written, so a re-import keeps it
    from kg.importing.export import collect
    from kg.iris import Minter

    exported = collect(store, Minter(data_copy.base_iri), "18").rows["negotiations"]
    status = [c.key for c in NEGOTIATIONS.columns].index("status")
    assert [r[status] for r in exported] == ["peruttu"]
