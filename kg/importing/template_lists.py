"""The valid names the templates offer in their drop-down lists and theme list: the themes
from the ontology, the mainland municipalities and the wellbeing services counties (with
the City of Helsinki) from the reference data. Read from the same files ``kg build``
reads, so the lists cannot drift from what the importer accepts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.tables import read_table
from kg.themes import Theme, themes_from_ontology

ONTOLOGY_FILE = "yhdyspinta.ttl"
ALAND = "91"  # the Åland municipalities have no wellbeing services county


@dataclass(frozen=True)
class TemplateLists:
    themes: tuple[Theme, ...]
    municipalities: tuple[str, ...]  # Finnish names of the mainland municipalities
    counties: dict[str, tuple[str, ...]]  # lang -> names of the counties and Helsinki

    def theme_names(self, lang: str) -> list[str]:
        return [t.label(lang) for t in self.themes]


def finnish_order(name: str) -> str:
    """A sort key in Finnish alphabetical order (å, ä, ö after z)."""
    return name.casefold().translate({ord("å"): "{", ord("ä"): "|", ord("ö"): "}"})


@functools.lru_cache(maxsize=4)
def _load(ontology_dir: Path, data_dir: Path) -> TemplateLists:
    reference = data_dir / "reference"
    municipalities = read_table(reference / "municipalities.csv")
    towns = [r["name_fi"] for r in municipalities if r["wellbeing_county_code"] != ALAND]
    counties = [r.values for r in read_table(reference / "wellbeing_counties.csv")]
    counties = [r for r in counties if r["code"] != ALAND]
    return TemplateLists(
        themes_from_ontology(ontology_dir / ONTOLOGY_FILE),
        tuple(sorted(towns, key=finnish_order)),
        {lang: tuple(r[f"name_{lang}"] for r in counties) for lang in ("fi", "sv", "en")},
    )


def template_lists(settings: Settings | None = None) -> TemplateLists:
    settings = settings or Settings()
    return _load(settings.ontology_dir, settings.data_dir)
