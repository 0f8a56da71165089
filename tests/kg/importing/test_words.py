"""Every fixed word of the import report in Finnish, Swedish and English."""

from __future__ import annotations

import string

import pytest

from kg.importing.entity_kinds import KINDS
from kg.importing.schema import TABLES
from kg.importing.words import LANGS, SV_COLUMNS, WORDS, column_name, word


@pytest.mark.parametrize("key", sorted(WORDS))
def test_word_in_every_language_with_the_same_fields(key: str) -> None:
    texts = WORDS[key]
    assert set(texts) == set(LANGS) and all(t.strip() for t in texts.values())
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
    assert all(f == fields[0] for f in fields), texts


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
