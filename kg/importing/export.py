"""A county's regional data back to the templates (CSV files or one XLSX workbook).

Exports import back to an isomorphic graph: codes keep their leading zeros and names are
written as the name matcher finds them. In CSV files a cell that a spreadsheet would read
as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets
a leading apostrophe, and so does a cell that starts with an apostrophe; the importer
removes exactly that one again (``kg.importing.reader``), so ``=SUM(A1)`` and ``'quoted'``
come back as they were. XLSX cells are written as text cells, which a spreadsheet never
reads as a formula, so they get no apostrophe and the importer removes none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.cooperation import county_rows
from kg.importing.regional import MANIFEST
from kg.importing.schema import TABLES, Kind, Table
from kg.importing.templates import WORKBOOK, csv_text, workbook
from kg.iris import Minter
from kg.organisers import find_organiser
from kg.sources import PUBLIC_RECORD
from kg.store import Store

_FORMULA = re.compile(r"^[=+\-@'\t\r]")
LISTS = {Kind.ORGANISATIONS, Kind.THEMES}
_CHOICE_BY_IRI = {ch.iri: ch.value for t in TABLES for c in t.columns for ch in c.choices}
_IRI_COLUMNS = {
    "sideIri": "side",
    "typeIri": "type",
    "levelIri": "level",
    "municipalBodyIri": "municipal_body",
    "countyBodyIri": "county_body",
    "statusIri": "status",
}


@dataclass(frozen=True)
class Export:
    county: str
    rows: dict[str, list[list[str]]]  # table key -> rows in template column order
    illustrative: bool
    public_record: bool = False

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())


def neutralise(value: str) -> str:
    """Keep a spreadsheet from reading a CSV cell as a formula (and keep a leading
    apostrophe of the value through the importer's removal of one)."""
    return "'" + value if _FORMULA.match(value) else value


def collect(store: Store, mint: Minter, code: str, *, public_record: bool = False) -> Export:
    """The regional data of the organiser ``code`` names (its organiser code, 01–21 or 90,
    or Helsinki's municipality code 091: :func:`kg.organisers.find_organiser`): its own
    data, or with ``public_record`` its public record."""
    organiser = find_organiser(store, code)
    rows: dict[str, list[list[str]]] = {}
    illustrative = False
    for table in TABLES:
        out = []
        for record in county_rows(store, table.key, organiser.iri, public_record=public_record):
            illustrative |= bool(record.pop("illustrative", None))
            for iri_column, key in _IRI_COLUMNS.items():
                if iri_column in record:
                    iri = record.pop(iri_column)
                    record[key] = _CHOICE_BY_IRI.get(iri, "muu") if iri else ""
            out.append([_cell(record.get(c.key), c.kind in LISTS) for c in table.columns])
        rows[table.key] = out
    return Export(organiser.code, rows, illustrative, public_record)


def _cell(value: object, is_list: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    text = str(value)
    if is_list:  # GROUP_CONCAT has no order: sort for stable files
        text = ";".join(sorted(text.split(";")))
    return text


def write(export: Export, directory: Path, *, fmt: str) -> list[Path]:
    """Write the export into ``directory`` as CSV files (one per table) or one workbook."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "csv":
        for table in TABLES:
            path = directory / f"{_file_name(table)}.csv"
            rows = [[neutralise(cell) for cell in row] for row in export.rows[table.key]]
            path.write_text(csv_text(table, "fi", rows), "utf-8")
            written.append(path)
    elif fmt == "xlsx":
        path = directory / WORKBOOK["fi"]
        path.write_bytes(workbook("fi", export.rows))
        written.append(path)
    else:
        raise ValueError(f"unknown format {fmt!r}: use csv or xlsx")
    if export.illustrative or export.public_record:
        about: dict[str, object] = {"title": f"Export of county {export.county}"}
        if export.illustrative:
            about["illustrative"] = True
        if export.public_record:
            about |= {"kind": PUBLIC_RECORD, "organiser": export.county}
        manifest = directory / MANIFEST
        manifest.write_text(json.dumps(about, indent=2, ensure_ascii=False), "utf-8")
        written.append(manifest)
    return written


def _file_name(table: Table) -> str:
    return table.fi.replace(" ", "_")
