"""The committed templates are what the schema makes."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from kg.config import REPO_ROOT
from kg.importing.schema import TABLES, Kind
from kg.importing.templates import WORKBOOK, csv_text, readme, workbook

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


def test_templates_workbook_has_dropdowns_for_choice_columns(tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(workbook("fi")))
    for table in TABLES:
        sheet = wb[table.fi]
        rules = sheet.data_validations.dataValidation
        choice_columns = [c for c in table.columns if c.kind is Kind.CHOICE]
        assert len(rules) == len(choice_columns), table.key
        for rule in rules:
            assert rule.type == "list"
            assert str(rule.formula1).startswith("=listat!")
    lists = wb["listat"]
    assert "kunta" in [c.value for c in lists["A"]]


def test_readme_documents_every_column() -> None:
    text = readme()
    for table in TABLES:
        for column in table.columns:
            assert f"| {column.fi} | {column.en} |" in text
