"""A page's table is its named query's rows, and the SPARQL it links runs elsewhere as is."""

from __future__ import annotations

import pyoxigraph

from kg.messages import message
from kg.named_queries import load_named_queries
from kg.store import Store
from kg.views import named


def test_a_table_holds_the_named_query_rows_with_headings(store: Store) -> None:
    table = named.table(
        store,
        "municipality-profile",
        {"municipality": "239"},
        lang="sv",
        columns=("name", "regionName"),
    )
    assert table.headers == (message("column.name", "sv"), message("column.regionName", "sv"))
    assert [r["name"] for r in table.rows] == ["Keitele"]
    assert table.params == {"municipality": "239"}


def test_the_editor_text_declares_its_prefixes_and_binds_its_values(store: Store) -> None:
    """The text opened in the editor parses without the service's predeclared prefixes
    and gives the same rows as the page."""
    query = load_named_queries()["owner-coverage-by-municipality-and-theme"]
    text = named.editor_text(query, {"county": "13"})
    assert "PREFIX yp: <" in text and "VALUES" in text
    bare = pyoxigraph.Store()  # no predeclared prefixes: the text must declare its own
    bare.query(text)  # parses (no rows: an empty store)
    rows = store.select(text)
    assert len(rows) == len(named.run(store, query.id, {"county": "13"})) > 0


def test_empty_parameters_are_left_unbound(store: Store) -> None:
    every = named.table(store, "negotiations-and-meetings", {"county": "", "lang": "en"}, lang="en")
    assert every.params == {"lang": "en"}
    assert len({r["countyCode"] for r in every.rows}) > 1
