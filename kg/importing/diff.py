"""What replacing a named graph would change, statement by statement, per entity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox


@dataclass
class EntityChange:
    subject: str
    added: list[ox.Triple] = field(default_factory=list)
    removed: list[ox.Triple] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if not self.removed:
            return "added"
        if not self.added:
            return "removed"
        return "changed"


@dataclass
class GraphDiff:
    graph: str
    changes: list[EntityChange]

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for change in self.changes:
            out[change.kind] += 1
        return out

    def statements(self) -> tuple[int, int]:
        return (sum(len(c.added) for c in self.changes), sum(len(c.removed) for c in self.changes))

    def render(self, *, limit: int = 200) -> str:
        added, removed = self.statements()
        c = self.counts()
        lines = [
            f"graph <{self.graph}>: {c['added']} entities added, {c['changed']} changed, "
            f"{c['removed']} removed ({added} statements added, {removed} removed)"
        ]
        for change in self.changes[:limit]:
            lines.append(f"  {change.kind} <{change.subject}>")
            lines += [f"    + {t.predicate} {t.object}" for t in change.added]
            lines += [f"    - {t.predicate} {t.object}" for t in change.removed]
        if len(self.changes) > limit:
            lines.append(f"  … and {len(self.changes) - limit} more entities")
        return "\n".join(lines)


def diff(graph: str, old: Iterable[ox.Triple], new: Iterable[ox.Triple]) -> GraphDiff:
    """Per-subject differences between two versions of a graph (the graph's own provenance,
    whose subject is the graph IRI, is left out: a re-import always renews it)."""
    old_set = {t for t in old if _subject(t) != graph}
    new_set = {t for t in new if _subject(t) != graph}
    by_subject: dict[str, EntityChange] = defaultdict(lambda: EntityChange(""))
    for t in new_set - old_set:
        by_subject[_subject(t)].added.append(t)
    for t in old_set - new_set:
        by_subject[_subject(t)].removed.append(t)
    changes = []
    for subject in sorted(by_subject):
        change = by_subject[subject]
        change.subject = subject
        change.added.sort(key=str)
        change.removed.sort(key=str)
        changes.append(change)
    return GraphDiff(graph, changes)


def _subject(t: ox.Triple) -> str:
    subject = t.subject
    return subject.value if isinstance(subject, ox.NamedNode | ox.BlankNode) else str(subject)
