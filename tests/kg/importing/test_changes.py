"""The change list: per entity, with names from the store, in Finnish, Swedish, English."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.importing.changes import change_list
from kg.importing.regional import load_file
from kg.importing.values import Context
from kg.importing.words import word
from kg.store import Store

from .conftest import plain_rows, write_excel_csv


def _graph(tmp_path: Path, ctx: Context, name: str, rows: list[list[str]]) -> set[ox.Triple]:
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    folder.mkdir()
    path = write_excel_csv(folder / f"{name}.csv", rows)
    graph, _ = load_file(path, f"regional/x/{name}", ctx, about={}, sidecar={})
    own = str(ctx.mint.graph(f"regional/x/{name}"))
    return {t for t in graph.triples if getattr(t.subject, "value", None) != own}


def test_change_list_forum_renamed_and_member_added(
    tmp_path: Path, ctx: Context, store: Store
) -> None:
    rows = plain_rows("foorumit")
    old = _graph(tmp_path, ctx, "foorumit", rows)
    name, members = rows[2][1], rows[2][4]
    rows[2][1] = name + " (uusi)"
    rows[2][4] = members + ";Kuhmo"
    new = _graph(tmp_path, ctx, "foorumit", rows)
    changes = change_list(old, new, store)
    (change,) = changes.changes
    assert (change.kind.key, change.change) == ("forum", "changed")
    assert change.changed_fields() == ["name", "members"]
    assert changes.other_statements == 0
    fi, sv, en = (changes.render(lang) for lang in ("fi", "sv", "en"))
    assert f"nimi: {name} → {name} (uusi)" in fi
    assert f"namn: {name} → {name} (uusi)" in sv
    assert f"name: {name} → {name} (uusi)" in en
    assert "Kuhmo" in fi.split("jäsenorganisaatiot: ")[1].split(" → ")[1]
    assert "Foorumit (muutoksia: 1)" in fi and "Forums (changed: 1)" in en


def test_change_list_added_and_removed_with_labels(
    tmp_path: Path, ctx: Context, store: Store
) -> None:
    rows = plain_rows("vastuut")
    old = _graph(tmp_path, ctx, "vastuut", rows[:3])
    new = _graph(tmp_path, ctx, "vastuut", [rows[0], rows[1], rows[3]])
    changes = change_list(old, new, store)
    assert changes.counts()["responsibility"] == {"added": 1, "changed": 0, "removed": 1}
    theme = rows[3][2]
    labels = {
        lang: store.select(
            "SELECT ?l WHERE { ?t skos:notation ?n ; skos:prefLabel ?l FILTER(LANG(?l) = ?lang) }",
            bindings={"n": ox.Literal(theme), "lang": ox.Literal(lang)},
        )[0]["l"]
        for lang in ("fi", "sv", "en")
    }
    for lang, label in labels.items():
        assert f"+ Hyrynsalmi · {label} · " in changes.render(lang)


def test_change_list_retitled_post_is_one_change(
    tmp_path: Path, ctx: Context, store: Store
) -> None:
    rows = plain_rows("vastuut")[:3]
    old = _graph(tmp_path, ctx, "vastuut", rows)
    title = rows[1][5]
    rows[1][5] = "Uusi nimike"
    new = _graph(tmp_path, ctx, "vastuut", rows)
    changes = change_list(old, new, store)
    (change,) = changes.changes
    assert change.change == "changed" and change.changed_fields() == ["post_fi"]
    assert change.before is not None and change.after is not None
    assert change.before.iri != change.after.iri  # the IRIs differ; one change is shown
    assert f"tehtävänimike: {title} → Uusi nimike" in changes.render("fi")


def test_change_list_counts_statements_no_field_shows(
    tmp_path: Path, ctx: Context, store: Store
) -> None:
    old = _graph(tmp_path, ctx, "foorumit", plain_rows("foorumit"))
    forum = next(t.subject for t in old if t.subject.value.endswith("/forum/kainuu-hyte-tyoryhma"))
    extra = ox.Triple(
        forum,
        ox.NamedNode("https://w3id.org/yhdyspinta/ontology#illustrative"),
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    )
    changes = change_list(old, old | {extra}, store)
    assert changes.changes == [] and changes.other_statements == 1
    assert "1 other RDF statements change (show them: --rdf)" in changes.render("en")
    assert not changes.empty


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_change_list_nothing_changed(ctx: Context, store: Store, tmp_path: Path, lang: str) -> None:
    old = _graph(tmp_path, ctx, "kaksoisroolit", plain_rows("kaksoisroolit"))
    changes = change_list(old, set(old), store)
    assert changes.empty and changes.changes == []
    assert changes.render(lang) == word("no_changes", lang)
