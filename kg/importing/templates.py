"""Templates made from the schema: CSV headers, XLSX workbooks with drop-down lists and a
theme list, and the templates' README. ``kg templates`` writes them into
``data/templates/``; a test checks the committed files are what the schema, the ontology's
themes and the reference data make.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.importing.schema import TABLES, Column, Kind, Table
from kg.importing.template_lists import TemplateLists, template_lists

LANGS = ("fi", "en")
WORKBOOK = {"fi": "yhdyspinta-pohja.xlsx", "en": "yhdyspinta-template.xlsx"}
LISTS_SHEET = {"fi": "listat", "en": "lists"}
HELP_SHEET = {"fi": "ohjeet", "en": "instructions"}
THEME_SHEET = {"fi": "teemaluettelo", "en": "theme list"}
THEME_HEADERS = {
    "fi": ("koodi", "suomeksi", "ruotsiksi", "englanniksi", "ydinteema", "mitä teema kattaa"),
    "en": ("code", "Finnish", "Swedish", "English", "core theme", "what the theme covers"),
}
# columns whose drop-down lists valid names; other values (codes, Swedish names) are let
# through after a warning, since the importer accepts them too
NAME_KINDS = (Kind.MUNICIPALITY, Kind.COUNTY, Kind.THEME, Kind.THEMES)
ROWS_WITH_LISTS = 5000


def csv_text(table: Table, lang: str, rows: Sequence[Sequence[str]] = ()) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.header(lang) for c in table.columns])
    width = len(table.columns)  # a row without the optional columns at the end: empty cells
    writer.writerows([*row, *[""] * (width - len(row))] for row in rows)
    return buf.getvalue()


def choice_values(column: Column, lang: str) -> list[str]:
    return [c.value if lang == "fi" else c.en for c in column.choices]


def name_values(column: Column, lang: str, lists: TemplateLists) -> list[str]:
    """The valid names a municipality, county or theme column's drop-down offers."""
    if column.kind is Kind.MUNICIPALITY:
        return list(lists.municipalities)
    if column.kind is Kind.COUNTY:
        return list(lists.counties[lang])
    return lists.theme_names(lang)


def workbook(
    lang: str, data: dict[str, list[list[str]]] | None = None, lists: TemplateLists | None = None
) -> bytes:
    """An XLSX workbook: one sheet per table (with ``data`` rows if given), drop-down lists
    for choice columns and for the municipality, county and theme columns, the theme list,
    and an instructions sheet. Every cell is written as text, so a value that starts with
    '=' can never become a formula."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = lists or template_lists()
    wb = Workbook()
    help_sheet = wb.active
    assert help_sheet is not None
    help_sheet.title = HELP_SHEET[lang]
    help_sheet.append(
        [
            _t(lang, "Taulukko", "Table"),
            _t(lang, "Sarake", "Column"),
            _t(lang, "Pakollinen", "Required"),
            _t(lang, "Ohje", "Help"),
        ]
    )
    _theme_sheet(wb.create_sheet(THEME_SHEET[lang]), lang, lists)
    list_sheet = wb.create_sheet(LISTS_SHEET[lang])
    list_ranges: dict[tuple[str, ...], str] = {}  # the values -> their range on list_sheet

    def list_range(title: str, values: list[str]) -> str:
        if tuple(values) not in list_ranges:
            col = len(list_ranges) + 1
            list_sheet.cell(row=1, column=col, value=title)
            for r, value in enumerate(values, start=2):
                list_sheet.cell(row=r, column=col, value=value)
            ref = get_column_letter(col)
            sheet_ref = f"'{LISTS_SHEET[lang]}'" if " " in LISTS_SHEET[lang] else LISTS_SHEET[lang]
            list_ranges[tuple(values)] = f"={sheet_ref}!${ref}$2:${ref}${len(values) + 1}"
        return list_ranges[tuple(values)]

    for table in TABLES:
        sheet = wb.create_sheet(table.name(lang))
        sheet.append([c.header(lang) for c in table.columns])
        for row in (data or {}).get(table.key, []):
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"  # text, never a formula
        for i, column in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = max(14, len(column.header(lang)) + 2)
            help_sheet.append(
                [
                    table.name(lang),
                    column.header(lang),
                    _t(lang, "kyllä", "yes") if column.required else "",
                    column.help_fi if lang == "fi" else column.help_en,
                ]
            )
            if column.kind is Kind.CHOICE:
                values = choice_values(column, lang)
                title = f"{table.name(lang)}: {column.header(lang)}"
                rule = DataValidation(
                    type="list",
                    allow_blank=not column.required,
                    formula1=list_range(title, values),
                )
                rule.error = _t(lang, "Valitse arvo luettelosta.", "Pick a value from the list.")
                rule.showErrorMessage = True
            elif column.kind in NAME_KINDS:
                values = name_values(column, lang, lists)
                title = _KIND_TITLES[column.kind.value][lang]
                rule = DataValidation(
                    type="list", allow_blank=True, formula1=list_range(title, values)
                )
                if column.kind is Kind.THEMES:  # several, separated by ';': no check here
                    rule.showErrorMessage = False
                else:
                    rule.errorStyle = "warning"
                    rule.error = _t(
                        lang,
                        "Ei luettelossa. Tuonti hyväksyy myös koodin ja ruotsinkielisen nimen.",
                        "Not in the list. The import also accepts a code or a Swedish name.",
                    )
                    rule.showErrorMessage = True
                rule.prompt = _t(
                    lang, _PROMPTS[column.kind.value][0], _PROMPTS[column.kind.value][1]
                )
                rule.showInputMessage = True
            else:
                continue
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_KIND_TITLES = {
    "municipality": {"fi": "kunnat", "en": "municipalities"},
    "county": {"fi": "hyvinvointialueet", "en": "counties"},
    "theme": {"fi": "teemat", "en": "themes"},
    "themes": {"fi": "teemat", "en": "themes"},
}
_PROMPTS = {
    "municipality": (
        "Valitse kunta tai kirjoita nimi tai koodi.",
        "Pick a municipality or type a name or code.",
    ),
    "county": (
        "Valitse hyvinvointialue tai kirjoita nimi tai koodi.",
        "Pick a county or type a name or code.",
    ),
    "theme": (
        "Valitse teema (ks. välilehti teemaluettelo).",
        "Pick a theme (see the theme list sheet).",
    ),
    "themes": (
        "Valitse teema tai kirjoita useita puolipisteellä erotettuina (ks. teemaluettelo).",
        "Pick a theme or type several separated by ';' (see the theme list).",
    ),
}


def _theme_sheet(sheet: Any, lang: str, lists: TemplateLists) -> None:
    """The theme list: code, names in fi/sv/en, whether core, what it covers."""
    sheet.append(list(THEME_HEADERS[lang]))
    yes, no = _t(lang, "kyllä", "yes"), _t(lang, "ei", "no")
    for theme in lists.themes:
        sheet.append(
            [
                theme.code,
                theme.name.get("fi", ""),
                theme.name.get("sv", ""),
                theme.name.get("en", ""),
                yes if theme.core else no,
                theme.covers.get(lang, ""),
            ]
        )
    for letter, width in zip("ABCDEF", (24, 40, 40, 40, 10, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def theme_table(lists: TemplateLists | None = None) -> list[str]:
    """The theme list as a Markdown table (code, names, core, what it covers in English)."""
    lists = lists or template_lists()
    out = [
        "| koodi / code | suomeksi | på svenska | in English | ydin / core | what it covers |",
        "|---|---|---|---|---|---|",
    ]
    for t in lists.themes:
        out.append(
            f"| `{t.code}` | {t.name.get('fi', '')} | {t.name.get('sv', '')} "
            f"| {t.name.get('en', '')} | {'x' if t.core else ''} | {t.covers.get('en', '')} |"
        )
    return out


def readme() -> str:
    """The templates' documentation, in Finnish and English, from the schema."""
    out = [
        "# Aluetietojen pohjat / Templates for regional data",
        "",
        "Generated by `kg templates` from `kg/importing/schema.py`; do not edit by hand.",
        "",
        "Fill a template (CSV or XLSX, Finnish or English column names), then check it with",
        "`kg import FILE --into FOLDER --dry-run` and import it with",
        "`kg import FILE --into FOLDER` (FOLDER under data/regional/ then holds just this file).",
        "Every row is checked before anything is written; each error names the file, sheet,",
        "row and column.",
        "",
        "Täytä pohja (CSV tai XLSX, suomen- tai englanninkieliset sarakeotsikot), tarkista se",
        "komennolla `kg import TIEDOSTO --into KANSIO --dry-run` ja tuo se komennolla",
        "`kg import TIEDOSTO --into KANSIO`.",
        "",
        "Files: `fi/*.csv`, `en/*.csv`, `"
        + WORKBOOK["fi"]
        + "` (fi), `"
        + WORKBOOK["en"]
        + "` (en). Lists in a cell are separated by `;`. Dates are `YYYY-MM-DD`. Municipalities",
        "may be given by code (with or without leading zeros) or by Finnish or Swedish name,",
        "also as organisations are written (`Iisalmen kaupunki`, `Jakobstads stad`); themes by",
        "the codes in the theme list below (e.g. `hyte`) or by any of their names, in any case",
        "and without accents. The XLSX templates offer the valid municipalities, counties and",
        "themes as drop-down lists and carry the theme list as the sheet `"
        + THEME_SHEET["fi"]
        + "` / `"
        + THEME_SHEET["en"]
        + "`.",
        "",
        "Apostrophes: in a CSV file a cell that starts with `=`, `+`, `-`, `@`, a tab or a",
        "carriage return may carry one leading apostrophe (`'=SUM(A1)`), as exports write it",
        "so that a spreadsheet does not read the cell as a formula; the import removes that",
        "apostrophe, and one written before another apostrophe (`''quoted'` is read as",
        "`'quoted'`). Any other leading apostrophe is data and is kept. In XLSX files nothing",
        "is removed: a text cell is never a formula there, so exports write no apostrophe.",
        "",
        "Heittomerkit: CSV-tiedostossa soluun, joka alkaa merkillä `=`, `+`, `-`, `@`,",
        "sarkaimella tai rivinvaihdolla, voi kirjoittaa eteen yhden heittomerkin (`'=SUM(A1)`),",
        "kuten viennit tekevät, ettei taulukkolaskenta lue solua kaavaksi; tuonti poistaa sen,",
        "samoin toisen heittomerkin edeltä (`''lainaus'` luetaan `'lainaus'`). Muut alun",
        "heittomerkit ovat tietoa ja säilyvät. XLSX-tiedostoista ei poisteta mitään: tekstisolu",
        "ei ole siellä koskaan kaava, joten viennit eivät kirjoita heittomerkkiä.",
        "",
        "## Teemaluettelo / Theme list",
        "",
        "From the ontology (`ontology/yhdyspinta.ttl`); the ten core themes first.",
        "",
        *theme_table(),
    ]
    for table in TABLES:
        out += [
            "",
            f"## {table.fi} / {table.en}",
            "",
            table.help_fi,
            "",
            table.help_en,
            "",
            "| sarake (fi) | column (en) | pakollinen / required | ohje | help |",
            "|---|---|---|---|---|",
        ]
        for c in table.columns:
            values = ""
            if c.choices:
                values = " (" + " / ".join(f"`{ch.value}`" for ch in c.choices) + ")"
            out.append(
                f"| {c.fi} | {c.en} | {'x' if c.required else ''} | {c.help_fi}{values} "
                f"| {c.help_en} |"
            )
    return "\n".join(out) + "\n"


def write_templates(directory: Path) -> list[Path]:
    """Write every template into ``directory``; return the paths written."""
    written = []
    for lang in LANGS:
        (directory / lang).mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            path = directory / lang / f"{table.name(lang).replace(' ', '_')}.csv"
            path.write_text(csv_text(table, lang), "utf-8")
            written.append(path)
        path = directory / WORKBOOK[lang]
        path.write_bytes(workbook(lang))
        written.append(path)
    (directory / "README.md").write_text(readme(), "utf-8")
    written.append(directory / "README.md")
    return written


def _t(lang: str, fi: str, en: str) -> str:
    return fi if lang == "fi" else en
