"""A synthetic national-shape graph: the real national reference data plus made-up owners.

The national graph (`kg build` on the repository's data, as the tests and CI build it)
gets a synthetic responsibility-division table filled in the project's own template: every
mainland municipality × every theme × both sides, with post, unit, contact, validity,
last check and source, and a second post on the county side for some themes. It goes into
a copy of ``data/`` under ``regional/synthetic-national/`` marked illustrative, and the
store is built into a temporary folder by the real importer and build, so the lookups find
real owners. The 16 Åland municipalities are outside the reform and get no rows.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.schema import RESPONSIBILITIES
from kg.importing.templates import csv_text
from kg.store import Store

ALAND = "91"


def _theme_codes() -> list[str]:
    """The interface themes' codes, core themes first, as the ontology defines them."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, SKOS

    yp = Namespace("https://w3id.org/yhdyspinta/ontology#")
    graph = Graph().parse(REPO_ROOT / "ontology" / "yhdyspinta.ttl")
    themes = graph.subjects(RDF.type, yp.InterfaceTheme)
    coded = {str(graph.value(t, SKOS.notation)): str(graph.value(t, yp.coreTheme)) for t in themes}
    return sorted(coded, key=lambda code: (coded[code] != "true", code))


THEMES = _theme_codes()
MUNICIPAL_POSTS = [
    "Hyvinvointikoordinaattori",
    "Sivistysjohtaja",
    "Tekninen johtaja",
    "Kunnanjohtaja",
    "Vapaa-aikajohtaja",
    "Asiantuntija",
    "Valmiuspäällikkö",
    "Työllisyyspäällikkö",
]
COUNTY_POSTS = [
    "Palvelualuejohtaja",
    "Palvelupäällikkö",
    "Yhdyspintakoordinaattori",
    "HYTE-suunnittelija",
    "Varautumispäällikkö",
]
TWO_COUNTY_POSTS = {
    "children-families",
    "older-people",
    "preparedness",
    "employment",
    "hyte",
    "integration",
    "housing",
    "student-welfare",
    "service-network",
    "substance-mental-health",
    "strategic-management",
    "equality-violence",
}


@dataclasses.dataclass(frozen=True)
class Town:
    code: str
    name_fi: str
    name_sv: str
    county_code: str


def mainland_towns() -> list[Town]:
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        return [
            Town(r["code"], r["name_fi"], r["name_sv"], r["wellbeing_county_code"])
            for r in csv.DictReader(f)
            if r["wellbeing_county_code"] != ALAND
        ]


def responsibility_rows(seed: int = 7) -> list[list[str]]:
    """Template rows: every mainland municipality × theme, both sides (seeded variety)."""
    rng = random.Random(seed)
    with (REPO_ROOT / "data/reference/wellbeing_counties.csv").open(encoding="utf-8") as f:
        county_name = {r["code"]: r["name_fi"] for r in csv.DictReader(f)}
    county_name["90"] = "Helsinki"
    rows: list[list[str]] = []
    for town in mainland_towns():
        county = county_name[town.county_code]
        for i, theme in enumerate(THEMES):
            # the municipality's own posts; the county's posts are shared by its municipalities
            first = (i + rng.randint(0, 7)) % 8
            posts = [("kunta", MUNICIPAL_POSTS[first], f"Toimiala {i % 5}")]
            if i % 2 == 0:
                posts.append(("kunta", MUNICIPAL_POSTS[(first + 1) % 8], f"Toimiala {i % 3}"))
            posts.append(("hyvinvointialue", COUNTY_POSTS[i % 5], f"Palvelualue {i}"))
            if theme in TWO_COUNTY_POSTS:
                posts.append(("hyvinvointialue", "Yhdyspintakoordinaattori", f"Alue {i}"))
            for side, title, unit in posts:
                named = side == "kunta" and rng.random() < 0.3
                rows.append(
                    [
                        county,
                        town.name_fi if rng.random() < 0.5 else town.code.lstrip("0"),
                        theme,
                        side,
                        "",
                        title,
                        "",
                        "",
                        unit,
                        f"kirjaamo{rng.randint(1, 99)}@example.fi",
                        f"Testi Henkilö {rng.randint(1, 999)}" if named else "",
                        "kyllä" if named else "",
                        f"{rng.choice((2023, 2024, 2025))}-0{rng.randint(1, 9)}-01",
                        "",
                        f"2026-0{rng.randint(1, 9)}-15",
                        "Synteettinen vertailuaineisto",
                    ]
                )
    return rows


@contextlib.contextmanager
def synthetic_store() -> Iterator[tuple[Settings, Store, int]]:
    """The national graph with the synthetic table, built into a temporary folder.

    Yields the settings (store path, data dir), the open store and the number of rows.
    """
    with tempfile.TemporaryDirectory(prefix="yp-bench-") as tmp:
        root = Path(tmp)
        settings = dataclasses.replace(
            Settings(), data_dir=root / "data", store_path=root / "var" / "store"
        )
        shutil.copytree(REPO_ROOT / "data", settings.data_dir)
        region = settings.data_dir / "regional" / "synthetic-national"
        region.mkdir(parents=True)
        rows = responsibility_rows()
        (region / "vastuut.csv").write_text(csv_text(RESPONSIBILITIES, "fi", rows), "utf-8")
        (region / "source.json").write_text(
            json.dumps(
                {
                    "title": "Synteettinen vertailuaineisto / Synthetic benchmark data",
                    "illustrative": True,
                    "description": "Made-up owners for every mainland municipality and theme.",
                }
            ),
            "utf-8",
        )
        build(settings)
        yield settings, Store.open(settings.store_path), len(rows)
