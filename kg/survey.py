"""Kuntaliitto's 2026 survey tables (``data/survey/*.csv``) as RDF Data Cube data sets.

Each table becomes one named graph holding a ``qb:DataSet`` (its question as title), its
``qb:DataStructureDefinition``, the items asked about as a SKOS concept scheme, and one
``qb:Observation`` per answered cell: county x item -> mean on the 1-5 scale, with the
number of respondents N as an attribute. A '-' cell (no answers) is no observation, not 0.

Rows are named by the slides' short county names ('Vantaa-Kerava', 'Helsinki'), matched
with the same name matcher as the imports. Every cell is checked before anything is
returned; a bad one raises :class:`kg.errors.DataError` naming file, line and column.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import DataError
from kg.iris import Minter
from kg.names import AmbiguousName, Entity, NameIndex, NameNotFound
from kg.namespaces import (
    DCTERMS,
    QB,
    RDF,
    RDFS,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    THEME,
    XSD,
    YP,
)
from kg.source_graph import SourceGraph
from kg.tables import Row, read_header, read_table

YEAR = "2026"
SOURCE = "seeds/003_a18281c5a4635264.txt"
PUBLISHER = "kuntaliitto"
AREA_COLUMN = "Hyvinvointialue"
COUNT_COLUMN = "N"
NO_ANSWERS = "-"
SCALE = (Decimal(1), Decimal(5))
THEME_COLUMNS = ["dataset", "item", "theme"]


@dataclass(frozen=True)
class Survey:
    """One question of the survey and the table that answers it."""

    slug: str
    file: str
    title_fi: str
    title_en: str
    scale_en: str


SURVEYS = (
    Survey(
        "cooperation",
        "cooperation_2026.csv",
        "Miten seuraavat asiat ovat toteutuneet hyvinvointialueen kanssa tapahtuneessa "
        "yhdyspintayhteistyössä?",
        "How well have the following been realised in interface cooperation with the "
        "wellbeing services county?",
        "1 = very poorly, 5 = very well",
    ),
    Survey(
        "division-of-labour-clarity",
        "division_of_labour_clarity_2026.csv",
        "Miten selkeänä pidät työnjakoa kuntasi/organisaatiosi ja hyvinvointialueen välillä?",
        "How clear is the division of labour between your municipality/organisation and "
        "the wellbeing services county?",
        "1 = not at all clear, 5 = very clear",
    ),
)

# the components of every survey data set: (local name, role, property, order)
COMPONENTS = (
    ("refArea", QB.dimension, SDMX_DIMENSION.refArea, 1),
    ("surveyItem", QB.dimension, YP.surveyItem, 2),
    ("obsValue", QB.measure, SDMX_MEASURE.obsValue, None),
    ("respondentCount", QB.attribute, YP.respondentCount, None),
)

ItemThemes = dict[str, dict[int, tuple[Row, str]]]


def load_survey(data_dir: Path, mint: Minter, names: NameIndex) -> list[SourceGraph]:
    """One checked graph per survey table (``survey/cooperation-2026`` …)."""
    folder = data_dir / "survey"
    themes = _item_themes(folder / "item_themes.csv")
    return [_dataset(survey, folder, mint, names, themes) for survey in SURVEYS]


def _item_themes(path: Path) -> ItemThemes:
    """Interface theme of an item, by data set slug and item number."""
    known = {s.slug for s in SURVEYS}
    themes: ItemThemes = defaultdict(dict)
    for row in read_table(path, THEME_COLUMNS):
        if row["dataset"] not in known:
            raise row.error("dataset", f"unknown survey data set {row['dataset']!r}")
        number = int(row.match("item", r"[1-9]\d*", "item number"))
        theme = row.match("theme", r"[a-z0-9]+(-[a-z0-9]+)*", "theme slug")
        if number in themes[row["dataset"]]:
            raise row.error("item", f"item {number} already has a theme")
        themes[row["dataset"]][number] = (row, theme)
    return themes


def _header(path: Path) -> list[str]:
    """The table's own header: the area column, the items, then N."""
    header = read_header(path)
    if len(header) < 3 or header[0] != AREA_COLUMN or header[-1] != COUNT_COLUMN:
        raise DataError(
            f"header must be {AREA_COLUMN!r}, the items asked about, then {COUNT_COLUMN!r}",
            path=path,
            line=1,
        )
    for i, column in enumerate(header):
        if not column.strip() or column in header[:i]:
            raise DataError(f"column {i + 1} is empty or repeated", path=path, line=1)
    return header


def _dataset(
    survey: Survey, folder: Path, mint: Minter, names: NameIndex, themes: ItemThemes
) -> SourceGraph:
    path = folder / survey.file
    header = _header(path)
    rows = read_table(path, header)
    items = header[1:-1]
    g = SourceGraph(f"survey/{survey.slug}-{YEAR}", [path])
    dataset = mint.survey_dataset(YEAR, survey.slug)
    _describe(g, dataset, survey, mint)
    item_iris = _items(g, survey, items, themes.get(survey.slug, {}), mint)
    if survey.slug in themes:
        g.files.append(folder / "item_themes.csv")
    seen: dict[str, Row] = {}
    for row in rows:
        area = _area(row, names)
        if area.iri in seen:
            raise row.error(AREA_COLUMN, f"{area.label} is already on line {seen[area.iri].line}")
        seen[area.iri] = row
        n = row.match(COUNT_COLUMN, r"[1-9]\d*", "respondent count")
        count = Literal(n, datatype=XSD.integer)
        for number, column in enumerate(items, 1):
            value = _value(row, column)
            if value is None:
                continue  # no answers: no observation
            obs = mint.survey_dataset(YEAR, survey.slug, "observation", f"{area.code}-{number}")
            g.add(obs, RDF.type, QB.Observation)
            g.add(obs, QB.dataSet, dataset)
            g.add(obs, SDMX_DIMENSION.refArea, URIRef(area.iri))
            g.add(obs, YP.surveyItem, item_iris[number - 1])
            g.add(obs, SDMX_MEASURE.obsValue, value)
            g.add(obs, YP.respondentCount, count)
    return g


def _describe(g: SourceGraph, dataset: URIRef, survey: Survey, mint: Minter) -> None:
    """The data set's metadata and its structure definition."""
    g.add(dataset, RDF.type, QB.DataSet)
    g.add(dataset, DCTERMS.title, Literal(survey.title_fi, lang="fi"))
    g.add(dataset, DCTERMS.title, Literal(survey.title_en, lang="en"))
    g.add(dataset, DCTERMS.date, Literal(YEAR, datatype=XSD.gYear))
    g.add(dataset, DCTERMS.publisher, mint.organisation(PUBLISHER))
    g.add(dataset, DCTERMS.source, Literal(SOURCE))
    g.add(
        dataset,
        RDFS.comment,
        Literal(
            f"Mean answer of the municipal respondents in each wellbeing services county on a "
            f"scale of 1-5 ({survey.scale_en}); yp:respondentCount is their number N. No "
            f"observation where nobody answered. Survey sent 23.2.2026, answers until "
            f"10.3.2026.",
            lang="en",
        ),
    )
    structure = mint.survey_dataset(YEAR, survey.slug, "structure")
    g.add(dataset, QB.structure, structure)
    g.add(structure, RDF.type, QB.DataStructureDefinition)
    for name, role, prop, order in COMPONENTS:
        spec = mint.survey_dataset(YEAR, survey.slug, "structure", name)
        g.add(structure, QB.component, spec)
        g.add(spec, RDF.type, QB.ComponentSpecification)
        g.add(spec, role, prop)
        if order is not None:
            g.add(spec, QB.order, Literal(order))
        if role == QB.attribute:
            g.add(spec, QB.componentRequired, Literal(True))
    g.add(SDMX_DIMENSION.refArea, RDF.type, QB.DimensionProperty)
    g.add(SDMX_MEASURE.obsValue, RDF.type, QB.MeasureProperty)


def _items(
    g: SourceGraph,
    survey: Survey,
    items: list[str],
    themes: dict[int, tuple[Row, str]],
    mint: Minter,
) -> list[URIRef]:
    """The items asked about, a SKOS concept scheme per data set, numbered from 1."""
    scheme = mint.survey_dataset(YEAR, survey.slug, "item")
    g.add(scheme, RDF.type, SKOS.ConceptScheme)
    g.labels(scheme, fi=survey.title_fi, en=survey.title_en)
    for number, (row, _theme) in themes.items():
        if number > len(items):
            raise row.error("item", f"{survey.file} has {len(items)} items, not {number}")
    iris = []
    for number, text in enumerate(items, 1):
        item = mint.survey_dataset(YEAR, survey.slug, "item", str(number))
        g.add(item, RDF.type, SKOS.Concept)
        g.labels(item, fi=text)
        g.add(item, SKOS.notation, Literal(str(number)))
        g.add(item, SKOS.inScheme, scheme)
        g.add(item, SKOS.topConceptOf, scheme)
        if number in themes:
            g.add(item, SKOS.related, THEME[themes[number][1]])
        iris.append(item)
    return iris


def _area(row: Row, names: NameIndex) -> Entity:
    """The county (or the City of Helsinki) a row is about, by its short name."""
    try:
        area = names.match(
            row[AREA_COLUMN], kinds={"county", "organiser"}, what="wellbeing services county"
        )
    except (NameNotFound, AmbiguousName) as exc:
        raise row.error(AREA_COLUMN, str(exc)) from exc
    if not area.code:
        raise row.error(AREA_COLUMN, f"{area.label} has no code")
    return area


def _value(row: Row, column: str) -> Literal | None:
    """A cell's mean as an xsd:decimal written as in the table, or None for '-'."""
    text = row[column]
    if text == NO_ANSWERS:
        return None
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise row.error(column, f"value {text!r} is not a number like 3.5 or {NO_ANSWERS!r}")
    if not SCALE[0] <= Decimal(text) <= SCALE[1]:
        raise row.error(column, f"value {text} is outside the scale {SCALE[0]}-{SCALE[1]}")
    return Literal(text, datatype=XSD.decimal)
