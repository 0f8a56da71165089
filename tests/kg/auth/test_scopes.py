"""Scopes read as people type them, written back in one canonical form, and the rule of
which scope covers which, on hand-made organiser maps (the graph's own map:
test_places.py)."""

from __future__ import annotations

import pytest

from kg.auth.scopes import (
    COUNTRY,
    HELSINKI_MUNICIPALITY,
    HELSINKI_ORGANISER,
    ORGANISER_CODES,
    ROLES,
    Scope,
    check_role,
    parse_scope,
)


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("country", "country", None),
        (" Country ", "country", None),
        ("county:13", "county", "13"),
        ("county:01", "county", "01"),
        ("county:21", "county", "21"),
        ("county:90", "county", "90"),
        ("county:091", "county", "90"),
        ("COUNTY: 13", "county", "13"),
        ("municipality:297", "municipality", "297"),
        ("municipality:91", "municipality", "091"),
        ("municipality:5", "municipality", "005"),
    ],
)
def test_parse_scope_reads_the_typed_forms(text: str, kind: str, code: str | None) -> None:
    scope = parse_scope(text)
    assert (scope.kind, scope.code) == (kind, code)
    # the canonical text reads back to the same scope, and is its own canonical text
    assert parse_scope(str(scope)) == scope
    assert str(parse_scope(str(scope))) == str(scope)


def test_canonical_text() -> None:
    assert str(parse_scope("municipality:91")) == "municipality:091"
    assert str(parse_scope("county:091")) == f"county:{HELSINKI_ORGANISER}"
    assert str(parse_scope("country")) == "country"


def test_every_organiser_code_is_a_county_scope_and_nothing_next_to_them() -> None:
    for n in range(100):
        code = f"{n:02d}"
        if code in ORGANISER_CODES:
            assert parse_scope(f"county:{code}") == Scope("county", code)
        else:
            with pytest.raises(ValueError, match=repr(code)):
                parse_scope(f"county:{code}")
    assert len(ORGANISER_CODES) == 22  # 21 counties and the City of Helsinki


@pytest.mark.parametrize(
    "text",
    [
        "",
        "world",
        "country:13",
        "county",
        "county:",
        "county:1",  # two digits: an organiser code is written 01–21
        "county:22",
        "county:91",  # Åland: no organiser here
        "county:092",  # a municipality code other than Helsinki's
        "county:13a",
        "municipality",
        "municipality:",
        "municipality:1234",
        "municipality:-12",
        "municipality:２９７",  # fullwidth digits are no code
        "municipality:٢٩٧",
        "municipality:297:1",
        "county=13",
    ],
)
def test_bad_scope_names_the_value_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_scope(text)
    message = str(caught.value)
    assert repr(text) in message
    for form in ("'country'", "'county:NN'", "'municipality:NNN'"):
        assert form in message


@pytest.mark.parametrize(
    ("kind", "code"),
    [("country", "13"), ("county", "13a"), ("county", "91"), ("municipality", "91"), ("x", None)],
)
def test_a_scope_is_built_only_in_canonical_form(kind: str, code: str | None) -> None:
    with pytest.raises(ValueError, match="not a canonical scope"):
        Scope(kind, code)  # type: ignore[arg-type]


def test_covers_on_a_hand_made_map() -> None:
    county_of = {"297": "13", "140": "13", "091": HELSINKI_ORGANISER, "049": "01"}
    north_savo, uusimaa = parse_scope("county:13"), parse_scope("county:01")
    helsinki_county = parse_scope("county:091")
    kuopio, iisalmi = parse_scope("municipality:297"), parse_scope("municipality:140")
    helsinki, espoo = parse_scope("municipality:91"), parse_scope("municipality:49")
    aland = parse_scope("municipality:478")  # in no organiser
    everything = [COUNTRY, north_savo, uusimaa, helsinki_county, kuopio, iisalmi, helsinki]
    everything += [espoo, aland]
    covered = {
        COUNTRY: set(everything),
        north_savo: {north_savo, kuopio, iisalmi},
        uusimaa: {uusimaa, espoo},
        helsinki_county: {helsinki_county, helsinki},
        kuopio: {kuopio},
        iisalmi: {iisalmi},
        helsinki: {helsinki},
        espoo: {espoo},
        aland: {aland},
    }
    for scope in everything:
        assert {t for t in everything if scope.covers(t, county_of)} == covered[scope], scope
    # the map decides: move Kuopio to Uusimaa and North Savo no longer covers it
    moved = county_of | {"297": "01"}
    assert not north_savo.covers(kuopio, moved) and uusimaa.covers(kuopio, moved)
    # Helsinki the municipality covers itself alone, not its organiser's scope
    assert not helsinki.covers(helsinki_county, county_of)
    assert helsinki_county == Scope("county", HELSINKI_ORGANISER)
    assert county_of[HELSINKI_MUNICIPALITY] == helsinki_county.code


def test_roles() -> None:
    assert ROLES == ("editor", "admin")
    for role in ROLES:
        assert check_role(role) == role
    for bad in ("Admin", "owner", ""):
        with pytest.raises(ValueError, match=repr(bad)):
            check_role(bad)
