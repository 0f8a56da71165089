"""Answers for officials: municipalities, counties, themes, and who is responsible for what.

Municipalities are found by code (with or without leading zeros) or by Finnish or Swedish
name, case- and accent-insensitively; an unknown one raises :class:`kg.names.NameNotFound`
with up to five suggestions. Every query binds its values; nothing typed is pasted in.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.names import NameIndex
from kg.store import Store

YP = "https://w3id.org/yhdyspinta/ontology#"
_INDEXES: weakref.WeakKeyDictionary[Store, NameIndex] = weakref.WeakKeyDictionary()

_MUNICIPALITIES = """
SELECT ?m ?code ?name_fi ?name_sv ?countyCode ?countyName ?region ?language WHERE {
  ?m a yp:Municipality ; dcterms:identifier ?code ; skos:prefLabel ?name_fi .
  FILTER(LANG(?name_fi) = "fi")
  OPTIONAL { ?m skos:prefLabel ?name_sv . FILTER(LANG(?name_sv) = "sv") }
  OPTIONAL { ?m yp:county ?org . ?org skos:exactMatch ?list ; skos:prefLabel ?countyName .
             FILTER(LANG(?countyName) = "fi") FILTER(CONTAINS(STR(?list), "/hyvinvointialue_"))
             BIND(REPLACE(STR(?list), "^.*/", "") AS ?countyCode) }
  OPTIONAL { ?m yp:region ?r . ?r skos:prefLabel ?region . FILTER(LANG(?region) = "fi") }
  OPTIONAL { ?m yp:languageStatus ?ls . ?ls skos:notation ?language }
} ORDER BY ?code"""
_COUNTIES = """
SELECT ?org ?code ?name_fi ?name_sv ?name_en (COUNT(DISTINCT ?m) AS ?municipalities) WHERE {
  ?org a yp:WellbeingServicesOrganiser ; skos:exactMatch ?list ; skos:prefLabel ?name_fi .
  FILTER(LANG(?name_fi) = "fi") FILTER(CONTAINS(STR(?list), "/hyvinvointialue_"))
  BIND(REPLACE(STR(?list), "^.*/", "") AS ?code)
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
_OWNERS = """
SELECT ?i ?theme ?side ?r ?post ?postName ?holderName ?unit ?contact ?person ?from ?to
       ?verified ?source ?illustrative WHERE {
  ?i yp:municipality ?m ; yp:theme ?t . ?t skos:notation ?theme .
  ?r yp:interface ?i ; yp:side ?s ; yp:post ?post . ?s skos:notation ?side .
  ?post org:postIn ?holder ; skos:prefLabel ?postName . FILTER(LANG(?postName) = "fi")
  ?holder skos:prefLabel ?holderName . FILTER(LANG(?holderName) = "fi")
  OPTIONAL { ?post yp:organisationUnit ?unit }
  OPTIONAL { ?r yp:contactChannel ?contact }
  OPTIONAL { ?r yp:personName ?person }
  OPTIONAL { ?r yp:validFrom ?from }
  OPTIONAL { ?r yp:validTo ?to }
  OPTIONAL { ?r yp:lastVerified ?verified }
  OPTIONAL { ?r dcterms:source ?source }
  OPTIONAL { ?r yp:illustrative ?illustrative }
} ORDER BY ?theme ?side ?postName"""
_IN_SCOPE = """
SELECT ?theme WHERE { ?i a yp:InterfaceInScope ; yp:municipality ?m ; yp:theme ?t .
  ?t skos:notation ?theme }"""


def name_index(store: Store) -> NameIndex:
    if store not in _INDEXES:
        _INDEXES[store] = NameIndex.from_store(store)
    return _INDEXES[store]


def find_municipality(store: Store, key: str) -> str:
    """The IRI of the municipality ``key`` names (code or fi/sv name); raises NameNotFound."""
    return name_index(store).match(key, kinds={"municipality"}, what="municipality").iri


def municipalities(
    store: Store, *, county: str | None = None, q: str | None = None
) -> list[dict[str, Any]]:
    from kg.names import normalise

    rows = store.select(_MUNICIPALITIES)
    if county is not None:
        rows = [r for r in rows if r["countyCode"] == county.zfill(2)]
    if q:
        wanted = normalise(q)
        rows = [
            r
            for r in rows
            if wanted in normalise(r["name_fi"])
            or wanted in normalise(r["name_sv"] or "")
            or r["code"] == q.zfill(3)
        ]
    return [
        {
            k: r[k]
            for k in (
                "code",
                "name_fi",
                "name_sv",
                "countyCode",
                "countyName",
                "region",
                "language",
            )
        }
        | {"iri": r["m"]}
        for r in rows
    ]


def municipality(store: Store, key: str) -> dict[str, Any]:
    iri = find_municipality(store, key)
    return next(m for m in municipalities(store) if m["iri"] == iri)


def counties(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "iri": r["org"],
            "code": r["code"],
            "name_fi": r["name_fi"],
            "name_sv": r["name_sv"],
            "name_en": r["name_en"],
            "municipalities": r["municipalities"],
        }
        for r in store.select(_COUNTIES)
    ]


def county(store: Store, code: str) -> dict[str, Any]:
    wanted = code.strip().zfill(2)
    for row in counties(store):
        if row["code"] == wanted:
            return row | {"members": [m for m in municipalities(store, county=wanted)]}
    raise LookupError(f"no wellbeing services county with code {code!r}")


def themes(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "iri": r["theme"],
            "code": r["code"],
            "core": r["core"],
            "label": {"fi": r["fi"], "sv": r["sv"], "en": r["en"]},
        }
        for r in store.select(_THEMES)
    ]


def responsibilities(
    store: Store, *, municipality_key: str, theme: str | None = None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """For each theme: the owners on each side, current on ``as_of``, and the gaps."""
    day = as_of or dt.date.today()
    info = municipality(store, municipality_key)
    m = NamedNode(info["iri"])
    scope = {r["theme"] for r in store.select(_IN_SCOPE, bindings={"m": m})}
    by_theme: dict[str, dict[str, list[dict[str, Any]]]] = {}
    bindings: dict[str, Any] = {"m": m}
    if theme is not None:
        if theme not in {t["code"] for t in themes(store)}:
            raise LookupError(f"unknown theme {theme!r}")
        bindings["theme"] = Literal(theme)
    for r in store.select(_OWNERS, bindings=bindings):
        current = (r["from"] is None or r["from"] <= day.isoformat()) and (
            r["to"] is None or r["to"] >= day.isoformat()
        )
        if not current:
            continue
        entry = by_theme.setdefault(r["theme"], {"municipality": [], "county": []})
        entry[r["side"]].append(
            {
                "post": r["post"],
                "title": r["postName"],
                "organisation": r["holderName"],
                "unit": r["unit"],
                "contact": r["contact"],
                "person": r["person"],
                "valid_from": r["from"],
                "valid_to": r["to"],
                "last_verified": r["verified"],
                "source": r["source"],
                "illustrative": bool(r["illustrative"]),
            }
        )
    wanted = [theme] if theme is not None else sorted(scope | set(by_theme))
    out = []
    for code in wanted:
        owners = by_theme.get(code, {"municipality": [], "county": []})
        out.append(
            {
                "theme": code,
                "in_scope": code in scope,
                "municipality_side": owners["municipality"],
                "county_side": owners["county"],
                "gap_municipality_side": not owners["municipality"],
                "gap_county_side": not owners["county"],
            }
        )
    return {"municipality": info, "as_of": day.isoformat(), "themes": out}


_POST = """
SELECT ?title ?organisation ?unit ?municipalityCode ?municipalityName ?theme ?side WHERE {
  ?post org:postIn ?holder ; skos:prefLabel ?title . FILTER(LANG(?title) = "fi")
  ?holder skos:prefLabel ?organisation . FILTER(LANG(?organisation) = "fi")
  OPTIONAL { ?post yp:organisationUnit ?unit }
  OPTIONAL {
    ?r yp:post ?post ; yp:interface ?i ; yp:side ?s . ?s skos:notation ?side .
    ?i yp:theme ?t . ?t skos:notation ?theme .
    OPTIONAL { ?i yp:municipality ?m . ?m dcterms:identifier ?municipalityCode ;
               skos:prefLabel ?municipalityName . FILTER(LANG(?municipalityName) = "fi") }
  }
} ORDER BY ?municipalityCode ?theme"""
_POST_PATH = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def post(store: Store, base: str, path: str) -> dict[str, Any]:
    """What the post ``{base}post/{path}`` owns: every interface it is responsible for."""
    if not _POST_PATH.match(path):
        raise LookupError(f"no post {path!r}")
    iri = f"{base}post/{path}"
    rows = store.select(_POST, bindings={"post": NamedNode(iri)})
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
