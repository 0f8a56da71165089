"""Reading organisation names as people write them back to the names the graph holds."""

from __future__ import annotations

import pytest

from kg import name_forms
from kg.name_forms import normalise, organisation_word, read, stems


@pytest.mark.parametrize(
    ("text", "key", "hint"),
    [
        ("Iisalmen kaupunki", "iisalmi", "municipality"),
        ("Siilinjärven kunta", "siilinjarvi", "municipality"),
        ("Helsingin kaupungin", "helsinki", "municipality"),
        ("Jakobstads stad", "jakobstad", "municipality"),
        ("Korsholms kommun", "korsholm", "municipality"),
        ("Pohjois-Savon hyvinvointialue", "pohjois-savo", "county"),
        ("Norra Savolax välfärdsområde", "norra savolax", "county"),
        ("City of Helsinki", "helsinki", "municipality"),
        ("siilinjarven kunta", "siilinjarvi", "municipality"),
    ],
)
def test_read_strips_organisation_words_and_finds_base_forms(
    text: str, key: str, hint: str
) -> None:
    reading = read(text)
    assert key in reading.keys
    assert hint in reading.hint


def test_read_keeps_literal_text_first() -> None:
    reading = read("Helsingfors stad")
    assert reading.keys[0] == "helsingfors"  # Helsingfors is no genitive of Helsingfor
    assert reading.stripped == "Helsingfors"


def test_read_without_organisation_word_has_no_hint() -> None:
    assert read("Kuopion").hint == frozenset()
    assert "kuopio" in read("Kuopion").keys


@pytest.mark.parametrize(
    ("word", "kinds"),
    [
        ("kaupunki", {"municipality"}),
        ("kaupungin", {"municipality"}),
        ("kunnan", {"municipality"}),
        ("KOMMUN", {"municipality"}),
        ("hyvinvointialueen", {"county", "organiser"}),
        ("kuntayhtymä", {"organisation"}),
        ("Iisalmen", None),
    ],
)
def test_organisation_word(word: str, kinds: set[str] | None) -> None:
    found = organisation_word(word)
    assert (found if found is None else set(found)) == kinds


def test_typo_keys_come_from_voikko_suggestions() -> None:
    reading = read("Iisalmmen kaupunki")
    assert reading.unknown_words == ("Iisalmmen",)
    assert "iisalmi" not in reading.keys  # a typo is never read as a match
    assert "iisalmi" in name_forms.typo_keys(reading)


def test_typo_keys_of_a_hyphenated_name() -> None:
    assert "pohjois-savo" in name_forms.typo_keys(read("Pohjois-Savn hyvinvointialue"))


def test_stems_include_compound_parts() -> None:
    assert {"ika", "ihminen"} <= stems("Ikäihmisten palvelut")
    assert "palvelut" not in stems("Ikäihmisten palvelut")  # too common to tell themes apart


def test_normalise() -> None:
    assert normalise("  Ähtäri\u2013Öja  Åbo ") == "ahtari-oja abo"
