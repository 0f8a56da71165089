"""The source files the graph is built from, read as tests need them: a test that expects
a count or a value found in the data reads it here instead of typing it in, so that the
expectation follows the data (and a planted change in the data shows)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from kg.config import REPO_ROOT

DATA = REPO_ROOT / "data"
REFERENCE = DATA / "reference"
REGIONAL = DATA / "regional"
EXAMPLE = REGIONAL / "example-kainuu"
ALAND = "91"  # the organiser code of the Åland municipalities (no wellbeing services county)
HELSINKI_ORGANISER, HELSINKI = "90", "091"


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as dicts by header."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def reference(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/reference/<name>``."""
    return tuple(rows(REFERENCE / name))


def example(name: str) -> list[dict[str, str]]:
    """The rows of one table of the example region (``data/regional/example-kainuu``)."""
    return rows(EXAMPLE / name)


def regional(name: str) -> list[dict[str, str]]:
    """The rows of one table from every folder of ``data/regional/``: the example region
    and each organiser's public record."""
    return [
        row
        for folder in sorted(REGIONAL.iterdir())
        if (folder / name).is_file()
        for row in rows(folder / name)
    ]


def first_day(text: str) -> dt.date:
    """A date of a regional table, given to the day, the month (``2024-05``) or the year
    (``2024``), as its first day (the graph stores it so, with its precision)."""
    parts = text.split("-")
    return dt.date(
        int(parts[0]),
        int(parts[1]) if len(parts) > 1 else 1,
        int(parts[2]) if len(parts) > 2 else 1,
    )


def held(row: dict[str, str]) -> bool:
    """A meeting row that records a meeting held: its status (``tila``) is held or empty
    (held is the default), not planned (only announced) or cancelled."""
    return row.get("tila", "") in ("", "pidetty")


def organiser_code(name: str) -> str:
    """The organiser code of a county or of Helsinki, as a regional table names it."""
    codes = {n: c for c, n in organiser_names().items()}
    codes["Helsingin kaupunki"] = HELSINKI_ORGANISER  # the city's formal name
    return codes[name]


def example_tables() -> dict[str, int]:
    """Every CSV table of the example region and its number of data rows."""
    return {p.name: len(rows(p)) for p in sorted(EXAMPLE.glob("*.csv"))}


def municipalities() -> list[dict[str, str]]:
    return list(reference("municipalities.csv"))


def mainland_municipalities() -> list[dict[str, str]]:
    return [m for m in municipalities() if m["wellbeing_county_code"] != ALAND]


def municipalities_per_organiser() -> Counter[str]:
    """Mainland municipalities per organiser code (``01``–``21``, ``90``)."""
    return Counter(m["wellbeing_county_code"] for m in mainland_municipalities())


def mainland_codes(county: str | None = None) -> list[str]:
    """The mainland municipality codes, of one organiser if ``county`` is given, sorted."""
    return sorted(
        m["code"]
        for m in mainland_municipalities()
        if county is None or m["wellbeing_county_code"] == county
    )


def organiser_names() -> dict[str, str]:
    """Organiser code -> Finnish name as the graph labels it: the counties by their names,
    Helsinki (organiser 90) by the city's own name, as it is both."""
    names = {c["code"]: c["name_fi"] for c in reference("wellbeing_counties.csv")}
    names[HELSINKI_ORGANISER] = next(
        m["name_fi"] for m in municipalities() if m["code"] == HELSINKI
    )
    return names


def employment_areas() -> list[dict[str, str]]:
    return list(reference("employment_areas.csv"))


def employment_area_members() -> dict[str, set[str]]:
    """Employment area id -> its member municipality codes."""
    out: dict[str, set[str]] = {}
    for row in reference("employment_area_members.csv"):
        out.setdefault(row["area_id"], set()).add(row["municipality_code"])
    return out


def planted_gaps(kind: str, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The example region's planted gaps of one kind (holding on ``as_of`` if given)."""
    gaps = json.loads((EXAMPLE / "planted_gaps.json").read_text("utf-8"))["gaps"]
    return [
        g
        for g in gaps
        if g["kind"] == kind
        and (
            as_of is None
            or dt.date.fromisoformat(g["from"])
            <= as_of
            <= dt.date.fromisoformat(g.get("until", "9999-12-31"))
        )
    ]


def example_ids(name: str, id_column: str, *, where: tuple[str, str] | None = None) -> set[str]:
    """The distinct ids in one table of the example region (rows of one entity share an
    id), of the rows whose column ``where[0]`` is ``where[1]`` if given."""
    return {r[id_column] for r in example(name) if where is None or r[where[0]] == where[1]}


def organiser_codes() -> set[str]:
    """The organisers of the mainland municipalities: the counties and Helsinki."""
    return {m["wellbeing_county_code"] for m in mainland_municipalities()}
