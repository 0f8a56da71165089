"""The owners lookup: the UNION query gives what the plain OPTIONAL query gives, per store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import NamedNode

from kg import lookups
from kg.config import Settings
from kg.store import Store

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)

# The straightforward form of the owners query (one row per owner, eight OPTIONALs), which
# kg/lookups.py replaced by a cheaper UNION form: both must name the same owners.
PLAIN = """
SELECT ?theme ?side ?post ?postName ?holderName ?unit ?contact ?person ?from ?to
       ?verified ?source ?illustrative WHERE {
  ?i yp:municipality ?m ; yp:theme ?t . ?t skos:notation ?theme .
  ?r yp:interface ?i ; yp:side ?s ; yp:post ?post . ?s skos:notation ?side .
  ?post org:postIn ?holder ; skos:prefLabel ?postName . FILTER(LANG(?postName) = "fi")
  ?holder skos:prefLabel ?holderName . FILTER(LANG(?holderName) = "fi")
  OPTIONAL { ?post yp:organisationUnit ?unit }
  OPTIONAL { ?r yp:contactChannel ?contact }
  OPTIONAL { ?r yp:personName ?person }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { ?r yp:lastVerified ?verified }
  OPTIONAL { ?r dcterms:source ?source }
  OPTIONAL { ?r yp:illustrative ?illustrative }
}"""
KAINUU = ["105", "205", "290", "578", "620", "697", "765", "777"]


def _plain_owners(store: Store, code: str, day: dt.date) -> set[tuple[object, ...]]:
    iri = lookups.find_municipality(store, code)
    owners = set()
    for r in store.select(PLAIN, bindings={"m": NamedNode(iri)}):
        if (r["from"] is None or r["from"] <= day.isoformat()) and (
            r["to"] is None or r["to"] >= day.isoformat()
        ):
            owners.add(
                (r["theme"], r["side"], r["post"], r["postName"], r["holderName"], r["unit"])
                + (r["contact"], r["person"], r["from"], r["to"], r["verified"], r["source"])
                + (bool(r["illustrative"]),)
            )
    return owners


def _owners(answer: dict[str, Any]) -> set[tuple[object, ...]]:
    out = set()
    for entry in answer["themes"]:
        for side in ("municipality", "county"):
            for o in entry[f"{side}_side"]:
                out.add(
                    (entry["theme"], side, o["post"], o["title"], o["organisation"], o["unit"])
                    + (o["contact"], o["person"], o["valid_from"], o["valid_to"])
                    + (o["last_verified"], o["source"], o["illustrative"])
                )
    return out


@pytest.mark.parametrize("day", [dt.date(2023, 6, 1), dt.date(2026, 11, 23)])
@pytest.mark.parametrize("code", KAINUU)
def test_owners_are_those_of_the_plain_optional_query(
    store: Store, code: str, day: dt.date
) -> None:
    expected = _plain_owners(store, code, day)
    assert expected, "the example region names owners for every Kainuu municipality"
    assert _owners(lookups.responsibilities(store, municipality_key=code, as_of=day)) == expected


def test_one_theme_gives_that_theme_of_all_themes(store: Store) -> None:
    day = dt.date(2026, 11, 23)
    everything = lookups.responsibilities(store, municipality_key="Kajaani", as_of=day)
    for entry in everything["themes"]:
        one = lookups.responsibilities(
            store, municipality_key="Kajaani", theme=entry["theme"], as_of=day
        )
        assert one["themes"] == [entry]


def test_owners_are_listed_by_title_and_gaps_follow_them(store: Store) -> None:
    answer = lookups.responsibilities(store, municipality_key="205", as_of=dt.date(2026, 11, 23))
    for entry in answer["themes"]:
        for side in ("municipality", "county"):
            owners = entry[f"{side}_side"]
            assert owners == sorted(owners, key=lambda o: (o["title"], o["post"]))
            assert entry[f"gap_{side}_side"] == (not owners)


def test_reference_tables_are_read_once_per_store(settings: Settings, store: Store) -> None:
    assert lookups._tables(store) is lookups._tables(store)
    other = Store.open(Path(settings.store_path))  # a rebuilt store is a new Store
    assert lookups._tables(other) is not lookups._tables(store)
    assert lookups.municipalities(other) == lookups.municipalities(store)


def test_answers_are_copies_a_caller_may_change(store: Store) -> None:
    first = lookups.municipality(store, "Kajaani")
    first["name_fi"] = "changed"
    lookups.themes(store)[0]["label"]["fi"] = "changed"
    assert lookups.municipality(store, "Kajaani")["name_fi"] == "Kajaani"
    assert lookups.themes(store)[0]["label"]["fi"] != "changed"
