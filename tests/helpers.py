"""Small helpers shared by tests."""

from __future__ import annotations

from pathlib import Path


def edit_line(path: Path, old: str, new: str) -> int:
    """Replace ``old`` in the first line containing it; return that line's 1-based number."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if old in line:
            lines[i] = line.replace(old, new, 1)
            path.write_text("".join(lines), "utf-8")
            return i + 1
    raise AssertionError(f"{old!r} not in {path}")
