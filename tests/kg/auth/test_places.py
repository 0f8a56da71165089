"""The places scopes name, read from the built graph: which municipalities each organiser's
scope covers, and which codes a scope may name."""

from __future__ import annotations

import pytest

from kg import lookups
from kg.auth.places import check_known, county_of
from kg.auth.scopes import COUNTRY, ORGANISER_CODES, Scope, parse_scope
from kg.store import Store


def test_county_of_is_each_municipalitys_organiser(store: Store) -> None:
    mapping = county_of(store)
    by_code = {m["code"]: m for m in lookups.municipalities(store)}
    assert mapping["297"] == lookups.municipality(store, "Kuopio")["county_code"] == "13"
    assert mapping["091"] == lookups.organiser(store, "091").code == "90"
    assert set(mapping.values()) == ORGANISER_CODES
    # municipalities without an organiser (Åland's) are left out, not mapped to None
    without = {code for code, m in by_code.items() if m["county_code"] is None}
    assert without and not without & set(mapping)
    assert set(mapping) | without == set(by_code)


def test_covers_over_the_graphs_codes(store: Store) -> None:
    mapping = county_of(store)
    kuopio, helsinki = parse_scope("municipality:297"), parse_scope("municipality:091")
    north_savo, helsinki_org = parse_scope("county:13"), parse_scope("county:091")
    assert north_savo.covers(kuopio, mapping) and not north_savo.covers(helsinki, mapping)
    assert helsinki_org.covers(helsinki, mapping) and not helsinki_org.covers(kuopio, mapping)
    municipalities = [Scope("municipality", m["code"]) for m in lookups.municipalities(store)]
    # each organiser covers as many municipalities as the graph counts for it
    for county in lookups.counties(store):
        scope = parse_scope(f"county:{county['code']}")
        covered = [m for m in municipalities if scope.covers(m, mapping)]
        assert len(covered) == county["municipalities"], county["code"]
        assert not scope.covers(COUNTRY, mapping)
    # every municipality covers itself alone, and the country covers them all
    for m in municipalities[:50]:
        assert [t for t in municipalities if m.covers(t, mapping)] == [m]
    assert all(COUNTRY.covers(m, mapping) for m in municipalities)


def test_check_known(store: Store) -> None:
    for county in lookups.counties(store):
        check_known(parse_scope(f"county:{county['code']}"), store)
    for m in lookups.municipalities(store):
        check_known(parse_scope(f"municipality:{m['code']}"), store)
    check_known(COUNTRY, store)
    known = {m["code"] for m in lookups.municipalities(store)}
    missing = next(f"{n:03d}" for n in range(1, 1000) if f"{n:03d}" not in known)
    with pytest.raises(LookupError, match=f"no municipality {missing}"):
        check_known(parse_scope(f"municipality:{missing}"), store)
