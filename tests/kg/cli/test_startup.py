"""The command line loads a command's modules only when that command runs, and its help,
written without them, stays true to them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.audit.render import RENDERERS
from kg.cli import app
from kg.cli.common import AuditFormat
from kg.config import Settings
from kg.network.report import METRICS

FEATURES = ("kg.build", "kg.audit", "kg.network", "kg.validation", "kg.named_queries")

# runs the command line as the `kg` script does, then lists the modules it loaded
_RUN = """
import sys
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.write("\\n--modules--\\n" + "\\n".join(sorted(sys.modules)))
"""


def _loaded(*args: str, store: Path = Path("/nonexistent/store")) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "YP_STORE": str(store)},
    ).stdout
    output, modules = out.split("--modules--\n", 1)
    if args == ("info",) and store.exists():
        assert json.loads(output)["triples"] > 0  # the command ran to its end
    return modules.split()


def _under(modules: list[str], *packages: str) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


def test_help_loads_no_feature_module_nor_rdflib() -> None:
    loaded = _loaded("--help")
    assert _under(loaded, *FEATURES, "kg.importing", "kg.store", "rdflib", "numpy") == []
    assert "kg.cli.data_commands" in loaded  # the commands are registered all the same


@pytest.mark.parametrize("command", ["query", "network", "audit", "import", "fetch-reference"])
def test_command_help_loads_no_feature_module(command: str) -> None:
    loaded = _loaded(command, "--help")
    assert _under(loaded, *FEATURES, "kg.importing", "rdflib", "numpy", "httpx") == []


def test_info_loads_only_the_store_check(settings: Settings) -> None:
    loaded = _loaded("info", store=settings.store_path)
    assert _under(loaded, *FEATURES, "numpy") == []
    assert _under(loaded, "kg.importing") == ["kg.importing", "kg.importing.journal"]


def test_audit_format_choices_are_the_renderers() -> None:
    assert [f.value for f in AuditFormat] == list(RENDERERS)


def test_network_help_names_every_metric() -> None:
    result = CliRunner().invoke(app, ["network", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    listed = text.split("Node size by: ", 1)[1].split(".", 1)[0]
    assert listed.split(", ") == list(METRICS)
