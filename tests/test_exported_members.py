"""kg's public surface is what __all__ says (as in httpx's tests)."""

from __future__ import annotations

import kg


def test_all_names_exist_and_are_public() -> None:
    for name in kg.__all__:
        assert hasattr(kg, name), name
    public = {n for n in dir(kg) if not n.startswith("_") and not _is_module(getattr(kg, n))}
    public.discard("annotations")
    assert public == set(kg.__all__) - {"__version__"}


def _is_module(value: object) -> bool:
    return type(value).__name__ == "module"
