"""The audit: statuses at period boundaries, not-applicable reasons, the planted gaps, and
a new duty added purely as data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kg.audit.evaluate import AuditRow, audit
from kg.config import REPO_ROOT, Settings
from kg.store import Store

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
        row.period.label if row.period else "",
        row.status,
    )


@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 30), dt.date(2026, 11, 23)])
def test_audit_example_region_not_fulfilled_equals_planted_gaps(
    store: Store, as_of: dt.date
) -> None:
    rows = audit(store, DATA, as_of=as_of, county="20").rows
    found = {_key(r) for r in rows if r.status in ("open", "overdue")}
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
    """The built national store plus hand-written events, in a private copy."""
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
    return audit(store, data, as_of=as_of, obligation=obligation).rows


def test_audit_evidence_on_last_day_of_term_counts_for_that_term_only(
    tmp_path: Path, settings: Settings
) -> None:
    # county 18 (Keski-Pohjanmaa) has no recorded negotiations; one on 2025-05-31 with Kokkola
    store, data = _store_with(
        tmp_path,
        settings,
        """
        <event/t1> a yp:CooperationNegotiation ; dcterms:date "2025-05-31"^^xsd:date ;
            yp:convener <county/18> ; yp:participant <county/18> , <municipality/272> .""",
    )
    rows = [
        r
        for r in _rows(store, data, dt.date(2025, 6, 10), "611-2021-14")
        if r.bearer.code == "18" and r.counterparty and r.counterparty.code == "272"
    ]
    by_period = {r.period.label: r.status for r in rows if r.period}
    assert by_period == {
        "County council term 2022-2025": "fulfilled",
        "County council term 2025-2029": "open",
    }
    fulfilled = next(r for r in rows if r.status == "fulfilled")
    assert [p.iri for p in fulfilled.evidence] == [BASE + "event/t1"]
    assert fulfilled.evidence[0].illustrative is False  # not flagged in the data


def test_audit_negotiation_with_two_of_three_fulfils_for_those_two(
    tmp_path: Path, settings: Settings
) -> None:
    # Kainuu-sized test: county 18 has eight municipalities; take three of them
    store, data = _store_with(
        tmp_path,
        settings,
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
        and r.period.label == "County council term 2025-2029"
    }
    assert term["272"] == "fulfilled" and term["924"] == "fulfilled"
    assert {s for c, s in term.items() if c not in ("272", "924")} == {"open"}


def test_audit_hyte_negotiation_of_2025_does_not_fulfil_2026(
    tmp_path: Path, settings: Settings
) -> None:
    store, data = _store_with(
        tmp_path,
        settings,
        """
        <event/t3> a yp:HealthWellbeingNegotiation ; dcterms:date "2025-12-31"^^xsd:date ;
            yp:convener <county/18> ; yp:participant <county/18> .""",
    )
    rows = {
        r.period.label: r
        for r in _rows(store, data, dt.date(2026, 11, 23), "612-2021-7-convene")
        if r.bearer.code == "18" and r.period
    }
    assert rows["2025"].status == "fulfilled"
    assert rows["2026"].status == "open"
    assert rows["2026"].deadline == dt.date(2026, 12, 31)
    assert rows["2024"].status == "overdue"


def test_audit_tym_not_applicable_before_2025(store: Store) -> None:
    rows = _rows(store, DATA, dt.date(2024, 12, 31), "381-2023-tym")
    assert len(rows) == 45
    assert {r.status for r in rows} == {"not-applicable"}
    assert all("2025-01-01" in r.reason["en"] for r in rows)
    after = _rows(store, DATA, dt.date(2025, 1, 1), "381-2023-tym")
    kainuu = next(r for r in after if r.bearer.name == "Kainuu-Koillismaa")
    assert kainuu.status == "fulfilled"
    assert {r.status for r in after if r is not kainuu} == {"overdue"}


def test_audit_helsinki_and_aland_are_not_applicable_with_reasons(store: Store) -> None:
    rows = audit(store, DATA, as_of=dt.date(2026, 11, 23)).rows
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
    data = tmp_path / "data"
    shutil.copytree(DATA / "obligations", data / "obligations")
    path = data / "obligations" / "obligations.csv"
    path.write_text(
        path.read_text("utf-8")
        + (
            'test-municipal-term-meeting,410/2015,37,"Kunta ja hyvinvointialue kokoontuvat '
            'valtuustokausittain.","The municipality and the county meet every council term.",'
            "test duty for the audit,municipality,participant,county,municipal-council-term,"
            "event:Meeting,,not-applicable,2021-08-01,test\n"
        ),
        "utf-8",
    )
    rows = audit(
        store, data, as_of=dt.date(2026, 11, 23), obligation="test-municipal-term-meeting"
    ).rows
    kajaani = {r.period.label: r.status for r in rows if r.bearer.code == "205" and r.period}
    # the example region's 2024-09-02 "muu kokous" with every Kainuu municipality
    assert kajaani == {
        "Municipal council term 2021-2025": "fulfilled",
        "Municipal council term 2025-2029": "open",
    }
    assert rows[0].obligation.citation == "410/2015 37 §"


def test_audit_unknown_county_or_obligation_is_an_error(store: Store) -> None:
    with pytest.raises(LookupError, match="99"):
        audit(store, DATA, as_of=dt.date(2026, 11, 23), county="99")
    with pytest.raises(LookupError, match="nope"):
        audit(store, DATA, as_of=dt.date(2026, 11, 23), obligation="nope")


def test_audit_summary_counts_rows(store: Store) -> None:
    result = audit(store, DATA, as_of=dt.date(2026, 11, 23))
    summary = result.summary()
    assert sum(summary["all"].values()) == len(result.rows)
    assert summary["20"]["fulfilled"] > 0


def test_audit_files_helsinki_under_organiser_code_90(store: Store) -> None:
    summary = audit(store, DATA, as_of=dt.date(2026, 11, 23)).summary()
    assert "091" not in summary
    assert sum(summary["90"].values()) > 0
