"""What replacing a named graph (or a folder's graphs) would change, statement by
statement, per subject: the RDF view that ``kg import --rdf`` prints. ``changes`` turns
it into the change list a coordinator reads."""

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
            lines += [f"    + {t.predicate} {t.object}" for t in sorted(change.added, key=str)]
            lines += [f"    - {t.predicate} {t.object}" for t in sorted(change.removed, key=str)]
        if len(self.changes) > limit:
            lines.append(f"  … and {len(self.changes) - limit} more entities")
        return "\n".join(lines)


def diff(
    graph: str,
    old: Iterable[ox.Triple],
    new: Iterable[ox.Triple],
    *,
    graphs_under: str | None = None,
) -> GraphDiff:
    """Per-subject differences between two versions of a graph, or of a folder's graphs
    taken together (``graphs_under``: the IRI their names start with). The graphs' own
    provenance, whose subject is a graph IRI, is left out: a re-import always renews it."""

    def data(t: ox.Triple) -> bool:
        subject = _subject(t)
        return subject != graph and not (graphs_under and subject.startswith(graphs_under))

    old_set, new_set = set(old), set(new)
    by_subject: dict[str, EntityChange] = defaultdict(lambda: EntityChange(""))
    for t in new_set - old_set:  # only the changed statements are looked at
        if data(t):
            by_subject[_subject(t)].added.append(t)
    for t in old_set - new_set:
        if data(t):
            by_subject[_subject(t)].removed.append(t)
    changes = []
    for subject in sorted(by_subject):
        change = by_subject[subject]
        change.subject = subject
        changes.append(change)
    return GraphDiff(graph, changes)


def _subject(t: ox.Triple) -> str:
    subject = t.subject
    return subject.value if isinstance(subject, ox.NamedNode | ox.BlankNode) else str(subject)
