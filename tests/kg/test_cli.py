"""The kg command line: data on stdout, logs on stderr, documented exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from tests.source_data import (
    example_ids,
    example_tables,
    mainland_municipalities,
    municipalities_per_organiser,
)

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_cli_has_the_documented_commands() -> None:
    assert {"build", "query", "info", "fetch-reference"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    doc = get_command(app).commands[command].help  # type: ignore[attr-defined]
    assert doc and len(doc) > 20


def test_cli_query_csv_counts_municipalities(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "--store",
            str(settings.store_path),
            "--format",
            "csv",
            "--query",
            "SELECT (COUNT(?m) AS ?n) WHERE { ?m a yp:MainlandMunicipality }",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "292"]


def test_cli_query_file_json(settings: Settings, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(
        'SELECT ?name WHERE { ?m dcterms:identifier "091" ; skos:prefLabel ?name . '
        'FILTER(LANG(?name) = "sv") }',
        "utf-8",
    )
    result = runner.invoke(
        app, ["query", str(rq), "--store", str(settings.store_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "Helsingfors"}]


def test_cli_query_syntax_error_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app, ["query", "--store", str(settings.store_path), "--query", "SELECT WHERE {"]
    )
    assert result.exit_code == 2
    assert "query error" in result.stderr


def _kg_query(settings: Settings, query: str) -> subprocess.CompletedProcess[str]:
    """`kg query` in a process of its own: a crash would show as a signal, not exit 2."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "--store", str(settings.store_path), "-q", query],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_query_3000_nested_braces_exits_2_with_the_message(settings: Settings) -> None:
    result = _kg_query(settings, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert result.returncode == 2, result.stderr
    assert "nests brackets more than 64 deep" in result.stderr


def test_cli_query_service_exits_2(settings: Settings) -> None:
    result = _kg_query(settings, "ASK { #\rSERVICE <http://127.0.0.1:9/> { } }")
    assert result.returncode == 2 and "SERVICE" in result.stderr


def test_cli_query_long_chain_runs_on_a_large_stack(settings: Settings) -> None:
    # 4,000 OPTIONALs side by side overflow the main thread's stack; kg query answers
    query = "SELECT * WHERE { " + " ".join(["OPTIONAL { ?s <urn:x:p> ?o }"] * 4000) + " }"
    result = _kg_query(settings, query)
    assert result.returncode == 0, result.stderr[-500:]
    assert "1 rows" in result.stderr


def test_cli_query_without_store_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--store", str(tmp_path / "none"), "--query", "ASK {}"])
    assert result.exit_code == 2
    assert "cannot open the store" in result.stderr


def test_cli_info_reports_graphs(settings: Settings) -> None:
    result = runner.invoke(app, ["info", "--store", str(settings.store_path)])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["triples"] > 5000
    assert any(g.endswith("/graph/reference/municipalities") for g in info["graphs"])


def test_cli_info_damaged_store_exits_2_with_what_to_do(data_copy: Settings) -> None:
    import shutil

    from kg.build import build

    target = build(data_copy).store_dir
    shutil.rmtree(target)  # the link now points at nothing
    result = runner.invoke(app, ["info", "--store", str(data_copy.store_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"points at {target}, which is missing: run kg build" in result.stderr.replace("\n", "")
    assert "Traceback" not in result.output


def test_cli_info_reports_an_unfinished_import(data_copy: Settings) -> None:
    from kg.build import build
    from kg.importing import journal
    from kg.store_dirs import new_store_dir

    build(data_copy)
    link = data_copy.store_path
    journal.begin(
        data_copy.data_dir / "regional", "example-kainuu", store=new_store_dir(link), link=link
    )
    env = {"YP_DATA_DIR": str(data_copy.data_dir)}
    result = runner.invoke(app, ["info", "--store", str(link)], env=env)
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["complete"] is True and info["leftovers"] == []
    assert "an unfinished import into data/regional/example-kainuu/" in info["unfinished_import"]
    assert "it will be rolled back" in info["unfinished_import"]
    assert (data_copy.data_dir / "regional" / journal.JOURNAL).exists()  # info changes nothing


def test_cli_build_prints_counts_and_data_goes_to_stdout(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--store", str(store)],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "120"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "built" in proc.stderr  # the log line
    # each count in its own row of the table, as many as data/reference/municipalities.csv
    # lists for that organiser
    per_county = {
        code: int(n)
        for code, n in re.findall(r"municipalities in county (\d+)\W+(\d+)\W*$", proc.stdout, re.M)
    }
    assert per_county == dict(municipalities_per_organiser())
    total = re.findall(r"^\W*municipalities\W+(\d+)\W*$", proc.stdout, re.M)
    assert total == [str(len(mainland_municipalities()))]
    assert "organisations" in proc.stdout


def test_cli_build_failure_exits_2_and_names_file(data_copy: Settings) -> None:
    path = data_copy.data_dir / "reference" / "regions.csv"
    path.write_text(path.read_text("utf-8").replace("01,Uusimaa", "1,Uusimaa"), "utf-8")
    env = {"YP_DATA_DIR": str(data_copy.data_dir), "YP_ONTOLOGY_DIR": str(data_copy.ontology_dir)}
    result = runner.invoke(app, ["build", "--store", str(data_copy.store_path)], env=env)
    assert result.exit_code == 2
    assert "regions.csv, line 2, column 'code'" in result.stderr.replace("\n", "")


def _without_example(data_copy: Settings, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The example region moved out of data/ (to be imported) and a store built without it."""
    import shutil

    from kg.build import build

    incoming = tmp_path / "in"
    shutil.move(data_copy.data_dir / "regional" / "example-kainuu", incoming)
    build(data_copy)
    env = {"YP_DATA_DIR": str(data_copy.data_dir), "YP_ONTOLOGY_DIR": str(data_copy.ontology_dir)}
    return incoming, env


def test_cli_import_dry_run_prints_change_list_and_exit_0(
    data_copy: Settings, tmp_path: Path
) -> None:
    incoming, env = _without_example(data_copy, tmp_path)
    store = ["--store", str(data_copy.store_path)]
    result = runner.invoke(
        app, ["import", str(incoming), "--dry-run", "--lang", "en", *store], env=env
    )
    assert result.exit_code == 0, result.output
    tables = example_tables()
    responsibilities = tables["vastuut.csv"]
    assert (
        f"dry run: {sum(tables.values())} rows checked in {len(tables)} files; nothing written"
        in result.stdout
    )
    assert f"Responsibilities (added: {responsibilities})" in result.stdout
    assert "  + Kajaani · " in result.stdout  # municipalities by name, not IRI
    assert "<https://" not in result.stdout  # no raw RDF unless asked for
    assert not (data_copy.data_dir / "regional" / "in").exists()
    fi = runner.invoke(app, ["import", str(incoming), "--dry-run", *store], env=env)
    sv = runner.invoke(app, ["import", str(incoming), "--dry-run", "--lang", "sv", *store], env=env)
    assert f"Vastuut (lisäyksiä: {responsibilities})" in fi.stdout
    assert f"Ansvar (tillägg: {responsibilities})" in sv.stdout
    rdf = runner.invoke(app, ["import", str(incoming), "--dry-run", "--rdf", *store], env=env)
    assert "entities added" in rdf.stdout and "<https://w3id.org/yhdyspinta/" in rdf.stdout


def test_cli_import_json_change_list(data_copy: Settings, tmp_path: Path) -> None:
    incoming, env = _without_example(data_copy, tmp_path)
    args = ["import", str(incoming), "--dry-run", "-f", "json", "--lang", "en"]
    result = runner.invoke(app, [*args, "--store", str(data_copy.store_path)], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    tables = example_tables()
    assert data["ok"] is True and data["dry_run"] is True
    assert data["rows"] == sum(tables.values())
    added = tables["vastuut.csv"]
    assert data["counts"]["responsibility"] == {"added": added, "changed": 0, "removed": 0}
    kinds = Counter(c["kind"] for c in data["changes"])
    assert kinds["agreement"] == len(example_ids("sopimukset.csv", "sopimuksen tunniste"))
    assert kinds["forum"] == len(example_ids("foorumit.csv", "tunniste"))
    forum = next(c for c in data["changes"] if c["entity"].endswith("/forum/kainuu-hyte-tyoryhma"))
    assert forum["fields"]["name"] == {
        "label": "name",
        "before": None,
        "after": ["Kainuun HYTE-työryhmä"],
    }


def test_cli_import_every_error_exits_2_with_location(data_copy: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "vastuut.csv"
    text = (data_copy.data_dir / "regional" / "example-kainuu" / "vastuut.csv").read_text("utf-8")
    bad.write_text(text.replace(",hyte,", ",hytee,", 2), "utf-8")
    env = {"YP_DATA_DIR": str(data_copy.data_dir), "YP_ONTOLOGY_DIR": str(data_copy.ontology_dir)}
    store = ["--store", str(data_copy.store_path)]
    result = runner.invoke(app, ["import", str(bad), "--into", "x", *store], env=env)
    assert result.exit_code == 2  # names are checked against the store being served
    assert "there is no store" in result.stderr and "build first with kg build" in result.stderr
    assert runner.invoke(app, ["build", *store], env=env).exit_code == 0
    result = runner.invoke(app, ["import", str(bad), *store], env=env)
    assert result.exit_code == 2
    assert "--into" in result.stderr  # a single file needs its folder
    args = ["import", str(bad), "--into", "example-kainuu", *store]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2
    assert "2 errors:" in result.stderr
    assert result.stderr.count("column 'teema': unknown theme 'hytee'") == 2
    assert "Nothing was written" in result.stderr
    as_json = runner.invoke(app, [*args, "--format", "json"], env=env)
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and data["errors_total"] == 2
    first = data["errors"][0]
    assert (first["file"], first["sheet"], first["column"]) == (str(bad), None, "teema")
    assert first["message"] == "unknown theme 'hytee'" and first["fix"]


def test_cli_export_writes_templates(settings: Settings, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "export",
            "--county",
            "20",
            "--format",
            "csv",
            "-o",
            str(tmp_path),
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vastuut.csv").is_file()
    assert "192 rows exported for county 20" in result.stderr


def test_cli_templates_writes_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["templates", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "yhdyspinta-pohja.xlsx").is_file()
    assert (tmp_path / "fi" / "vastuut.csv").is_file()


def test_cli_validate_county_json_exits_1_on_violations(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            "--county",
            "20",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["county"]["code"] == "20" and data["as_of"] == "2026-11-23"
    assert data["counts"]["Violation"] > 0
    assert sum(data["counts"].values()) == data["total"]


def test_cli_validate_bad_date_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app, ["validate", "--as-of", "2026-13-01", "--store", str(settings.store_path)]
    )
    assert result.exit_code == 2
    assert "--as-of" in result.output
    assert not result.stdout


def test_cli_validate_unknown_county_exits_2(settings: Settings) -> None:
    result = runner.invoke(app, ["validate", "--county", "99", "--store", str(settings.store_path)])
    assert result.exit_code == 2
    assert "99" in result.output
    assert not result.stdout


def test_cli_audit_county_json_exits_1_on_no_evidence(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "audit",
            "--as-of",
            "2026-11-23",
            "--county",
            "20",
            "--format",
            "json",
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-23"
    assert data["scope"]["code"] == "20" and data["summary"]["counts"]["no-evidence"] > 0
    assert sum(data["summary"]["counts"].values()) == len(data["rows"])
    assert all(row["citation"] for row in data["rows"])


def test_cli_audit_exits_0_without_rows_past_their_deadline(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "audit",
            "--as-of",
            "2026-11-23",
            "--county",
            "20",
            "--obligation",
            "381-2023-tym",
            "--format",
            "csv",
            "--lang",
            "en",
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("counties,county_names,obligation")
    assert len(result.stdout.splitlines()) == 2


def test_cli_audit_unknown_obligation_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app, ["audit", "--obligation", "nope", "--store", str(settings.store_path)]
    )
    assert result.exit_code == 2
    assert "nope" in result.output
    assert not result.stdout


def test_cli_audit_bad_date_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app, ["audit", "--as-of", "2026-13-01", "--store", str(settings.store_path)]
    )
    assert result.exit_code == 2
    assert "--as-of" in result.output
    assert not result.stdout


def test_cli_audit_after_the_last_council_term_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app, ["audit", "--as-of", "2040-01-01", "--store", str(settings.store_path)]
    )
    assert result.exit_code == 2
    assert "2029-05-31" in result.output
    assert not result.stdout


def test_cli_query_named_with_parameter(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "--named",
            "municipalities-by-county",
            "-p",
            "county=04",
            "-f",
            "json",
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(r["name"] for r in json.loads(result.stdout)) == ["Kerava", "Vantaa"]


def test_cli_query_named_bad_parameter_exits_2(settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "--named",
            "interfaces-without-owner",
            "-p",
            "asOf=yesterday",
            "--store",
            str(settings.store_path),
        ],
    )
    assert result.exit_code == 2
    assert "asOf" in result.stderr


def test_cli_import_help_has_the_options_the_readme_names() -> None:
    from kg.config import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    (usage,) = re.findall(r"^\| `(kg import [^`]*)`", readme, flags=re.M)
    options = set(re.findall(r"--[a-z-]+", usage))
    assert options == {"--into", "--dry-run", "--rdf", "--lang", "--format"}
    result = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    assert all(option in result.output for option in options)


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_cli_validate_reads_the_shapes_from_the_settings(
    settings: Settings, tmp_path: Path, engine: str
) -> None:
    """YP_SHAPES_DIR is the shapes kg validate checks with: without the completeness
    shapes, none of their results is reported."""
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    for name in ("prefixes.ttl", "structure.ttl", "quality.ttl"):
        (shapes / name).write_bytes((settings.shapes_dir / name).read_bytes())
    completeness = {
        line.split()[0]
        for line in (settings.shapes_dir / "completeness.ttl").read_text().splitlines()
        if line.startswith("ysh:") and " a sh:" in line
    }
    assert completeness

    def shapes_reported(env: dict[str, str]) -> set[str]:
        args = ["validate", "--county", "20", "--format", "json", "--as-of", "2026-11-23"]
        args += ["--engine", engine, "--store", str(settings.store_path)]
        result = runner.invoke(app, args, env=env)
        assert result.exit_code in (0, 1), result.output
        groups = json.loads(result.stdout)["groups"]
        return {r["shape"].rsplit("#", 1)[-1] for g in groups for r in g["results"]}

    everything = shapes_reported({})
    fewer = shapes_reported({"YP_SHAPES_DIR": str(shapes)})
    names = {c.removeprefix("ysh:") for c in completeness}
    assert everything & names, everything
    assert not fewer & names, fewer & names
