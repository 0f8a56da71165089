"""Matching how people write Finnish and Swedish names and codes to the graph's entities.

Names match case- and accent-insensitively (``Hameenlinna`` finds Hämeenlinna,
``helsingfors`` finds Helsinki); codes match with or without leading zeros (``91`` finds
municipality 091 when a municipality is asked for). Organisation names as people write
them match too: ``Iisalmen kaupunki``, ``Helsingin kaupunki``, ``Jakobstads stad``,
``Pohjois-Savon hyvinvointialue`` (the organisation word is dropped and the genitive read
back to its base form with Voikko, see :mod:`kg.name_forms`). A name that matches nothing
raises :class:`NameNotFound` with up to five suggestions, closest first: from the same
reading, from Voikko's spelling suggestions for a misspelt word, by edit distance
(RapidFuzz) and, for entities indexed with keywords such as the themes, by shared words.
One that matches two entities raises :class:`AmbiguousName`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler
from rdflib import Graph, URIRef

from kg import name_forms
from kg.name_forms import normalise
from kg.namespaces import ORG, YP
from kg.store import Store

__all__ = ["AmbiguousName", "Entity", "NameIndex", "NameNotFound", "normalise"]

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


class NameIndex:
    """Entities by normalised label and by code. Optionally, for suggestions by shared
    words, ``keywords`` (IRI → the stems of its names, see :func:`kg.name_forms.stems`) and
    ``context`` (IRI → the stems of a description, weighing less)."""

    def __init__(
        self,
        entities: Iterable[Entity],
        *,
        keywords: Mapping[str, frozenset[str]] | None = None,
        context: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.entities = list(entities)
        self.keywords = dict(keywords or {})
        self.context = dict(context or {})
        self._by_name: dict[str, list[Entity]] = defaultdict(list)
        self._by_code: dict[tuple[str, str], Entity] = {}
        self._by_iri: dict[str, Entity] = {e.iri: e for e in self.entities}
        self._choices: dict[frozenset[str], tuple[list[str], list[tuple[Entity, str]]]] = {}
        for e in self.entities:
            for label in e.labels:
                key = normalise(label)
                if e not in self._by_name[key]:
                    self._by_name[key].append(e)
            if e.code:
                for kind in e.kinds:
                    self._by_code[(kind, e.code)] = e

    @classmethod
    def from_store(cls, store: Store, *, graphs: Sequence[str] | None = None) -> NameIndex:
        """Index every entity of the kinds in KINDS that has a skos:prefLabel or altLabel
        (in the named ``graphs`` only, if given; else in the whole store)."""
        rows = store.query(
            _ENTITIES,
            bindings={"type": [NamedNode(str(c)) for c in KINDS]},
            default_graphs=graphs,
        )
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
        """The one entity of one of ``kinds`` that ``text`` names: a code, a label, or a
        label as organisations are written (``Iisalmen kaupunki``)."""
        wanted = frozenset(kinds)
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
        found = self._found(normalise(raw), wanted)
        if not found and raw:
            found = self._read(raw, wanted)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousName(raw, what, found)
        raise NameNotFound(raw, what, self.suggest(raw, kinds=wanted))

    def _found(self, key: str, wanted: frozenset[str]) -> list[Entity]:
        return [e for e in self._by_name.get(key, ()) if e.kinds & wanted]

    def _read(self, raw: str, wanted: frozenset[str]) -> list[Entity]:
        """The entities the reading of ``raw`` names: its text without the organisation
        words first, else its base forms; only those of the kinds the organisation words
        point to, when those kinds are asked for."""
        reading = name_forms.read(raw)
        found = self._found(reading.keys[0], wanted)
        if not found:
            seen: dict[str, Entity] = {}
            for key in reading.keys[1:]:
                for e in self._found(key, wanted):
                    seen.setdefault(e.iri, e)
            found = list(seen.values())
        if reading.hint & wanted:  # "Kainuun kunta" names no municipality: only suggest
            found = [e for e in found if e.kinds & reading.hint]
        return found

    def suggest(self, text: str, *, kinds: Iterable[str], limit: int = 5) -> list[str]:
        """Up to ``limit`` labels of entities of ``kinds`` closest to ``text``."""
        return [label for _, label, _ in self.candidates(text, kinds=kinds, limit=limit)]

    def candidates(
        self, text: str, *, kinds: Iterable[str], limit: int = 5, cutoff: float = 0.6
    ) -> list[tuple[Entity, str, float]]:
        """The entities of ``kinds`` that ``text`` most likely means, best first, each
        with the label that matched and a score from 0 to 1: 1 for a name read exactly,
        a little less through Voikko's spelling suggestions, then string similarity and,
        for entities with keywords, the share of words in common."""
        wanted = frozenset(kinds)
        raw = text.strip()
        best: dict[str, tuple[float, str]] = {}

        def offer(entity: Entity, label: str, score: float) -> None:
            if score > best.get(entity.iri, (0.0, ""))[0]:
                best[entity.iri] = (score, label)

        if not raw:
            return []
        reading = name_forms.read(raw)
        for key in reading.keys:
            for e in self._found(key, wanted):
                offer(e, self._label(e, key), 1.0)
        for i, key in enumerate(name_forms.typo_keys(reading)):
            for e in self._found(key, wanted):
                offer(e, self._label(e, key), 0.97 - 0.01 * i)
        choices, owners = self._choices_for(wanted)
        for query in dict.fromkeys((normalise(raw), reading.keys[0])):
            for _, similarity, i in process.extract(
                query, choices, scorer=_similarity, limit=limit * 3, score_cutoff=cutoff * 90
            ):
                entity, label = owners[i]
                offer(entity, label, similarity / 100)
        words = name_forms.stems(raw) if self.keywords or self.context else frozenset()
        if words:
            for entity in {owner[0].iri: owner[0] for owner in owners}.values():
                for table, floor, weight in ((self.keywords, 0.5, 0.4), (self.context, 0.45, 0.3)):
                    shared = _shared(words, table.get(entity.iri, frozenset()))
                    if shared:
                        offer(entity, entity.label, floor + weight * shared / len(words))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        return [
            (self._by_iri[iri], label, round(score, 3))
            for iri, (score, label) in ranked[:limit]
            if score >= cutoff
        ]

    def _label(self, entity: Entity, key: str) -> str:
        return next((lbl for lbl in entity.labels if normalise(lbl) == key), entity.label)

    def _choices_for(self, wanted: frozenset[str]) -> tuple[list[str], list[tuple[Entity, str]]]:
        """Normalised labels of the entities of ``wanted`` kinds, and whose each is."""
        cached = self._choices.get(wanted)
        if cached is None:
            choices: list[str] = []
            owners: list[tuple[Entity, str]] = []
            for e in self.entities:
                if e.kinds & wanted:
                    for label in dict.fromkeys(e.labels):
                        choices.append(normalise(label))
                        owners.append((e, label))
            cached = self._choices[wanted] = (choices, owners)
        return cached


def _similarity(query: str, choice: str, *, score_cutoff: float | None = None) -> float:
    """0-100: the edit similarity of two names, weighing a shared beginning (Jaro-Winkler)
    as much as the whole (Indel ratio), since inflection changes a name's end."""
    ratio = fuzz.ratio(query, choice)
    prefix = JaroWinkler.similarity(query, choice) * 100
    return 0.9 * max(ratio, prefix)


def _shared(words: frozenset[str], keywords: frozenset[str]) -> float:
    """How many of ``words`` share a stem with a keyword: a whole one for an equal stem,
    half for one that begins with the other (``ikääntynyt`` begins with ``ikä``)."""
    total = 0.0
    for w in words:
        if w in keywords:
            total += 1
        elif any(w.startswith(k) or k.startswith(w) for k in keywords):
            total += 0.5
    return total
