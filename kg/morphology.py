"""Finnish morphology through Voikko: the base forms of inflected words and their classes.

People write organisations in the genitive (``Iisalmen kaupunki``, ``Pohjois-Savon
hyvinvointialue``) and Finnish inflection changes the stem (``Helsinki`` → ``Helsingin``,
``Uusikaupunki`` → ``Uudenkaupungin``), so names are matched on Voikko's analysis rather
than on string similarity. Voikko is the Finnish morphology used by LibreOffice and many
Linux desktops: the C library and the Finnish dictionary come from Debian
(``libvoikko1``, ``voikko-fi``; ``make`` installs them) and the Python binding from PyPI
(``libvoikko``, a ctypes wrapper).

A Voikko handle is not safe to share between threads, so every call takes one lock;
answers are cached, since the same few hundred words are asked for again and again.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

INSTALL_HINT = "install Debian's libvoikko1 and voikko-fi (`make` does) and PyPI's libvoikko"


class MorphologyUnavailable(RuntimeError):
    """Voikko or its Finnish dictionary is not installed."""


@dataclass(frozen=True)
class Analysis:
    """One reading of a word: its base form, word class and case (Voikko's Finnish terms:
    ``paikannimi`` place name, ``etunimi`` first name, ``sukunimi`` surname; ``omanto``
    genitive, ``nimento`` nominative)."""

    base_form: str
    word_class: str | None
    case: str | None


PERSONAL_NAME_CLASSES = frozenset({"etunimi", "sukunimi"})

_lock = threading.Lock()


@functools.cache
def _voikko() -> Any:
    try:
        import libvoikko
    except ImportError as exc:
        raise MorphologyUnavailable(f"the libvoikko binding is missing: {INSTALL_HINT}") from exc
    try:
        return libvoikko.Voikko("fi")
    except OSError as exc:  # the C library or the dictionary is missing
        raise MorphologyUnavailable(f"Voikko cannot start ({exc}): {INSTALL_HINT}") from exc


def available() -> bool:
    """Whether Voikko and its Finnish dictionary can be used here."""
    try:
        _voikko()
    except MorphologyUnavailable:
        return False
    return True


@functools.lru_cache(maxsize=65536)
def analyse(word: str) -> tuple[Analysis, ...]:
    """Every reading Voikko gives of one word (none for a word it does not know)."""
    if not word or len(word) > 100:
        return ()
    voikko = _voikko()
    with _lock:
        readings = voikko.analyze(word)
    seen: dict[Analysis, None] = {}
    for reading in readings:
        base = reading.get("BASEFORM")
        if base:
            seen[Analysis(base, reading.get("CLASS"), reading.get("SIJAMUOTO"))] = None
    return tuple(seen)


def base_forms(word: str) -> tuple[str, ...]:
    """The distinct base forms of ``word`` (``Helsingin`` → ``Helsinki``), none if unknown."""
    return tuple(dict.fromkeys(a.base_form for a in analyse(word)))


def is_personal_name(word: str) -> bool:
    """Whether Voikko reads ``word`` as a first name or a surname (``matti``, ``virtanen``)."""
    return any(a.word_class in PERSONAL_NAME_CLASSES for a in analyse(word.capitalize()))


@functools.lru_cache(maxsize=65536)
def spell(word: str) -> bool:
    """Whether Voikko's speller accepts ``word`` as written (case matters for names).

    The speller is a different part of Voikko than the analysis: it checks a word form
    against the dictionary's paradigms instead of reading it back to a base form."""
    if not word or len(word) > 100:
        return False
    voikko = _voikko()
    with _lock:
        return bool(voikko.spell(word))


@functools.lru_cache(maxsize=8192)
def suggestions(word: str) -> tuple[str, ...]:
    """Voikko's spelling suggestions for a word it does not accept, most likely first
    (``Iisalmmen`` → ``Iisalmen``; ``siilinjarven`` → ``siilinjärven``)."""
    if not word or len(word) > 100:
        return ()
    voikko = _voikko()
    with _lock:
        return tuple(voikko.suggest(word))


@functools.lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """The base forms of the parts of a compound word as Voikko reads it
    (``ikäihmisten`` → ``ikä``, ``ihminen``); a simple word gives its base form."""
    if not word or len(word) > 100:
        return ()
    voikko = _voikko()
    with _lock:
        readings = voikko.analyze(word)
    parts: dict[str, None] = {}
    for reading in readings:
        bases = reading.get("WORDBASES") or ""
        for part in re.findall(r"\(([^()+][^()]*)\)", bases):
            parts.setdefault(part.replace("=", ""), None)
    return tuple(parts)
