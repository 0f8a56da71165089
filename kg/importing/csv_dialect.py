"""How a CSV file was saved: its encoding and its delimiter, as spreadsheets write them.

Finnish Excel saves "CSV (luetteloerotin)" / "CSV (semicolon delimited)" in Windows-1252
with ``;`` between cells (the list separator of the Finnish locale), and "CSV UTF-8" in
UTF-8 with a byte-order mark, also with ``;``; LibreOffice and scripts often write UTF-8
with ``,``. Line ends may be CRLF. The encoding is UTF-8 (with or without the mark) when
the bytes are valid UTF-8, else Windows-1252; the delimiter is the one of ``;`` and ``,``
that splits the header line into more known template headers (not a guess from character
counts, which a title with commas would mislead). When neither reading makes sense, the
error says how to save the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DataError

DELIMITERS = (";", ",")
SAVE_AS = (
    "save it from Excel with Tallenna nimellä → CSV UTF-8 (luetteloerotin) "
    "(Save As → CSV UTF-8), or from LibreOffice as Text CSV with character set UTF-8"
)
# bytes that Windows-1252 leaves undefined: a file holding them was not written in it
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class Dialect:
    encoding: str  # "utf-8", "utf-8-sig" (with a byte-order mark) or "cp1252"
    delimiter: str

    def describe(self) -> str:
        names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252"}
        return f"{names[self.encoding]}, cells separated by {self.delimiter!r}"


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a CSV file's bytes and the encoding it was read in."""
    encoding = _encoding(iter([data]), path)
    return data.decode(encoding), encoding


def detect_encoding(path: Path, *, block: int = 1 << 20) -> str:
    """The encoding of a CSV file, told from its bytes read in blocks (the file is never
    held whole): ``utf-8``, ``utf-8-sig`` or ``cp1252``."""
    with path.open("rb") as handle:
        return _encoding(iter(lambda: handle.read(block), b""), path)


def _encoding(blocks: Iterator[bytes], path: Path) -> str:
    first = b""
    for data in blocks:  # enough bytes to see a byte-order mark
        first += data
        if len(first) >= len(codecs.BOM_UTF8):
            break
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(
            "the file is saved as Unicode text (UTF-16), which is not CSV",
            path=path,
            fix=SAVE_AS,
        )
    bom = first.startswith(codecs.BOM_UTF8)
    decoder = codecs.getincrementaldecoder("utf-8")()
    first_bad: int | None = None
    undefined: set[int] = set()
    offset = 0
    for data in itertools.chain([first], blocks):
        if first_bad is None:
            try:
                decoder.decode(data)
            except UnicodeDecodeError as exc:
                first_bad = offset + exc.start - len(exc.object) + len(data)
        undefined |= {b for b in _UNDEFINED_1252 if bytes([b]) in data}
        offset += len(data)
    if first_bad is None:
        try:
            decoder.decode(b"", final=True)  # a sequence cut off at the end
        except UnicodeDecodeError:
            first_bad = offset - 1
    if first_bad is None:
        return "utf-8-sig" if bom else "utf-8"
    if bom:
        raise DataError(
            f"the file starts as UTF-8 but byte {first_bad} is not UTF-8",
            path=path,
            fix=SAVE_AS,
        )
    if undefined:
        shown = ", ".join(hex(b) for b in sorted(undefined))
        raise DataError(
            f"the encoding cannot be told: byte {first_bad} is not UTF-8 and the file holds "
            f"bytes that Windows-1252 does not use ({shown})",
            path=path,
            fix=SAVE_AS,
        )
    return "cp1252"


def sniff(text: str, encoding: str, headers: Iterable[str], path: Path) -> Dialect:
    """The delimiter that makes the header line read as known template headers."""
    known = {h.strip().casefold() for h in headers}
    first = _first_record(text)
    scores = {}
    for delimiter in DELIMITERS:
        cells = next(csv.reader(io.StringIO(first, newline=""), delimiter=delimiter), [])
        scores[delimiter] = sum(1 for cell in cells if cell.strip().casefold() in known)
    best = max(DELIMITERS, key=lambda d: scores[d])  # ties go to ';', Finnish Excel's
    if scores[best] == 0:
        shown = first.strip()[:80]
        hint = (
            " (read as Windows-1252, since the file is not UTF-8)" if encoding == "cp1252" else ""
        )
        raise DataError(
            f"the first line is not a template header: {shown!r}{hint}",
            path=path,
            line=1,
            fix="start the file with the template's header row; " + SAVE_AS,
        )
    return Dialect(encoding, best)


def _first_record(text: str) -> str:
    """The header line (a header cell cannot hold a line break in our templates)."""
    end = len(text)
    for mark in ("\r\n", "\n", "\r"):
        at = text.find(mark)
        if at != -1:
            end = min(end, at)
    return text[:end]
