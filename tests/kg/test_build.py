"""The national graph built from the reference data."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.errors import BuildError
from kg.store import Store
from kg.store_dirs import stores_dir

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

REFERENCE = REPO_ROOT / "data" / "reference"


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _count(store: Store, where: str) -> int:
    return int(store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_build_counts_match_reference(store: Store) -> None:
    municipalities = _csv("municipalities.csv")
    assert _count(store, "?x a yp:Municipality") == len(municipalities) == 308
    aland = sum(1 for m in municipalities if m["wellbeing_county_code"] == "91")
    assert _count(store, "?x a yp:MainlandMunicipality") == len(municipalities) - aland == 292
    assert _count(store, "?x a yp:AlandMunicipality") == aland == 16
    assert _count(store, "?x a yp:WellbeingServicesOrganiser") == 22
    assert _count(store, "?x a yp:WellbeingServicesCounty") == 21
    assert _count(store, "?x a yp:EmploymentArea") == len(_csv("employment_areas.csv")) == 45
    assert _count(store, "?x a yp:Region") == len(_csv("regions.csv"))


def test_build_municipalities_per_county_match_csv(store: Store) -> None:
    expected = Counter(m["wellbeing_county_code"] for m in _csv("municipalities.csv"))
    del expected["91"]  # Åland has no wellbeing services county
    rows = store.select("""
        SELECT ?code (COUNT(?m) AS ?n) WHERE {
          ?m yp:county ?org . ?org yp:organiserCode ?code .
        } GROUP BY ?code""")
    assert {r["code"]: r["n"] for r in rows} == dict(expected)


def test_build_every_mainland_municipality_has_one_county_and_region(store: Store) -> None:
    rows = store.select("""
        SELECT ?m (COUNT(DISTINCT ?c) AS ?counties) (COUNT(DISTINCT ?r) AS ?regions) WHERE {
          ?m a yp:MainlandMunicipality .
          OPTIONAL { ?m yp:county ?c } OPTIONAL { ?m yp:region ?r }
        } GROUP BY ?m""")
    assert len(rows) == 292
    assert [r for r in rows if (r["counties"], r["regions"]) != (1, 1)] == []


def test_build_helsinki_is_municipality_and_organiser(store: Store, settings: Settings) -> None:
    helsinki = f"{settings.base_iri}municipality/091"
    types = {r["t"] for r in store.select(f"SELECT ?t WHERE {{ <{helsinki}> a ?t }}")}
    assert {
        "http://www.w3.org/ns/org#Organization",
        "https://w3id.org/yhdyspinta/ontology#Municipality",
        "https://w3id.org/yhdyspinta/ontology#WellbeingServicesOrganiser",
    } <= types
    assert "https://w3id.org/yhdyspinta/ontology#WellbeingServicesCounty" not in types


def test_build_inverse_and_subclass_inferences_present(store: Store) -> None:
    # yp:memberMunicipality is only inferred (inverse of yp:county)
    assert _count(store, "?c yp:memberMunicipality ?x") == 292
    # every county is an org:Organization and, through the class hierarchy, a FormalOrganization
    assert _count(store, "?x a yp:WellbeingServicesCounty , org:FormalOrganization") == 21


def test_build_every_graph_has_provenance(store: Store) -> None:
    rows = store.select("""
        SELECT ?g ?sha WHERE { GRAPH ?g { ?g a prov:Entity ; yp:sha256 ?sha } }""")
    graphs = {r["g"] for r in rows}
    named = set(store.named_graphs())
    # the inferences have no file; the publish history names its log, which grows after
    # the publish that writes the graph, so it has no digest (kg.history)
    unhashed = {g for g in named if g.endswith(("/graph/inferred", "/graph/history"))}
    assert len(unhashed) == 2
    assert named - graphs == unhashed
    assert all(len(r["sha"]) == 64 for r in rows)
    log = store.select(
        "SELECT ?src WHERE { GRAPH ?g { ?g dcterms:source ?src } "
        "FILTER(STRENDS(STR(?g), '/history')) }"
    )
    assert [r["src"] for r in log] == ["data/history/log.jsonl"]


def _graphs(store: Store) -> dict[str, Graph]:
    """Each named graph of the store as an rdflib Graph."""
    out = {}
    for name in store.named_graphs():
        triples = [q.triple for q in store.quads(name)]
        out[name] = Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    return out


def test_build_twice_gives_isomorphic_graphs(data_copy: Settings) -> None:
    build(data_copy)
    first = _graphs(Store.open(data_copy.store_path))
    build(data_copy)
    second = _graphs(Store.open(data_copy.store_path))
    assert set(first) == set(second)
    assert len(first) > 5
    for name, graph in first.items():
        assert len(graph) > 0, name
        assert isomorphic(graph, second[name]), name


def _break_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), "utf-8")


def test_build_broken_csv_names_file_line_and_column_and_keeps_old_store(
    data_copy: Settings,
) -> None:
    build(data_copy)
    before = Store.open(data_copy.store_path)
    count = len(before)
    path = data_copy.data_dir / "reference" / "municipalities.csv"
    _break_line(path, 5, ",09,", ",99,")  # line 5: Asikkala, county 09 → unknown 99
    with pytest.raises(BuildError) as info:
        build(data_copy)
    err = info.value
    assert (err.path, err.line, err.column) == (path, 5, "wellbeing_county_code")
    assert "municipalities.csv, line 5, column 'wellbeing_county_code'" in str(err)
    # the previous store still answers, from the same directory, and no half-store is left
    again = Store.open(data_copy.store_path)
    assert len(again) == count
    assert again.select("SELECT (COUNT(?m) AS ?n) WHERE { ?m a yp:Municipality }")[0]["n"] == 308
    assert len([p for p in stores_dir(data_copy.store_path).iterdir() if p.is_dir()]) == 1


def test_build_broken_turtle_names_file_and_line(data_copy: Settings) -> None:
    build(data_copy)
    target = data_copy.store_path.resolve()
    path = data_copy.ontology_dir / "yhdyspinta.ttl"
    text = path.read_text("utf-8").splitlines(keepends=True)
    text.insert(20, "this is not turtle .\n")
    path.write_text("".join(text), "utf-8")
    with pytest.raises(BuildError) as info:
        build(data_copy)
    assert info.value.path == path
    assert info.value.line == 21
    assert data_copy.store_path.resolve() == target
