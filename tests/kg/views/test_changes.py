"""The change history's data: committed versions newest first with names and counts, one
county's alone, a version's changes and files found from the log alone, and the Atom feed
as RFC 4287 XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg import history
from kg.history import Agent, Version
from kg.store import Store
from kg.views.changes import (
    ATOM,
    COLUMNS,
    ChangesView,
    Entry,
    atom,
    changes_view,
    graphs_file,
    upload_file,
    version_view,
)
from tests.changes_history import SPECS, Made, make_history

A = f"{{{ATOM}}}"
PUBLIC = "https://kg.example.fi/palvelu/"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Made]:
    root = tmp_path_factory.mktemp("history") / "history"
    return root, make_history(root)


def test_the_country_lists_every_committed_version_newest_first(
    store: Store, made: tuple[Path, Made]
) -> None:
    root, m = made
    view = changes_view(store, root, lang="fi")
    assert [e.id for e in view.entries] == [v.version for v in reversed(m.versions)]
    assert [e.version.number for e in view.entries] == [4, 3, 2, 1]
    assert m.uncommitted not in {e.id for e in view.entries}
    assert view.county is None and len(view.counties) == 22
    kuopio = view.entries[2]
    assert kuopio.place == "Kuopio (Pohjois-Savon hyvinvointialue)"
    assert kuopio.title == "Kuopio (Pohjois-Savon hyvinvointialue) #2"
    assert kuopio.kind_counts("agreement") == {"added": 0, "changed": 2, "removed": 1}
    assert kuopio.kind_counts("forum") == {"added": 0, "changed": 0, "removed": 0}


def test_rows_have_every_column_and_the_counts_flat(store: Store, made: tuple[Path, Made]) -> None:
    root, m = made
    rows = changes_view(store, root, lang="en").rows()
    assert [tuple(r) for r in rows] == [COLUMNS] * 4
    first = rows[-1]
    assert first["number"] == 1 and first["version"] == m.versions[0].version
    assert first["agent"] == "Aino Koordinaattori"
    assert first["county_name"] == "North Savo wellbeing services county"
    assert first["file_sha256"] == m.versions[0].file_sha256
    assert (first["responsibility_added"], first["responsibility_changed"]) == (3, 1)
    assert (first["added"], first["removed"]) == (SPECS[0]["added"], SPECS[0]["removed"])


def test_a_county_has_its_own_and_its_municipalities_versions(
    store: Store, made: tuple[Path, Made]
) -> None:
    root, m = made
    north_savo = changes_view(store, root, lang="sv", county="13")
    assert [e.version.number for e in north_savo.entries] == [4, 2, 1]
    assert north_savo.county_name == "Norra Savolax välfärdsområde"
    southwest = changes_view(store, root, lang="fi", county="05")
    assert [e.id for e in southwest.entries] == [m.versions[2].version]
    assert changes_view(store, root, lang="fi", county="21").entries == []
    for wrong in ("77", "091", "13 ", "1"):
        with pytest.raises(LookupError, match="no county with the code"):
            changes_view(store, root, lang="fi", county=wrong)


def test_a_version_has_its_changes_and_the_version_it_restored(
    store: Store, made: tuple[Path, Made]
) -> None:
    root, m = made
    restore = m.versions[3]
    view = version_view(store, root, restore.version, lang="en")
    assert view is not None
    assert view.changes == m.changes[restore.version]
    assert view.restored_from is not None
    assert view.restored_from.id == m.versions[0].version
    record = view.as_json()
    assert record["agent"] == "Ylläpitäjä" and record["number"] == 4
    assert restore.agent.id == "admin"
    assert '"admin"' not in json.dumps(record)  # the agent's name is published, not its id


@pytest.mark.parametrize(
    "asked",
    [
        "../../etc/passwd",
        "..",
        "",
        "20260301T093000000000Z-zzzzzz",
        "20260301T093000000000Z-abcdef",  # well formed, never published
    ],
)
def test_nothing_but_a_committed_version_is_found(
    store: Store, made: tuple[Path, Made], asked: str
) -> None:
    root, _ = made
    assert version_view(store, root, asked, lang="fi") is None
    assert graphs_file(root, asked) is None
    assert upload_file(root, asked) is None


def test_an_uncommitted_version_gives_no_page_and_no_file(
    store: Store, made: tuple[Path, Made]
) -> None:
    root, m = made
    assert (root / "versions" / m.uncommitted / "graphs.nq").is_file()  # it is on disk
    assert version_view(store, root, m.uncommitted, lang="fi") is None
    assert graphs_file(root, m.uncommitted) is None
    assert upload_file(root, m.uncommitted) is None


def test_the_files_of_a_version(made: tuple[Path, Made]) -> None:
    root, m = made
    v1, v2 = m.versions[0], m.versions[1]
    nq = graphs_file(root, v1.version)
    assert nq is not None and nq.read_bytes() == m.graphs[v1.version]
    xlsx = upload_file(root, v1.version)
    assert xlsx is not None and xlsx.path.read_bytes() == m.uploads[v1.version]
    assert xlsx.media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.download_name == "vastuut-pohjois-savo-1.xlsx"
    csv = upload_file(root, v2.version)
    assert csv is not None and csv.media_type == "text/csv; charset=utf-8"
    assert csv.download_name == "kuopio-2.csv"


def test_the_feed_is_atom(store: Store, made: tuple[Path, Made]) -> None:
    root, m = made
    view = changes_view(store, root, lang="fi", county="13")
    feed = ET.fromstring(atom(view, public_url=PUBLIC, lang="fi", updated="2000-01-01T00:00:00Z"))
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi"
    assert feed.findtext(f"{A}id") == f"{PUBLIC}changes/13"
    assert feed.findtext(f"{A}updated") == m.versions[3].published_at  # the newest entry's
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{PUBLIC}changes/13.atom"
    entries = feed.findall(f"{A}entry")
    wanted = [m.versions[i] for i in (3, 1, 0)]
    assert [e.findtext(f"{A}id") for e in entries] == [
        f"{PUBLIC}changes/versions/{v.version}" for v in wanted
    ]
    assert [e.findtext(f"{A}updated") for e in entries] == [v.published_at for v in wanted]
    assert [e.findtext(f"{A}author/{A}name") for e in entries] == [
        "Ylläpitäjä",
        "Kuopion integraatio",
        "Aino Koordinaattori",
    ]
    assert entries[2].findtext(f"{A}title") == "Pohjois-Savon hyvinvointialue #1"
    link = entries[2].find(f"{A}link[@rel='alternate']")
    assert link is not None and link.get("href") == f"{PUBLIC}changes/versions/{wanted[2].version}"
    summary = entries[2].findtext(f"{A}summary") or ""
    assert "vastuut-pohjois-savo.xlsx" in summary and "+40 / −7" in summary
    assert "Vastuut: +3 ~1 −0." in summary


def test_the_feed_keeps_the_newest_and_has_a_time_when_empty(
    store: Store, made: tuple[Path, Made]
) -> None:
    root, m = made
    view = changes_view(store, root, lang="en")
    feed = ET.fromstring(atom(view, public_url=PUBLIC, lang="en", updated="x", limit=2))
    assert [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")] == [
        f"{PUBLIC}changes/versions/{m.versions[i].version}" for i in (3, 2)
    ]
    empty = changes_view(store, root, lang="en", county="21")
    stamp = "2026-12-06T03:11:55+00:00"
    feed = ET.fromstring(atom(empty, public_url=PUBLIC, lang="en", updated=stamp))
    assert feed.findall(f"{A}entry") == []
    assert feed.findtext(f"{A}updated") == stamp


def test_the_feed_stays_xml_whatever_a_name_holds() -> None:
    """A name with markup or a control character is text in the feed, never markup."""
    version = Version(
        version=history.new_version_id(),
        published_at="2026-01-01T00:00:00+00:00",
        agent=Agent("user", "x", "Eve </name><evil/> \x01\x0b & co"),
        scope="county:13",
        county="13",
        folder="f",
        action="publish",
        file_name="<script>.xlsx",
        file_sha256="0" * 64,
        file_bytes=1,
        number=1,
    )
    view = ChangesView(None, "", [Entry(version, "Pohjois-Savo", None)], [])
    feed = ET.fromstring(atom(view, public_url=PUBLIC, lang="en", updated="x"))
    entry = feed.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}author/{A}name") == "Eve </name><evil/> \ufffd\ufffd & co"
    assert entry.find(f".//{A}evil") is None and entry.find(".//evil") is None
    assert "<script>.xlsx" in (entry.findtext(f"{A}summary") or "")
