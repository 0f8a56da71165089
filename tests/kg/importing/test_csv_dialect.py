"""CSV files as spreadsheets save them: encoding and delimiter told from the bytes and the
header, and a message saying how to save the file when they cannot be told."""

from __future__ import annotations

import codecs
import csv
import importlib.util
import io
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.importing.csv_dialect import SAVE_AS, decode, detect_encoding, sniff
from kg.importing.reader import read_file
from kg.importing.schema import FORUMS, RESPONSIBILITIES
from kg.importing.templates import csv_text

FIXTURES = Path(__file__).with_name("fixtures") / "spreadsheet"
HEADERS = [h for c in RESPONSIBILITIES.columns for h in (c.fi, c.en)]


def test_decode_utf8_with_and_without_bom(tmp_path: Path) -> None:
    text = "kunta;teema\nRistijärvi;hyte\n"
    assert decode(text.encode("utf-8"), tmp_path) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), tmp_path) == (text, "utf-8-sig")


def test_decode_windows_1252_when_not_utf8(tmp_path: Path) -> None:
    text = "kunta;teema\nRistijärvi;ikääntyneet – palvelut\n"
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: these bytes are not UTF-8
    assert decode(data, tmp_path) == (text, "cp1252")


def test_decode_neither_says_how_to_save(tmp_path: Path) -> None:
    data = "kunta\nRistijärvi\n".encode("cp1252") + b"\x81\x8d"  # undefined in Windows-1252
    with pytest.raises(DataError, match="encoding cannot be told") as info:
        decode(data, tmp_path / "x.csv")
    assert info.value.fix == SAVE_AS and "CSV UTF-8" in SAVE_AS
    assert info.value.path == tmp_path / "x.csv"


def test_decode_utf16_says_how_to_save(tmp_path: Path) -> None:
    data = "kunta\tteema\r\n".encode("utf-16")  # Excel's "Unicode text"
    with pytest.raises(DataError, match="UTF-16") as info:
        decode(data, tmp_path)
    assert info.value.fix == SAVE_AS


@pytest.mark.parametrize("block", [1, 2, 3, 7, 1 << 20])
def test_detect_encoding_in_blocks_as_decode_tells(tmp_path: Path, block: int) -> None:
    text = "kunta;teema\nRistijärvi;ikääntyneet – palvelut\n"
    path = tmp_path / "x.csv"
    for data, expected in (
        (text.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (text.encode("cp1252"), "cp1252"),
    ):
        path.write_bytes(data)
        assert detect_encoding(path, block=block) == decode(data, path)[1] == expected


@pytest.mark.parametrize("block", [1, 2, 5, 1 << 20])
def test_detect_encoding_names_the_first_bad_byte(tmp_path: Path, block: int) -> None:
    data = codecs.BOM_UTF8 + "kunta\nRistijärvi\n".encode() + b"\xff" + b"x" * 10
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    bad = data.index(b"\xff")
    with pytest.raises(DataError, match=f"byte {bad} is not UTF-8"):
        detect_encoding(path, block=block)
    path.write_bytes(data[:-11] + "ä".encode()[:1])  # a sequence cut off at the end
    with pytest.raises(DataError, match=f"byte {len(data) - 11} is not UTF-8"):
        detect_encoding(path, block=block)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_sniff_delimiter_from_known_headers(tmp_path: Path, delimiter: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow([c.fi for c in RESPONSIBILITIES.columns])
    writer.writerow(["a, b; c"] * len(RESPONSIBILITIES.columns))  # both characters in data
    dialect = sniff(buf.getvalue(), "utf-8", HEADERS, tmp_path)
    assert dialect.delimiter == delimiter


def test_sniff_header_with_more_commas_than_semicolons(tmp_path: Path) -> None:
    # a character count would choose ',': the headers decide ';'
    line = ";".join(c.fi for c in FORUMS.columns[:3]) + ";" + "x, y, z, w"
    assert sniff(line + "\n", "utf-8", [c.fi for c in FORUMS.columns], tmp_path).delimiter == ";"


def test_sniff_unknown_header_read_as_1252_says_how_to_save(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a template header") as info:
        sniff("¤¤¤;¤¤¤\n", "cp1252", HEADERS, tmp_path)
    assert "Windows-1252" in info.value.message
    assert info.value.fix is not None and SAVE_AS in info.value.fix


def _rows(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    """The file's cells read with the dialect it is known to have (the expectation)."""
    with path.open(encoding=encoding, newline="") as f:
        return [row for row in csv.reader(f, delimiter=delimiter) if any(row)]


@pytest.mark.parametrize(
    ("folder", "encoding"), [("excel-csv-ansi", "cp1252"), ("excel-csv-utf8", "utf-8-sig")]
)
def test_read_excel_csv_gives_the_cells_of_the_file(folder: str, encoding: str) -> None:
    files = sorted((FIXTURES / folder).glob("*.csv"))
    assert len(files) == 5
    for path in files:
        expected = _rows(path, encoding, ";")
        (table,) = read_file(path)
        assert table.dialect is not None
        assert (table.dialect.encoding, table.dialect.delimiter) == (encoding, ";")
        header = expected[0]
        keys = {c.fi: c.key for c in table.table.columns}
        assert set(header) <= set(keys)  # the file leaves out optional columns only
        assert all(not c.required for c in table.table.columns if c.fi not in header)
        read = [[r.values[keys[h]] for h in header] for r in table.rows]
        assert read == expected[1:]


def test_read_excel_csv_quoted_cells() -> None:
    path = FIXTURES / "quoted" / "foorumit.csv"
    header, expected = _rows(path, "cp1252", ";")[:2]
    assert '"' in expected[1] and ";" in expected[1]  # the premise of the fixture
    (table,) = read_file(path)
    (row,) = table.rows
    keys = {c.fi: c.key for c in FORUMS.columns}
    assert [row.values[keys[h]] for h in header] == expected


def test_semicolon_utf8_file_reads_not_as_one_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "foorumit.csv"
    row = ["f-1", "X", "verkosto", "Kainuu", "Kajaani;Kuhmo", "", "asiantuntijat", "", ""]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows([[c.fi for c in FORUMS.columns], row])
    path.write_text(buf.getvalue(), "utf-8")
    (table,) = read_file(path)
    assert table.rows[0].values["members"] == "Kajaani;Kuhmo"


def test_read_comma_csv_still_works(tmp_path: Path) -> None:
    path = tmp_path / "foorumit.csv"
    row = ["f-1", "X, Y", "verkosto", "Kainuu", "Kajaani", "", "asiantuntijat", "", ""]
    path.write_text(csv_text(FORUMS, "fi", [row]), "utf-8")
    (table,) = read_file(path)
    assert table.dialect is not None and table.dialect.delimiter == ","
    assert table.rows[0].values["name"] == "X, Y"


def test_excel_csv_fixtures_are_what_the_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = script.written()
    assert len(written) == 11  # five tables in two formats, and the quoted file
    for path, data in written.items():
        assert path.read_bytes() == data, path
