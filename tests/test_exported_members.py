"""kg's public surface is what __all__ says (as in httpx's tests)."""

from __future__ import annotations

import subprocess
import sys

import kg


def test_all_names_exist_and_are_public() -> None:
    for name in kg.__all__:
        assert hasattr(kg, name), name
    public = {n for n in dir(kg) if not n.startswith("_") and not _is_module(getattr(kg, n))}
    public.discard("annotations")
    assert public == set(kg.__all__) - {"__version__"}


def _is_module(value: object) -> bool:
    return type(value).__name__ == "module"


def test_exports_load_lazily_and_keep_their_meaning() -> None:
    # importing kg loads none of its modules; `kg.build` stays the function even when
    # the module kg.build was loaded first by someone else
    code = (
        "import sys, kg; loaded = sorted(m for m in sys.modules if m.startswith('kg.')); "
        "import kg.build; print(loaded, type(kg.build).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "function"]
    assert kg.build.__module__ == "kg.build"
    assert kg.Store.__module__ == "kg.store"
