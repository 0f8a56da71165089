"""The filters of a projection, checked against the graph, and the period they select.

Time is given either as a day (``as_of``) or as a council term (``term``), never both:

* ``as_of=d``: agreements, forums, responsibilities and dual roles valid on ``d``
  (``yp:validFrom <= d <= yp:validTo``, a missing bound is open) and events dated on or
  before ``d``;
* ``term=t``: what was valid at any time within the term (its interval overlaps the term)
  and events dated within it;
* neither: everything recorded, whenever it was valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from kg.names import Entity, NameIndex
from kg.network.records import RELATIONS, GraphRecords, Term
from kg.validity import ALWAYS, Day, Validity


@dataclass(frozen=True)
class Window:
    """Records must be valid at some time in ``period``; events must fall in ``events``."""

    period: Validity = ALWAYS
    events: Validity = ALWAYS

    def valid(self, *validities: Validity) -> bool:
        """Whether some day in the period lies in every one of ``validities``."""
        return self.period.overlaps(*validities)

    def event(self, day: Day) -> bool:
        return day is not None and self.events.covers(day)


@dataclass(frozen=True)
class Filters:
    """The filters of one projection, resolved against the graph."""

    county: str | None  # county code, e.g. "20" (the City of Helsinki is "90")
    organiser: str | None  # the IRI of that county's organiser
    theme: str | None  # theme notation, e.g. "hyte"
    theme_iri: str | None
    relations: tuple[str, ...]
    as_of: dt.date | None
    term: str | None  # council term IRI
    window: Window

    def as_dict(self) -> dict[str, Any]:
        """The filters as plain JSON values (``graph.graph["filters"]``)."""
        return {
            "county": self.county,
            "theme": self.theme,
            "relations": list(self.relations),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "term": self.term,
            "period_start": _iso(self.window.period.start),
            "period_end": _iso(self.window.period.end),
        }


class FilterArgs(TypedDict, total=False):
    """The filters a network function takes as keywords (each defaults to none)."""

    county: str | None  # a county's code or name
    theme: str | None  # a theme's code or name
    relations: Iterable[str] | None  # some of RELATIONS (default: all)
    as_of: dt.date | None  # what was in force on that day
    term: str | None  # what fell in that council term (not with as_of)


def resolve(records: GraphRecords, **args: Unpack[FilterArgs]) -> Filters:
    """Check the filters against the graph.

    Raises ``LookupError`` for an unknown county, theme or term and ``ValueError`` for a
    relation that is not one of :data:`RELATIONS` or for both ``as_of`` and ``term``.
    """
    unknown = set(args) - set(FilterArgs.__annotations__)
    if unknown:
        raise TypeError(f"unknown filter {', '.join(sorted(unknown))}")
    county, theme, term = args.get("county"), args.get("theme"), args.get("term")
    as_of, relations = args.get("as_of"), args.get("relations")
    if as_of is not None and term is not None:
        raise ValueError("give either as_of or term, not both")
    if as_of is not None and not isinstance(as_of, dt.date):
        raise ValueError(f"as_of must be a date, not {as_of!r}")
    chosen = _relations(relations)
    organiser = code = None
    if county is not None:
        chosen_county = records.organiser(str(county))
        organiser, code = chosen_county.iri, chosen_county.county
    theme_code = theme_iri = None
    if theme is not None:
        node = records.theme_by_code(str(theme).strip()) or records.themes.get(str(theme))
        if node is None:  # any name of the theme, as the importer and the lookups take it
            node = records.themes[_theme_names(records).match(str(theme), kinds={"theme"}).iri]
        theme_code, theme_iri = node.code, node.iri
    term_iri = None
    if as_of is not None:
        window = Window(Validity(as_of, as_of), Validity(None, as_of))
    elif term is not None:
        found = _term(records, term)
        term_iri = found.iri
        span = Validity(found.start, found.end)
        window = Window(span, span)
    else:
        window = Window()
    return Filters(code, organiser, theme_code, theme_iri, chosen, as_of, term_iri, window)


def _relations(relations: Iterable[str] | None) -> tuple[str, ...]:
    if relations is None:
        return RELATIONS
    if isinstance(relations, str):
        relations = [relations]
    chosen = set()
    for name in relations:
        if name not in RELATIONS:
            raise ValueError(f"unknown relation {name!r}; one of {', '.join(RELATIONS)}")
        chosen.add(name)
    return tuple(r for r in RELATIONS if r in chosen)


def _term(records: GraphRecords, key: str) -> Term:
    """A council term by IRI, by its identifier, or by any of its labels."""
    wanted = str(key).strip()
    for match in (
        lambda t: t.iri == wanted,
        lambda t: t.key == wanted,
        lambda t: wanted.casefold() in {label.casefold() for label in t.labels},
    ):
        found = [t for t in records.terms if match(t)]
        if len(found) > 1:
            raise ValueError(f"term {key!r} is ambiguous: {', '.join(t.iri for t in found)}")
        if found:
            return found[0]
    known = ", ".join(t.key for t in records.terms)
    raise LookupError(f"unknown term {key!r}; known terms: {known}")


def _theme_names(records: GraphRecords) -> NameIndex:
    """The themes by their code and names in every language (raises NameNotFound, a
    LookupError, with suggestions for an unknown one)."""
    return NameIndex(
        Entity(t.iri, frozenset({"theme"}), t.code, (*t.labels.values(), t.code or t.iri))
        for t in records.themes.values()
    )


def _iso(day: Day) -> str | None:
    return day.isoformat() if day else None
