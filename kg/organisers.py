"""The organisers of social, health and rescue services and their one code each.

An organiser is one of the 21 wellbeing services counties or the City of Helsinki. Its code
is the ``yp:organiserCode`` the build stores from Statistics Finland's classification of
wellbeing services counties: ``01``–``21`` for the counties, ``90`` for the City of Helsinki.
That code is the one shown wherever an organiser is shown (API, audit, validation, CLI,
export); nothing cuts it out of an IRI or special-cases Helsinki.

Where an organiser is asked for, :func:`find_organiser` accepts

- an organiser code of one or two digits, leading zero optional (``13``, ``4``, ``90``);
- a municipality code of three digits when that municipality organises the services
  itself: the City of Helsinki's ``091``.

A three-digit code of any other municipality is refused with the name of its organiser, and
a two-digit code that is no organiser's (such as ``91``, Åland's code in the same
classification, which has no organiser here) is refused listing the codes there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyoxigraph import Literal

from kg.store import Store

LANGS = ("fi", "sv", "en")
_ORGANISERS = """
SELECT ?o ?code ?municipalityCode ?fi ?sv ?en WHERE {
  ?o a yp:WellbeingServicesOrganiser ; yp:organiserCode ?code .
  OPTIONAL { ?o a yp:Municipality ; dcterms:identifier ?municipalityCode }
  OPTIONAL { ?o skos:prefLabel ?fi . FILTER(LANG(?fi) = "fi") }
  OPTIONAL { ?o skos:prefLabel ?sv . FILTER(LANG(?sv) = "sv") }
  OPTIONAL { ?o skos:prefLabel ?en . FILTER(LANG(?en) = "en") }
} ORDER BY ?code"""
_MUNICIPALITY = """
SELECT ?name ?organiser WHERE {
  ?m a yp:Municipality ; dcterms:identifier ?code ; skos:prefLabel ?name .
  FILTER(LANG(?name) = "fi")
  OPTIONAL { ?m yp:county ?organiser }
}"""
_CODE = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class Organiser:
    iri: str
    code: str  # the organiser code: "01"–"21", or "90" for the City of Helsinki
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    municipality_code: str | None = None  # set when the organiser is itself a municipality

    @property
    def kind(self) -> str:
        """``county`` for a wellbeing services county, ``organiser`` for a municipality
        that organises the services itself (the City of Helsinki)."""
        return "organiser" if self.municipality_code else "county"

    def name(self, lang: str) -> str:
        """The name in ``lang``, else in Finnish, Swedish or English, else the code."""
        for candidate in (lang, *LANGS):
            if self.names.get(candidate):
                return self.names[candidate]
        return self.code


def read_organisers(store: Store) -> list[Organiser]:
    """Every organiser in the graph with its code and names, in code order."""
    out: dict[str, Organiser] = {}
    for r in store.select(_ORGANISERS):
        names = {lang: r[lang] for lang in LANGS if r[lang]}
        out.setdefault(r["o"], Organiser(r["o"], r["code"], names, r["municipalityCode"]))
    return sorted(out.values(), key=lambda o: o.code)


def find_organiser(
    store: Store | None,
    key: str,
    *,
    organisers: list[Organiser] | None = None,
    what: str = "county",
) -> Organiser:
    """The organiser ``key`` names (see the module docstring); ``LookupError`` otherwise,
    its message naming the value, ``what`` it was given as, and the codes accepted. The
    one place an organiser is found by its code: ``organisers`` (read once by the caller)
    spares reading them again; without ``store`` a municipality's own code is refused
    without naming the municipality."""
    if organisers is None:
        if store is None:
            raise TypeError("find_organiser needs the store or the organisers")
        organisers = read_organisers(store)
    known = organisers
    text = key.strip()
    if not _CODE.fullmatch(text):
        raise LookupError(f"{what} {key!r} is not an organiser code; {_accepted(known)}")
    if len(text) <= 2:
        code = text.zfill(2)
        for org in known:
            if org.code == code:
                return org
        raise LookupError(f"no wellbeing services organiser with code {code}; {_accepted(known)}")
    for org in known:
        if org.municipality_code == text:
            return org
    rows = [] if store is None else store.select(_MUNICIPALITY, bindings={"code": Literal(text)})
    if rows:
        row = rows[0]
        own = next((o for o in known if o.iri == row["organiser"]), None)
        organiser = f"its organiser is {own.code} {own.name('fi')}" if own else "it has none"
        raise LookupError(
            f"{what} {text} is the municipality code of {row['name']}, which does not "
            f"organise the services itself ({organiser}); {_accepted(known)}"
        )
    raise LookupError(f"no municipality or organiser with code {text}; {_accepted(known)}")


def _accepted(known: list[Organiser]) -> str:
    if not known:
        return "the graph holds no organisers"
    parts = [_ranges([o.code for o in known if not o.municipality_code])]
    parts += [
        f"{o.code} ({o.name('fi')}, or its municipality code {o.municipality_code})"
        for o in known
        if o.municipality_code
    ]
    return "organiser codes: " + ", ".join(p for p in parts if p)


def _ranges(codes: list[str]) -> str:
    """``["01", "02", "03", "90"]`` → ``01–03, 90``."""
    out: list[str] = []
    run: list[str] = []
    for code in sorted(codes):
        if run and int(code) == int(run[-1]) + 1:
            run.append(code)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [code]
    if run:
        out.append(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(out)
