"""One code per organiser: the graph stores it, every route and command that shows an
organiser code shows the same one, and either of Helsinki's codes finds Helsinki."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from kg.build import MUNICIPALITIES_PER_COUNTY
from kg.cli import app
from kg.config import REPO_ROOT, Settings
from kg.organisers import find_organiser, read_organisers
from kg.store import Store

REFERENCE = REPO_ROOT / "data" / "reference"
runner = CliRunner()


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# Helsinki's two codes, from the reference data: its organiser code in the wellbeing-county
# classification and its municipality code
HELSINKI_ORGANISER = next(
    r["code"] for r in _rows("wellbeing_counties.csv") if r["kind"] == "city_of_helsinki"
)
HELSINKI_MUNICIPALITY = next(
    r["code"]
    for r in _rows("municipalities.csv")
    if r["wellbeing_county_code"] == HELSINKI_ORGANISER
)
COUNTIES = {
    r["code"]: r["name_fi"]
    for r in _rows("wellbeing_counties.csv")
    if r["kind"] == "wellbeing_services_county"
}


def test_organisers_carry_their_code_from_the_classification(store: Store) -> None:
    found = {o.code: o for o in read_organisers(store)}
    assert set(found) == set(COUNTIES) | {HELSINKI_ORGANISER}
    for code, name in COUNTIES.items():
        assert found[code].names["fi"] == name and found[code].municipality_code is None
        assert found[code].kind == "county"
    helsinki = found[HELSINKI_ORGANISER]
    assert helsinki.iri.endswith(f"/municipality/{HELSINKI_MUNICIPALITY}")
    assert helsinki.municipality_code == HELSINKI_MUNICIPALITY and helsinki.kind == "organiser"


@pytest.mark.parametrize(
    "key", [HELSINKI_ORGANISER, HELSINKI_MUNICIPALITY, f" {HELSINKI_MUNICIPALITY} "]
)
def test_find_organiser_accepts_either_helsinki_code(store: Store, key: str) -> None:
    assert find_organiser(store, key).code == HELSINKI_ORGANISER


def test_find_organiser_reads_one_or_two_digits_as_an_organiser_code(store: Store) -> None:
    for code in COUNTIES:
        assert find_organiser(store, code).code == code
        assert find_organiser(store, code.lstrip("0")).code == code


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("91", "no wellbeing services organiser with code 91"),
        ("99", "organiser codes: 01–21, 90"),
        ("140", "municipality code of Iisalmi.*its organiser is 13"),
        ("999", "no municipality or organiser with code 999"),
        ("1e", "not an organiser code"),
        ("", "not an organiser code"),
    ],
)
def test_find_organiser_refuses_other_codes_saying_which_are_accepted(
    store: Store, key: str, message: str
) -> None:
    with pytest.raises(LookupError, match=message):
        find_organiser(store, key)


def test_find_organiser_without_the_store_answers_from_the_organisers_given(
    store: Store,
) -> None:
    """The networks resolve a county from the organisers they read once, with no store: the
    same answers, but a municipality's own code is refused without naming it."""
    known = read_organisers(store)
    for key in (*COUNTIES, HELSINKI_MUNICIPALITY, "4"):
        assert find_organiser(None, key, organisers=known) == find_organiser(store, key)
    with pytest.raises(LookupError, match="no municipality or organiser with code 140"):
        find_organiser(None, "140", organisers=known)
    with pytest.raises(TypeError):
        find_organiser(None, "13")


# -- the same code on every surface -----------------------------------------------------


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def _ok(client: TestClient, url: str, **params: str) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.text)
    return r.json() if "json" in r.headers["content-type"] else r.text


@pytest.mark.parametrize("key", [HELSINKI_ORGANISER, HELSINKI_MUNICIPALITY])
def test_every_route_shows_helsinki_by_its_one_organiser_code(client: TestClient, key: str) -> None:
    code, municipality = HELSINKI_ORGANISER, HELSINKI_MUNICIPALITY
    shown: list[tuple[str, str]] = []
    counties = _ok(client, "/api/v1/counties")
    shown += [("counties", c["code"]) for c in counties if c["iri"].endswith("/" + municipality)]
    one = _ok(client, f"/api/v1/counties/{key}")
    shown.append(("county", one["code"]))
    shown += [("county members", m["county_code"]) for m in one["members"]]
    shown.append(
        ("municipality", _ok(client, f"/api/v1/municipalities/{municipality}")["county_code"])
    )
    listed = _ok(client, "/api/v1/municipalities", county=key)
    shown += [("municipalities?county", m["county_code"]) for m in listed]
    answer = _ok(client, "/api/v1/responsibilities", municipality=municipality)
    shown.append(("responsibilities", answer["municipality"]["county_code"]))
    report = _ok(client, "/api/v1/audit", county=key, as_of="2026-11-23")
    shown.append(("audit scope", report["scope"]["code"]))
    shown += [("audit rows", c["code"]) for r in report["rows"] for c in r["counties"]]
    national = _ok(client, "/api/v1/audit", as_of="2026-11-23")
    shown += [
        ("audit groups", g["organiser"]["code"])
        for g in national["summary"]["groups"]
        if g["organiser"] and g["organiser"]["iri"].endswith("/" + municipality)
    ]
    query = _ok(client, "/queries/municipalities-by-county", county=key)
    shown += [("named query", r["countyCode"]["value"]) for r in query["results"]["bindings"]]
    network = _ok(client, "/network", county=key, format="json")
    shown += [
        ("network", n["county"]) for n in network["nodes"] if n["iri"].endswith("/" + municipality)
    ]
    shown.append(("network filter", network["filters"]["county"]))
    entity = _ok(client, f"/id/municipality/{municipality}", format="jsonld")
    shown.append(("entity page", _organiser_code_in_jsonld(entity)))
    assert len(shown) >= 12
    assert {value for _, value in shown} == {code}, shown


def _organiser_code_in_jsonld(doc: Any) -> str:
    text = json.dumps(doc)
    assert "organiserCode" in text
    nodes = doc if isinstance(doc, list) else doc.get("@graph", [doc])
    for node in nodes:
        for key, value in node.items():
            if key.endswith("organiserCode"):
                first = value[0] if isinstance(value, list) else value
                return str(first["@value"] if isinstance(first, dict) else first)
    raise AssertionError("no organiser code on the page")


@pytest.mark.parametrize("key", [HELSINKI_ORGANISER, HELSINKI_MUNICIPALITY])
def test_every_command_shows_helsinki_by_its_one_organiser_code(
    settings: Settings, store: Store, tmp_path: Path, key: str
) -> None:
    code = HELSINKI_ORGANISER
    at = ["--store", str(settings.store_path)]
    shown: list[tuple[str, str]] = []
    # kg build prints the municipalities per organiser from this query
    per_county = {r["code"]: r["n"] for r in store.select(MUNICIPALITIES_PER_COUNTY)}
    assert HELSINKI_MUNICIPALITY not in per_county
    shown.append(("build", next(c for c in per_county if c not in COUNTIES)))
    audit = runner.invoke(
        app, ["audit", "--county", key, "--format", "json", "--as-of", "2026-11-23", *at]
    )
    shown.append(("audit", json.loads(audit.stdout)["scope"]["code"]))
    validate = runner.invoke(app, ["validate", "--county", key, "--format", "json", *at])
    shown.append(("validate", json.loads(validate.stdout)["county"]["code"]))
    query = runner.invoke(
        app,
        [
            "query",
            "--named",
            "municipalities-by-county",
            "--param",
            f"county={key}",
            "--format",
            "json",
            *at,
        ],
    )
    shown += [("query", r["countyCode"]) for r in json.loads(query.stdout)]
    export = runner.invoke(
        app, ["export", "--county", key, "--format", "csv", "-o", str(tmp_path / "x"), *at]
    )
    assert export.exit_code == 0, export.output
    shown.append(("export", export.stderr.strip().rsplit(" ", 1)[-1]))
    out = tmp_path / "network.json"
    network = runner.invoke(app, ["network", "--county", key, "-o", str(out), *at])
    assert network.exit_code == 0, network.output
    data = json.loads(out.read_text("utf-8"))
    shown.append(("network", data["filters"]["county"]))
    # Helsinki's node (its agreement with the Uusimaa counties brings their nodes too)
    helsinki = [n for n in data["nodes"] if n["iri"].endswith(f"/{HELSINKI_MUNICIPALITY}")]
    assert [n["kind"] for n in helsinki] == ["county"]
    shown += [("network", n["county"]) for n in helsinki]
    assert len(shown) >= 7
    assert {value for _, value in shown} == {code}, shown
