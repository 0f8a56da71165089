"""The search box finds municipalities, counties, themes and posts by any name, forgiving
case, accents, Swedish names and typos; only a sure best hit is taken as meant."""

from __future__ import annotations

import pytest

from kg import lookups
from kg.store import Store
from kg.views.search import Hit, meant, search


@pytest.mark.parametrize("typed", ["Keitele", "keitele", "KEITELE", "Keitle", "keitel"])
def test_a_municipality_is_found_forgivingly(store: Store, typed: str) -> None:
    sure = meant(search(store, typed, lang="fi"))
    assert sure is not None and (sure.kind, sure.key) == ("municipality", "239")


def test_swedish_names_codes_and_themes(store: Store) -> None:
    kristinestad = lookups.municipality(store, "Kristinestad")
    assert meant(search(store, "kristinestad", lang="sv")) == Hit(
        "municipality", kristinestad["code"], "Kristinestad", "", 1.0
    )
    by_code = meant(search(store, "13", lang="fi"))
    assert by_code is not None and (by_code.kind, by_code.key) == ("county", "13")
    theme = meant(search(store, "hyte", lang="en"))
    assert theme is not None and theme.kind == "theme" and theme.key == "hyte"


def test_a_post_title_lists_the_posts_not_one(store: Store) -> None:
    hits = search(store, "rehtori", lang="fi")
    posts = [h for h in hits if h.kind == "post"]
    assert len(posts) >= 2 and all("rehtori" in h.label.lower() for h in posts)
    assert meant(hits) is None  # several equally good: the reader chooses


def test_nothing_for_nothing(store: Store) -> None:
    assert search(store, "   ", lang="fi") == []
    assert meant([]) is None
