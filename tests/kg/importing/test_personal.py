"""Personal e-mail addresses told from shared mailboxes by Voikko's reading of the name."""

from __future__ import annotations

import pytest

from kg.importing.personal import name_pieces


@pytest.mark.parametrize(
    "address",
    [
        "matti.virtanen@kajaani.fi",  # first name . surname
        "m.virtanen@kajaani.fi",  # initial . surname
        "virtanen.matti@kajaani.fi",  # surname . first name
        "anna-liisa.korhonen2@kuhmo.fi",  # double first name, a digit
        "tiina.makinen@sotkamo.fi",  # Mäkinen without the dots
        "Jari.Hamalainen@kainuu.fi",  # capitals, Hämäläinen without the dots
        "matti_nieminen@paltamo.fi",  # Nieminen, which Voikko knows as a place name
    ],
)
def test_name_pieces_person(address: str) -> None:
    pieces = name_pieces(address)
    assert pieces and all(piece in address.casefold() for piece in pieces)


@pytest.mark.parametrize(
    "address",
    [
        "kirjaamo@kajaani.fi",
        "hyte@kainuu.fi",
        "hyte.kainuu@kainuu.fi",  # a place name, no personal name
        "tyollisyyspalvelut@kajaani.fi",
        "perhe.palvelut@kuhmo.fi",
        "hyvinvointi.kajaani@kajaani.fi",
        "matti@kajaani.fi",  # one piece: not told
        "+358 8 6156 1000",  # not an address
    ],
)
def test_name_pieces_shared_mailbox(address: str) -> None:
    assert name_pieces(address) is None


def test_name_pieces_person_named_on_the_row() -> None:
    # one piece is not enough on its own, but it is the name written on the same row
    assert name_pieces("virtanen@kajaani.fi") is None
    assert name_pieces("virtanen@kajaani.fi", "Matti Virtanen") == ["virtanen"]
