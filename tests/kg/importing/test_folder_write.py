"""The write step: the folder holds exactly the imported files, or is put back as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kg.importing.folder_write import differs, replace_folder
from kg.importing.target import Target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Target, dict[str, bytes]]:
    """A region folder of two CSV files with sidecars and a source.json, and an incoming
    workbook that is to replace them."""
    root = tmp_path / "regional"
    folder = root / "r"
    folder.mkdir(parents=True)
    for name in ("vastuut.csv", "foorumit.csv"):
        (folder / name).write_text(f"old {name}", "utf-8")
        (folder / f"{name}.provenance.json").write_text("{}", "utf-8")
    (folder / "source.json").write_text('{"title": "R"}', "utf-8")
    incoming = tmp_path / "in"
    incoming.mkdir()
    book = incoming / "pohja.xlsx"
    book.write_bytes(b"workbook bytes")
    target = Target(root, folder, [(book, folder / book.name)], incoming)
    return target, _snapshot(folder)


def test_replace_folder_holds_exactly_the_imported_files(
    setup: tuple[Target, dict[str, bytes]],
) -> None:
    target, _ = setup
    rebuilt = []
    done = replace_folder(target, lambda: rebuilt.append(True))
    assert rebuilt == [True]
    folder = target.folder
    assert sorted(_snapshot(folder)) == ["pohja.xlsx", "pohja.xlsx.provenance.json", "source.json"]
    assert done.files == [folder / "pohja.xlsx"]
    assert sorted(p.name for p in done.removed) == [
        "foorumit.csv",
        "foorumit.csv.provenance.json",
        "vastuut.csv",
        "vastuut.csv.provenance.json",
    ]
    side = json.loads((folder / "pohja.xlsx.provenance.json").read_text("utf-8"))
    assert side["sha256"] == hashlib.sha256(b"workbook bytes").hexdigest()
    assert side["original_file"] == "pohja.xlsx"
    assert not differs(target)  # a second import of the same file changes no file


def test_replace_folder_failed_rebuild_puts_everything_back(
    setup: tuple[Target, dict[str, bytes]],
) -> None:
    target, before = setup

    def broken() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_folder(target, broken)
    assert _snapshot(target.folder) == before


def test_replace_folder_brings_source_json(setup: tuple[Target, dict[str, bytes]]) -> None:
    target, _ = setup
    (target.source_dir / "source.json").write_text('{"title": "new"}', "utf-8")
    replace_folder(target, lambda: None)
    assert json.loads((target.folder / "source.json").read_text("utf-8")) == {"title": "new"}


def test_differs_on_new_contents(setup: tuple[Target, dict[str, bytes]]) -> None:
    target, _ = setup
    assert differs(target)  # stale files to remove
    replace_folder(target, lambda: None)
    src, _ = target.moves[0]
    src.write_bytes(b"edited workbook")
    assert differs(target)
