"""The fast engine against pySHACL, and against the gaps planted in the example region."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pyoxigraph import NamedNode

from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.store import Store
from kg.validation.compile import compile_shapes
from kg.validation.engine import Result, keys, stale_before, validate, validate_pyshacl
from kg.validation.shapes import load_shapes_graph, read_shapes
from tests.helpers import store_fingerprint

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

EXAMPLE = REPO_ROOT / "data" / "regional" / "example-kainuu"
GAPS = json.loads((EXAMPLE / "planted_gaps.json").read_text("utf-8"))
YP = "https://w3id.org/yhdyspinta/ontology#"
SH = "http://www.w3.org/ns/shacl#"
IN_COUNTY = """
SELECT DISTINCT ?x WHERE {
  { ?x yp:organiser ?c } UNION { ?x yp:interface/yp:organiser ?c } UNION
  { ?x yp:concernsCounty ?c } UNION { ?x yp:memberMunicipality ?m . BIND(?x AS ?c) } UNION
  { ?x yp:county ?c } UNION
  { ?m yp:county ?c ; yp:employmentArea ?x }
}"""


@pytest.mark.slow
def test_fast_engine_equals_pyshacl_on_national_graph_and_example(store: Store) -> None:
    as_of = dt.date(2026, 11, 23)
    fast = validate(store, as_of=as_of)
    reference = validate_pyshacl(store, as_of=as_of)
    assert len(fast) > 5000  # every county's interfaces lack owners: not a vacuous compare
    assert keys(fast) == keys(reference)


def test_every_shape_compiles() -> None:
    shapes = read_shapes(load_shapes_graph())
    checks = compile_shapes(shapes)
    assert len(shapes) >= 20
    assert {c.node_shape for c in checks} == {str(s.iri) for s in shapes}


def _county_20(store: Store, results: list[Result]) -> list[Result]:
    rows = store.select(
        IN_COUNTY, bindings={"c": NamedNode("https://w3id.org/yhdyspinta/id/county/20")}
    )
    inside = {r["x"] for r in rows}
    return [r for r in results if r.focus in inside]


def _gap(r: Result) -> tuple[str, ...]:
    """The planted-gap key a result stands for (or the result itself, if it stands for none)."""
    tail = r.focus.split("/id/", 1)[1]
    shape = r.shape.rsplit("#", 1)[1]
    if shape in ("MunicipalitySideOwnerCountShape", "CountySideOwnerCountShape"):
        _, code, theme = tail.split("/")
        return (
            "missing-owner",
            code,
            theme,
            "municipality" if shape.startswith("Municipality") else "county",
        )
    if shape == "StaleContactShape":
        _, code, theme, side = tail.split("/")[:4]
        return ("stale-contact", code, theme, side)
    if shape == "PendingApprovalShape":
        assert r.value is not None
        return ("pending-approval", tail.split("/")[1], r.value.split("/id/", 1)[1])
    if shape == "CountyStrategicAgreementShape":
        return ("no-fully-approved-strategic-agreement", tail.split("/")[1])
    return ("unexpected", shape, r.focus, r.value or "")


def _planted(as_of: dt.date) -> set[tuple[str, ...]]:
    out = set()
    for g in GAPS["gaps"]:
        if "shacl" not in g["checked_by"] or dt.date.fromisoformat(g["from"]) > as_of:
            continue
        if g["kind"] in ("missing-owner", "stale-contact"):
            out.add((g["kind"], g["municipality"], g["theme"], g["side"]))
        elif g["kind"] == "pending-approval":
            out.add((g["kind"], g["agreement"], g["party"]))
        else:
            out.add((g["kind"], g["county"]))
    return out


@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 30), dt.date(2026, 11, 23)])
def test_example_region_results_equal_planted_gaps(example_store: Store, as_of: dt.date) -> None:
    # the example region alone: Kainuu's public record fills some of its planted gaps
    store = example_store
    found = {_gap(r) for r in _county_20(store, validate(store, as_of=as_of))}
    assert found == _planted(as_of)


def test_example_region_gaps_depend_on_the_date(example_store: Store) -> None:
    store = example_store
    before = {_gap(r) for r in _county_20(store, validate(store, as_of=dt.date(2024, 12, 31)))}
    assert ("missing-owner", "290", "employment", "municipality") not in before
    assert not any(g[0] == "stale-contact" for g in before)


def test_deleting_one_county_side_owner_adds_exactly_one_violation(
    example_data_copy: Settings,
) -> None:
    data_copy = example_data_copy  # Kainuu's public record names an owner here too
    as_of = dt.date(2026, 11, 23)
    build(data_copy)
    before = set(validate(Store.open(data_copy.store_path), as_of=as_of))
    path = data_copy.data_dir / "regional" / "example-kainuu" / "vastuut.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    target = [i for i, line in enumerate(lines) if ",205,hyte,hyvinvointialue," in line]
    assert len(target) == 1
    del lines[target[0]]
    path.write_text("".join(lines), "utf-8")
    build(data_copy)
    after = set(validate(Store.open(data_copy.store_path), as_of=as_of))
    added = after - before
    assert len(added) == 1
    (result,) = added
    assert result.focus.endswith("/interface/205/hyte")
    assert result.severity == SH + "Violation"
    assert result.shape.endswith("#CountySideOwnerCountShape")
    assert before - after == set()


def test_stale_before_is_twelve_months_earlier() -> None:
    assert stale_before(dt.date(2026, 11, 23)) == dt.date(2025, 11, 23)
    assert stale_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_validation_leaves_the_store_unchanged(writable_store: Store) -> None:
    # a writable copy: on the read-only store the context could not be written, whatever
    # the engine did
    before = store_fingerprint(writable_store)
    assert validate(writable_store, as_of=dt.date(2026, 11, 23))
    assert store_fingerprint(writable_store) == before
    assert not writable_store.select("SELECT ?c WHERE { ?c a yp:ValidationContext }")


def test_results_carry_messages_in_every_language(store: Store) -> None:
    results = validate(store, as_of=dt.date(2026, 11, 23))
    pending = [r for r in results if r.shape.endswith("#PendingApprovalShape")]
    assert pending and all(set(r.messages) == {"fi", "sv", "en"} for r in pending)
    assert any("Hyrynsalmi" in r.messages["fi"] for r in pending)
    # the party (the result's value) named by its name in each language, else in Finnish
    for r in pending:
        names = {
            row["lang"]: row["name"]
            for row in store.select(
                "SELECT ?name (LANG(?name) AS ?lang) WHERE { ?p skos:prefLabel ?name }",
                bindings={"p": NamedNode(r.value or "")},
            )
        }
        for lang in ("fi", "sv", "en"):
            assert names.get(lang, names["fi"]) in r.messages[lang], (r.value, lang)
    assert all("{?" not in m for r in pending for m in r.messages.values())


def test_deleted_owner_is_reported_under_its_municipality_and_theme(
    example_data_copy: Settings,
) -> None:
    from kg.validation.report import build_report

    data_copy = example_data_copy  # Kainuu's public record names an owner here too
    as_of = dt.date(2026, 11, 23)
    path = data_copy.data_dir / "regional" / "example-kainuu" / "vastuut.csv"
    text = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(t for t in text if ",205,hyte,hyvinvointialue," not in t), "utf-8")
    build(data_copy)
    store = Store.open(data_copy.store_path)
    report = build_report(validate(store, as_of=as_of), store, lang="fi", county="20")
    kajaani = [
        e
        for e in report.entries
        if e.location.municipality is not None and e.location.municipality.code == "205"
    ]
    assert len(kajaani) == 1
    entry = kajaani[0]
    assert entry.location.municipality.name == "Kajaani"
    assert entry.location.theme is not None and entry.location.theme.code == "hyte"
    assert "Hyvinvointialueen puolen vastuutaho puuttuu" in entry.message
