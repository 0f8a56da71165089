"""``kg coverage``: the public record's facts per organiser, checked against counts made
here from the committed files (not from the store), and README's table against the output."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from kg.config import REPO_ROOT
from kg.coverage import KINDS, Coverage, cells, coverage, render_markdown, render_text
from kg.organisers import read_organisers
from kg.store import Store
from tests.source_data import DATA, organiser_codes, reference

EVENT_KINDS = {
    "611/2021 14 § neuvottelu": "negotiation-611",
    "612/2021 7 § HYTE-neuvottelu": "negotiation-hyte",
    "muu kokous": "meeting",
}


def _day(text: str) -> dt.date | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])


def _file(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / f"{name}.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected() -> tuple[dict[str, dict[str, set[object]]], dict[str, dt.date]]:
    """Facts by organiser code and kind, and the latest date, from the CSV files."""
    code_of = {r["name_fi"]: r["code"] for r in reference("wellbeing_counties.csv")}
    facts: dict[str, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
    days: dict[str, list[dt.date]] = defaultdict(list)
    for folder in sorted((DATA / "regional").glob("julkinen-*")):
        for r in _file(folder, "sopimukset"):
            code = code_of[r["hyvinvointialue"]]
            kind = "plan" if r["sopimustyyppi"] == "yhdyspintasuunnitelma" else "agreement"
            facts[code][kind].add(r["sopimuksen tunniste"])
            if r["hyväksytty"]:
                facts[code]["approval"].add((r["sopimuksen tunniste"], r["osapuoli"]))
            days[code] += [d for d in (_day(r["hyväksytty"]), _day(r["voimassa alkaen"])) if d]
        for r in _file(folder, "neuvottelut"):
            code = code_of[r["hyvinvointialue"]]
            planned = r["tila"] == "suunniteltu"
            facts[code]["planned" if planned else EVENT_KINDS[r["tyyppi"]]].add(r["tunniste"])
            days[code].append(_day(r["päivämäärä"]))  # type: ignore[arg-type]
        for r in _file(folder, "foorumit"):
            code = code_of[r["hyvinvointialue"]]
            facts[code]["forum"].add(r["tunniste"])
            days[code] += [d for d in (_day(r["voimassa alkaen"]),) if d]
        for r in _file(folder, "vastuut"):
            code = code_of[r["hyvinvointialue"]]
            facts[code]["post"].add((r["puoli"], r["tehtävänimike"]))
            days[code] += [d for d in (_day(r["voimassa alkaen"]),) if d]
    return facts, {code: max(d) for code, d in days.items() if d}


@pytest.fixture(scope="module")
def rows(store: Store) -> list[Coverage]:
    return coverage(store)


def test_coverage_counts_what_the_files_hold(rows: list[Coverage]) -> None:
    facts, latest = expected()
    codes = sorted(organiser_codes())
    assert [c.organiser.code for c in rows] == codes
    for c in rows:
        code = c.organiser.code
        want = {k: len(facts.get(code, {}).get(k, ())) for k in KINDS}
        assert {k: c.count(k) for k in KINDS} == want, code
        assert c.latest == latest.get(code), code
    assert sum(c.total for c in rows) >= 100
    assert sum(1 for c in rows if c.total) >= 12


def test_an_organiser_without_facts_says_none_found(store: Store, rows: list[Coverage]) -> None:
    empty = Coverage(read_organisers(store)[0])
    for lang, words in (("fi", "ei löytynyt"), ("sv", "inget hittades"), ("en", "none found")):
        assert cells(empty, lang)[-1] == words
        assert cells(empty, lang)[1:-3] == ["0"] * len(KINDS)
    for c in rows:
        assert (cells(c, "en")[-1] == "none found") == (c.total == 0)
    assert "none found" not in render_text([c for c in rows if c.total], "en")


def test_readme_holds_the_commands_table(rows: list[Coverage]) -> None:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert render_markdown(rows, "en") in readme
