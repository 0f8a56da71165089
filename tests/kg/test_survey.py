"""Survey tables to RDF Data Cube: every cell answered over the SPARQL endpoint, and
bad cells located by file, line and column."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.main import create_app
from kg.bindings import bind_values
from kg.build import collect_sources
from kg.config import REPO_ROOT, Settings
from kg.errors import DataError
from kg.iris import Minter
from kg.names import NameIndex
from kg.namespaces import QB, SDMX_DIMENSION, SDMX_MEASURE, YP
from kg.reference import SourceGraph, load_reference
from kg.store import Store
from kg.survey import load_survey
from tests.helpers import edit_line

SURVEY = REPO_ROOT / "data" / "survey"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
# file -> (data set slug, its question in Finnish as data/survey/README.md gives it)
TABLES = {
    "cooperation_2026.csv": (
        "cooperation",
        "Miten seuraavat asiat ovat toteutuneet hyvinvointialueen kanssa tapahtuneessa "
        "yhdyspintayhteistyössä?",
    ),
    "division_of_labour_clarity_2026.csv": (
        "division-of-labour-clarity",
        "Miten selkeänä pidät työnjakoa kuntasi/organisaatiosi ja hyvinvointialueen välillä?",
    ),
}

# every observation of the data set titled ?title, by the county's label and the item's
OBSERVATIONS = """
SELECT ?name ?item ?value ?n WHERE {
  ?ds a qb:DataSet ; dcterms:title ?title .
  ?obs qb:dataSet ?ds ; sdmx-dimension:refArea ?area ; yp:surveyItem ?i ;
       sdmx-measure:obsValue ?value ; yp:respondentCount ?n .
  ?area skos:prefLabel|skos:altLabel ?name .
  ?i skos:prefLabel ?item .
}"""
COUNT = "SELECT (COUNT(?obs) AS ?n) WHERE { ?ds dcterms:title ?title . ?obs qb:dataSet ?ds }"
DATASET = """
SELECT ?ds ?title_en ?date ?publisher ?source ?comment ?structure WHERE {
  ?ds a qb:DataSet ; dcterms:title ?title , ?title_en ; dcterms:date ?date ;
      dcterms:publisher ?publisher ; dcterms:source ?source ; rdfs:comment ?comment ;
      qb:structure ?structure .
  FILTER(LANG(?title_en) = "en")
  ?publisher skos:altLabel "Kuntaliitto" .
}"""
COMPONENTS = """
SELECT ?spec ?role ?prop WHERE {
  ?structure a qb:DataStructureDefinition ; qb:component ?spec .
  ?spec a qb:ComponentSpecification ; ?role ?prop .
  FILTER(?role IN (qb:dimension, qb:measure, qb:attribute))
}"""
AREAS = """
SELECT DISTINCT ?area WHERE {
  ?obs qb:dataSet ?ds ; sdmx-dimension:refArea ?area .
  ?area skos:prefLabel|skos:altLabel ?name .
}"""
THEMES = """
SELECT ?notation ?theme WHERE {
  ?item skos:inScheme ?scheme ; skos:notation ?notation ; skos:related ?theme .
  ?theme a yp:InterfaceTheme .
}"""


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def _table(file: str) -> list[list[str]]:
    with (SURVEY / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _select(client: TestClient, query: str) -> list[dict[str, Any]]:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    bindings: list[dict[str, Any]] = r.json()["results"]["bindings"]
    return bindings


def _fi(text: str) -> ox.Literal:
    return ox.Literal(text, language="fi")


def _load(settings: Settings) -> list[SourceGraph]:
    """The survey graphs of ``settings.data_dir``, names matched as the build does."""
    mint = Minter(settings.base_iri)
    union = Graph()
    for source in load_reference(settings.data_dir, mint):
        union += source.graph
    return load_survey(settings.data_dir, mint, NameIndex.from_graph(union))


def test_survey_every_cell_is_answered_over_sparql(client: TestClient) -> None:
    cells = answered = 0
    for file, (_slug, title) in TABLES.items():
        header, *rows = _table(file)
        items = header[1:-1]
        query = bind_values(OBSERVATIONS, {"title": _fi(title)})
        query = bind_values(query, {"name": [_fi(row[0]) for row in rows]})
        got: dict[tuple[str, str], dict[str, Any]] = {}
        for b in _select(client, query):
            key = (b["name"]["value"], b["item"]["value"])
            assert key not in got, f"two observations for {key}"
            got[key] = b
        for row in rows:
            for item, cell in zip(items, row[1:-1], strict=True):
                cells += 1
                b = got.pop((row[0], item), None)
                if cell == "-":
                    assert b is None, (file, row[0], item)
                    continue
                answered += 1
                assert b is not None, (file, row[0], item)
                assert b["value"]["datatype"] == XSD_DECIMAL
                # the store keeps xsd:decimal in canonical form: "4.0" comes back as "4"
                assert Decimal(b["value"]["value"]) == Decimal(cell), (file, row[0], item)
                assert b["n"]["value"] == row[-1], (file, row[0])
        assert not got, f"observations the table does not have: {sorted(got)}"
        count = _select(client, bind_values(COUNT, {"title": _fi(title)}))
        assert int(count[0]["n"]["value"]) == sum(c != "-" for r in rows for c in r[1:-1])
    assert cells == 22 * 16
    assert answered == cells - 2  # Helsinki: no answers on housing and environmental health


def test_load_survey_keeps_values_as_written(settings: Settings) -> None:
    graphs = {g.name: g.graph for g in _load(settings)}
    assert set(graphs) == {"survey/cooperation-2026", "survey/division-of-labour-clarity-2026"}
    base = settings.base_iri + "survey/2026/cooperation/observation/"
    g = graphs["survey/cooperation-2026"]
    for obs, written in (("13-1", "2.5"), ("091-1", "4.0")):  # Pohjois-Savo, Helsinki
        value = g.value(URIRef(base + obs), SDMX_MEASURE.obsValue)
        assert value is not None and str(value) == written


def test_survey_dataset_metadata(store: Store, settings: Settings) -> None:
    for file, (slug, title) in TABLES.items():
        rows = store.select(DATASET, bindings={"title": _fi(title)})
        assert len(rows) == 1, file
        row = rows[0]
        assert row["ds"] == f"{settings.base_iri}survey/2026/{slug}"
        assert row["title_en"].startswith("How ")
        assert row["date"] == "2026"
        assert row["publisher"] == f"{settings.base_iri}organisation/kuntaliitto"
        assert row["source"] == "seeds/003_a18281c5a4635264.txt"
        assert "scale of 1-5" in row["comment"]
        structure = row["structure"]
        assert structure == f"{row['ds']}/structure"
        components = {
            (r["spec"].rsplit("/", 1)[1], r["role"], r["prop"])
            for r in store.select(COMPONENTS, bindings={"structure": ox.NamedNode(structure)})
        }
        assert components == {
            ("refArea", str(QB.dimension), str(SDMX_DIMENSION.refArea)),
            ("surveyItem", str(QB.dimension), str(YP.surveyItem)),
            ("obsValue", str(QB.measure), str(SDMX_MEASURE.obsValue)),
            ("respondentCount", str(QB.attribute), str(YP.respondentCount)),
        }


def test_survey_clarity_items_are_related_to_their_themes(store: Store, settings: Settings) -> None:
    scheme = ox.NamedNode(f"{settings.base_iri}survey/2026/division-of-labour-clarity/item")
    rows = store.select(THEMES, bindings={"scheme": scheme})
    assert {(r["notation"], r["theme"].rsplit("/", 1)[1]) for r in rows} == {
        ("1", "hyte"),
        ("2", "education-social-health"),
        ("3", "employment"),
        ("4", "integration"),
        ("5", "preparedness"),
        ("6", "housing"),
        ("7", "environmental-health"),
    }


@pytest.mark.parametrize(
    ("name", "area"), [("Vantaa-Kerava", "county/04"), ("Helsinki", "municipality/091")]
)
def test_survey_short_names_are_the_right_organisers(
    store: Store, settings: Settings, name: str, area: str
) -> None:
    rows = store.select(AREAS, bindings={"name": _fi(name)})
    assert [r["area"] for r in rows] == [settings.base_iri + area]


def test_survey_misspelt_county_is_located_with_suggestion(data_copy: Settings) -> None:
    path = data_copy.data_dir / "survey" / "cooperation_2026.csv"
    line = edit_line(path, "Pohjois-Savo,", "Pohjois-Savvo,")
    with pytest.raises(DataError, match="'Pohjois-Savvo'.*did you mean.*'Pohjois-Savo'") as info:
        collect_sources(data_copy)  # as the build reads it
    assert (info.value.path, info.value.line, info.value.column) == (path, line, "Hyvinvointialue")


@pytest.mark.parametrize(
    ("bad", "message"), [("6.1", "outside the scale"), ("abc", "not a number")]
)
def test_survey_bad_value_is_located(data_copy: Settings, bad: str, message: str) -> None:
    path = data_copy.data_dir / "survey" / "division_of_labour_clarity_2026.csv"
    line = edit_line(path, "Kainuu,3.6,3.2,3.7,", f"Kainuu,3.6,3.2,{bad},")
    with pytest.raises(DataError, match=message) as info:
        _load(data_copy)
    assert (info.value.path, info.value.line, info.value.column) == (
        path,
        line,
        "Työllisyyden hoidossa",
    )


def test_survey_header_without_area_column_is_refused(data_copy: Settings) -> None:
    path = data_copy.data_dir / "survey" / "cooperation_2026.csv"
    edit_line(path, "Hyvinvointialue,", "Alue,")
    with pytest.raises(DataError, match="header must be 'Hyvinvointialue'") as info:
        _load(data_copy)
    assert (info.value.path, info.value.line) == (path, 1)


def test_survey_item_theme_out_of_range_is_located(data_copy: Settings) -> None:
    path = data_copy.data_dir / "survey" / "item_themes.csv"
    line = edit_line(path, "clarity,7,", "clarity,8,")
    with pytest.raises(DataError, match="has 7 items, not 8") as info:
        _load(data_copy)
    assert (info.value.path, info.value.line, info.value.column) == (path, line, "item")


def test_county_short_names_unknown_code_is_located(data_copy: Settings) -> None:
    path = data_copy.data_dir / "reference" / "county_short_names.csv"
    line = edit_line(path, "04,Vantaa-Kerava", "91,Vantaa-Kerava")
    with pytest.raises(DataError, match="not the code of a county") as info:
        load_reference(data_copy.data_dir, Minter(data_copy.base_iri))
    assert (info.value.path, info.value.line, info.value.column) == (path, line, "code")


def test_county_short_names_are_never_also_preferred(store: Store) -> None:
    # SKOS: an organiser has no label that is both preferred and alternative
    clash = """SELECT ?x WHERE {
      ?x a yp:WellbeingServicesOrganiser ; skos:prefLabel ?l ; skos:altLabel ?l }"""
    assert store.select(clash) == []


def test_survey_helsinki_still_found_after_municipality_rename(data_copy: Settings) -> None:
    path = data_copy.data_dir / "reference" / "municipalities.csv"
    edit_line(path, "091,Helsinki,", "091,Helsinki (uusi),")
    (cooperation, _clarity) = _load(data_copy)
    helsinki = URIRef(data_copy.base_iri + "municipality/091")
    assert len(set(cooperation.graph.subjects(SDMX_DIMENSION.refArea, helsinki))) == 9
