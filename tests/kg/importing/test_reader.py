"""Reading CSV and XLSX: headers in either language, located errors, safe XLSX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from kg.errors import DataError, DataErrors
from kg.importing.limits import Limits
from kg.importing.reader import read_file, unneutralise
from kg.importing.schema import FORUMS, RESPONSIBILITIES
from kg.importing.templates import csv_text, workbook

FORUM = ["kainuu-x", "X", "verkosto", "Kainuu", "Kajaani", "", "asiantuntijat", "", ""]


def test_read_csv_english_headers_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "anything.csv"
    row = ["kainuu-x", "X", "verkosto", "Kainuu", "Kajaani", "", "asiantuntijat", "", ""]
    path.write_text(csv_text(FORUMS, "en", [row, [""] * 9, row]), "utf-8")
    (tables,) = read_file(path)
    assert tables.table is FORUMS
    assert [r.row for r in tables.rows] == [2, 4]
    assert tables.rows[0].values["members"] == "Kajaani"
    assert tables.rows[0].headers["members"] == "member organisations"


def test_read_csv_unknown_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "vastuut.csv"
    text = csv_text(RESPONSIBILITIES, "fi").replace("yhteyskanava", "puhelin")
    path.write_text(text, "utf-8")
    with pytest.raises(DataErrors, match="unknown column 'puhelin'") as info:
        read_file(path)
    (error,) = info.value.errors
    assert (error.path, error.line, error.column) == (path, 1, "puhelin")


def test_read_csv_every_unknown_column_with_closest_header(tmp_path: Path) -> None:
    path = tmp_path / "vastuut.csv"
    typos = {"yhteyskanava": "yhteyskanva", "tarkistettu": "tarkistetu"}
    text = csv_text(RESPONSIBILITIES, "fi")
    for right, wrong in typos.items():
        text = text.replace(right, wrong)
    path.write_text(text, "utf-8")
    with pytest.raises(DataErrors) as info:
        read_file(path)
    errors = info.value.errors
    assert [e.column for e in errors] == list(typos.values())  # header order
    for error, right in zip(errors, typos, strict=True):
        assert error.fix is not None and repr(right) in error.fix


def test_read_csv_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "vastuut.csv"
    path.write_text("hyvinvointialue,kunta\nKainuu,Kajaani\n", "utf-8")
    with pytest.raises(DataError, match="required columns missing"):
        read_file(path)


def test_read_xlsx_sheets_and_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    row = [
        "f-1",
        "=cmd|' /C calc'!A0",
        "verkosto",
        "Kainuu",
        "Kajaani",
        "",
        "asiantuntijat",
        "",
        "",
    ]
    path.write_bytes(workbook("fi", {"forums": [row]}))
    tables = {t.table.key: t for t in read_file(path)}
    assert len(tables["responsibilities"].rows) == 0
    (read,) = tables["forums"].rows
    assert read.sheet == "foorumit" and read.row == 2
    assert read.values["name"] == "=cmd|' /C calc'!A0"  # stored as text, not a formula


def test_read_xlsx_formula_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "foorumit"
    ws.append([c.fi for c in FORUMS.columns])
    ws.append(["f-1", "=1+1"])
    ws.append(["f-2", "nimi", "=A1"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    with pytest.raises(DataErrors, match="formulas are not accepted") as info:
        read_file(path)
    located = [(e.sheet, e.line, e.column) for e in info.value.errors]
    assert located == [("foorumit", 2, "B"), ("foorumit", 3, "C")]
    assert all(e.fix and "paste them as values" in e.fix for e in info.value.errors)


def test_read_csv_row_longer_than_header_is_left_out_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "foorumit.csv"
    width = len(FORUMS.columns)
    good = ["f-1", "X", "verkosto", "Kainuu", "Kajaani", "", "asiantuntijat"]
    good += [""] * (width - len(good))
    path.write_text(csv_text(FORUMS, "fi", [good, [*good, "extra"], good]), "utf-8")
    (table,) = read_file(path)
    assert [r.row for r in table.rows] == [2, 4]
    (error,) = table.errors
    assert error.line == 3 and f"row has {width + 1} cells, the header has {width}" in error.message


def _with_entities(data: bytes) -> bytes:
    """The workbook with a 'billion laughs' DTD in its first sheet, expanded in a cell."""
    dtd = (
        '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                assert "nimi" in text
                if text.startswith("<?xml"):
                    head, _, rest = text.partition("?>")
                    text = head + "?>" + dtd + rest
                else:
                    text = dtd + text
                text = text.replace("nimi", "&lol3;")
                content = text.encode()
            dst.writestr(item, content)
    return out.getvalue()


def test_read_xlsx_entity_expansion_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "foorumit"
    ws.append([c.fi for c in FORUMS.columns])
    ws.append(["f-1", "nimi"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_with_entities(buf.getvalue()))
    with pytest.raises(DataError, match="XML entities or DTDs are not allowed"):
        read_file(path)


def test_read_file_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(csv_text(FORUMS, "fi") + "x" * 2000, "utf-8")
    with pytest.raises(DataError, match="above the limit of 1000 bytes") as info:
        read_file(path, limits=Limits(max_bytes=1000))
    assert "YP_IMPORT_MAX_BYTES" in info.value.message
    xlsx = tmp_path / "t.xlsx"
    xlsx.write_bytes(workbook("fi"))
    with pytest.raises(DataError, match="unpacks to"):
        read_file(xlsx, limits=Limits(max_unpacked=1000))


def test_read_file_not_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", "utf-8")
    with pytest.raises(DataError, match="not a zip"):
        read_file(path)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'=1+1", "=1+1"),
        ("'+358 8 123", "+358 8 123"),
        ("'-x", "-x"),
        ("'@a", "@a"),
        ("''=x", "'=x"),
        ("'plain", "'plain"),
        ("=raw", "=raw"),
    ],
)
def test_unneutralise(cell: str, value: str) -> None:
    assert unneutralise(cell) == value


def test_read_apostrophe_removed_in_csv_only(tmp_path: Path) -> None:
    cells = ["'=1+1", "''quoted'", "'plain"]
    rows = [[f"f-{i}", cell, *FORUM[2:]] for i, cell in enumerate(cells)]
    path = tmp_path / "foorumit.csv"
    path.write_text(csv_text(FORUMS, "fi", rows), "utf-8")
    (table,) = read_file(path)
    assert [r.values["name"] for r in table.rows] == ["=1+1", "'quoted'", "'plain"]
    book = tmp_path / "pohja.xlsx"
    book.write_bytes(workbook("fi", {"forums": rows}))
    tables = {t.table.key: t for t in read_file(book)}
    assert [r.values["name"] for r in tables["forums"].rows] == cells  # as written
