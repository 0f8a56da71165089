"""``kg network`` and ``kg network-diff``: files by suffix, filters, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.network import compute_metrics, organisation_event_network, organisation_network
from kg.store import Store

runner = CliRunner()


def test_cli_network_writes_each_format_by_suffix(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    base = ["network", "--county", "20", "--store", str(settings.store_path)]
    for suffix in ("html", "png", "json", "csv"):
        out = tmp_path / f"n.{suffix}"
        result = runner.invoke(app, [*base, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    assert (tmp_path / "n.png").read_bytes().startswith(b"\x89PNG")
    assert 'id="network-data"' in (tmp_path / "n.html").read_text()
    expected = compute_metrics(organisation_network(store, county="20"))
    assert [n["iri"] for n in json.loads((tmp_path / "n.json").read_text())["nodes"]] == [
        n.iri for n in expected.nodes
    ]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "n.csv").read_text())))
    assert {r["iri"]: int(r["degree"]) for r in rows} == {n.iri: n.degree for n in expected.nodes}


def test_cli_network_term_and_relation_filters(example_settings: Settings, tmp_path: Path) -> None:
    # the example region alone: its events all begin after 2020 (the public record's
    # HYTE network for Kainuu has no start date on its page, so it counts at any date)
    settings = example_settings
    out = tmp_path / "n.json"

    def edges(*args: str) -> int:
        result = runner.invoke(
            app,
            [
                "network",
                "--county",
                "20",
                *args,
                "-o",
                str(out),
                "--store",
                str(settings.store_path),
            ],
        )
        assert result.exit_code == 0, result.output
        return int(json.loads(out.read_text())["summary"]["edges"])

    assert 0 < edges("--relation", "dual-role") < edges()
    assert edges("--as-of", "2020-01-01") == 0


def test_cli_network_errors_exit_2(settings: Settings, tmp_path: Path) -> None:
    store = ["--store", str(settings.store_path)]
    for args, says in (
        (["--county", "99"], "99"),
        (["--term", "1999-2003"], "1999-2003"),
        (["--relation", "friendship"], "friendship"),
        (["-o", str(tmp_path / "n.gif")], "suffix"),
        (["--as-of", "2025-01-01", "--term", "county-2025-2029"], "not both"),
    ):
        result = runner.invoke(app, ["network", *args, *store])
        assert result.exit_code == 2, (args, result.output)
        assert says in result.output


def test_cli_network_diff_csv_of_edges(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    result = runner.invoke(
        app,
        [
            "network-diff",
            "county-2022-2025",
            "county-2025-2029",
            "--county",
            "20",
            "--table",
            "edges",
            "-o",
            str(out),
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and {r["status"] for r in rows} <= {"added", "removed", "changed", "unchanged"}


def test_cli_network_organisation_event_and_brokerage(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    args = ["network", "--network", "organisation-event", "--county", "20", "--metric"]
    result = runner.invoke(
        app, [*args, "brokerage", "-o", str(out), "--store", str(settings.store_path)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    expected = compute_metrics(organisation_event_network(store, county="20"))
    assert {r["iri"]: r["kind"] for r in rows} == {n.iri: n.kind for n in expected.nodes}
    assert {r["iri"]: float(r["brokerage"]) for r in rows} == pytest.approx(
        {n.iri: n.brokerage for n in expected.nodes}, abs=1e-6
    )
    page = tmp_path / "events.html"
    result = runner.invoke(
        app, [*args, "brokerage", "-o", str(page), "--store", str(settings.store_path)]
    )
    assert result.exit_code == 0 and "triangleDown" in page.read_text()
