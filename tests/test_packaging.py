"""The wheel carries what the package reads at run time: the shapes, the named queries, the
message catalogue and the import's export queries, at the paths the settings default to."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.config import PACKAGE_DIR, REPO_ROOT, Settings


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The file names inside a wheel built from a clean copy of the checkout (a build in
    the checkout would reuse what an earlier build left in build/)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("kg", "api", "shapes", "queries"):
        shutil.copytree(REPO_ROOT / name, source / name, symlinks=True, ignore=skip)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("yhdyspinta_kg-*.whl")
    with zipfile.ZipFile(built) as archive:
        return set(archive.namelist())


def _shipped(folder: Path, pattern: str) -> set[str]:
    files = {f"kg/{p.relative_to(PACKAGE_DIR.resolve()).as_posix()}" for p in folder.glob(pattern)}
    assert files, (folder, pattern)
    return files


def test_the_wheel_holds_the_shapes_and_the_queries(wheel: set[str]) -> None:
    shapes = {f"kg/shapes/{p.name}" for p in (REPO_ROOT / "shapes").iterdir() if p.is_file()}
    queries = {f"kg/queries/{p.name}" for p in (REPO_ROOT / "queries").glob("*.rq")}
    assert "kg/shapes/completeness.ttl" in shapes and len(queries) > 10
    assert shapes <= wheel, shapes - wheel
    assert queries <= wheel, queries - wheel


def test_the_wheel_holds_the_catalogue_and_the_export_queries(wheel: set[str]) -> None:
    expected = _shipped(PACKAGE_DIR.resolve() / "locale", "*/LC_MESSAGES/messages.po")
    expected |= _shipped(PACKAGE_DIR.resolve() / "cooperation_queries", "*.rq")
    assert expected <= wheel, expected - wheel


def test_the_wheel_holds_the_templates_and_the_static_files(wheel: set[str]) -> None:
    """The one presentation layer: every page template and the files the pages load (the
    network view's script among them; a report file inlines it)."""
    web = PACKAGE_DIR.resolve() / "web"
    expected = _shipped(web / "templates", "*.html")
    expected |= {
        f"kg/{p.relative_to(PACKAGE_DIR.resolve()).as_posix()}"
        for p in (web / "static").rglob("*")
        if p.is_file()
    }
    assert {"kg/web/templates/network.html", "kg/web/static/js/network.js"} <= expected
    assert expected <= wheel, expected - wheel
    assert not any(name.startswith("api/templates/") for name in wheel)


def test_settings_find_shapes_and_queries_in_the_package() -> None:
    """The defaults are the package's copies (in a checkout, links to the top-level
    folders researchers use); the environment can point elsewhere."""
    settings = Settings()
    assert settings.shapes_dir == PACKAGE_DIR / "shapes"
    assert settings.queries_dir == PACKAGE_DIR / "queries"
    assert settings.shapes_dir.resolve() == (REPO_ROOT / "shapes").resolve()
    assert settings.queries_dir.resolve() == (REPO_ROOT / "queries").resolve()
    moved = Settings.from_env({"YP_SHAPES_DIR": "/x/shapes", "YP_QUERIES_DIR": "/x/queries"})
    assert (moved.shapes_dir, moved.queries_dir) == (Path("/x/shapes"), Path("/x/queries"))
