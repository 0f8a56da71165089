"""Reference tables to RDF: checks across tables."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.errors import DataError
from kg.iris import Minter
from kg.reference import load_reference
from tests.helpers import edit_line


@pytest.mark.parametrize(
    ("file", "old", "new", "column", "message"),
    [
        ("municipalities.csv", "091,Helsinki", "91,Helsinki", "code", "municipality code"),
        (
            "municipalities.csv",
            "005,Alajärvi,Alajärvi,16,14,fi",
            "005,Alajärvi,Alajärvi,16,77,fi",
            "region_code",
            "unknown region",
        ),
        (
            "municipalities.csv",
            "009,Alavieska,Alavieska,19,17,fi,",
            "009,Alavieska,Alavieska,19,17,fin,",
            "language",
            "unknown language",
        ),
        (
            "employment_area_members.csv",
            "espoo-kauniainen,235",
            "espoo-kauniainen,049",
            "municipality_code",
            "already in area",
        ),
        (
            "employment_areas.csv",
            ",vastuukunta,049,",
            ",vastuukunta,092,",
            "lead_municipality_code",
            "not a member",
        ),
        ("regions.csv", "02,Varsinais-Suomi", "02,", "name_fi", "missing"),
    ],
)
def test_load_reference_bad_cell_is_located(
    data_copy: Settings, file: str, old: str, new: str, column: str, message: str
) -> None:
    path = data_copy.data_dir / "reference" / file
    line = edit_line(path, old, new)
    with pytest.raises(DataError, match=message) as info:
        load_reference(data_copy.data_dir, Minter(data_copy.base_iri))
    assert (info.value.path, info.value.line, info.value.column) == (path, line, column)


def test_load_reference_duplicate_code_points_at_first(data_copy: Settings) -> None:
    path = data_copy.data_dir / "reference" / "wellbeing_counties.csv"
    line = edit_line(path, "02,Keski-Uudenmaan", "01,Keski-Uudenmaan")
    with pytest.raises(DataError, match="first on line 2") as info:
        load_reference(data_copy.data_dir, Minter(data_copy.base_iri))
    assert info.value.line == line


def test_load_reference_county_spanning_two_regions_is_refused(data_copy: Settings) -> None:
    path = data_copy.data_dir / "reference" / "municipalities.csv"
    edit_line(path, "005,Alajärvi,Alajärvi,16,14,", "005,Alajärvi,Alajärvi,16,13,")
    with pytest.raises(DataError, match="exactly one known region") as info:
        load_reference(data_copy.data_dir, Minter(data_copy.base_iri))
    assert info.value.column == "code"
    assert info.value.path.name == "wellbeing_counties.csv"
