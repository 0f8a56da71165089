"""What the write benches share: a private data folder and store that publishing may
change, and a county's upload of many responsibility rows.

Like ``tests/writing.py`` (which the benches do not import: tests are not part of the
package), but over the national graph with the public record: every folder of
``data/regional/`` is copied (publishing writes there), everything else in ``data/`` is
linked.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

from kg import lookups
from kg.auth.accounts import Principal
from kg.auth.scopes import parse_scope
from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.templates import workbook
from kg.store import Store
from kg.themes import themes_from_store

SECRET = "bench-secret-" + "x" * 40
COUNTY = "13"  # Pohjois-Savo: the upload's county
SIDES = ("kunta", "hyvinvointialue")


def writable_data(root: Path) -> Path:
    """``root/data``: ``data/``'s entries linked but ``regional/``, which is copied whole
    (the public record included: the national graph)."""
    data = root / "data"
    data.mkdir(parents=True)
    for entry in (REPO_ROOT / "data").iterdir():
        if entry.name == "regional":
            shutil.copytree(entry, data / "regional")
        else:
            (data / entry.name).symlink_to(entry.resolve())
    return data


def writable_settings(root: Path, *, build_store: bool = True) -> Settings:
    """Settings over a private copy of the data under ``root`` and a store built there."""
    settings = dataclasses.replace(
        Settings(),
        data_dir=writable_data(root),
        store_path=root / "var" / "store",
        accounts_path=root / "var" / "accounts.sqlite3",
        secret=SECRET,
        writes_per_minute=100_000,
    )
    if build_store:
        build(settings)
    return settings


def principal(scope: str, role: str = "editor", name: str = "bench") -> Principal:
    return Principal("token", f"t-{scope}", name, parse_scope(scope), role)


def county_rows(store: Store, prefix: str, n: int, county: str = COUNTY) -> list[list[str]]:
    """``n`` template rows of responsibilities in ``county``: its municipalities × themes
    × sides in turn, each with its own post title ``f"{prefix} {i}"`` (1 … n)."""
    towns = [m["code"] for m in lookups.municipalities(store, county=county)]
    themes = [t.code for t in themes_from_store(store)]
    cells = itertools.cycle(itertools.product(towns, themes, SIDES))
    rows = []
    for i, (town, theme, side) in zip(range(1, n + 1), cells, strict=False):
        rows.append(
            [county, town, theme, side, "", f"{prefix} {i}", "", "", "Yksikkö"]
            + ["kirjaamo@example.fi", "", "", "2024-01-01", "", "2026-11-01", "Bench", "", ""]
            + ["", ""]
        )
    return rows


def xlsx(rows: list[list[str]]) -> bytes:
    """The Finnish template workbook with ``rows`` as its responsibilities."""
    return workbook("fi", {"responsibilities": rows})
