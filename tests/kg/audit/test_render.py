"""Rendering the audit: counts first, every row citing its law section, fi/en, four formats."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections import Counter

import pytest

from kg.audit.evaluate import Audit, audit
from kg.audit.render import CSV_COLUMNS, WORDS, render, to_dict
from kg.audit.render_html import render_html
from kg.config import Settings
from kg.store import Store

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def kainuu(store: Store, settings: Settings) -> Audit:
    return audit(store, settings.data_dir, as_of=AS_OF, county="20")


def test_summary_counts_equal_the_rows(kainuu: Audit) -> None:
    data = to_dict(kainuu, lang="fi")
    assert list(data)[:4] == ["title", "lang", "as_of", "summary"]
    assert data["summary"] == kainuu.summary()
    statuses = Counter(row["status"] for row in data["rows"])
    assert data["summary"]["all"] == {s: statuses[s] for s in data["summary"]["all"]}
    in_20 = Counter(row["status"] for row in data["rows"] if "20" in row["counties"])
    assert data["summary"]["20"] == {s: in_20[s] for s in data["summary"]["20"]}
    assert data["total"] == len(kainuu.rows) > 0
    assert data["county_names"]["20"] == "Kainuun hyvinvointialue"


def test_json_every_row_cites_its_law_section(kainuu: Audit) -> None:
    data = json.loads(render(kainuu, "json", lang="en"))
    assert data["as_of"] == "2026-11-23"
    for row in data["rows"]:
        assert re.fullmatch(r"\d+/\d{4}( \d+ §| \d+ luku)?", row["citation"]), row
        assert row["eli"].startswith("http://data.finlex.fi/eli/sd/"), row
        assert row["finlex_url"].startswith("https://finlex.fi/"), row
        assert row["statement"] and row["bearer"]["iri"] and row["bearer"]["code"]
        assert row["status"] in ("fulfilled", "open", "overdue", "not-applicable")
        if row["status"] == "fulfilled":
            assert row["evidence"] and all(e["iri"] and e["source"] for e in row["evidence"])
        elif row["status"] in ("open", "overdue"):
            assert row["deadline"] and not row["evidence"]
        else:
            assert row["reason"]


def test_json_overdue_participation_of_kuhmo_in_2025(kainuu: Audit) -> None:
    rows = to_dict(kainuu, lang="fi")["rows"]
    [kuhmo] = [
        r
        for r in rows
        if r["obligation"] == "612-2021-6-participate"
        and r["bearer"]["code"] == "290"
        and r["period"]["label"] == "2025"
    ]
    assert kuhmo["citation"] == "612/2021 6 §"
    assert kuhmo["status"] == "overdue" and kuhmo["status_label"] == "myöhässä"
    assert kuhmo["deadline"] == "2025-12-31"
    assert kuhmo["period"] == {
        "label": "2025",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "iri": None,
    }
    assert kuhmo["counterparty"]["code"] == "20" and kuhmo["evidence"] == []
    continuous = [r for r in rows if r["period"] and r["period"]["label"] == "continuous"]
    assert continuous and all(r["period"]["end"] is None for r in continuous)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_text_starts_with_counts_and_uses_localised_words(kainuu: Audit, lang: str) -> None:
    text = render(kainuu, "text", lang=lang)
    words = WORDS[lang]
    lines = text.splitlines()
    counts = kainuu.summary()["all"]
    assert (
        lines[1].startswith(words["all"]) and f"{words['overdue']} {counts['overdue']}" in lines[1]
    )
    assert any(line.startswith("  20 Kainuun hyvinvointialue:") for line in lines[:10])
    for status in ("fulfilled", "open", "overdue"):
        assert f"[{words[status]}]" in text
    assert "612/2021 6 §" in text and "https://finlex.fi/fi/lainsaadanto/2021/612" in text
    kuhmo = text.index("290 Kuhmo")
    assert f"{words['deadline']} 2025-12-31" in text[kuhmo:]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_html_is_self_contained_and_localised(kainuu: Audit, lang: str) -> None:
    page = render(kainuu, "html", lang=lang)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""src=|url\(""", page)
    for status in ("fulfilled", "open", "overdue"):
        assert f">{WORDS[lang][status]}</td>" in page
    assert page.index('class="summary"') < page.index("<h2>")
    assert '<a href="https://finlex.fi/fi/lainsaadanto/2021/612">612/2021 6 §</a>' in page


def test_html_escapes_text(kainuu: Audit) -> None:
    row = kainuu.rows[0]
    duty = dataclasses.replace(
        row.obligation, statement={"fi": "<b>x</b> & y", "en": "<script>alert(1)</script>"}
    )
    bad = Audit(kainuu.as_of, [dataclasses.replace(row, obligation=duty)])
    fi, en = render_html(bad, lang="fi"), render_html(bad, lang="en")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in fi and "<b>x</b>" not in fi
    assert "&lt;script&gt;" in en and "<script" not in en


def test_csv_has_one_row_per_audit_row(kainuu: Audit) -> None:
    rows = list(csv.DictReader(io.StringIO(render(kainuu, "csv", lang="en"))))
    assert len(rows) == len(kainuu.rows)
    assert list(rows[0]) == CSV_COLUMNS
    assert all(r["citation"] and r["eli"] for r in rows)
    fulfilled = [r for r in rows if r["status"] == "fulfilled"]
    assert fulfilled and all(r["evidence"].startswith("https://") for r in fulfilled)
    several = [r for r in rows if ";" in r["evidence"]]
    assert all(
        len(r["evidence"].split(";")) == len(r["evidence_sources"].split(";")) for r in several
    )


def test_render_refuses_unknown_format_and_language(kainuu: Audit) -> None:
    with pytest.raises(ValueError, match="format"):
        render(kainuu, "ttl", lang="fi")
    with pytest.raises(ValueError, match="language"):
        render(kainuu, "text", lang="sv")


def test_evidence_from_the_illustrative_region_is_flagged(kainuu: Audit) -> None:
    rows = to_dict(kainuu, lang="en")["rows"]
    fulfilled = [r for r in rows if r["status"] == "fulfilled"]
    assert fulfilled
    # the example region is illustrative: all its evidence says so, and so does each row
    assert all(e["illustrative"] is True for r in fulfilled for e in r["evidence"])
    assert all(r["illustrative"] is True for r in fulfilled)
    assert all(r["illustrative"] is False for r in rows if not r["evidence"])
    table = list(csv.DictReader(io.StringIO(render(kainuu, "csv", lang="en"))))
    flags = [r["evidence_illustrative"].split(";") for r in table if r["status"] == "fulfilled"]
    assert flags and all(set(f) == {"true"} for f in flags)
    assert "illustrative example data" in render(kainuu, "text", lang="en")
