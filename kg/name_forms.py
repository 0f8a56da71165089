"""How people write organisations, read back to the names the graph holds.

``Iisalmen kaupunki`` is the town Iisalmi in the genitive followed by the word for its kind
of organisation; ``Jakobstads stad`` is the same in Swedish; ``Pohjois-Savon
hyvinvointialue`` is the county of North Savo. :func:`read` strips the organisation words
(noting which kind they point to) and gives the keys under which the rest may be found:
the words as written, their Finnish base forms from Voikko (``Helsingin`` → ``Helsinki``,
consonant gradation and all) and the Swedish name without its genitive ``-s``
(``Jakobstads`` → ``Jakobstad``; ``Helsingfors`` keeps its ``s`` as a key too). Words that
differ from a known word only by missing accents (``siilinjarven``) are restored through
Voikko's speller suggestions.

Keys are normalised (see :func:`normalise`); :class:`kg.names.NameIndex` looks them up.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from kg import morphology

# Words that name the kind of an organisation, in Finnish, Swedish and English, with the
# kinds of entity each points to. Inflected Finnish forms (``kaupungin``) are found
# through their base form.
ORGANISATION_WORDS: dict[str, frozenset[str]] = {
    word: frozenset(kinds)
    for words, kinds in (
        (("kaupunki", "kunta", "stad", "kommun", "city", "town", "municipality"), {"municipality"}),
        (
            ("hyvinvointialue", "valfardsomrade"),
            {"county", "organiser"},
        ),
        (("kuntayhtyma", "samkommun"), {"organisation"}),
    )
    for word in words
}
# English phrases around a name: "City of Helsinki", "Kainuu wellbeing services county"
_ENGLISH_PHRASES = (
    (re.compile(r"^(?:the\s+)?(?:city|town|municipality)\s+of\s+"), frozenset({"municipality"})),
    (re.compile(r"\s+wellbeing\s+services\s+county$"), frozenset({"county", "organiser"})),
)
_SWEDISH_NO_S = ("s", "x", "z")
MAX_WORDS = 5


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Case-, accent-, dash- and space-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2010-\u2015\u2212]", "-", plain)
    return re.sub(r"\s+", " ", plain).strip()


@dataclass(frozen=True)
class Reading:
    """What a written name may mean: ``stripped`` is the text without organisation words,
    ``keys`` the normalised names to look up (most literal first), ``hint`` the kinds the
    organisation words point to (empty when there were none)."""

    stripped: str
    keys: tuple[str, ...]
    hint: frozenset[str]
    unknown_words: tuple[str, ...]  # name words Voikko does not know (typos, foreign)


@functools.lru_cache(maxsize=8192)
def read(text: str) -> Reading:
    words = text.split()
    hint: set[str] = set()
    lowered = normalise(text)
    for pattern, phrase_kinds in _ENGLISH_PHRASES:
        if pattern.search(lowered):
            hint |= phrase_kinds
            words = pattern.sub(" ", lowered).split()
    name_words: list[str] = []
    for word in words:
        kinds = organisation_word(word)
        if kinds is None:
            name_words.append(word)
        else:
            hint |= kinds
    if not name_words or len(name_words) > MAX_WORDS:
        name_words = words[:MAX_WORDS]
    options = [_word_forms(w) for w in name_words]
    keys: dict[str, None] = {normalise(" ".join(name_words)): None}
    for combination in itertools.islice(itertools.product(*options), 64):
        keys.setdefault(normalise(" ".join(combination)), None)
    unknown = tuple(w for w in name_words if w.replace("-", "").isalpha() and not _known(w))
    return Reading(" ".join(name_words), tuple(keys), frozenset(hint), unknown)


def organisation_word(word: str) -> frozenset[str] | None:
    """The kinds ``word`` names if it is an organisation word (in any inflection)."""
    key = normalise(word)
    if key in ORGANISATION_WORDS:
        return ORGANISATION_WORDS[key]
    if len(key) < 5 or not morphology.available():
        return None
    for base in morphology.base_forms(word.lower()):
        kinds = ORGANISATION_WORDS.get(normalise(base))
        if kinds is not None:
            return kinds
    return None


@functools.lru_cache(maxsize=16384)
def _word_forms(word: str) -> tuple[str, ...]:
    """``word`` as written, its Finnish base forms and its Swedish base form."""
    forms: dict[str, None] = {word: None}
    if morphology.available():
        for base in base_forms(word):
            forms.setdefault(base, None)
    lower = word.lower()
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss",)):
        forms.setdefault(word[:-1], None)  # Swedish genitive: Jakobstads -> Jakobstad
    return tuple(forms)


def base_forms(word: str) -> tuple[str, ...]:
    """Voikko's base forms of ``word``; for a word written without its accents
    (``siilinjarven``) those of the speller's suggestion that differs only in accents."""
    found = morphology.base_forms(word)
    if found or not word.isascii() or not any(c in word.lower() for c in "aou"):
        return found
    plain = normalise(word)
    for suggestion in morphology.suggestions(word)[:5]:
        if normalise(suggestion) == plain:
            return morphology.base_forms(suggestion)
    return ()


def _known(word: str) -> bool:
    return not morphology.available() or bool(base_forms(word))


def typo_keys(reading: Reading) -> tuple[str, ...]:
    """Keys from Voikko's spelling suggestions for the words it does not know
    (``Iisalmmen`` → ``Iisalmen`` → ``iisalmi``): for suggestions, never for a match."""
    if not reading.unknown_words or not morphology.available():
        return ()
    keys: dict[str, None] = {}
    for word in reading.unknown_words:
        for suggestion in morphology.suggestions(word)[:5]:
            for base in morphology.base_forms(suggestion) or (suggestion,):
                keys.setdefault(normalise(reading.stripped.replace(word, base)), None)
    return tuple(keys)


def stems(text: str) -> frozenset[str]:
    """The content words of ``text`` with their base forms and compound parts, for
    matching by shared words (``ikääntyneet`` shares ``ikä`` with ``Ikäihmisten``)."""
    out: set[str] = set()
    for word in re.findall(r"\w+", text):
        key = normalise(word)
        if len(key) < 3 or key in STOPWORDS:
            continue
        out.add(key)
        if morphology.available():
            out.update(normalise(b) for b in morphology.base_forms(word.lower()))
            out.update(normalise(p) for p in morphology.compound_parts(word.lower()))
    return frozenset(s for s in out if len(s) >= 3 and s not in STOPWORDS)


# normalised: no accents
STOPWORDS = frozenset(
    {"ja", "seka", "tai", "eli", "mm", "the", "and", "for", "with", "of", "och", "samt"}
    | {"med", "mellan", "av", "inom", "kanssa", "services", "service", "palvelut", "palvelu"}
    | {"tjanster", "tjanst"}
)
