"""Diffs per entity, leaving out the graph's own provenance."""

from __future__ import annotations

import pyoxigraph as ox

from kg.importing.diff import diff

G = "http://x/graph"


def t(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode("http://x/" + s), ox.NamedNode("http://x/" + p), ox.Literal(o))


def test_diff_added_changed_removed() -> None:
    old = [t("a", "name", "A"), t("b", "name", "B"), t("c", "name", "C")]
    new = [t("a", "name", "A"), t("b", "name", "B2"), t("d", "name", "D")]
    d = diff(G, old, new)
    assert d.counts() == {"added": 1, "changed": 1, "removed": 1}
    assert d.statements() == (2, 2)
    kinds = {c.subject.rsplit("/", 1)[1]: c.kind for c in d.changes}
    assert kinds == {"b": "changed", "c": "removed", "d": "added"}
    text = d.render()
    assert '+ <http://x/name> "B2"' in text and '- <http://x/name> "B"' in text


def test_diff_ignores_graph_provenance() -> None:
    prov = ox.Triple(ox.NamedNode(G), ox.NamedNode("http://x/at"), ox.Literal("now"))
    prov2 = ox.Triple(ox.NamedNode(G), ox.NamedNode("http://x/at"), ox.Literal("later"))
    assert diff(G, [t("a", "p", "1"), prov], [t("a", "p", "1"), prov2]).empty


def test_diff_of_a_folder_leaves_out_every_graph_of_it() -> None:
    folder = "http://x/graph/regional/r/"
    prov = ox.Triple(ox.NamedNode(folder + "vastuut"), ox.NamedNode("http://x/at"), ox.Literal("1"))
    prov2 = ox.Triple(ox.NamedNode(folder + "pohja"), ox.NamedNode("http://x/at"), ox.Literal("2"))
    d = diff(folder, [t("a", "p", "1"), prov], [t("a", "p", "2"), prov2], graphs_under=folder)
    assert d.statements() == (1, 1)
    assert [c.subject for c in d.changes] == ["http://x/a"]
