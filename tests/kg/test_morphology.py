"""Voikko's Finnish analysis as the name matcher and the personal-data check use it."""

from __future__ import annotations

import pytest

from kg import morphology


def test_morphology_available_here() -> None:
    # `make test` installs Voikko; without it the matcher would fall back to nothing
    assert morphology.available()


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("Iisalmen", "Iisalmi"),
        ("Helsingin", "Helsinki"),  # consonant gradation: nk -> ng
        ("Uudenkaupungin", "Uusikaupunki"),  # both parts of a compound inflect
        ("Pohjois-Savon", "Pohjois-Savo"),
    ],
)
def test_base_forms_of_genitives(word: str, base: str) -> None:
    assert base in morphology.base_forms(word)


def test_base_forms_of_unknown_word_is_empty() -> None:
    assert morphology.base_forms("xqzzy") == ()


@pytest.mark.parametrize(
    ("word", "expected"),
    [("matti", True), ("virtanen", True), ("kirjaamo", False), ("kuopio", False)],
)
def test_is_personal_name(word: str, expected: bool) -> None:
    assert morphology.is_personal_name(word) is expected


@pytest.mark.parametrize(
    ("word", "accepted"),
    [("Iisalmen", True), ("Helsingin", True), ("Kajaanen", False), ("Iisalmmen", False)],
)
def test_spell(word: str, accepted: bool) -> None:
    assert morphology.spell(word) is accepted


def test_suggestions_for_a_typo_and_for_missing_accents() -> None:
    assert "Iisalmen" in morphology.suggestions("Iisalmmen")
    assert "siilinjärven" in morphology.suggestions("siilinjarven")


def test_compound_parts() -> None:
    assert morphology.compound_parts("ikäihmisten") == ("ikä", "ihminen")
    assert morphology.compound_parts("xqzzy") == ()
