"""Duties as data: every row checked, errors located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.audit.obligations import load_obligations
from kg.config import REPO_ROOT
from kg.errors import DataError
from tests.helpers import edit_line


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
