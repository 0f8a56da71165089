"""What an import changes, per entity, as a coordinator reads it.

Each kind of entity (responsibility, agreement, negotiation, forum, dual role) is read
from the graph before and after the import as a record of fields (the template's
columns, followed along the graph: a responsibility's municipality through its
interface, its post title through its post). Records that differ are listed as added,
changed (field: old → new) or removed, with names instead of IRIs: municipalities,
themes, sides and types by their labels in the store, in Finnish, Swedish or English.

A responsibility's IRI is made from its post, so a post retitled is one responsibility
out and one in; when exactly one goes and one comes for the same municipality, theme
and side, they are shown as one change. Statements that no field reads (say, the
illustrative flag) are counted, not hidden; ``--rdf`` shows every statement.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.importing.entity_kinds import KINDS, EntityKind, Term
from kg.importing.entity_records import Index, Record, Value, index, of_kind, records, touched
from kg.importing.words import column_name, word
from kg.namespaces import RDFS, SKOS
from kg.store import Store


@dataclass
class EntityChange:
    kind: EntityKind
    change: str  # added, changed or removed
    before: Record | None
    after: Record | None

    def changed_fields(self) -> list[str]:
        if self.before is None or self.after is None:
            return []
        return [
            f.key
            for f in self.kind.fields
            if self.before.fields.get(f.key, frozenset())
            != self.after.fields.get(f.key, frozenset())
        ]


@dataclass
class ChangeList:
    changes: list[EntityChange]
    other_statements: int  # changed statements that no field shows
    labels: Labels = field(repr=False)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.other_statements

    def counts(self) -> dict[str, dict[str, int]]:
        out = {k.key: {"added": 0, "changed": 0, "removed": 0} for k in KINDS}
        for c in self.changes:
            out[c.kind.key][c.change] += 1
        return out

    def render(self, lang: str, *, limit: int = 200) -> str:
        if self.empty:
            return word("no_changes", lang)
        lines: list[str] = []
        shown = 0
        counts = self.counts()
        for kind in KINDS:
            order = {"changed": 0, "added": 1, "removed": 2}
            mine = sorted(
                (c for c in self.changes if c.kind is kind),
                key=lambda c: (order[c.change], self.title(c.kind, c.after or c.before, lang)),  # type: ignore[arg-type]
            )
            if not mine:
                continue
            tally = " · ".join(f"{word(k, lang)}: {n}" for k, n in counts[kind.key].items() if n)
            lines.append(f"{word(kind.key, lang)} ({tally})")
            for change in mine:
                if shown == limit:
                    break
                shown += 1
                lines += self._lines(change, lang)
        if len(self.changes) > shown:
            lines.append("  " + word("more", lang, n=len(self.changes) - shown))
        if self.other_statements:
            lines.append(word("other_statements", lang, n=self.other_statements))
        return "\n".join(lines)

    def _lines(self, change: EntityChange, lang: str) -> list[str]:
        record = change.after or change.before
        assert record is not None
        mark = {"added": "+", "changed": "~", "removed": "-"}[change.change]
        out = [f"  {mark} {self.title(change.kind, record, lang)}"]
        for key in change.changed_fields():
            assert change.before is not None and change.after is not None
            name = column_name(change.kind.table, key, lang)
            old = self.show(change.before.fields.get(key, frozenset()), lang)
            new = self.show(change.after.fields.get(key, frozenset()), lang)
            out.append(f"      {name}: {old} → {new}")
        return out

    def title(self, kind: EntityKind, record: Record, lang: str) -> str:
        parts = [self.show(record.fields.get(k, frozenset()), lang, empty="") for k in kind.title]
        head, tail = [p for p in parts[:-1] if p], parts[-1]
        if kind.key == "responsibility":
            return " · ".join(head) + (f": {tail}" if tail else "")
        return " ".join(head) + (f" ({tail})" if tail else "")

    def show(self, values: frozenset[Value], lang: str, *, empty: str | None = None) -> str:
        if not values:
            return word("empty", lang) if empty is None else empty
        shown = sorted(" ".join(self.labels.text(t, lang) for t in value) for value in values)
        return "; ".join(shown)

    def as_json(self, lang: str) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for c in self.changes:
            record = c.after or c.before
            assert record is not None
            keys = c.changed_fields() or [f.key for f in c.kind.fields]
            out.append(
                {
                    "kind": c.kind.key,
                    "change": c.change,
                    "entity": record.iri,
                    "before_entity": c.before.iri if c.before else None,
                    "title": self.title(c.kind, record, lang),
                    "fields": {
                        k: {
                            "label": column_name(c.kind.table, k, lang),
                            "before": self._texts(c.before, k, lang),
                            "after": self._texts(c.after, k, lang),
                        }
                        for k in keys
                    },
                }
            )
        return out

    def _texts(self, record: Record | None, key: str, lang: str) -> list[str] | None:
        if record is None:
            return None
        values = record.fields.get(key, frozenset())
        return sorted(" ".join(self.labels.text(t, lang) for t in value) for value in values)


class Labels:
    """Names of IRIs in each language: from the graphs being compared, then the store."""

    def __init__(self, found: dict[str, dict[str, str]]) -> None:
        self.found = found  # IRI -> language -> label

    @classmethod
    def collect(cls, iris: Iterable[str], graphs: Iterable[Index], store: Store | None) -> Labels:
        found: dict[str, dict[str, str]] = defaultdict(dict)
        wanted = set(iris)
        predicates = (str(SKOS.prefLabel), str(RDFS.label))
        for graph in graphs:
            for iri in wanted:
                for p in predicates:
                    for term in graph.get(ox.NamedNode(iri), {}).get(p, []):
                        if isinstance(term, ox.Literal):
                            found[iri].setdefault(term.language or "", term.value)
        missing: list[ox.NamedNode | ox.Literal] = [
            ox.NamedNode(i) for i in sorted(wanted) if i not in found
        ]
        if store is not None and missing:
            rows = store.query(_LABELS, bindings={"s": missing})
            for row in rows:  # type: ignore[union-attr]
                label = row["l"]
                found[row["s"].value].setdefault(label.language or "", label.value)
        return cls(dict(found))

    def text(self, term: Term, lang: str) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        if isinstance(term, ox.NamedNode):
            names = self.found.get(term.value, {})
            for choice in (lang, "fi", "", "en", "sv"):
                if choice in names:
                    return names[choice]
            return term.value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return str(term)


_LABELS = """SELECT ?s ?l WHERE {
  { ?s skos:prefLabel ?l } UNION { ?s rdfs:label ?l } FILTER(isLiteral(?l))
}"""


def change_list(old: set[ox.Triple], new: set[ox.Triple], store: Store | None) -> ChangeList:
    """The per-entity changes between two versions of a folder's data triples (only the
    entities the changed statements touch are read)."""
    changed = old ^ new
    if not changed:
        return ChangeList([], 0, Labels({}))
    # indexing makes hundreds of thousands of small containers and no cycles: the cyclic
    # collector's passes over them took about 40 % of the time (10,000 new rows: 3.3 s
    # with it, 2.0 s without), so it is paused here
    paused = gc.isenabled()
    gc.disable()
    try:
        return _change_list(old, new, changed, store)
    finally:
        if paused:
            gc.enable()


def _change_list(
    old: set[ox.Triple], new: set[ox.Triple], changed: set[ox.Triple], store: Store | None
) -> ChangeList:
    before, after = index(old), index(new)
    among = touched(changed, (before, after))
    kinds_before, kinds_after = of_kind(before, among), of_kind(after, among)
    changes: list[EntityChange] = []
    for kind in KINDS:
        was = records(before, kind, kinds_before[kind.key])
        now = records(after, kind, kinds_after[kind.key])
        gone = [was[i] for i in sorted(was.keys() - now.keys())]
        came = [now[i] for i in sorted(now.keys() - was.keys())]
        mine: list[EntityChange] = []
        for iri in sorted(was.keys() & now.keys()):
            if was[iri].fields != now[iri].fields:
                mine.append(EntityChange(kind, "changed", was[iri], now[iri]))
        for a, b in _pairs(kind, gone, came):
            mine.append(EntityChange(kind, "changed", a, b))
            gone.remove(a)
            came.remove(b)
        mine += [EntityChange(kind, "removed", r, None) for r in gone]
        mine += [EntityChange(kind, "added", None, r) for r in came]
        changes += mine
    # statements about a listed entity (or what its fields read) are shown by it; any
    # other changed statement is counted, so that nothing changes unseen
    shown = {n for c in changes for r in (c.before, c.after) if r is not None for n in r.reached}
    other = sum(1 for t in changed if t.subject not in shown)
    iris = {
        t.value
        for c in changes
        for r in (c.before, c.after)
        if r is not None
        for values in r.fields.values()
        for value in values
        for t in value
        if isinstance(t, ox.NamedNode)
    }
    labels = Labels.collect(iris, (after, before), store)
    result = ChangeList(changes, other, labels)
    order = {"changed": 0, "added": 1, "removed": 2}
    result.changes.sort(
        key=lambda c: (
            KINDS.index(c.kind),
            order[c.change],
            result.title(c.kind, c.after or c.before, "fi"),  # type: ignore[arg-type]
        )
    )
    return result


def _pairs(kind: EntityKind, gone: list[Record], came: list[Record]) -> list[tuple[Record, Record]]:
    """A removed and an added entity with the same identity fields, when each is the only
    one of its identity on its side."""
    if not kind.identity:
        return []

    def key(r: Record) -> tuple[frozenset[Value], ...]:
        return tuple(r.fields.get(k, frozenset()) for k in kind.identity)

    was: dict[tuple[frozenset[Value], ...], list[Record]] = defaultdict(list)
    now: dict[tuple[frozenset[Value], ...], list[Record]] = defaultdict(list)
    for r in gone:
        was[key(r)].append(r)
    for r in came:
        now[key(r)].append(r)
    return [(was[k][0], now[k][0]) for k in was if len(was[k]) == 1 and len(now.get(k, [])) == 1]
