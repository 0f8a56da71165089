"""kg.fetch_reference against a real local HTTP server serving constructed fixtures.

The fixtures in tests/fixtures/statfi/ were constructed from the committed snapshot in the
API's documented format (see the README there); this machine cannot reach data.stat.fi.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kg.fetch_reference import (
    COUNTIES,
    MUNICIPALITIES,
    REGIONS,
    ClassificationApiUnavailable,
    fetch_reference,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO_ROOT / "data" / "reference"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "statfi"
PREFIX = "/api/classifications/v2"
YEAR = 2025
FILES = (MUNICIPALITIES, COUNTIES, REGIONS)
KUNTA_FI = "classifications/kunta_1_20250101/classificationItems.fi.json"
KUNTA_SV = "classifications/kunta_1_20250101/classificationItems.sv.json"
COUNTY_EN = "classifications/hyvinvointialue_1_20250101/classificationItems.en.json"
REGION_SV = "classifications/maakunta_1_20250101/classificationItems.sv.json"
COUNTY_MAPS = "correspondenceTables/kunta_1_20250101%23hyvinvointialue_1_20250101/maps.fi.json"
REGION_MAPS = "correspondenceTables/kunta_1_20250101%23maakunta_1_20250101/maps.fi.json"


class FixtureServer(ThreadingHTTPServer):
    """Serves ``root/{path below PREFIX}.{lang}.json``; ``overrides`` replace whole answers."""

    root: Path
    overrides: dict[str, tuple[int, str, bytes]]
    requests: list[str]


class FixtureHandler(BaseHTTPRequestHandler):
    server: FixtureServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append(self.path)
        path, _, query = self.path.partition("?")
        params = urllib.parse.parse_qs(query)
        status, content_type, body = 404, "text/plain", b"not found"
        relative = path.removeprefix(f"{PREFIX}/")
        file = self.server.root / f"{relative}.{params.get('lang', ['?'])[0]}.json"
        if path in self.server.overrides:
            status, content_type, body = self.server.overrides[path]
        elif params.get("content") != ["data"] or params.get("format") != ["json"]:
            status, body = 400, b"content=data and format=json expected"
        elif path.startswith(f"{PREFIX}/") and ".." not in relative and file.is_file():
            status, content_type, body = 200, "application/json", file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 serving a private, modifiable copy of the fixtures."""
    server = FixtureServer(("127.0.0.1", 0), FixtureHandler)
    server.root = tmp_path / "api"
    shutil.copytree(FIXTURES, server.root, ignore=shutil.ignore_patterns("*.py", "*.md"))
    server.overrides, server.requests = {}, []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A temp copy of the committed snapshot (all CSV files and SOURCES.md)."""
    target = tmp_path / "reference"
    shutil.copytree(SNAPSHOT, target)
    return target


def base_url(server: FixtureServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


def snapshot_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def edit_json(root: Path, relative: str, edit: Any) -> None:
    path = root / relative
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(edit(data), ensure_ascii=False), encoding="utf-8")


def rename(items: list[dict[str, Any]], code: str, name: str) -> list[dict[str, Any]]:
    for item in items:
        if item["code"] == code:
            item["classificationItemNames"][0]["name"] = name
    return items


def change_fixtures(root: Path) -> None:
    """Kustavi (304) merged away, Koski Tl (284) renamed, a new 999, two name edits."""

    def items(lang: str, new_name: str) -> Any:
        def edit(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
            data = [i for i in data if i["code"] != "304"]
            names = [{"lang": lang, "name": new_name}]
            return [*data, {"code": "999", "classificationItemNames": names}]

        return edit

    def maps(target: str) -> Any:
        def edit(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
            data = [m for m in data if m["sourceItem"]["code"] != "304"]
            names = [{"lang": "fi", "name": "Uusikunta"}]
            source = {"code": "999", "classificationItemNames": names}
            return [*data, {"sourceItem": source, "targetItem": {"code": target}}]

        return edit

    edit_json(root, KUNTA_FI, items("fi", "Uusikunta"))
    edit_json(root, KUNTA_SV, items("sv", "Nykommun"))
    edit_json(root, KUNTA_FI, lambda data: rename(data, "284", "Koski"))
    edit_json(root, COUNTY_EN, lambda data: rename(data, "20", "Kainuu wellbeing county"))
    edit_json(root, REGION_SV, lambda data: rename(data, "18", "Kajanaland (ny)"))
    edit_json(root, COUNTY_MAPS, maps("05"))
    edit_json(root, REGION_MAPS, maps("02"))


def test_fetch_reference_round_trip_reproduces_snapshot(api: FixtureServer, out_dir: Path) -> None:
    before = snapshot_of(out_dir)
    update = fetch_reference(year=YEAR, out_dir=out_dir, base_url=base_url(api))
    assert snapshot_of(out_dir) == before
    for name in FILES:
        assert (out_dir / name).read_bytes() == (SNAPSHOT / name).read_bytes()
    assert update.row_counts == {MUNICIPALITIES: 308, COUNTIES: 23, REGIONS: 19}
    assert not update.has_changes
    assert all(not (c.added or c.removed or c.changed) for c in update.changes.values())
    assert update.missing_attributes == ()
    assert update.written == ()
    assert "municipalities.csv: no changes" in update.summary()
    assert len(api.requests) == 9
    assert any("kunta_1_20250101%23maakunta_1_20250101/maps?" in r for r in api.requests)


def test_fetch_reference_round_trip_writes_missing_files(
    api: FixtureServer, tmp_path: Path
) -> None:
    target = tmp_path / "empty"
    update = fetch_reference(year=YEAR, out_dir=target, base_url=base_url(api))
    assert update.written == FILES
    assert len(update.changes[MUNICIPALITIES].added) == 308
    # Without existing rows, the columns the API lacks are empty or defaulted.
    counties = (target / COUNTIES).read_bytes()
    assert counties == (SNAPSHOT / COUNTIES).read_bytes()  # kind defaults match the snapshot
    assert len(update.missing_attributes) == 308
    assert not list(target.glob(".*.tmp"))


def test_fetch_reference_changed_fixture_reports_and_writes_diff(
    api: FixtureServer, out_dir: Path
) -> None:
    change_fixtures(api.root)
    update = fetch_reference(year=YEAR, out_dir=out_dir, base_url=base_url(api))

    munis = update.changes[MUNICIPALITIES]
    assert (munis.added, munis.removed, munis.changed) == (("999",), ("304",), ("284",))
    assert update.changes[COUNTIES].changed == ("20",)
    assert update.changes[REGIONS].changed == ("18",)
    assert update.missing_attributes == ("999",)
    assert set(update.written) == set(FILES)
    assert "1 added, 1 removed, 1 changed" in update.summary()

    old, new = read_rows(SNAPSHOT / MUNICIPALITIES), read_rows(out_dir / MUNICIPALITIES)
    assert len(new) == 308 and "304" not in new
    assert new["999"] == {
        "code": "999",
        "name_fi": "Uusikunta",
        "name_sv": "Nykommun",
        "wellbeing_county_code": "05",
        "region_code": "02",
        "language": "",
        "valid_from_year": "",
    }
    assert new["284"] == {**old["284"], "name_fi": "Koski"}
    assert {c: r for c, r in new.items() if c not in {"284", "999"}} == {
        c: r for c, r in old.items() if c not in {"284", "304"}
    }
    regions = read_rows(out_dir / REGIONS)
    assert regions["18"] == {**read_rows(SNAPSHOT / REGIONS)["18"], "name_sv": "Kajanaland (ny)"}
    county = read_rows(out_dir / COUNTIES)["20"]
    assert (county["name_en"], county["kind"]) == (
        "Kainuu wellbeing county",
        "wellbeing_services_county",
    )
    lines = (out_dir / MUNICIPALITIES).read_text(encoding="utf-8").splitlines()
    assert lines[1:] == sorted(lines[1:])
    assert not list(out_dir.glob(".*.tmp"))


def test_fetch_reference_dry_run_writes_nothing(api: FixtureServer, out_dir: Path) -> None:
    change_fixtures(api.root)
    before = snapshot_of(out_dir)
    update = fetch_reference(year=YEAR, out_dir=out_dir, base_url=base_url(api), write=False)
    assert snapshot_of(out_dir) == before
    assert update.dry_run and update.written == ()
    assert update.changes[MUNICIPALITIES].removed == ("304",)
    assert "Dry run: nothing written." in update.summary()


def test_fetch_reference_write_failure_leaves_files_unchanged(
    api: FixtureServer, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_fixtures(api.root)
    before = snapshot_of(out_dir)
    calls: list[int] = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second of three temp files
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.fetch_reference.os.fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        fetch_reference(year=YEAR, out_dir=out_dir, base_url=base_url(api))
    assert snapshot_of(out_dir) == before  # no target replaced, no temp file left behind


def _html(api: FixtureServer) -> str:
    path = f"{PREFIX}/classifications/kunta_1_20250101/classificationItems"
    api.overrides[path] = (200, "text/html", b"<!DOCTYPE html><html><body>Huolto</body></html>")
    return f"{base_url(api)}/classifications/kunta_1_20250101/classificationItems?"


def _no_target(api: FixtureServer) -> str:
    edit_json(
        api.root,
        REGION_MAPS,
        lambda data: [*data[:5], {"sourceItem": data[5]["sourceItem"]}, *data[6:]],
    )
    return f"{base_url(api)}/correspondenceTables/kunta_1_20250101%23maakunta_1_20250101/maps?"


def _duplicate(api: FixtureServer) -> str:
    edit_json(api.root, KUNTA_SV, lambda data: [*data, data[0]])
    return "classificationItems?content=data&meta=max&format=json&lang=sv: item 308: duplicate"


def _unmapped(api: FixtureServer) -> str:
    edit_json(api.root, COUNTY_MAPS, lambda data: data[1:])
    return "kunta_1_20250101%23hyvinvointialue_1_20250101/maps?"


@pytest.mark.parametrize(
    ("break_api", "detail"),
    [
        (_html, "response is not JSON"),
        (_no_target, "map 5: missing or invalid 'targetItem'"),
        (_duplicate, "duplicate 'code' 005"),
        (_unmapped, "municipality 005 (Alajärvi) has no mapping"),
    ],
    ids=["html", "map-without-target", "duplicate-code", "unmapped-municipality"],
)
def test_fetch_reference_malformed_response_raises_value_error(
    api: FixtureServer, out_dir: Path, break_api: Any, detail: str
) -> None:
    url_part = break_api(api)
    before = snapshot_of(out_dir)
    with pytest.raises(ValueError) as caught:
        fetch_reference(year=YEAR, out_dir=out_dir, base_url=base_url(api))
    assert url_part in str(caught.value)
    assert detail in str(caught.value)
    assert snapshot_of(out_dir) == before


def test_fetch_reference_unreachable_server_raises_os_error(out_dir: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = snapshot_of(out_dir)
    url = f"http://127.0.0.1:{port}{PREFIX}"
    with pytest.raises(OSError) as caught:
        fetch_reference(year=YEAR, out_dir=out_dir, base_url=url, timeout=5)
    message = str(caught.value)
    assert isinstance(caught.value, ClassificationApiUnavailable)
    assert f"not reachable at URL: {url}/classifications/kunta_1_20250101/" in message
    assert "the committed snapshot in data/reference/ stays in use" in message
    assert snapshot_of(out_dir) == before


def test_fetch_reference_missing_year_raises_os_error(api: FixtureServer, out_dir: Path) -> None:
    before = snapshot_of(out_dir)
    with pytest.raises(ClassificationApiUnavailable, match="HTTP 404 .*kunta_1_20300101"):
        fetch_reference(year=2030, out_dir=out_dir, base_url=base_url(api))
    assert snapshot_of(out_dir) == before


def test_fixtures_match_generator_output(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(SNAPSHOT, tmp_path)
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.json"))
    committed = sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*.json"))
    assert generated == committed and len(committed) == 9
    for relative in committed:
        assert (tmp_path / relative).read_bytes() == (FIXTURES / relative).read_bytes()
