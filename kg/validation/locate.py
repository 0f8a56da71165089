"""Where a validation result belongs: county, municipality and theme of its focus node.

One SPARQL query answers for all focus nodes at once (their IRIs are bound as a list, never
pasted into the query text). The rules, by what the focus node is:

- an interface (``yp:Interface``): its ``yp:municipality``, ``yp:theme`` and ``yp:organiser``
  (the municipality's ``yp:county`` when it names no organiser);
- a responsibility (``yp:Responsibility``): the same, through its ``yp:interface``;
- a municipality: itself and its ``yp:county`` (the City of Helsinki is its own county, 90);
- an organiser (a county, or Helsinki when it is not also judged as a municipality): itself;
- an agreement, negotiation or forum: its ``yp:concernsCounty``; an approval: its agreement's;
- a post: the municipality or organiser it is in (``org:postIn``);
- an employment area: the county of each of its member municipalities
  (``?m yp:employmentArea ?area ; yp:county ?c``). An area that spans two counties is
  located in **each** of them, so a county's report always shows every area it shares;
- anything else: no county ("national / no county").

A county's code is its ``yp:organiserCode`` (``13``; the City of Helsinki, an organiser
with a municipality code of its own, ``90``). Names and labels are ``skos:prefLabel`` in the
language asked for, falling back to Finnish, then to a readable form of the IRI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.organisers import find_organiser
from kg.store import Store

# Every focus node gets one row per (county, municipality, theme) it belongs to; the
# labels are read in the language asked for (?lang) and in Finnish, the fallback.
NONE = "urn:x-yhdyspinta:none"

# Every focus node gets one row per (county, municipality, theme) it belongs to. A level
# that does not apply is the NONE sentinel rather than unbound, so the name look-ups below
# never run over every label in the store. Names are read in the language asked for
# (?lang) and in Finnish, the fallback.
LOCATE = """
SELECT ?focus ?county ?municipality ?theme
       (MIN(?countyCode0) AS ?countyCode) (MIN(?municipalityCode0) AS ?municipalityCode)
       (MIN(?themeSlug0) AS ?themeSlug)
       (MIN(?countyName0) AS ?countyName) (MIN(?municipalityName0) AS ?municipalityName)
       (MIN(?themeName0) AS ?themeName) (MIN(?label0) AS ?label)
WHERE {
  OPTIONAL {
    {
      { ?focus a yp:Interface . BIND(?focus AS ?interface) }
      UNION
      { ?focus a yp:Responsibility ; yp:interface ?interface . }
      OPTIONAL { ?interface yp:municipality ?m0 }
      OPTIONAL { ?interface yp:theme ?t0 }
      OPTIONAL { ?interface yp:organiser ?organiser }
      OPTIONAL { ?interface yp:municipality/yp:county ?ownCounty }
      BIND(COALESCE(?organiser, ?ownCounty) AS ?c0)
    }
    UNION
    {
      ?focus a yp:Municipality .
      BIND(?focus AS ?m0)
      OPTIONAL { ?focus yp:county ?c0 }
    }
    UNION
    {
      ?focus a yp:WellbeingServicesOrganiser .
      FILTER NOT EXISTS { ?focus a yp:Municipality }
      BIND(?focus AS ?c0)
    }
    UNION
    { ?focus yp:concernsCounty ?c0 . }
    UNION
    { ?agreement yp:approval ?focus . ?agreement yp:concernsCounty ?c0 . }
    UNION
    {
      ?focus org:postIn ?holder .
      { ?holder a yp:Municipality ; yp:county ?c0 . BIND(?holder AS ?m0) }
      UNION
      {
        ?holder a yp:WellbeingServicesOrganiser .
        FILTER NOT EXISTS { ?holder a yp:Municipality }
        BIND(?holder AS ?c0)
      }
    }
    UNION
    { ?focus a yp:EmploymentArea . ?member yp:employmentArea ?focus ; yp:county ?c0 . }
  }
  BIND(COALESCE(?c0, ?none) AS ?county)
  BIND(COALESCE(?m0, ?none) AS ?municipality)
  BIND(COALESCE(?t0, ?none) AS ?theme)
  OPTIONAL { ?county yp:organiserCode ?countyCode0 }
  OPTIONAL { ?municipality dcterms:identifier ?municipalityCode0 }
  OPTIONAL { ?theme skos:notation ?themeNotation }
  BIND(STR(?themeNotation) AS ?themeSlug0)
  OPTIONAL { ?county skos:prefLabel ?countyIn . FILTER(LANG(?countyIn) = ?lang) }
  OPTIONAL { ?county skos:prefLabel ?countyFi . FILTER(LANG(?countyFi) = "fi") }
  BIND(COALESCE(?countyIn, ?countyFi) AS ?countyName0)
  OPTIONAL { ?municipality skos:prefLabel ?municipalityIn . FILTER(LANG(?municipalityIn) = ?lang) }
  OPTIONAL { ?municipality skos:prefLabel ?municipalityFi . FILTER(LANG(?municipalityFi) = "fi") }
  BIND(COALESCE(?municipalityIn, ?municipalityFi) AS ?municipalityName0)
  OPTIONAL { ?theme skos:prefLabel ?themeIn . FILTER(LANG(?themeIn) = ?lang) }
  OPTIONAL { ?theme skos:prefLabel ?themeFi . FILTER(LANG(?themeFi) = "fi") }
  BIND(COALESCE(?themeIn, ?themeFi) AS ?themeName0)
  OPTIONAL { ?focus skos:prefLabel ?labelIn . FILTER(LANG(?labelIn) = ?lang) }
  OPTIONAL { ?focus skos:prefLabel ?labelFi . FILTER(LANG(?labelFi) = "fi") }
  OPTIONAL { ?focus dcterms:title ?title . }
  OPTIONAL { ?focus yp:post/skos:prefLabel ?postIn . FILTER(LANG(?postIn) = ?lang) }
  OPTIONAL { ?focus yp:post/skos:prefLabel ?postFi . FILTER(LANG(?postFi) = "fi") }
  BIND(COALESCE(?labelIn, ?labelFi, ?title, ?postIn, ?postFi) AS ?label0)
}
GROUP BY ?focus ?county ?municipality ?theme
"""


@dataclass(frozen=True, order=True)
class Place:
    """A county, municipality or theme: its code (or slug), name and IRI."""

    code: str
    name: str
    iri: str


@dataclass(frozen=True)
class Location:
    """Where one result belongs; ``None`` where a level does not apply."""

    county: Place | None = None
    municipality: Place | None = None
    theme: Place | None = None

    def sort_key(self) -> tuple[bool, str, str, str]:
        """County code (no county last), then municipality code, then theme slug."""
        return (
            self.county is None,
            self.county.code if self.county else "",
            self.municipality.code if self.municipality else "",
            self.theme.code if self.theme else "",
        )


@dataclass(frozen=True)
class Located:
    """A focus node's label and every county it belongs to (at least one location)."""

    label: str
    locations: tuple[Location, ...]


def readable(iri: str) -> str:
    """A readable form of an IRI without a label: the part after ``/id/``, or its last step."""
    if "/id/" in iri:
        return iri.split("/id/", 1)[1]
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def locate(store: Store, focus_nodes: Iterable[str], *, lang: str) -> dict[str, Located]:
    """Label and locations of each focus node, from one query for all of them.

    A focus node in several counties has one location per county (for each county the
    most specific row: one with a municipality first, then the lowest codes). An
    interface without a label of its own is labelled by its municipality (or organiser):
    the theme is already the group it is reported under.
    """
    iris = sorted({f for f in focus_nodes if f and not f.startswith("_:")})
    rows: list[dict[str, object]] = []
    if iris:
        rows = store.select(
            LOCATE,
            bindings={
                "focus": [NamedNode(i) for i in iris],
                "lang": Literal(lang),
                "none": NamedNode(NONE),
            },
        )
    per_focus: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        per_focus.setdefault(str(row["focus"]), []).append(row)
    out: dict[str, Located] = {}
    for iri in iris:
        found = per_focus.get(iri, [])
        by_county: dict[Place | None, Location] = {}
        for row in sorted(found, key=_specific):
            location = _location(row)
            if location.county not in by_county:
                by_county[location.county] = location
        locations = sorted(by_county.values(), key=Location.sort_key) or [Location()]
        if len(locations) > 1:  # a place with a county beats the same focus without one
            locations = [loc for loc in locations if loc.county is not None]
        out[iri] = Located(_label(iri, found, locations[0]), tuple(locations))
    return out


def find_county(store: Store, code: str, *, lang: str = "fi") -> Place:
    """The organiser ``code`` names (a county 01–21, or the City of Helsinki as 90 or by
    its municipality code 091: :func:`kg.organisers.find_organiser`), named in ``lang``;
    raises ``LookupError`` naming the codes accepted."""
    org = find_organiser(store, code)
    return Place(org.code, org.name(lang), org.iri)


def _specific(row: dict[str, object]) -> tuple[bool, bool, str, str]:
    return (
        row["municipality"] is None,
        row["theme"] is None,
        str(row["municipalityCode"] or ""),
        str(row["themeSlug"] or ""),
    )


def _place(iri: object, code: object, name: object) -> Place | None:
    if iri is None or iri == NONE:
        return None
    text = str(iri)
    return Place(
        str(code) if code is not None else readable(text), str(name or readable(text)), text
    )


def _location(row: dict[str, object]) -> Location:
    return Location(
        _place(row["county"], row["countyCode"], row["countyName"]),
        _place(row["municipality"], row["municipalityCode"], row["municipalityName"]),
        _place(row["theme"], row["themeSlug"], row["themeName"]),
    )


def _label(iri: str, rows: list[dict[str, object]], first: Location) -> str:
    for row in rows:
        if row["label"]:
            return str(row["label"])
    if first.municipality is not None and (
        first.theme is not None or first.municipality.iri == iri
    ):
        return first.municipality.name
    if first.county is not None and first.county.iri == iri:
        return first.county.name
    return readable(iri)
