"""Cells of CSV and TSV that a spreadsheet opens as text, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(…)``, ``=cmd|…``), and a leading tab or carriage return
can hide such a start. Data that anyone may import (a post's name, an agreement's title)
reaches the service's CSV and TSV answers, so such a cell gets a leading ``'``: the
spreadsheet shows the text as it is written and runs nothing (OWASP's advice on CSV
injection). A plain number (``-1``, ``+2.5``, ``-3E2``) is no formula and is kept as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would read it as a formula."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(row: dict[str, object]) -> dict[str, object]:
    """A CSV row (column → value) with every text value passed through :func:`neutralise`."""
    return {key: neutralise(v) if isinstance(v, str) else v for key, v in row.items()}


class SpreadsheetDictWriter(csv.DictWriter):
    """:class:`csv.DictWriter` whose text cells go through :func:`neutralise`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(neutralise_row(dict(rowdict)))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
