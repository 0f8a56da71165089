"""The public record as committed (``data/regional/julkinen-*/``): every row says where it
was read (page, the document's reference, read date), no row holds a person's name, and
each folder is one organiser's. Read from the files themselves, not from the store."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kg.importing.personal import names_in_text
from kg.importing.schema import TABLES
from tests.source_data import DATA, organiser_codes

FOLDERS = sorted((DATA / "regional").glob("julkinen-*"))
ID_COLUMNS = {
    t.fi: next(c.fi for c in t.columns if c.key.endswith("_id"))
    for t in TABLES
    if any(c.key.endswith("_id") for c in t.columns)
}


def _rows(folder: Path) -> list[tuple[str, int, dict[str, str]]]:
    out = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                out.append((path.stem, line, row))
    return out


def _problems(folder: Path) -> list[str]:
    """What is wrong with a public-record folder, one line per fault (file, line, column)."""
    code = re.fullmatch(r"julkinen-(\d\d)-[a-z-]+", folder.name)
    if code is None:
        return [f"{folder.name}: not julkinen-<code>-<slug>"]
    about = json.loads((folder / "source.json").read_text("utf-8"))
    out = []
    if about.get("kind") != "public-record" or about.get("organiser") != code[1]:
        out.append(f"{folder.name}/source.json: kind or organiser wrong")
    for table, line, row in _rows(folder):
        where = f"{folder.name}/{table}.csv line {line}"
        if not re.match(r"https?://\S+$", row.get("lähteen osoite") or ""):
            out.append(f"{where}: lähteen osoite")
        if not (row.get("lähdeviite") or "").strip():
            out.append(f"{where}: lähdeviite")
        try:
            read = dt.date.fromisoformat(row.get("luettu") or "")
            if read > dt.date.today():
                out.append(f"{where}: luettu in the future")
        except ValueError:
            out.append(f"{where}: luettu")
        if row.get("henkilön nimi"):
            out.append(f"{where}: henkilön nimi")
        for column, value in row.items():
            for name in names_in_text(value or ""):
                out.append(f"{where}: {column} names {name}")
        key = ID_COLUMNS.get(table)
        if key and not (row.get(key) or "").startswith(f"jr{code[1]}-"):
            out.append(f"{where}: {key} without jr{code[1]}-")
    return out


def test_there_is_a_public_record_for_most_organisers() -> None:
    codes = {f.name.split("-")[1] for f in FOLDERS}
    assert codes <= set(organiser_codes())
    assert len(codes) >= 12


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_every_row_says_where_it_was_read_and_names_no_one(folder: Path) -> None:
    assert _rows(folder), "a folder without rows"
    assert _problems(folder) == []


def test_the_check_finds_a_planted_name_and_a_missing_source(tmp_path: Path) -> None:
    folder = tmp_path / FOLDERS[0].name
    folder.mkdir()
    (folder / "source.json").write_bytes((FOLDERS[0] / "source.json").read_bytes())
    table, _, row = _rows(FOLDERS[0])[0]
    header = list(row)
    bad = dict(row) | {"lähdeviite": "Esittelijä Matti Virtanen", "lähteen osoite": ""}
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows([row, bad])
    found = _problems(folder)
    assert any("lähteen osoite" in p and "line 3" in p for p in found), found
    assert any("names Matti Virtanen" in p and "line 3" in p for p in found), found
    assert not any("line 2" in p for p in found), found
