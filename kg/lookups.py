"""Answers for officials: municipalities, counties, themes, and who is responsible for what.

Municipalities are found by code (with or without leading zeros) or by Finnish or Swedish
name, case- and accent-insensitively, also as organisations are written (``Iisalmen
kaupunki``); themes by code or by any of their names (:func:`kg.themes.theme_index`). An
unknown one raises :class:`kg.names.NameNotFound` with up to five suggestions. Every
query binds its values; nothing typed is pasted in.

What does not change while a store is open (the municipalities and counties, the themes,
which interfaces are in scope, the names) is read once per store, like the name index; the
owners of a municipality's interfaces are queried on every call. A rebuilt store is a new
:class:`Store` and gets its own tables.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections import defaultdict
from functools import cached_property
from typing import Any

from kg.cooperation import owners, post_rows
from kg.names import NameIndex, normalise
from kg.organisers import Organiser, find_organiser, read_organisers
from kg.store import Store
from kg.themes import theme_index, themes_from_store

_MUNICIPALITIES = """
SELECT ?m ?code ?name_fi ?name_sv ?county_code ?county_name ?region ?language WHERE {
  ?m a yp:Municipality ; dcterms:identifier ?code ; skos:prefLabel ?name_fi .
  FILTER(LANG(?name_fi) = "fi")
  OPTIONAL { ?m skos:prefLabel ?name_sv . FILTER(LANG(?name_sv) = "sv") }
  OPTIONAL { ?m yp:county ?org . ?org yp:organiserCode ?county_code ;
             skos:prefLabel ?county_name . FILTER(LANG(?county_name) = "fi") }
  OPTIONAL { ?m yp:region ?r . ?r skos:prefLabel ?region . FILTER(LANG(?region) = "fi") }
  OPTIONAL { ?m yp:languageStatus ?ls . ?ls skos:notation ?language }
} ORDER BY ?code"""
_COUNTIES = """
SELECT ?org ?code ?name_fi ?name_sv ?name_en (COUNT(DISTINCT ?m) AS ?municipalities) WHERE {
  ?org a yp:WellbeingServicesOrganiser ; yp:organiserCode ?code ; skos:prefLabel ?name_fi .
  FILTER(LANG(?name_fi) = "fi")
  OPTIONAL { ?org skos:prefLabel ?name_sv . FILTER(LANG(?name_sv) = "sv") }
  OPTIONAL { ?org skos:prefLabel ?name_en . FILTER(LANG(?name_en) = "en") }
  OPTIONAL { ?m yp:county ?org }
} GROUP BY ?org ?code ?name_fi ?name_sv ?name_en ORDER BY ?code"""
_THEMES = """
SELECT ?theme ?code ?fi ?sv ?en ?core WHERE {
  ?theme a yp:InterfaceTheme ; skos:notation ?code ; yp:coreTheme ?core .
  OPTIONAL { ?theme skos:prefLabel ?fi . FILTER(LANG(?fi) = "fi") }
  OPTIONAL { ?theme skos:prefLabel ?sv . FILTER(LANG(?sv) = "sv") }
  OPTIONAL { ?theme skos:prefLabel ?en . FILTER(LANG(?en) = "en") }
} ORDER BY DESC(?core) ?code"""
_IN_SCOPE = """
SELECT ?m ?theme WHERE { ?i a yp:InterfaceInScope ; yp:municipality ?m ; yp:theme ?t .
  ?t skos:notation ?theme }"""
_MUNICIPALITY_KEYS = (
    "code",
    "name_fi",
    "name_sv",
    "county_code",
    "county_name",
    "region",
    "language",
)


class _Tables:
    """What the lookups read from a store besides the owners, each table read once."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex.from_store(self.store)

    @cached_property
    def municipalities(self) -> list[dict[str, Any]]:
        return [
            {k: r[k] for k in _MUNICIPALITY_KEYS} | {"iri": r["m"]}
            for r in self.store.select(_MUNICIPALITIES)
        ]

    @cached_property
    def municipality_by_iri(self) -> dict[str, dict[str, Any]]:
        return {m["iri"]: m for m in self.municipalities}

    @cached_property
    def counties(self) -> list[dict[str, Any]]:
        return [
            {
                "iri": r["org"],
                "code": r["code"],
                "name_fi": r["name_fi"],
                "name_sv": r["name_sv"],
                "name_en": r["name_en"],
                "municipalities": r["municipalities"],
            }
            for r in self.store.select(_COUNTIES)
        ]

    @cached_property
    def organisers(self) -> list[Organiser]:
        return read_organisers(self.store)

    @cached_property
    def themes(self) -> list[dict[str, Any]]:
        return [
            {
                "iri": r["theme"],
                "code": r["code"],
                "core": r["core"],
                "label": {"fi": r["fi"], "sv": r["sv"], "en": r["en"]},
            }
            for r in self.store.select(_THEMES)
        ]

    @cached_property
    def theme_names(self) -> NameIndex:
        return theme_index(themes_from_store(self.store))

    @cached_property
    def in_scope(self) -> dict[str, frozenset[str]]:
        """The codes of the themes in scope, by municipality IRI."""
        scope: dict[str, set[str]] = defaultdict(set)
        for r in self.store.select(_IN_SCOPE):
            scope[r["m"]].add(r["theme"])
        return {m: frozenset(codes) for m, codes in scope.items()}


_TABLES: weakref.WeakKeyDictionary[Store, _Tables] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def _tables(store: Store) -> _Tables:
    tables = _TABLES.get(store)
    if tables is None:
        with _TABLES_LOCK:
            tables = _TABLES.setdefault(store, _Tables(store))
    return tables


def name_index(store: Store) -> NameIndex:
    return _tables(store).names


def theme_names(store: Store) -> NameIndex:
    """The themes by code and by every fi/sv/en name (for suggestions)."""
    return _tables(store).theme_names


def find_municipality(store: Store, key: str) -> str:
    """The IRI of the municipality ``key`` names (code or fi/sv name); raises NameNotFound."""
    return name_index(store).match(key, kinds={"municipality"}, what="municipality").iri


def find_theme(store: Store, key: str) -> str:
    """The code of the theme ``key`` names (code or any fi/sv/en name); raises
    NameNotFound with suggestions."""
    entity = _tables(store).theme_names.match(key, kinds={"theme"}, what="theme")
    assert entity.code is not None
    return entity.code


def organiser(store: Store, key: str) -> Organiser:
    """The organiser ``key`` names: its organiser code (``13``, ``90``) or, for one that is
    a municipality, its municipality code (``091``); raises LookupError naming the codes."""
    return find_organiser(store, key, organisers=_tables(store).organisers)


def municipalities(
    store: Store, *, county: str | None = None, q: str | None = None
) -> list[dict[str, Any]]:
    """Municipalities, of one organiser if ``county`` is given (as :func:`organiser` reads
    it; an unknown one raises LookupError), matching part of a name if ``q`` is."""
    rows = _tables(store).municipalities
    if county is not None:
        code = organiser(store, county).code
        rows = [r for r in rows if r["county_code"] == code]
    if q:
        wanted = normalise(q)
        rows = [
            r
            for r in rows
            if wanted in normalise(r["name_fi"])
            or wanted in normalise(r["name_sv"] or "")
            or r["code"] == q.zfill(3)
        ]
    return [dict(r) for r in rows]


def municipality(store: Store, key: str) -> dict[str, Any]:
    iri = find_municipality(store, key)
    return dict(_tables(store).municipality_by_iri[iri])


def counties(store: Store) -> list[dict[str, Any]]:
    return [dict(c) for c in _tables(store).counties]


def county(store: Store, code: str) -> dict[str, Any]:
    """One organiser with its municipalities, by organiser code or (for the City of
    Helsinki) its municipality code; raises LookupError naming the codes accepted."""
    wanted = organiser(store, code).code
    for row in counties(store):
        if row["code"] == wanted:
            return row | {"members": municipalities(store, county=wanted)}
    raise LookupError(f"the organiser with code {wanted} has no Finnish name in the graph")


def themes(store: Store) -> list[dict[str, Any]]:
    return [t | {"label": dict(t["label"])} for t in _tables(store).themes]


def responsibilities(
    store: Store, *, municipality_key: str, theme: str | None = None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """For each theme: the owners on each side, current on ``as_of``, and the gaps."""
    day = as_of or dt.date.today()
    tables = _tables(store)
    info = municipality(store, municipality_key)
    if theme is not None:
        theme = find_theme(store, theme)
    by_theme: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for owner in owners(store, info["iri"], theme):
        if not owner.validity.covers(day):
            continue
        extra = owner.fields
        entry = by_theme.setdefault(owner.theme, {"municipality": [], "county": []})
        entry[owner.side].append(
            {
                "post": owner.post,
                "title": owner.title,
                "organisation": owner.organisation,
                "unit": owner.unit,
                "contact": extra.get("contact"),
                "person": extra.get("person"),
                "valid_from": extra.get("valid_from"),
                "valid_to": extra.get("valid_to"),
                "last_verified": extra.get("last_verified"),
                "source": extra.get("source"),
                "illustrative": bool(extra.get("illustrative")),
            }
        )
    scope = tables.in_scope.get(info["iri"], frozenset())
    wanted = [theme] if theme is not None else sorted(scope | set(by_theme))
    out = []
    for code in wanted:
        sides = by_theme.get(code, {"municipality": [], "county": []})
        for listed in sides.values():
            listed.sort(key=lambda o: (o["title"], o["post"]))
        out.append(
            {
                "theme": code,
                "in_scope": code in scope,
                "municipality_side": sides["municipality"],
                "county_side": sides["county"],
                "gap_municipality_side": not sides["municipality"],
                "gap_county_side": not sides["county"],
            }
        )
    return {"municipality": info, "as_of": day.isoformat(), "themes": out}


_POST_PATH = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def post(store: Store, base: str, path: str) -> dict[str, Any]:
    """What the post ``{base}post/{path}`` owns: every interface it is responsible for."""
    if not _POST_PATH.match(path):
        raise LookupError(f"no post {path!r}")
    iri = f"{base}post/{path}"
    rows = post_rows(store, iri)
    if not rows:
        raise LookupError(f"no post {path!r}")
    first = rows[0]
    owns = [
        {
            "municipality": {"code": r["municipalityCode"], "name": r["municipalityName"]},
            "theme": r["theme"],
            "side": r["side"],
        }
        for r in rows
        if r["theme"]
    ]
    return {
        "iri": iri,
        "title": first["title"],
        "organisation": first["organisation"],
        "unit": first["unit"],
        "owns": owns,
    }
