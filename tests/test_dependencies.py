"""Every runtime dependency pyproject.toml declares is there for a reason the code shows."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib
from pathlib import Path

from kg.config import REPO_ROOT

# declared and needed, but not imported by our code: each says why
NOT_IMPORTED = {
    "uvicorn": "the server `make run` starts (a command, not an import)",
    "scipy": "networkx's kamada_kawai_layout (kg/network/layout.py) calls scipy.optimize",
    "python-multipart": "FastAPI parses uploads and forms with it (File, Form in api/routes)",
}


def _declared() -> list[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0] for spec in project["dependencies"]]


def _imported_modules(*folders: Path) -> set[str]:
    """The top-level module names imported anywhere under ``folders``."""
    names: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


def _modules_of(distribution: str) -> set[str]:
    by_module = importlib.metadata.packages_distributions()
    wanted = _normal(distribution)
    return {m for m, dists in by_module.items() if wanted in {_normal(d) for d in dists}}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_is_imported_by_kg_or_api() -> None:
    imported = _imported_modules(REPO_ROOT / "kg", REPO_ROOT / "api")
    unused = [d for d in _declared() if d not in NOT_IMPORTED and not (_modules_of(d) & imported)]
    assert unused == [], f"declared in pyproject.toml but imported nowhere in kg/ or api/: {unused}"


def test_the_exceptions_are_declared_and_really_not_imported() -> None:
    """An exception that the code has come to import, or that is no longer declared, goes."""
    imported = _imported_modules(REPO_ROOT / "kg", REPO_ROOT / "api")
    declared = set(_declared())
    for name, why in NOT_IMPORTED.items():
        assert name in declared, name
        assert why.strip(), name
        assert not (_modules_of(name) & imported), f"{name} is imported now: drop its exception"


def test_the_check_sees_an_unused_declaration() -> None:
    """The mapping works: a package kg/ never imports (owlready2, the tests' reasoner) is not
    found among kg/'s imports, while one it does import (rdflib) is."""
    imported = _imported_modules(REPO_ROOT / "kg", REPO_ROOT / "api")
    assert not (_modules_of("owlready2") & imported)
    assert _modules_of("rdflib") & imported
    assert _modules_of("jinja2") & imported  # declared with a lower-case name, found as Jinja2
    assert "owlready2" not in _declared() and "sparqlwrapper" not in _declared()
