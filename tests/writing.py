"""What the tests of the coordinators' write path share: a private data folder and store
that publishing may change, accounts with a cheap Argon2 hasher, and ready files.

The national data is linked (reference, legal, seeds, survey); the regional folders are
copies (publishing writes there), the public record left out unless asked for, so a
build takes about a second and the example region (Kainuu, county 20) is the only
regional data: every other county "has no regional data yet".
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path

from argon2 import PasswordHasher
from openpyxl import load_workbook

from kg.auth.accounts import Accounts, Principal
from kg.auth.scopes import parse_scope
from kg.build import build
from kg.config import REPO_ROOT, Settings
from kg.importing.templates import workbook
from kg.store import Store
from tests.conftest import without_public_record

SECRET = "test-secret-" + "x" * 40
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def writable_settings(root: Path, *, public_record: bool = False) -> Settings:
    """Settings over ``root/data`` (regional folders copied) and a store built there."""
    data = root / "data"
    if public_record:
        data.mkdir(parents=True)
        for entry in (REPO_ROOT / "data").iterdir():
            if entry.name == "regional":
                import shutil

                shutil.copytree(entry, data / "regional")
            else:
                (data / entry.name).symlink_to(entry.resolve())
    else:
        without_public_record(REPO_ROOT / "data", data)
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        store_path=root / "var" / "store",
        accounts_path=root / "var" / "accounts.sqlite3",
        secret=SECRET,
        writes_per_minute=100_000,  # the tests that count refusals send many
    )
    build(settings)
    return settings


def accounts(settings: Settings) -> Accounts:
    return Accounts(settings.accounts_path, hasher=CHEAP)


def principal(scope: str, role: str = "editor", name: str = "tester") -> Principal:
    return Principal("token", f"t-{scope}", name, parse_scope(scope), role)


def responsibility_rows(
    county: str, municipality: str, theme: str, post: str, *, side: str = "kunta", n: int = 1
) -> dict[str, list[list[str]]]:
    """Template rows: ``n`` responsibility rows of one municipality (posts numbered)."""
    rows = []
    county = "Helsinki" if county == "90" else county  # the organiser 90 is written by name
    for i in range(n):
        title = post if n == 1 else f"{post} {i + 1}"
        rows.append(
            [county, municipality, theme, side, "", title, "", "", "Yksikkö", "kirjaamo@example.fi"]
            + ["", "", "2024-01-01", "", "2026-11-01", "Testiaineisto", "", "", "", ""]
        )
    return {"responsibilities": rows}


def xlsx(rows: dict[str, list[list[str]]]) -> bytes:
    """The Finnish template workbook with ``rows`` (what Excel users fill in)."""
    return workbook("fi", rows)


def store_digest(settings: Settings) -> str:
    """The SHA-256 of the serving store's quads (sorted N-Quads): equal digests, equal
    graphs."""
    store = Store.open(settings.store_path)
    lines = sorted(str(q) for q in store.quads())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def cells(data: bytes, sheet: str) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]
