"""Matching how people write Finnish and Swedish names and codes to the graph's entities.

Names match case- and accent-insensitively (``Hameenlinna`` finds Hämeenlinna,
``helsingfors`` finds Helsinki); codes match with or without leading zeros (``91`` finds
municipality 091 when a municipality is asked for). A name that matches nothing raises
:class:`NameNotFound` with up to five close suggestions; one that matches two entities
raises :class:`AmbiguousName`.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import NamedNode
from rdflib import Graph, URIRef

from kg.namespaces import ORG, YP
from kg.store import Store

_ENTITIES = """
SELECT ?e ?type ?label ?pref ?code WHERE {
  ?e a ?type .
  { ?e skos:prefLabel ?label BIND(true AS ?pref) }
  UNION
  { ?e skos:altLabel ?label BIND(false AS ?pref) }
  OPTIONAL { ?e dcterms:identifier ?code }
}"""

# the kind of an entity, from its most specific class
KINDS = {
    YP.Municipality: "municipality",
    YP.WellbeingServicesCounty: "county",
    YP.WellbeingServicesOrganiser: "organiser",
    YP.Region: "region",
    YP.EmploymentArea: "employment-area",
    ORG.Organization: "organisation",
}
CODE_WIDTH = {"municipality": 3, "county": 2, "region": 2}


@dataclass(frozen=True)
class Entity:
    iri: str
    kinds: frozenset[str]
    code: str | None
    labels: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.iri


class NameNotFound(LookupError):
    def __init__(self, text: str, what: str, suggestions: list[str]) -> None:
        self.text, self.what, self.suggestions = text, what, suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {text!r}{hint}")


class AmbiguousName(LookupError):
    def __init__(self, text: str, what: str, candidates: list[Entity]) -> None:
        self.text, self.what, self.candidates = text, what, candidates
        names = ", ".join(f"{c.label} ({c.code or c.iri})" for c in candidates)
        super().__init__(f"{what} {text!r} is ambiguous: {names}; use the code")


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Case-, accent-, dash- and space-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2010-\u2015\u2212]", "-", plain)
    return re.sub(r"\s+", " ", plain).strip()


class NameIndex:
    """Entities by normalised label and by code."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self._by_name: dict[str, list[Entity]] = defaultdict(list)
        self._by_code: dict[tuple[str, str], Entity] = {}
        self._by_iri: dict[str, Entity] = {e.iri: e for e in self.entities}
        for e in self.entities:
            for label in e.labels:
                key = normalise(label)
                if e not in self._by_name[key]:
                    self._by_name[key].append(e)
            if e.code:
                for kind in e.kinds:
                    self._by_code[(kind, e.code)] = e

    @classmethod
    def from_store(cls, store: Store) -> NameIndex:
        """Index every entity of the kinds in KINDS that has a skos:prefLabel or altLabel."""
        rows = store.query(_ENTITIES, bindings={"type": [NamedNode(str(c)) for c in KINDS]})
        kinds: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, dict[str, int]] = defaultdict(dict)  # label -> rank (fi pref first)
        codes: dict[str, str] = {}
        for row in rows:  # type: ignore[union-attr]
            iri = row["e"].value
            kinds[iri].add(KINDS[URIRef(row["type"].value)])
            label = row["label"]
            rank = (0 if row["pref"].value == "true" else 2) + (label.language != "fi")
            labels[iri][label.value] = min(rank, labels[iri].get(label.value, 9))
            if row["code"] is not None:
                codes[iri] = row["code"].value
        return cls(
            Entity(
                iri,
                frozenset(ks),
                codes.get(iri),
                tuple(sorted(labels[iri], key=lambda lbl: (labels[iri][lbl], lbl))),
            )
            for iri, ks in kinds.items()
        )

    @classmethod
    def from_graph(cls, graph: Graph) -> NameIndex:
        """The same index from an rdflib graph (loaded into a scratch store)."""
        store = Store()
        store.load_ntriples(graph.serialize(format="nt", encoding="utf-8"), "urn:x-scratch:g")
        return cls.from_store(store)

    def by_iri(self, iri: str) -> Entity:
        return self._by_iri[iri]

    def match(self, text: str, *, kinds: Iterable[str], what: str | None = None) -> Entity:
        """The one entity of one of ``kinds`` that ``text`` names (a label or a code)."""
        wanted = set(kinds)
        what = what or " or ".join(sorted(wanted))
        raw = text.strip()
        if raw.isdigit():
            for kind in sorted(wanted):
                width = CODE_WIDTH.get(kind)
                digits = raw.lstrip("0") or "0"  # extra leading zeros are forgiven
                if width and len(digits) <= width:
                    by_code = self._by_code.get((kind, digits.zfill(width)))
                    if by_code:
                        return by_code
            raise NameNotFound(raw, what, [])
        found = [e for e in self._by_name.get(normalise(raw), []) if e.kinds & wanted]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousName(raw, what, found)
        raise NameNotFound(raw, what, self.suggest(raw, kinds=wanted))

    def suggest(self, text: str, *, kinds: Iterable[str], limit: int = 5) -> list[str]:
        """Up to ``limit`` labels of entities of ``kinds`` closest to ``text``."""
        wanted = set(kinds)
        labels: dict[str, str] = {}
        for key, entities in self._by_name.items():
            for e in entities:
                if e.kinds & wanted:
                    labels.setdefault(key, next(lbl for lbl in e.labels if normalise(lbl) == key))
        close = difflib.get_close_matches(normalise(text), list(labels), n=limit, cutoff=0.6)
        return [labels[k] for k in close]
