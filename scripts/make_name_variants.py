"""Write ``data/name_variants/variants.csv``: the ways people write every municipality and
county, for measuring the name matcher (``python -m bench names``).

The spellings are made and checked without the matcher and without Voikko's analysis
(which the matcher uses):

* Finnish genitives (``Iisalmen``) come from two independent generators: this script's
  declension rules (each rule's candidates tried in order, the first one Voikko's *speller*
  accepts kept) and the inflector ``taivutin`` (PyPI; built on the Institute for the
  Languages of Finland's word list). A form is kept when both give it and the speller
  accepts it. Where they differ, :data:`DISPUTED` names the form kept (it must be one of
  the two and accepted by the speller); names neither can inflect acceptably are skipped.
* Swedish forms follow the pattern of the official Finland-Swedish names (``Esbo stad``,
  ``Helsingfors stad``, ``Mariehamns stad``, ``Raseborgs stad``, ``Korsholms kommun``):
  genitive ``-s`` after a consonant other than s, x or z, none after a vowel.
* Whether a municipality calls itself a town (kaupunki, stad) or not (kunta, kommun) is
  not in the reference data, so both forms are written for every municipality.
* Typos are one random edit (seeded by the text) in the name part: a letter dropped,
  doubled, swapped with the next, or replaced by a neighbour on the Finnish keyboard;
  a typo that spells another known name is redrawn.

Run: ``pip install taivutin`` (the ``variants`` extra), then
``python scripts/make_name_variants.py``.
"""

from __future__ import annotations

import csv
import hashlib
import random
import sys

from kg import morphology
from kg.config import REPO_ROOT
from kg.name_forms import normalise

REFERENCE = REPO_ROOT / "data" / "reference"
OUT = REPO_ROOT / "data" / "name_variants" / "variants.csv"
VOWELS = "aeiouyäö"
# consonant gradation, strong -> weak, most specific first
GRADATION = (
    ("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
    ("nt", "nn"), ("rt", "rr"), ("ht", "hd"), ("lk", "lj"), ("rk", "rj"), ("rk", "r"),
    ("lk", "l"), ("hk", "h"), ("t", "d"), ("k", ""), ("p", "v"),
)  # fmt: skip
# where the rules and taivutin disagree and both forms are real words, the genitive of
# the place name (reviewed by hand; each also accepted by the speller)
DISPUTED = {
    "Iitti": "Iitin",
    "Kontiolahti": "Kontiolahden",
    "Lahti": "Lahden",
    "Lapinlahti": "Lapinlahden",
    "Lieto": "Liedon",
    "Loppi": "Lopen",
    "Luoto": "Luodon",
    "Maalahti": "Maalahden",
    "Raahe": "Raahen",
    "Ruokolahti": "Ruokolahden",
    "Savitaipale": "Savitaipaleen",
    "Soini": "Soinin",
    "Veteli": "Vetelin",
    "Vesilahti": "Vesilahden",
    "Virolahti": "Virolahden",
}
KEYBOARD = ["qwertyuiopå", "asdfghjklöä", "zxcvbnm"]


def _weak(stem: str) -> list[str]:
    return [stem[: -len(s)] + w for s, w in GRADATION if stem.endswith(s)]


def _strong(stem: str) -> list[str]:
    return [stem[: -len(w)] + s for s, w in GRADATION if w and stem.endswith(w)]


def rule_candidates(word: str) -> list[str]:
    """Genitive candidates of one Finnish word by the declension rules, likeliest first."""
    low = word.lower()
    if low.endswith("nen"):
        return [word[:-3] + "sten", word[:-3] + "sen"]
    if low[-1] in VOWELS and low[-2:] == low[-1] * 2:
        return [word + "n"]
    out = []
    if low.endswith("si"):
        out.append(word[:-2] + "den")
    if low[-1] == "i":
        stem = word[:-1]
        for ending in ("en", "in"):
            out += [stem + ending] + [s + ending for s in _weak(stem)]
        return out
    if low[-1] == "e":
        return [word + "n", word + "en"]
    if low[-1] in VOWELS:
        return [word + "n"] + [s + word[-1] + "n" for s in _weak(word[:-1])]
    if low.endswith("s"):
        return [word[:-1] + "ksen", word[:-1] + "den", word + "in"]
    if low.endswith(("at", "ät")):
        stem = word[:-2]
        return [s + word[-2] + "in" for s in _strong(stem)] + [stem + word[-2] + "in"]
    return [word + "in"]


def rule_genitive(word: str) -> str | None:
    candidates = rule_candidates(word)
    for prefix, genitive in (("Iso", "Ison"), ("Uusi", "Uuden")):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            candidates += [genitive + c for c in rule_candidates(word[len(prefix) :])]
    return next((c for c in candidates if morphology.spell(c)), None)


def finnish_genitives(name: str, inflector: object) -> tuple[list[str], str]:
    """The genitive forms of a municipality's Finnish name and how they were checked."""
    first, _, rest = name.partition(" ")
    head, _, last = first.rpartition("-")
    prefix = head + "-" if head else ""
    tail = " " + rest if rest else ""
    if last.lower().endswith("nen"):  # Kaskinen: Kaskisten and Kaskisen are both used
        forms = [last[:-3] + "sten", last[:-3] + "sen"]
        theirs = {inflector.taivuta(last, "gen"), inflector.taivuta(last, "mon gen")}  # type: ignore[attr-defined]
        ok = [f for f in forms if f in theirs and morphology.spell(prefix + f)]
        return [prefix + f + tail for f in ok], "rules = taivutin, speller"
    ours = rule_genitive(last)
    theirs = inflector.taivuta(last, "gen")  # type: ignore[attr-defined]
    if ours == theirs and morphology.spell(prefix + ours):
        return [prefix + ours + tail], "rules = taivutin, speller"
    chosen = DISPUTED.get(last)
    if chosen and chosen in (ours, theirs) and morphology.spell(chosen):
        return [prefix + chosen + tail], "rules ≠ taivutin: reviewed, speller"
    accepted = [f for f in (ours, theirs) if f and morphology.spell(prefix + f)]
    if len(set(accepted)) == 1:
        return [prefix + accepted[0] + tail], "one of rules/taivutin, speller"
    return [], f"skipped: rules {ours!r}, taivutin {theirs!r}"


def swedish_genitive(name: str) -> str:
    return name if name[-1].lower() in VOWELS + "åsxz" else name + "s"


def typo(text: str, name_part: str, known: set[str]) -> str:
    """One random edit in ``name_part`` of ``text`` (seeded by the text), not another name."""
    rng = random.Random(hashlib.sha256(text.encode()).digest())
    neighbours = {}
    for row in KEYBOARD:
        for i, c in enumerate(row):
            neighbours[c] = row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    for _ in range(100):
        i = rng.randrange(1, len(name_part))
        op = rng.choice(("drop", "double", "swap", "neighbour"))
        s = name_part
        if op == "drop":
            s = s[:i] + s[i + 1 :]
        elif op == "double":
            s = s[:i] + s[i] + s[i:]
        elif op == "swap" and i + 1 < len(s):
            s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        elif op == "neighbour" and s[i].lower() in neighbours:
            s = s[:i] + rng.choice(neighbours[s[i].lower()]) + s[i + 1 :]
        result = text.replace(name_part, s, 1)
        if s != name_part and normalise(s) not in known and normalise(result) not in known:
            return result
    raise RuntimeError(f"no typo for {text!r}")


def plain(text: str) -> str:
    return normalise(text)


def main() -> int:
    try:
        from taivutin import Taivutin
    except ImportError:
        print("pip install taivutin (the 'variants' extra)", file=sys.stderr)
        return 2
    inflector = Taivutin()
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8") as f:
        towns = list(csv.DictReader(f))
    with (REFERENCE / "wellbeing_counties.csv").open(encoding="utf-8") as f:
        counties = [r for r in csv.DictReader(f) if r["kind"] != "aland"]
    with (REFERENCE / "county_short_names.csv").open(encoding="utf-8") as f:
        short = {r["code"]: r for r in csv.DictReader(f)}
    known = {normalise(t[k]) for t in towns for k in ("name_fi", "name_sv")}
    known |= {normalise(c[k]) for c in counties for k in ("name_fi", "name_sv", "name_en")}
    rows: list[dict[str, str]] = []
    skipped: list[str] = []

    def add(text: str, kind: str, code: str, form: str, check: str) -> None:
        if not any(r["text"] == text and r["kind"] == kind for r in rows):
            rows.append({"text": text, "kind": kind, "code": code, "form": form, "check": check})

    for town in towns:
        code, fi, sv = town["code"], town["name_fi"], town["name_sv"]
        if fi.endswith(" kunta"):  # Pedersören kunta: the official name is the organisation
            genitives, check = [fi[: -len(" kunta")]], "official name"
        else:
            genitives, check = finnish_genitives(fi, inflector)
        if not genitives:
            skipped.append(f"{fi}: {check}")
        for genitive in genitives:
            for word in ("kaupunki", "kunta"):
                text = f"{genitive} {word}"
                add(text, "municipality", code, "fi-org", check)
                add(plain(text), "municipality", code, "fi-org-plain", check)
        if genitives:
            text = f"{genitives[0]} kaupunki"
            add(typo(text, genitives[0], known), "municipality", code, "fi-typo", f"typo of {text}")
        if sv != fi or "sv" in town["language"]:
            genitive = swedish_genitive(sv)
            for word in ("stad", "kommun"):
                text = f"{genitive} {word}"
                add(text, "municipality", code, "sv-org", "Swedish genitive rule")
                add(plain(text), "municipality", code, "sv-org-plain", "Swedish genitive rule")
            text = f"{genitive} stad"
            add(typo(text, genitive, known), "municipality", code, "sv-typo", f"typo of {text}")
    for county in counties:
        code = county["code"]
        names = [("county-fi", county["name_fi"]), ("county-sv", county["name_sv"])]
        names.append(("county-en", county["name_en"]))
        names += [("county-short-fi", short[code]["short_name_fi"])]
        if short[code]["short_name_sv"]:
            names.append(("county-short-sv", short[code]["short_name_sv"]))
        for form, text in names:
            add(text, "county", code, form, "reference name")
            add(plain(text), "county", code, form + "-plain", "reference name")
        fi_name = county["name_fi"]
        name_part = fi_name.split()[0]
        add(typo(fi_name, name_part, known), "county", code, "county-typo", f"typo of {fi_name}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["text", "kind", "code", "form", "check"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} variants written to {OUT.relative_to(REPO_ROOT)}")
    for line in skipped:
        print("no Finnish genitive:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
