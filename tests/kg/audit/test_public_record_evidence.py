"""The audit and the public record: its facts fulfil duties with their pages shown, an
announced event fulfils nothing, and a date known only to the year counts only for a
period that holds the whole year."""

from __future__ import annotations

import datetime as dt
import html
import json

from pyoxigraph import Literal, NamedNode, Quad

from kg.audit.evaluate import Audit, AuditRow, audit
from kg.audit.render import render
from kg.coverage import coverage
from kg.namespaces import PREFIXES, YP_IRI
from kg.organisers import find_organiser
from kg.store import Store

TODAY = dt.date(2026, 12, 5)
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
DCT = PREFIXES["dcterms"]
XSD_DATE = NamedNode(PREFIXES["xsd"] + "date")


def _cited(result: Audit) -> list[AuditRow]:
    return [
        r for r in result.rows if r.status == "fulfilled" and any(p.citations for p in r.evidence)
    ]


def test_public_record_facts_fulfil_duties_and_show_their_pages(store: Store) -> None:
    result = audit(store, as_of=TODAY)
    cited = _cited(result)
    organisers = {code for r in cited for code in r.counties}
    # every organiser whose public record holds what a duty asks for (a HYTE negotiation
    # it held, a designated post) has the duty fulfilled by it
    able = {
        c.organiser.code
        for c in coverage(store)
        if c.count("post") or (c.count("negotiation-hyte") and c.organiser.code != "90")
    }
    assert able and able <= organisers, (able, organisers)
    page = render(result, "html", lang="en")
    text = render(result, "text", lang="fi")
    data = json.loads(render(result, "json", lang="sv"))
    urls = {c.url for r in cited for p in r.evidence for c in p.citations}
    for url in urls:
        assert f'<a href="{html.escape(url)}">' in page
        assert f"luettu sivulta {url}" in text
    in_json = {
        c["url"] for r in data["rows"] for p in r["evidence"] for c in p.get("citations", [])
    }
    assert in_json == urls


def _hyte(store: Store, county: str, key: str, day: str, **extra: str) -> None:
    """A HYTE negotiation convened by ``county`` on ``day`` (with a status or precision)."""
    base = "https://w3id.org/yhdyspinta/id/event/test-"
    event, graph = NamedNode(base + key), NamedNode(base + "graph")
    quads = [
        Quad(event, RDF_TYPE, NamedNode(YP_IRI + "HealthWellbeingNegotiation"), graph),
        Quad(event, NamedNode(DCT + "date"), Literal(day, datatype=XSD_DATE), graph),
        Quad(event, NamedNode(YP_IRI + "convener"), NamedNode(county), graph),
        Quad(event, NamedNode(YP_IRI + "participant"), NamedNode(county), graph),
        Quad(event, NamedNode(YP_IRI + "concernsCounty"), NamedNode(county), graph),
    ]
    for name, value in extra.items():
        quads.append(Quad(event, NamedNode(YP_IRI + name), NamedNode(YP_IRI + value), graph))
    store.load_quads(quads)


def _status(store: Store, code: str, year: int) -> str:
    rows = audit(store, as_of=TODAY, county=code, obligation="612-2021-7-convene").rows
    (row,) = [r for r in rows if r.period is not None and r.period.start.year == year]
    return row.status


def test_announced_and_year_only_events(writable_store: Store) -> None:
    code = "16"
    county = find_organiser(writable_store, code).iri
    before = {y: _status(writable_store, code, y) for y in (2023, 2024, 2025)}
    assert set(before.values()) == {"no-evidence"}  # the premise: nothing recorded
    _hyte(writable_store, county, "planned", "2024-05-02", eventStatus="EventPlanned")
    assert _status(writable_store, code, 2024) == "no-evidence"  # a plan is not a meeting
    _hyte(writable_store, county, "year", "2025-01-01", datePrecision="YearPrecision")
    assert _status(writable_store, code, 2025) == "fulfilled"  # the year holds it wholly
    _hyte(writable_store, county, "month", "2023-12-01", datePrecision="MonthPrecision")
    assert _status(writable_store, code, 2023) == "fulfilled"
    assert _status(writable_store, code, 2024) == "no-evidence"  # December 2023 is not 2024
