"""Personal data in contact cells: is an e-mail address a person's own?

A contact channel is published with its row, so it should be a shared mailbox
(``kirjaamo@…``, ``hyte@…``) or a switchboard number. An address whose local part reads
as a person's name (``matti.virtanen@``, ``m.virtanen@``, ``virtanen.matti@``,
``anna-liisa.korhonen2@``) is a person's address; it may be stored only when its row says
the person's name may be published.

"Reads as a name" is decided by Voikko's Finnish morphology (:mod:`kg.morphology`), not
by a pattern: the local part is cut at ``.``, ``_`` and ``-`` into at least two pieces,
every piece is a name (a first name or surname, or a word Voikko knows only as a proper
noun or does not know, as rare surnames are) or an initial, and at least one piece is a
first name or surname. Addresses drop the dots of ä and ö (``makinen`` for Mäkinen), so a
piece is also tried with them put back. An address that holds a part of the person's name
given on the same row is a person's address too. Foreign names Voikko does not know are
not caught; the rule is a guard, not a proof.
"""

from __future__ import annotations

import itertools
import re

from kg import morphology
from kg.importing.reader import LocatedRow
from kg.names import normalise

PROPER_NOUN_CLASSES = morphology.PERSONAL_NAME_CLASSES | {"paikannimi", "nimi"}
MAX_VARIANT_LETTERS = 8  # a, o letters tried as ä, ö: at most 2**8 spellings per piece
_PIECES = re.compile(r"[._-]+")
SHARED_MAILBOX_FIX = (
    "use a shared mailbox such as kirjaamo@… or hyte@… (or the switchboard number); "
    "if the person agreed to be published, write kyllä in the column {publish}"
)


def name_pieces(address: str, person_name: str = "") -> list[str] | None:
    """The pieces of the local part that make ``address`` a person's address, or None."""
    local, at, _domain = address.partition("@")
    if not at:
        return None
    pieces = [p.rstrip("0123456789") for p in _PIECES.split(local.casefold())]
    pieces = [p for p in pieces if p]
    own = {normalise(part) for part in re.split(r"[\s-]+", person_name) if len(part) > 1}
    if own and any(normalise(p) in own for p in pieces if len(p) > 1):
        return pieces
    if len(pieces) < 2:
        return None
    names = [p for p in pieces if len(p) > 1 and _personal(p)]
    if names and all(len(p) == 1 or p in names or _proper_or_unknown(p) for p in pieces):
        return pieces
    return None


def _spellings(piece: str) -> list[str]:
    """The piece as written and with a/o read as ä/ö (``makinen`` → ``mäkinen``)."""
    spots = [i for i, ch in enumerate(piece) if ch in "ao"]
    if not spots or len(spots) > MAX_VARIANT_LETTERS:
        return [piece]
    out = []
    for choice in itertools.product((False, True), repeat=len(spots)):
        letters = list(piece)
        for i, dotted in zip(spots, choice, strict=True):
            if dotted:
                letters[i] = {"a": "ä", "o": "ö"}[letters[i]]
        out.append("".join(letters))
    return out


def _personal(piece: str) -> bool:
    return any(morphology.is_personal_name(s) for s in _spellings(piece))


def _proper_or_unknown(piece: str) -> bool:
    readings = morphology.analyse(piece.capitalize())
    if not readings:
        return True
    return all(r.word_class in PROPER_NOUN_CLASSES for r in readings)


def check_contact(row: LocatedRow, contact_key: str, publish: bool, name_key: str) -> None:
    """Refuse a person's address on a row that does not allow publishing the name."""
    address = row.values[contact_key]
    if publish or "@" not in address:
        return
    pieces = name_pieces(address, row.values.get(name_key, ""))
    if pieces is None:
        return
    raise row.error(
        contact_key,
        f"{address!r} looks like a person's own address ({'.'.join(pieces)} reads as a "
        f"name) and this row does not allow publishing the person's name",
        fix=SHARED_MAILBOX_FIX.format(publish=repr(row.header("publish_person_name"))),
    )


# two capitalised words in a row ("Matti Virtanen", "Anna-Liisa Korhonen"); a lookahead, so
# that the pairs overlap ("Esittelijä Matti Virtanen" holds "Matti Virtanen")
_WORD = r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?"
_TWO_WORDS = re.compile(rf"(?<![\w-])(?=({_WORD})\s+({_WORD})(?![\w-]))")


def names_in_text(text: str) -> list[str]:
    """The person's names ``text`` holds: a first name (as Voikko knows it) followed by a
    capitalised word that is a first name or surname, or that Voikko does not know (as rare
    surnames are). Place and organisation names (``Lahden kaupunki``, ``Keski-Suomen
    liitto``) are not first names, so they pass. A guard for the public record, which names
    posts only; foreign names Voikko does not know are not caught."""
    found = []
    for first, second in _TWO_WORDS.findall(text):
        if not all(_first_name(part) for part in first.split("-")):
            continue
        if all(_personal(p.casefold()) or _unknown(p) for p in second.split("-")):
            found.append(f"{first} {second}")
    return found


def _first_name(word: str) -> bool:
    return any(a.word_class == "etunimi" for a in morphology.analyse(word))


def _unknown(word: str) -> bool:
    return not morphology.analyse(word)
