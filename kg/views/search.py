"""The search box: a municipality, county, theme or post by any of its names, forgiving
of case, accents, Swedish names and typos (the lookups' matching, :mod:`kg.names`)."""

from __future__ import annotations

from dataclasses import dataclass

from kg import lookups
from kg.cooperation import owning_posts
from kg.names import normalise
from kg.store import Store
from kg.views.cache import kept

KINDS = ("municipality", "organiser")
SURE = 0.9  # a best candidate this good, and better than the next, is taken as meant


@dataclass(frozen=True)
class Hit:
    kind: str  # municipality, county, theme or post
    key: str  # a code, or a post's IRI
    label: str
    detail: str  # what else tells it apart (a post's organisation)
    score: float


def search(store: Store, text: str, *, lang: str, limit: int = 10) -> list[Hit]:
    """The places ``text`` most likely means, best first."""
    raw = text.strip()[:100]
    if not raw:
        return []
    hits: list[Hit] = []
    index = lookups.name_index(store)
    for entity, label, score in index.candidates(raw, kinds=KINDS, limit=limit):
        if "municipality" in entity.kinds and entity.code:
            hits.append(Hit("municipality", entity.code, label, "", score))
        elif entity.code:
            hits.append(Hit("county", entity.code, label, "", score))
    if raw.isdigit():  # a code: of a municipality (3 digits) or an organiser (2)
        try:
            found = lookups.municipality(store, raw)
            hits.append(Hit("municipality", found["code"], found["name_fi"], "", 1.0))
        except LookupError:
            pass
        try:
            organiser = lookups.organiser(store, raw)
            hits.append(Hit("county", organiser.code, organiser.name("fi"), "", 0.99))
        except LookupError:
            pass
    themes = {t["code"]: t for t in lookups.themes(store)}
    for entity, _, score in lookups.theme_names(store).candidates(raw, kinds={"theme"}, limit=3):
        if entity.code is not None and entity.code in themes:
            label = str(themes[entity.code]["label"].get(lang) or entity.code)
            hits.append(Hit("theme", entity.code, label, "", score))
    wanted = normalise(raw)
    if len(wanted) >= 3:
        for post, name, holder in posts(store):
            if wanted in normalise(name):
                hits.append(Hit("post", post, name, holder, 0.8))
    best: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        if hit.score > best.get((hit.kind, hit.key), Hit("", "", "", "", -1)).score:
            best[(hit.kind, hit.key)] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.kind, h.label))[:limit]


def meant(hits: list[Hit]) -> Hit | None:
    """The one hit the search surely means: good enough and better than the next."""
    if hits and hits[0].score >= SURE and (len(hits) == 1 or hits[1].score < hits[0].score):
        return hits[0]
    return None


def posts(store: Store) -> list[tuple[str, str, str]]:
    """(IRI, Finnish title, organisation) of every post that owns an interface."""
    return kept(
        store,
        "posts",
        lambda: owning_posts(store),
    )
