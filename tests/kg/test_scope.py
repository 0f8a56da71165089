"""The interfaces in scope, over the real reference graph: a county named in
theme_scope.csv by its organiser code (leading zero optional, Helsinki also by 091) adds or
removes themes; an unknown code is refused naming the file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.config import REPO_ROOT, Settings
from kg.errors import DataError
from kg.iris import Minter
from kg.namespaces import YP_IRI
from kg.organisers import read_organisers
from kg.scope import load_scope
from kg.store import Store

HEADER = "county_code,theme,in_scope,note\n"


def _scope(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "scope").mkdir()
    (tmp_path / "scope" / "theme_scope.csv").write_text(HEADER + rows, "utf-8")
    return tmp_path


def _in_scope(graph_text: str, subject: str) -> set[str]:
    return {
        line.split()[2].strip("<>").rsplit("/", 1)[1]
        for line in graph_text.splitlines()
        if line.startswith(f"<{subject}> <{YP_IRI}themeInScope>")
    }


def _mainland_municipalities_of(code: str) -> int:
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        return sum(1 for r in csv.DictReader(f) if r["wellbeing_county_code"] == code)


def test_codes_add_and_remove_themes_per_organiser(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    data = _scope(tmp_path, "13,environmental-health,kyllä,\n4,hyte,ei,\n091,housing,ei,\n")
    graph = load_scope(data, Minter(settings.base_iri), store).ntriples().decode()
    by_code = {o.code: o for o in read_organisers(store)}
    core = _in_scope(graph, by_code["20"].iri)
    assert len(core) == 10
    assert _in_scope(graph, by_code["13"].iri) == core | {"environmental-health"}
    assert _in_scope(graph, by_code["04"].iri) == core - {"hyte"}
    assert _in_scope(graph, by_code["90"].iri) == core - {"housing"}
    interfaces = graph.count(f"<{YP_IRI}InterfaceInScope>")
    every = sum(_mainland_municipalities_of(code) for code in by_code)
    assert interfaces == 10 * every + _mainland_municipalities_of("13") - sum(
        _mainland_municipalities_of(c) for c in ("04", "90")
    )


@pytest.mark.parametrize("code", ["91", "99"])
def test_a_code_of_no_organiser_is_refused_where_it_stands(
    tmp_path: Path, settings: Settings, store: Store, code: str
) -> None:
    data = _scope(tmp_path, f"13,hyte,kyllä,\n{code},hyte,kyllä,\n")
    with pytest.raises(DataError) as info:
        load_scope(data, Minter(settings.base_iri), store)
    assert info.value.line == 3 and info.value.column == "county_code"
    assert f"code {code}" in str(info.value) and "01–21" in str(info.value)
