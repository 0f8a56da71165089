"""Duties as data: every row checked, errors located."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.audit.obligations import load_obligations, read_obligations
from kg.cli import app
from kg.config import REPO_ROOT, Settings
from kg.errors import DataError
from kg.store import Store
from tests.helpers import edit_line

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "data" / "obligations", tmp_path / "obligations")
    return tmp_path


def test_load_obligations_reads_every_duty(data: Path) -> None:
    duties = {d.id: d for d in load_obligations(data)}
    assert {
        "611-2021-14",
        "612-2021-7-convene",
        "612-2021-6-participate",
        "612-2021-6-designate",
        "612-2021-7-designate",
        "681-2023-ch5",
        "681-2023-ch6",
        "381-2023-tym",
    } <= set(duties)
    tym = duties["381-2023-tym"]
    assert tym.evidence_parties == ("authority", "counties", "kela")
    assert duties["611-2021-14"].citation == "611/2021 14 §"
    assert duties["681-2023-ch5"].citation == "681/2023 5 luku"
    assert duties["611-2021-14"].eli == "http://data.finlex.fi/eli/sd/2021/611/alkup"
    assert all(d.statement["fi"] and d.statement["en"] for d in duties.values())


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        (
            ",county,participant,municipality,county-council-term,",
            ",kunta,participant,municipality,county-council-term,",
            "bearer",
        ),
        (
            "county-council-term,event:CooperationNegotiation",
            "every-term,event:CooperationNegotiation",
            "period",
        ),
        ("event:CooperationNegotiation", "meeting", "evidence"),
        ("authority;counties;kela", "authority;unions", "evidence_parties"),
        (
            ",2025-01-01,kotoutuminen.fi (TEM): 681/2023 in force 2025-01-01\n681",
            ",2025-13-01,kotoutuminen.fi (TEM): 681/2023 in force 2025-01-01\n681",
            "in_force",
        ),
    ],
)
def test_load_obligations_bad_cell_is_located(data: Path, old: str, new: str, column: str) -> None:
    path = data / "obligations" / "obligations.csv"
    text = path.read_text("utf-8")
    if "\n" in old:
        assert old in text
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, 1), "utf-8")
    else:
        line = edit_line(path, old, new)
    with pytest.raises(DataError) as info:
        load_obligations(data)
    assert (info.value.path, info.value.line, info.value.column) == (path, line, column)


def test_the_store_holds_every_field_of_every_duty(store: Store) -> None:
    """What kg build stored (obligations_graph) reads back as the file's duties, field for
    field: the audit can judge from the store alone."""
    from_file = sorted(load_obligations(REPO_ROOT / "data"), key=lambda d: d.id)
    assert read_obligations(store) == from_file
    assert {d.evidence.partition(":")[0] for d in from_file} == {"event", "post", "agreement"}
    assert any(d.evidence_parties for d in from_file) and any(d.section for d in from_file)


def test_the_audit_judges_the_duties_of_the_store_it_serves(data: Path, settings: Settings) -> None:
    """A duty edited in obligations.csv after the build changes nothing until the next
    build: `kg audit`, run with YP_DATA_DIR on the edited copy, reads the store being
    served, not the file."""

    def audited() -> list[tuple[str, str]]:
        args = ["audit", "--obligation", "612-2021-7-convene", "--as-of", "2026-11-23"]
        args += ["--format", "json", "--store", str(settings.store_path)]
        result = CliRunner().invoke(app, args, env={"YP_DATA_DIR": str(data)})
        assert result.exit_code in (0, 1), result.output
        return [(r["bearer"]["iri"], r["status"]) for r in json.loads(result.stdout)["rows"]]

    before = audited()
    row = "convener,,calendar-year,event:HealthWellbeingNegotiation,,not-applicable,"
    edit_line(data / "obligations" / "obligations.csv", row + "2023-01-01", row + "2030-01-01")
    changed = {d.id: d for d in load_obligations(data)}["612-2021-7-convene"]
    assert changed.in_force == dt.date(2030, 1, 1)  # the file now says another thing
    after = audited()
    assert before and after == before
    assert {status for _, status in after} != {"not-applicable"}
