"""The interface themes as the ontology defines them, and the one resolver of theme names.

Each theme is a SKOS concept in ``ontology/yhdyspinta.ttl`` with a code (``skos:notation``,
e.g. ``older-people``), names in Finnish, Swedish and English (``skos:prefLabel``, with
``skos:altLabel`` such as ``HYTE``) and what it covers (``skos:definition``). The templates'
theme list, the README's list, the importer, the API and the pages all read them from
there, so they cannot drift apart.

:func:`theme_index` is the resolver: a :class:`kg.names.NameIndex` in which a theme is
found by its code or any of its names, in any case and without accents, and an unknown
name (``ikääntyneet``) gets suggestions by spelling and by the words it shares with a
theme's names and definition (``ikääntyneet`` shares ``ikä`` with ``Ikäihmisten
palvelut``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.name_forms import stems
from kg.names import Entity, NameIndex
from kg.store import Store

LANGS = ("fi", "sv", "en")
_THEMES = """
SELECT ?theme ?code ?core ?p ?text WHERE {
  ?theme a yp:InterfaceTheme ; skos:notation ?code .
  OPTIONAL { ?theme yp:coreTheme ?core }
  ?theme ?p ?text VALUES ?p { skos:prefLabel skos:altLabel skos:definition }
}"""


@dataclass(frozen=True)
class Theme:
    iri: str
    code: str
    core: bool
    name: dict[str, str]  # lang -> skos:prefLabel
    alt: tuple[str, ...]  # skos:altLabel in any language
    covers: dict[str, str]  # lang -> skos:definition

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("fi") or self.code


def themes_from_store(store: Store, *, graphs: Sequence[str] | None = None) -> list[Theme]:
    """The themes in ``store`` (in the named ``graphs`` only, if given): the core themes
    first, then by code."""
    found: dict[str, dict[str, object]] = {}
    for row in store.query(_THEMES, default_graphs=graphs):  # type: ignore[union-attr]
        iri = row["theme"].value
        entry = found.setdefault(
            iri,
            {
                "code": row["code"].value,
                "core": row["core"] is not None and row["core"].value == "true",
                "name": {},
                "alt": [],
                "covers": {},
            },
        )
        text, prop = row["text"], row["p"].value
        if prop.endswith("#prefLabel"):
            entry["name"][text.language or "fi"] = text.value  # type: ignore[index]
        elif prop.endswith("#altLabel"):
            entry["alt"].append(text.value)  # type: ignore[attr-defined]
        else:
            entry["covers"][text.language or "fi"] = text.value  # type: ignore[index]
    themes = [
        Theme(
            iri,
            str(e["code"]),
            bool(e["core"]),
            dict(e["name"]),  # type: ignore[call-overload]
            tuple(sorted(set(e["alt"]))),  # type: ignore[call-overload]
            dict(e["covers"]),  # type: ignore[call-overload]
        )
        for iri, e in found.items()
    ]
    return sorted(themes, key=lambda t: (not t.core, t.code))


@functools.lru_cache(maxsize=4)
def themes_from_ontology(path: Path) -> tuple[Theme, ...]:
    """The themes of the ontology file at ``path`` (read into a scratch store)."""
    graph = Graph().parse(path, format="turtle")
    store = Store()
    store.load_ntriples(graph.serialize(format="nt", encoding="utf-8"), "urn:x-scratch:ontology")
    return tuple(themes_from_store(store))


def theme_index(themes: list[Theme] | tuple[Theme, ...]) -> NameIndex:
    """The resolver of theme names: code, any name in any language, case and accents
    forgiven; suggestions by spelling and by words shared with names and definitions."""
    entities = []
    keywords, context = {}, {}
    for t in themes:
        labels = [t.name[lang] for lang in LANGS if lang in t.name]
        entities.append(Entity(t.iri, frozenset({"theme"}), t.code, (*labels, *t.alt, t.code)))
        keywords[t.iri] = stems(" ".join([*t.name.values(), *t.alt]))
        context[t.iri] = stems(" ".join(t.covers.values()))
    return NameIndex(entities, keywords=keywords, context=context)
