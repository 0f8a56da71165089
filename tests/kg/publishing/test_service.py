"""Checking, publishing and restoring uploads (kg.publishing.service) on a private store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import history
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import prepared, service
from kg.store import Store
from kg.validation.engine import validate
from tests.writing import principal, responsibility_rows, store_digest, writable_settings, xlsx


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("publishing"))


def test_check_then_publish_writes_a_version_with_prov(settings: Settings) -> None:
    who = principal("county:16")
    data = xlsx(responsibility_rows("16", "005", "hyte", "Hyvinvointikoordinaattori"))
    upload = service.check_upload(settings, who, parse_scope("county:16"), "ep.xlsx", data)
    assert upload.state == "checked", upload.review
    assert upload.folder == "county-16"
    counts = upload.review["counts"]["responsibility"]
    assert counts == {"added": 1, "changed": 0, "removed": 0}
    version = service.publish_upload(settings, who, upload.id)
    log = history.read_log(history.history_dir(settings.data_dir))
    assert [v.version for v in log][-1] == version.version
    assert log[-1].file_sha256 == upload.file_sha256
    store = Store.open(settings.store_path)
    rows = store.select(
        "SELECT ?n ?sha WHERE { ?a a yp:Publication ; yp:versionNumber ?n ; prov:used ?f . "
        "?f yp:sha256 ?sha }"
    )
    assert {"n": log[-1].number, "sha": upload.file_sha256} in rows
    titles = store.select(
        "SELECT ?t WHERE { ?p skos:prefLabel|rdfs:label ?t FILTER(STR(?t) = "
        "'Hyvinvointikoordinaattori') }"
    )
    assert titles, "the published post is in the served graph"


def test_upload_outside_scope_is_forbidden_and_changes_nothing(settings: Settings) -> None:
    before = store_digest(settings)
    who = principal("county:16")
    # county 13's municipality 297 (Kuopio), sent under county 16's scope
    data = xlsx(responsibility_rows("16", "297", "hyte", "Koordinaattori"))
    with pytest.raises(service.Forbidden) as caught:
        service.check_upload(settings, who, parse_scope("county:16"), "x.xlsx", data)
    assert [e.column for e in caught.value.errors] == ["kunta"]
    assert caught.value.errors[0].line == 2
    with pytest.raises(service.Forbidden):
        service.check_upload(settings, who, parse_scope("county:13"), "x.xlsx", data)
    assert store_digest(settings) == before


def test_publish_refuses_a_stale_upload(settings: Settings) -> None:
    who = principal("county:16")
    first = service.check_upload(
        settings,
        who,
        parse_scope("county:16"),
        "a.xlsx",
        xlsx(responsibility_rows("16", "005", "hyte", "Ensimmäinen")),
    )
    second = service.check_upload(
        settings,
        who,
        parse_scope("county:16"),
        "b.xlsx",
        xlsx(responsibility_rows("16", "005", "hyte", "Toinen")),
    )
    service.publish_upload(settings, who, first.id)
    with pytest.raises(service.Conflict):
        service.publish_upload(settings, who, second.id)


def test_dry_run_validation_equals_a_full_run_after_publish(settings: Settings) -> None:
    who = principal("county:16")
    rows = responsibility_rows("16", "005", "hyte", "HYTE-koordinaattori", n=2)
    rows["responsibilities"] += responsibility_rows(
        "16", "005", "hyte", "HYTE-päällikkö", side="hyvinvointialue"
    )["responsibilities"]
    data = xlsx(rows)
    upload = service.check_upload(settings, who, parse_scope("county:16"), "c.xlsx", data)
    before = {r.key for r in validate(Store.open(settings.store_path), as_of=dt.date.today())}
    service.publish_upload(settings, who, upload.id)
    after = {r.key for r in validate(Store.open(settings.store_path), as_of=dt.date.today())}
    review = upload.review["validation"]
    assert review["appeared_count"] == len(after - before)
    assert review["resolved_count"] == len(before - after)

    def keys(items: list[dict[str, object]]) -> set[tuple[object, ...]]:
        return {(r["focus"], r["path"], r["component"], r["severity"]) for r in items}

    assert keys(review["appeared"]) == after - before
    assert keys(review["resolved"]) == before - after
    assert review["resolved_count"] > 0  # the three owners fill gaps the full run had


def test_restore_is_a_new_version_with_the_old_data(settings: Settings) -> None:
    root = history.history_dir(settings.data_dir)
    first = history.read_log(root)[0]
    with pytest.raises(service.Forbidden):
        service.restore_version(settings, principal("county:16"), first.version)
    restored = service.restore_version(settings, principal("country", "admin"), first.version)
    assert restored.action == "restore" and restored.restored_from == first.version
    assert restored.number == len(history.read_log(root))
    files = sorted(p.name for p in (settings.data_dir / "regional" / "county-16").iterdir())
    assert any(name.endswith(".xlsx") for name in files)


def test_refused_upload_lists_row_errors(settings: Settings) -> None:
    who = principal("county:16")
    data = xlsx(responsibility_rows("16", "005", "no-such-theme", "Nimike"))
    upload = service.check_upload(settings, who, parse_scope("county:16"), "bad.xlsx", data)
    assert upload.state == "refused"
    errors = upload.review["errors"]
    assert errors[0]["column"] == "teema" and errors[0]["row"] == 2
    assert errors[0]["sheet"]


def test_version_keeps_the_upload_and_its_graphs(settings: Settings, tmp_path: Path) -> None:
    root = history.history_dir(settings.data_dir)
    last = history.read_log(root)[-1]
    assert history.upload_of(root, last.version).read_bytes()
    nq = history.graphs_of(root, last.version).read_text("utf-8")
    assert all(g in nq for g in last.graphs)


def test_a_publish_gives_what_a_build_of_the_same_files_gives(
    settings: Settings, tmp_path: Path
) -> None:
    """The publish path that reuses the check's candidate (provenance and history added,
    inferences completed) writes the graph a full build of the folder writes."""
    import dataclasses

    from kg.build import build

    who = principal("county:16")
    for title in ("Kuraattori", "Koulukuraattori"):  # the second from the prepared copy
        data = xlsx(responsibility_rows("16", "005", "student-welfare", title, n=2))
        upload = service.check_upload(settings, who, parse_scope("county:16"), "d.xlsx", data)
        service.publish_upload(settings, who, upload.id)
        _prepared(settings)
    published = Store.open(settings.store_path)
    rebuilt_settings = dataclasses.replace(settings, store_path=tmp_path / "store")
    build(rebuilt_settings)
    rebuilt = Store.open(rebuilt_settings.store_path)
    assert published.named_graphs() == rebuilt.named_graphs()
    for graph in published.named_graphs():
        mine = {str(q) for q in published.quads(graph)}
        theirs = {str(q) for q in rebuilt.quads(graph)}
        assert mine == theirs, (graph, sorted(mine ^ theirs)[:5])
    assert len(published) == len(rebuilt)


def _prepared(settings: Settings, within: float = 60.0) -> None:
    """Wait until the service has prepared the new store's copy (in the background)."""
    import time

    target = settings.store_path.resolve()
    deadline = time.monotonic() + within
    while not prepared.is_prepared(target):
        assert time.monotonic() < deadline, "the copy of the new store was not prepared"
        time.sleep(0.05)
