"""Graphs read as entity records, and the entities a change leads back to."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.importing.entity_kinds import KINDS
from kg.importing.entity_records import index, of_kind, records, touched
from kg.importing.regional import load_file
from kg.importing.values import Context

from .conftest import plain_rows, write_excel_csv


def _triples(path: Path, ctx: Context) -> set[ox.Triple]:
    graph, _ = load_file(path, "regional/x/" + path.stem, ctx, about={}, sidecar={})
    return graph.triples


def test_records_dual_role_fields_through_seats(tmp_path: Path, ctx: Context) -> None:
    rows = plain_rows("kaksoisroolit")
    graph = index(_triples(write_excel_csv(tmp_path / "kaksoisroolit.csv", rows), ctx))
    kind = next(k for k in KINDS if k.key == "dual_role")
    found = records(graph, kind, of_kind(graph, set(graph))["dual_role"])
    assert sorted(r.iri.rsplit("/", 1)[1] for r in found.values()) == sorted(r[0] for r in rows[1:])
    record = found[next(i for i in found if i.endswith("/" + rows[1][0]))]
    (body,) = record.fields["municipal_body"]
    assert isinstance(body[0], ox.NamedNode) and body[0] in record.reached  # the body node


def test_touched_leads_from_a_post_to_its_responsibilities(tmp_path: Path, ctx: Context) -> None:
    rows = plain_rows("vastuut")[:4]
    triples = _triples(write_excel_csv(tmp_path / "vastuut.csv", rows), ctx)
    graph = index(triples)
    post = next(t.object for t in triples if t.predicate.value.endswith("#post"))
    label = next(
        t for t in triples if t.subject == post and t.predicate.value.endswith("prefLabel")
    )
    users = {t.subject for t in triples if t.object == post and t.predicate.value.endswith("#post")}
    assert users <= touched({label}, [graph])
    assert post in touched({label}, [graph])
