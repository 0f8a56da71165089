"""The import report's words: from the catalogue, every column named in three languages."""

from __future__ import annotations

import pytest

from kg.importing.entity_kinds import KINDS
from kg.importing.schema import TABLES
from kg.importing.words import LANGS, SV_COLUMNS, column_name, word


def test_every_column_the_change_list_shows_has_three_names() -> None:
    for kind in KINDS:
        for field in kind.fields:
            names = [column_name(kind.table, field.key, lang) for lang in LANGS]
            assert all(names) and len(set(names)) >= 2, (kind.key, field.key, names)


def test_swedish_names_cover_every_column_of_the_schema() -> None:
    keys = {c.key for t in TABLES for c in t.columns}
    assert keys <= set(SV_COLUMNS)


def test_word_fills_fields() -> None:
    assert word("more", "sv", n=3) == "… och 3 till"
    assert word("more", "fi", n=3) == "… ja 3 muuta"


def test_an_unknown_word_is_an_error_not_its_key() -> None:
    with pytest.raises(KeyError, match="import.mroe"):
        word("mroe", "fi")
