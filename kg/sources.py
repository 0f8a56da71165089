"""The one registry of where the data comes from: each source's title, licence or terms, URL,
files and the named graphs made from them.

The national sources are declared here, once, for the loaders that read them
(``kg.reference``, ``kg.legal``, ``kg.survey``, ``kg.scope``, ``kg.audit.obligations``, the
seed documents and the ontology); a regional folder declares its own source in its
``data/regional/<folder>/source.json`` (``title``, ``illustrative``, and optionally
``license``, ``rights`` and ``url``), read from there; the folders whose ``kind`` is
``public-record`` (one per organiser, ``julkinen-<code>-<slug>``) are one source together,
the public record. ``kg build`` records the licences in
each graph's provenance and writes the registry beside the store it builds
(``sources.json``), so the VoID/DCAT description (``kg.void``) and the dumps
(``kg.dumps``) name the sources of the store being served, not of whatever ``data/`` holds
now. The human notes (``data/reference/SOURCES.md``, ``data/*/README.md``) tell the story
of each source; a test keeps the files named here equal to the files the build reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from kg.namespaces import ONTOLOGY_IRI

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
REGISTRY_FILE = "sources.json"  # written into each built store directory
MANIFEST = "source.json"  # a regional folder's own declaration
PUBLIC_RECORD = "public-record"  # a regional folder's kind: facts read from public pages


@dataclass(frozen=True)
class Source:
    """A source: what it is, under which terms, and which files and graphs come from it.

    ``graphs`` are graph names (``reference/regions``) or prefixes ending with ``/``
    (``survey/``); ``files`` are globs relative to the project folder (the data folder's
    parent), as the graphs' provenance names them (``data/legal/*.csv``)."""

    key: str
    title: str
    graphs: tuple[str, ...]
    files: tuple[str, ...] = ()
    url: str | None = None
    license: str | None = None
    rights: str | None = None
    illustrative: bool = False
    kind: str | None = None  # "public-record" for the facts read from public pages

    def covers(self, graph_name: str) -> bool:
        return any(
            graph_name == g or (g.endswith("/") and graph_name.startswith(g)) for g in self.graphs
        )

    def names_file(self, shown: str) -> bool:
        return any(fnmatch(shown, pattern) for pattern in self.files)

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        lists = {"graphs": tuple(data.get("graphs") or ()), "files": tuple(data.get("files") or ())}
        return cls(**(data | lists))


NATIONAL = (
    Source(
        "statistics-finland",
        "Statistics Finland classifications 2025 (municipalities, wellbeing services "
        "counties, regions, language status, employment areas)",
        (
            "reference/municipalities",
            "reference/counties",
            "reference/regions",
            "reference/employment-areas",
        ),
        (
            "data/reference/municipalities.csv",
            "data/reference/wellbeing_counties.csv",
            "data/reference/county_short_names.csv",
            "data/reference/regions.csv",
            "data/reference/employment_area*.csv",
        ),
        url="https://data.stat.fi/api/classifications/v2/classifications",
        license=CC_BY_4,
        rights="CC BY 4.0 © Statistics Finland (classifications)",
    ),
    Source(
        "public-pages",
        "Public government and municipal pages, named per row (organising models, lead "
        "municipalities, regional council names, national organisations)",
        ("reference/regions", "reference/employment-areas", "reference/national-organisations"),
        (
            "data/reference/regions.csv",
            "data/reference/employment_area*.csv",
            "data/reference/national_organisations.csv",
        ),
        rights="facts from the public pages named per row",
    ),
    Source(
        "kuntaliitto-survey",
        "Kuntaliitto's 2026 survey of municipalities, per county, transcribed from the "
        "slides in the seed documents",
        ("survey/",),
        ("data/survey/*.csv",),
        rights="© Kuntaliitto; figures cited with their source",
    ),
    Source(
        "seed-documents",
        "Facts from the seed documents (Kuntaliitto and Hyvil material): national theme "
        "groups, the North Savo case, the comparison of the two statutory negotiations",
        ("seeds/",),
        ("data/seeds/*.ttl",),
        rights="facts, each with its seed file as source",
    ),
    Source(
        "finlex",
        "Finlex and parliamentary texts as far as they were read, each row with its source "
        "and a verified column",
        ("legal/",),
        ("data/legal/*.csv",),
        url="https://finlex.fi/",
        rights="public law texts (not copyrighted, Copyright Act § 9)",
    ),
    Source(
        "obligations",
        "The duties of cooperation, each row naming the source of its wording and in-force date",
        ("obligations",),
        ("data/obligations/obligations.csv",),
        rights="project data; cites law, quotes none not read",
    ),
    Source(
        "scope",
        "The interface themes in scope per county: the ten core themes, with the exceptions "
        "each row gives with its reason",
        ("scope/",),
        ("data/scope/theme_scope.csv",),
        rights="project data",
    ),
    Source(
        "publish-history",
        "The publish history: each version of a county's or municipality's data that its "
        "coordinators published in the service (who, when, which file), as PROV",
        ("history",),
        ("data/history/log.jsonl",),
        rights="project data; the files themselves are the regional sources' own",
    ),
    # the ontology states its own licence in the graph (dcterms:license of the owl:Ontology)
    Source(
        "ontology",
        "The Yhdyspinta ontology",
        ("ontology",),
        ("ontology/*.ttl",),
        ONTOLOGY_IRI,
        rights="the licence the ontology document states (its dcterms:license)",
    ),
)


def regional_sources(data_dir: Path, staged: Mapping[str, Path] | None = None) -> list[Source]:
    """The source of each folder of ``data/regional/``, as its ``source.json`` describes it
    (a folder without one is named by its folder name); ``staged`` maps folders to the
    folders an import reads in their place."""
    root = data_dir / "regional"
    places = {p.name: [p] for p in root.iterdir() if p.is_dir()} if root.is_dir() else {}
    for name, path in (staged or {}).items():
        places[name] = [path, *places.get(name, [])]  # the staged source.json first
    out = []
    public: list[str] = []  # the public-record folders: one source together
    for folder, paths in sorted(places.items()):
        if folder.startswith("."):
            continue  # a staged import, read as the folder it replaces
        manifest = next((p / MANIFEST for p in paths if (p / MANIFEST).is_file()), None)
        about = json.loads(manifest.read_text("utf-8")) if manifest else {}
        if not isinstance(about, dict):
            about = {}

        def text(key: str, about: dict[str, object] = about) -> str | None:
            value = about.get(key)
            return str(value) if value else None

        if about.get("kind") == PUBLIC_RECORD:
            public.append(folder)
            continue

        out.append(
            Source(
                f"regional-{folder}",
                text("title") or f"Regional data: {folder}",
                (f"regional/{folder}/",),
                (f"data/regional/{folder}/*",),
                url=text("url"),
                license=text("license"),
                rights=text("rights"),
                illustrative=about.get("illustrative") is True,
            )
        )
    if public:
        out.append(
            Source(
                PUBLIC_RECORD,
                "Public record: facts about the cooperation of each wellbeing services "
                "county and its municipalities stated on public pages (minutes, county, "
                "municipality and ministry sites), recorded in the project's own words",
                tuple(f"regional/{folder}/" for folder in public),
                tuple(f"data/regional/{folder}/*" for folder in public),
                rights="facts only, in our own words; every row names its page, the "
                "document's reference and the date it was read (prov:qualifiedDerivation)",
                kind=PUBLIC_RECORD,
            )
        )
    return out


def registry(data_dir: Path, staged: Mapping[str, Path] | None = None) -> tuple[Source, ...]:
    """Every source: the national ones and those the regional folders declare."""
    return NATIONAL + tuple(regional_sources(data_dir, staged))


def sources_of(graph_name: str, sources: tuple[Source, ...] = NATIONAL) -> list[Source]:
    """The sources of a graph (by its minted name, ``reference/regions``)."""
    return [s for s in sources if s.covers(graph_name)]


def licenses_of(graph_name: str, sources: tuple[Source, ...]) -> list[str]:
    return sorted({s.license for s in sources_of(graph_name, sources) if s.license})


def write_registry(sources: tuple[Source, ...], store_dir: Path) -> None:
    """The registry a store was built with, beside it (flushed with the store's files)."""
    text = json.dumps([s.to_json() for s in sources], indent=2, ensure_ascii=False)
    (store_dir / REGISTRY_FILE).write_text(text + "\n", "utf-8")


def read_registry(store_dir: Path | None) -> tuple[Source, ...]:
    """The registry a store was built with; the national sources for a store in memory or
    one built before stores recorded it."""
    path = store_dir / REGISTRY_FILE if store_dir is not None else None
    if path is None or not path.is_file():
        return NATIONAL
    return tuple(Source.from_json(item) for item in json.loads(path.read_text("utf-8")))
