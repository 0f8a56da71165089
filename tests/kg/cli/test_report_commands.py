"""``kg audit`` and ``kg validate`` as a county's coordinator runs them: one county's rows
only, counts that add up, every row named, fi/sv/en, either of Helsinki's codes, and the
exit codes."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from typer.testing import CliRunner

from kg.audit.evaluate import STATUSES
from kg.audit.labels import WORDS
from kg.cli import app
from kg.config import Settings
from kg.store import Store

runner = CliRunner()
AS_OF = "2026-11-23"
BASE = "https://w3id.org/yhdyspinta/id/"


def _audit(settings: Settings, *args: str, store: Path | None = None) -> tuple[int, str]:
    path = store or settings.store_path
    result = runner.invoke(app, ["audit", "--as-of", AS_OF, *args, "--store", str(path)])
    return result.exit_code, result.stdout


def test_audit_county_13_sums_add_up_and_name_every_row(settings: Settings) -> None:
    code, text = _audit(settings, "--county", "13")
    _, raw = _audit(settings, "--county", "13", "--format", "json")
    data = json.loads(raw)
    rows = data["rows"]
    assert code == 1 and rows
    assert all("13" in {c["code"] for c in row["counties"]} for row in rows)
    lines = text.splitlines()
    # the counts: one line for North Savo, its numbers those of its rows, adding up
    scope = data["scope"]["label"]
    assert scope == "hyvinvointialue 13 Pohjois-Savon hyvinvointialue"
    count_lines = [line for line in lines if "(yhteensä " in line]
    assert count_lines == [lines[1]] and lines[1].startswith(f"{scope}: ")
    numbers = dict(
        part.rsplit(" ", 1) for part in lines[1].split(": ", 1)[1].split(" (")[0].split(", ")
    )
    by_status = Counter(row["status"] for row in rows)
    assert {s: int(numbers[WORDS["fi"][s]]) for s in STATUSES} == {
        s: by_status[s] for s in STATUSES
    }
    assert sum(int(n) for n in numbers.values()) == len(rows)
    assert lines[1].endswith(f"(yhteensä {len(rows)})")
    assert "koko maa" not in text.casefold()
    # every group heading names what it is; the only organiser heading is North Savo's
    assert [line for line in lines if line.startswith("==")] == [f"== {scope} =="]
    # every row named: its bearer and counterparty with what they are, their code and name
    for row in rows:
        for org in (row["bearer"], row["counterparty"]):
            if org is not None:
                assert org["label"] in text
                assert org["label"].startswith(f"{org['kind_label']} {org['code']} ")
    # no line starts with a bare code that could be read as a county
    assert not [line for line in lines if re.match(r"^\s*\d{2,3}\b", line)]
    kinds = {row["bearer"]["kind_label"] for row in rows}
    for line in lines:
        if line.strip().startswith("Velvoitettu:"):
            assert line.strip().removeprefix("Velvoitettu: ").split(" ")[0] in kinds


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_audit_lang_gives_every_fixed_word_in_that_language(settings: Settings, lang: str) -> None:
    _, text = _audit(settings, "--county", "13", "--lang", lang)
    _, raw = _audit(settings, "--county", "13", "--lang", lang, "--format", "json")
    data = json.loads(raw)
    assert text.startswith(WORDS[lang]["title"])
    for status in {row["status"] for row in data["rows"]}:
        assert f"[{WORDS[lang][status]}]" in text
    for row in data["rows"]:
        if row["period"]:
            assert row["period"]["label"] in text


def test_audit_helsinki_by_90_or_091_is_one_report(settings: Settings) -> None:
    by_90 = _audit(settings, "--county", "90", "--format", "json", "--lang", "sv")
    by_091 = _audit(settings, "--county", "091", "--format", "json", "--lang", "sv")
    assert by_90 == by_091
    data = json.loads(by_90[1])
    assert data["scope"]["code"] == "90" and data["scope"]["kind"] == "organiser"


def test_audit_refuses_aland_code_91_naming_the_codes(settings: Settings) -> None:
    result = runner.invoke(app, ["audit", "--county", "91", "--store", str(settings.store_path)])
    assert result.exit_code == 2 and not result.stdout
    assert "91" in result.output and "01–21, 90" in result.output and "091" in result.output


def _store_with_cancelled_negotiation(settings: Settings, tmp_path: Path) -> Path:
    """The built store plus a HYTE negotiation of county 18 for 2024, recorded cancelled."""
    turtle = """@prefix yp: <https://w3id.org/yhdyspinta/ontology#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <event/cancelled-2024> a yp:HealthWellbeingNegotiation ;
        dcterms:date "2024-10-01"^^xsd:date ; yp:eventStatus yp:EventCancelled ;
        yp:convener <county/18> ; yp:participant <county/18> ."""
    path = tmp_path / "store"
    store = Store(path)
    store.load_dataset(Store.open(settings.store_path))
    triples = [
        q.triple for q in parse(input=turtle.encode(), format=RdfFormat.TURTLE, base_iri=BASE)
    ]
    store.load_ntriples(b"".join(f"{t} .\n".encode() for t in triples), BASE + "graph/test")
    store.flush()
    return path


def test_audit_exit_code_follows_fail_on(settings: Settings, tmp_path: Path) -> None:
    path = _store_with_cancelled_negotiation(settings, tmp_path)
    args = ("--county", "18", "--obligation", "612-2021-7-convene", "--format", "json")
    code, raw = _audit(settings, *args, store=path)
    statuses = {row["period"]["key"]: row["status"] for row in json.loads(raw)["rows"]}
    assert statuses["2024"] == "missed" and statuses["2023"] == "no-evidence"
    assert code == 1
    assert _audit(settings, *args, "--fail-on", "missed", store=path)[0] == 1
    # the unchanged store: nothing missed, only no evidence recorded
    plain = _audit(settings, *args, "--fail-on", "missed")
    assert "missed" not in {row["status"] for row in json.loads(plain[1])["rows"]}
    assert plain[0] == 0
    assert _audit(settings, *args, "--fail-on", "no-evidence")[0] == 1


def test_validate_helsinki_by_091_in_swedish(settings: Settings) -> None:
    args = ["validate", "--as-of", AS_OF, "--format", "json", "--store", str(settings.store_path)]
    by_091 = runner.invoke(app, [*args, "--county", "091", "--lang", "sv"])
    by_90 = runner.invoke(app, [*args, "--county", "90", "--lang", "sv"])
    assert by_091.exit_code == by_90.exit_code and by_091.stdout == by_90.stdout
    data = json.loads(by_091.stdout)
    assert data["lang"] == "sv" and data["county"]["code"] == "90"
    assert data["county"]["name"] == "Helsingfors"
    assert data["title"].startswith("Valideringsrapport: Helsingfors (90)")
    assert {g["county"]["code"] for g in data["groups"] if g["county"]} <= {"90"}
