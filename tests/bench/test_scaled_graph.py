"""The scaled national data (bench/scaled_graph.py): its sizes, and that the importer and
the reference loader take every file it writes."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from bench.scaled_graph import (
    Reference,
    Scale,
    Shape,
    base_theme,
    draw,
    extra_theme_codes,
    versions,
    write_scaled_data,
)
from bench.synthetic_graph import THEMES
from kg.build import collect_sources
from kg.config import REPO_ROOT, Settings
from kg.iris import Minter
from kg.reference import load_reference
from kg.store import Store
from kg.themes import themes_from_store


def settings_of(root: Path) -> Settings:
    return Settings.from_env(
        {
            "YP_DATA_DIR": str(root / "data"),
            "YP_ONTOLOGY_DIR": str(root / "ontology"),
            "YP_STORE": str(root / "var" / "store"),
        }
    )


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Shape]:
    """The data of a graph 1.5 times the national one (two new counties)."""
    root = tmp_path_factory.mktemp("scaled")
    return root, write_scaled_data(root, 1.5)


def test_scale_grows_each_dimension_by_the_fourth_root() -> None:
    scale = Scale(100)
    assert scale.step == pytest.approx(100**0.25)
    assert scale.per_organiser == pytest.approx(100**0.75)
    assert (Scale(1).grown(292), Scale(10).grown(292), scale.grown(292)) == (292, 519, 923)


def test_draw_keeps_the_mean() -> None:
    rng = random.Random(1)
    assert sum(draw(rng, 2.25) for _ in range(4000)) / 4000 == pytest.approx(2.25, abs=0.05)


def test_versions_share_the_history_without_overlap() -> None:
    spans = versions(dt.date(2025, 3, 1), 3)
    assert spans[0][1] is None
    for newer, older in zip(spans, spans[1:], strict=False):
        assert older[1] is not None and (newer[0] - older[1]).days == 1


def test_extra_themes_copy_the_real_ones() -> None:
    codes = extra_theme_codes(len(THEMES) + 1)
    assert codes[0] == f"{THEMES[0]}-2" and codes[-1] == f"{THEMES[0]}-3"
    assert {base_theme(c) for c in codes} == set(THEMES)
    assert base_theme("hyte") == "hyte"


def test_factor_one_keeps_the_national_reference(tmp_path: Path) -> None:
    shape = write_scaled_data(tmp_path, 1)
    ref = tmp_path / "data" / "reference"
    for name in Reference.files().values():
        assert (ref / name).read_bytes() == (REPO_ROOT / "data" / "reference" / name).read_bytes()
    assert (shape.municipalities, shape.organisers, shape.themes) == (292, 22, 16)


def test_grown_reference_loads(grown: tuple[Path, Shape]) -> None:
    root, shape = grown
    graphs = load_reference(root / "data", Minter(Settings().base_iri))
    municipalities = next(g for g in graphs if g.name == "reference/municipalities")
    assert shape.municipalities == 292 + 2 * 16
    assert sum("MainlandMunicipality>" in line for line in municipalities.lines) == 324
    names = Counter(
        r["name_fi"] for r in Reference.read(root / "data" / "reference").municipalities
    )
    assert max(names.values()) == 1


def test_every_scaled_file_imports(grown: tuple[Path, Shape]) -> None:
    """What a build reads and checks: every generated row is taken, none refused."""
    root, shape = grown
    sources = collect_sources(settings_of(root))
    synthetic = [s for s in sources if s.name.startswith("regional/synthetic-")]
    assert len({s.name.split("/")[1] for s in synthetic}) == shape.organisers == 24
    responsibilities = sum(
        line.endswith("<https://w3id.org/yhdyspinta/ontology#Responsibility> .\n")
        for s in synthetic
        for line in s.lines
    )
    assert responsibilities == shape.responsibility_rows


def test_extra_themes_are_in_the_ontology(grown: tuple[Path, Shape]) -> None:
    root, shape = grown
    ontology = Graph()
    for path in (root / "ontology").glob("*.ttl"):
        ontology.parse(path)
    store = Store()
    store.load_ntriples(ontology.serialize(format="nt", encoding="utf-8"), "urn:x-test:ontology")
    themes = themes_from_store(store)
    assert len(themes) == shape.themes == Scale(1.5).grown(len(THEMES))
    copies = [t for t in themes if t.code not in THEMES]
    assert all(
        t.core == next(b.core for b in themes if b.code == base_theme(t.code)) for t in copies
    )
    assert all(t.name["fi"].endswith(", osa 2") for t in copies)
