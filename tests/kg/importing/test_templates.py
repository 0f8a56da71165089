"""The committed templates are what the schema makes."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kg.config import REPO_ROOT
from kg.importing.schema import TABLES, Kind
from kg.importing.template_lists import finnish_order
from kg.importing.templates import THEME_SHEET, WORKBOOK, csv_text, readme, workbook
from kg.themes import Theme, themes_from_ontology

TEMPLATES = REPO_ROOT / "data" / "templates"


def test_templates_csv_and_readme_are_up_to_date() -> None:
    for table in TABLES:
        for lang in ("fi", "en"):
            path = TEMPLATES / lang / f"{table.name(lang).replace(' ', '_')}.csv"
            assert path.read_text("utf-8") == csv_text(table, lang), path
    assert (TEMPLATES / "README.md").read_text("utf-8") == readme()


def _sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_templates_workbooks_are_up_to_date() -> None:
    for lang in ("fi", "en"):
        committed = (TEMPLATES / WORKBOOK[lang]).read_bytes()
        assert _sheets(committed) == _sheets(workbook(lang))


def test_templates_workbook_has_dropdowns_for_choice_and_name_columns() -> None:
    wb = load_workbook(io.BytesIO(workbook("fi")))
    lists = wb["listat"]
    for table in TABLES:
        sheet = wb[table.fi]
        rules = {str(r.sqref).split(":")[0][:-1]: r for r in sheet.data_validations.dataValidation}
        for i, column in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            if column.kind is Kind.CHOICE:
                expected = [c.value for c in column.choices]
            elif column.kind is Kind.MUNICIPALITY:
                expected = _mainland_municipalities()
            elif column.kind is Kind.COUNTY:
                expected = _county_names()
            elif column.kind in (Kind.THEME, Kind.THEMES):
                expected = [t.name["fi"] for t in _themes()]
            else:
                assert letter not in rules, (table.key, column.key)
                continue
            rule = rules[letter]
            assert rule.type == "list"
            assert _range_values(lists, str(rule.formula1)) == expected, (table.key, column.key)
            # a name the list lacks (a code, a Swedish name) is let through after a warning
            if column.kind is not Kind.CHOICE:
                assert rule.errorStyle == "warning" or not rule.showErrorMessage


def _range_values(sheet: Any, formula: str) -> list[object]:
    start, end = formula.split("!")[1].replace("$", "").split(":")
    return [c.value for (c,) in sheet[start:end]]


def _mainland_municipalities() -> list[str]:
    with (REPO_ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as f:
        names = [r["name_fi"] for r in csv.DictReader(f) if r["wellbeing_county_code"] != "91"]
    return sorted(names, key=finnish_order)


def _county_names() -> list[str]:
    with (REPO_ROOT / "data/reference/wellbeing_counties.csv").open(encoding="utf-8") as f:
        return [r["name_fi"] for r in csv.DictReader(f) if r["kind"] != "aland"]


def _themes() -> list[Theme]:
    return sorted(
        themes_from_ontology(REPO_ROOT / "ontology" / "yhdyspinta.ttl"),
        key=lambda t: (not t.core, t.code),
    )


def test_templates_workbook_theme_list_sheet_is_the_ontologys() -> None:
    for lang, sheet_name in THEME_SHEET.items():
        wb = load_workbook(io.BytesIO(workbook(lang)))
        rows = list(wb[sheet_name].iter_rows(values_only=True))
        assert rows[1:] == [
            (
                t.code,
                t.name["fi"],
                t.name["sv"],
                t.name["en"],
                ("kyllä" if t.core else "ei") if lang == "fi" else ("yes" if t.core else "no"),
                t.covers[lang],
            )
            for t in _themes()
        ]


def test_templates_theme_help_points_to_the_theme_list() -> None:
    text = readme()
    assert "## Teemaluettelo / Theme list" in text
    for t in _themes():
        assert f"| `{t.code}` | {t.name['fi']} |" in text
    for table in TABLES:
        for column in table.columns:
            if "teemaluettelo" in column.help_fi:
                assert THEME_SHEET["fi"] in load_workbook(io.BytesIO(workbook("fi"))).sheetnames


def test_readme_documents_every_column() -> None:
    text = readme()
    for table in TABLES:
        for column in table.columns:
            assert f"| {column.fi} | {column.en} |" in text
