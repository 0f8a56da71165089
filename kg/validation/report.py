"""Validation results for people: grouped by county, municipality and theme, in five formats.

:func:`build_report` locates every result (:mod:`kg.validation.locate`), names its rule with
the shape's ``sh:name`` and ``sh:description`` and says what to add with its message, all in
Finnish, Swedish or English; the renderers write the same report as text, JSON, CSV, a small
self-contained HTML page, or the standard W3C SHACL ``sh:ValidationReport`` in Turtle.

Counts per severity come first in every format except CSV, which stays a plain table (one
header row, then one row per result and county; its ``severity`` column gives the counts).
A result whose focus node lies in two counties (an employment area spanning them) is listed
under each county but counted once; with ``county`` given, only that county's are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.messages import Words
from kg.store import Store
from kg.validation.engine import Result
from kg.validation.locate import Location, Place, find_county, locate, readable
from kg.validation.shapes import Texts, load_shapes_graph, read_shapes, texts_of

LANGS = ("fi", "sv", "en")
SEVERITIES = ("Violation", "Warning", "Info")

# the fixed words, from the one catalogue (kg/locale/*/LC_MESSAGES/messages.po, ``validation.*``)
WORDS: dict[str, Words] = {lang: Words("validation", lang) for lang in LANGS}


# -- shape texts -------------------------------------------------------------------------


ShapeText = Texts  # a shape's name, description and message by language


class ShapeTexts:
    """``sh:name``, ``sh:description`` and ``sh:message`` of every shape, found by result.

    A result names its shape by IRI; the fast engine names a blank-node property shape as
    ``<node shape IRI> <path>``; pySHACL gives it a blank node of its own graph, found here
    by path (and message, when two shapes share a path).
    """

    def __init__(self, graph: Graph | None = None) -> None:
        graph = graph if graph is not None else load_shapes_graph()
        self._by_key: dict[str, ShapeText] = {}
        self._by_path: dict[str, list[ShapeText]] = {}
        for node in set(graph.subjects(SH.name, None)):
            if isinstance(node, URIRef):
                self._by_key[str(node)] = texts_of(graph, node)
        for shape in read_shapes(graph):
            for prop in shape.properties:
                text = texts_of(graph, prop.node)
                self._by_key.setdefault(prop.label, text)
                if not isinstance(prop.node, URIRef):
                    self._by_path.setdefault(prop.path, []).append(text)

    def find(self, result: Result) -> ShapeText:
        if result.shape in self._by_key:
            return self._by_key[result.shape]
        candidates = self._by_path.get(result.path or "", [])
        for text in candidates:
            if any(result.messages.get(k) == v for k, v in text.message.items()):
                return text
        return candidates[0] if candidates else ShapeText()


# -- the report --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One result at one location, in words."""

    result: Result
    location: Location
    label: str  # the focus node's label
    rule: str  # the shape's name: the rule in plain words
    description: str  # the shape's description
    message: str  # what to add or fix
    value_label: str | None = None

    @property
    def severity(self) -> str:
        return severity_name(self.result.severity)


@dataclass(frozen=True)
class Group:
    county: Place | None
    municipality: Place | None
    theme: Place | None
    entries: tuple[Entry, ...]

    def counts(self) -> dict[str, int]:
        return count(e.result for e in self.entries)


@dataclass(frozen=True)
class Report:
    lang: str
    county: Place | None  # the county the report was limited to, if any
    as_of: dt.date | None
    results: tuple[Result, ...]  # distinct results reported
    entries: tuple[Entry, ...]  # sorted by location, severity, label, rule

    @property
    def counts(self) -> dict[str, int]:
        return count(self.results)

    @property
    def conforms(self) -> bool:
        """SHACL's definition: no results at all (of any severity)."""
        return not self.results

    @property
    def has_violations(self) -> bool:
        return self.counts["Violation"] > 0

    @property
    def groups(self) -> list[Group]:
        """Consecutive entries at the same (county, municipality, theme), in report order."""

        def where(e: Entry) -> tuple[Place | None, Place | None, Place | None]:
            return (e.location.county, e.location.municipality, e.location.theme)

        return [Group(*key, tuple(items)) for key, items in groupby(self.entries, key=where)]

    def summary(self) -> str:
        """One line: the counts and where the report was limited to."""
        words = WORDS[self.lang]
        scope = f"{self.county.code} {self.county.name}" if self.county else words["all"]
        parts = ", ".join(f"{words[s + '+']}: {n}" for s, n in self.counts.items())
        return f"{words['title']} ({scope}): {parts}"


def severity_name(iri: str) -> str:
    """``sh:Violation`` → ``Violation``."""
    return iri.rsplit("#", 1)[-1]


def count(results: Iterable[Result]) -> dict[str, int]:
    """Results per severity, always with Violation, Warning and Info (in that order)."""
    counter = Counter(severity_name(r.severity) for r in results)
    out = {s: counter.pop(s, 0) for s in SEVERITIES}
    out.update(sorted(counter.items()))
    return out


def build_report(
    results: Sequence[Result],
    store: Store,
    *,
    lang: str,
    county: str | None = None,
    as_of: dt.date | None = None,
    shapes: ShapeTexts | None = None,
) -> Report:
    """The report of ``results`` in ``lang`` (fi, sv or en), limited to one county if given.

    ``county`` is an organiser code (01–21, or 90 for the City of Helsinki, also by its
    municipality code 091; leading zero optional); results located there are kept. Raises
    ``LookupError`` for a code no organiser has and ``ValueError`` for a language other
    than fi, sv and en.
    """
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    only: Place | None = None
    if county is not None:
        only = find_county(store, county, lang=lang)  # LookupError naming the codes
    texts = shapes if shapes is not None else ShapeTexts()
    values = {r.value for r in results if r.value and is_iri(r.value)}
    located = locate(store, [r.focus for r in results] + sorted(values), lang=lang)
    entries: list[Entry] = []
    for result in results:
        where = located.get(result.focus)
        label = where.label if where else readable(result.focus)
        locations = where.locations if where else (Location(),)
        text = texts.find(result)
        value_label = None
        if result.value and result.value in located:
            value_label = located[result.value].label
        for location in locations:
            if only is not None and (location.county is None or location.county.code != only.code):
                continue
            entries.append(
                Entry(
                    result,
                    location,
                    label,
                    pick(text.name, lang) or readable(result.shape),
                    pick(text.description, lang) or "",
                    pick(result.messages, lang) or pick(text.message, lang) or "",
                    value_label,
                )
            )
    entries.sort(key=_entry_order)
    reported = tuple(dict.fromkeys(e.result for e in entries))
    return Report(lang, only, as_of, reported, tuple(entries))


def pick(texts: dict[str, str], lang: str) -> str | None:
    return texts.get(lang) or texts.get("fi") or next(iter(texts.values()), None)


def is_iri(text: str) -> bool:
    return re.fullmatch(r"(https?|urn):\S+", text) is not None


def _entry_order(e: Entry) -> tuple[Any, ...]:
    rank = SEVERITIES.index(e.severity) if e.severity in SEVERITIES else len(SEVERITIES)
    return (
        e.location.sort_key(),
        rank,
        e.label.casefold(),
        e.rule.casefold(),
        e.result.focus,
        e.result.path or "",
        e.result.value or "",
    )
