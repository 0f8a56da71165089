"""Rendering the audit: counts first that add up, every row named with what it is and its
code, every row citing its law section, fi/sv/en, four formats."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections import Counter

import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import QuerySolutions

from kg.audit.evaluate import STATUSES, Audit, audit
from kg.audit.labels import WORDS, org_label
from kg.audit.render import CSV_COLUMNS, render, to_dict
from kg.audit.render_html import render_html
from kg.config import Settings
from kg.store import Store

AS_OF = dt.date(2026, 11, 23)
LANGS = ("fi", "sv", "en")


@pytest.fixture(scope="module")
def kainuu(store: Store, settings: Settings) -> Audit:
    return audit(store, as_of=AS_OF, county="20")


@pytest.fixture(scope="module")
def north_savo(store: Store, settings: Settings) -> Audit:
    return audit(store, as_of=AS_OF, county="13")


@pytest.fixture(scope="module")
def country(store: Store, settings: Settings) -> Audit:
    return audit(store, as_of=AS_OF)


def _labels(store: Store, term: str, predicate: str) -> dict[str, str]:
    """The labels of ``term`` (an IRI, or a yp: name) by language, read from the graph."""
    subject = term if term.startswith("yp:") else f"<{term}>"
    result = store.query(f"SELECT ?l WHERE {{ {subject} {predicate} ?l }}")
    assert isinstance(result, QuerySolutions)
    return {
        row["l"].language: row["l"].value
        for row in result
        if isinstance(row["l"], OxLiteral) and row["l"].language
    }


def test_summary_of_one_organiser_counts_its_rows_alone(kainuu: Audit) -> None:
    data = to_dict(kainuu, lang="fi")
    assert list(data)[:5] == ["title", "lang", "as_of", "scope", "statuses"]
    assert data["scope"]["code"] == "20" and data["scope"]["name"] == "Kainuun hyvinvointialue"
    statuses = Counter(row["status"] for row in data["rows"])
    assert data["summary"]["counts"] == {s: statuses[s] for s in STATUSES}
    assert data["summary"]["total"] == data["total"] == len(kainuu.rows) > 0
    assert data["summary"]["groups"] == [] and data["summary"]["repeated"] == 0
    assert data["summary"]["label"] == org_label(kainuu, kainuu.organisers["20"], "fi")


def test_summary_of_the_country_adds_up(country: Audit) -> None:
    data = to_dict(country, lang="en")
    summary = data["summary"]
    assert summary["total"] == len(data["rows"]) == sum(summary["counts"].values())
    listed = sum(g["total"] for g in summary["groups"])
    # a row of two organisers is listed under each: derived from the rows themselves
    assert summary["repeated"] == sum(max(len(r["counties"]) - 1, 0) for r in data["rows"]) > 0
    assert listed == summary["total"] + summary["repeated"]
    assert f"{listed} = {summary['total']} + {summary['repeated']}" in summary["note"]
    for group in summary["groups"]:
        code = group["organiser"]["code"] if group["organiser"] else None
        mine = [r for r in data["rows"] if code in {c["code"] for c in r["counties"]}]
        if code is None:
            mine = [r for r in data["rows"] if not r["counties"]]
        assert group["counts"] == {s: sum(r["status"] == s for r in mine) for s in STATUSES}
        assert group["label"]  # every group is named
    assert summary["label"] == "whole country"


def test_json_every_row_cites_its_law_section_and_names_its_organisations(kainuu: Audit) -> None:
    data = json.loads(render(kainuu, "json", lang="en"))
    assert data["as_of"] == "2026-11-23"
    for row in data["rows"]:
        assert re.fullmatch(r"\d+/\d{4}( \d+ §| \d+ luku)?", row["citation"]), row
        assert row["eli"].startswith("http://data.finlex.fi/eli/sd/"), row
        assert row["finlex_url"].startswith("https://finlex.fi/"), row
        assert row["statement"] and row["statement_translated"] is True
        for org in (row["bearer"], row["counterparty"], *row["counties"]):
            if org is None:
                continue
            assert org["label"] == f"{org['kind_label']} {org['code']} {org['name']}"
            assert org["kind"] in ("county", "organiser", "municipality", "employment-area")
        assert row["status"] in STATUSES
        if row["status"] == "fulfilled":
            assert row["evidence"] and all(e["iri"] and e["source"] for e in row["evidence"])
        elif row["status"] in ("open", "no-evidence", "missed"):
            assert row["deadline"] and not row["evidence"]
            assert bool(row["missed_by"]) == (row["status"] == "missed")
        else:
            assert row["reason"]


def test_json_no_evidence_of_kuhmo_in_2025(kainuu: Audit) -> None:
    rows = to_dict(kainuu, lang="fi")["rows"]
    [kuhmo] = [
        r
        for r in rows
        if r["obligation"] == "612-2021-6-participate"
        and r["bearer"]["code"] == "290"
        and r["period"]["key"] == "2025"
    ]
    assert kuhmo["citation"] == "612/2021 6 §"
    assert kuhmo["status"] == "no-evidence"
    assert kuhmo["status_label"] == WORDS["fi"]["no-evidence"] == "ei kirjattua näyttöä"
    assert kuhmo["deadline"] == "2025-12-31" and kuhmo["missed_by"] == []
    assert kuhmo["bearer"]["label"] == "kunta 290 Kuhmo"
    assert kuhmo["period"]["start"] == "2025-01-01" and kuhmo["period"]["end"] == "2025-12-31"
    assert kuhmo["counterparty"]["code"] == "20" and kuhmo["evidence"] == []
    continuous = [r for r in rows if r["period"] and r["period"]["key"] == "continuous"]
    assert continuous and all(r["period"]["end"] is None for r in continuous)


@pytest.mark.parametrize("lang", LANGS)
def test_periods_and_kinds_are_named_in_the_report_language(
    store: Store, north_savo: Audit, lang: str
) -> None:
    data = to_dict(north_savo, lang=lang)
    terms = {r["period"]["iri"] for r in data["rows"] if r["period"] and r["period"]["iri"]}
    assert terms
    for row in data["rows"]:
        period = row["period"]
        if period and period["iri"]:  # a council term: its own label in the graph
            assert period["label"] == _labels(store, period["iri"], "skos:prefLabel")[lang]
        kind = {
            "county": "yp:WellbeingServicesCounty",
            "organiser": "yp:WellbeingServicesOrganiser",
            "municipality": "yp:Municipality",
            "employment-area": "yp:EmploymentArea",
        }[row["bearer"]["kind"]]
        assert row["bearer"]["kind_label"] == _labels(store, kind, "rdfs:label")[lang]
    year = next(r["period"] for r in data["rows"] if r["period"]["kind"] == "calendar-year")
    word = _labels(store, "yp:CalendarYearPeriod", "rdfs:label")[lang]
    assert year["label"] == f"{word} {year['key']}"


@pytest.mark.parametrize("lang", LANGS)
def test_text_names_every_row_and_uses_only_its_language(
    settings: Settings, north_savo: Audit, lang: str
) -> None:
    text = render(north_savo, "text", lang=lang)
    words = WORDS[lang]
    lines = text.splitlines()
    # the counts: one line, labelled with the organiser, adding up to the rows
    scope = org_label(north_savo, north_savo.organisers["13"], lang)
    assert lines[1].startswith(f"{scope}: ")
    parts = lines[1].removeprefix(f"{scope}: ").split(" (")[0].split(", ")
    counts = dict(part.rsplit(" ", 1) for part in parts)
    statuses = Counter(r.status for r in north_savo.rows)
    assert {s: int(counts[words[s]]) for s in STATUSES} == {s: statuses[s] for s in STATUSES}
    assert f"({words['total']} {len(north_savo.rows)})" in lines[1]
    # one group, named; no other county's code as a heading of its own
    assert [line for line in lines if line.startswith("== ")] == [f"== {scope} =="]
    # every bearer and counterparty named with what it is, its code and its name
    for row in north_savo.rows:
        assert org_label(north_savo, row.bearer, lang) in text
        if row.counterparty is not None:
            assert org_label(north_savo, row.counterparty, lang) in text
    # the duty statements in this language, from the data file
    path = settings.data_dir / "obligations" / "obligations.csv"
    with path.open(encoding="utf-8") as handle:
        duties = list(csv.DictReader(handle))
    for duty in duties:
        if any(r.obligation.id == duty["id"] for r in north_savo.rows):
            assert duty[f"statement_{lang}"] in text
    # no fixed word of another language's statuses
    for other in LANGS:
        if other != lang:
            for status in ("no-evidence", "not-applicable", "fulfilled"):
                if WORDS[other][status] != words[status]:
                    assert f"[{WORDS[other][status]}]" not in text


def test_text_names_an_employment_area_as_one(north_savo: Audit) -> None:
    text = render(north_savo, "text", lang="fi")
    shared = [
        r for r in north_savo.rows if r.bearer.kind == "employment-area" and len(r.counties) > 1
    ]
    assert shared
    for row in shared:
        line = next(x for x in text.splitlines() if org_label(north_savo, row.bearer, "fi") in x)
        assert line.strip().startswith(f"{WORDS['fi']['bearer']}: työllisyysalue {row.bearer.code}")
        for code in row.counties:  # the counties it lies in, named
            assert org_label(north_savo, north_savo.organisers[code], "fi") in line


def test_text_of_the_country_has_the_counts_per_organiser_and_the_note(country: Audit) -> None:
    text = render(country, "text", lang="sv")
    summary = country.summary()
    assert text.splitlines()[1].startswith(f"{WORDS['sv']['all']}: ")
    for group in summary.groups:
        label = "inget välfärdsområde" if group.code is None else None
        label = label or org_label(country, country.organisers[group.code], "sv")
        assert f"  {label}: " in text
    listed = sum(g.total for g in summary.groups)
    assert f"{listed} = {summary.total.total} + {summary.repeated}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_self_contained_and_localised(kainuu: Audit, lang: str) -> None:
    page = render(kainuu, "html", lang=lang)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""src=|url\(""", page)
    for status in {r.status for r in kainuu.rows}:
        assert f">{WORDS[lang][status]}</td>" in page
    assert page.index('class="summary"') < page.index("<h2>")
    assert '<a href="https://finlex.fi/fi/lainsaadanto/2021/612">612/2021 6 §</a>' in page
    assert page.count("<h2>") == 1


def test_html_escapes_text(kainuu: Audit) -> None:
    row = kainuu.rows[0]
    duty = dataclasses.replace(
        row.obligation,
        statement={"fi": "<b>x</b> & y", "sv": "<i>", "en": "<script>alert(1)</script>"},
    )
    bad = Audit(
        kainuu.as_of,
        [dataclasses.replace(row, obligation=duty)],
        kainuu.scope,
        kainuu.organisers,
        kainuu.kind_labels,
    )
    fi, en = render_html(bad, lang="fi"), render_html(bad, lang="en")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in fi and "<b>x</b>" not in fi
    assert "&lt;script&gt;" in en and "<script" not in en


def test_csv_has_one_row_per_audit_row(kainuu: Audit) -> None:
    rows = list(csv.DictReader(io.StringIO(render(kainuu, "csv", lang="en"))))
    assert len(rows) == len(kainuu.rows)
    assert list(rows[0]) == CSV_COLUMNS
    assert all(r["citation"] and r["eli"] and r["bearer_kind"] for r in rows)
    fulfilled = [r for r in rows if r["status"] == "fulfilled"]
    assert fulfilled and all(r["evidence"].startswith("https://") for r in fulfilled)
    several = [r for r in rows if ";" in r["evidence"]]
    assert all(
        len(r["evidence"].split(";")) == len(r["evidence_sources"].split(";")) for r in several
    )
    assert Counter(r["status"] for r in rows) == Counter(r.status for r in kainuu.rows)


def test_render_refuses_unknown_format_and_language(kainuu: Audit) -> None:
    with pytest.raises(ValueError, match="format"):
        render(kainuu, "ttl", lang="fi")
    with pytest.raises(ValueError, match="language"):
        render(kainuu, "text", lang="de")


def test_evidence_from_the_illustrative_region_is_flagged(kainuu: Audit) -> None:
    rows = to_dict(kainuu, lang="en")["rows"]
    fulfilled = [r for r in rows if r["status"] == "fulfilled"]
    example = "data/regional/example-kainuu/"
    evidence = [e for r in fulfilled for e in r["evidence"]]
    # Kainuu holds both the illustrative example region and its real public record: each
    # proof is flagged by where it comes from, and a public-record proof cites its page
    assert {e["source"].startswith(example) for e in evidence} == {True, False}
    assert all(e["illustrative"] is e["source"].startswith(example) for e in evidence)
    assert all(e["citations"] for e in evidence if not e["illustrative"])
    # a row is illustrative when all it rests on is; one real proof makes it real
    mixed = [r for r in fulfilled if len({e["illustrative"] for e in r["evidence"]}) == 2]
    assert mixed and all(r["illustrative"] is False for r in mixed)
    assert all(
        r["illustrative"] is all(e["illustrative"] for e in r["evidence"]) for r in fulfilled
    )
    assert all(r["illustrative"] is False for r in rows if not r["evidence"] and not r["missed_by"])
    table = list(csv.DictReader(io.StringIO(render(kainuu, "csv", lang="en"))))
    flags = [r["evidence_illustrative"].split(";") for r in table if r["status"] == "fulfilled"]
    assert {"true"} in [set(f) for f in flags] and {"false"} in [set(f) for f in flags]
    assert "illustrative example data" in render(kainuu, "text", lang="en")
