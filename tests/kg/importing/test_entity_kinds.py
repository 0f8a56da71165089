"""The change list's entity kinds agree with the schema and the converter."""

from __future__ import annotations

from kg.importing.entity_kinds import KINDS, LINKS
from kg.importing.schema import TABLES
from kg.namespaces import YP


def test_entity_kinds_fields_are_columns_of_their_table() -> None:
    tables = {t.key: {c.key for c in t.columns} for t in TABLES}
    for kind in KINDS:
        assert {f.key for f in kind.fields} <= tables[kind.table], kind.key
        assert set(kind.title) | set(kind.identity) <= {f.key for f in kind.fields}


def test_entity_kinds_one_per_table() -> None:
    assert sorted(k.table for k in KINDS) == sorted(t.key for t in TABLES)


def test_entity_kinds_links_lead_to_nodes_read_further() -> None:
    assert {str(YP.post), str(YP.interface), str(YP.approval), str(YP.holder)} <= LINKS
    assert str(YP.municipality) not in LINKS  # a value, not a node read further
