"""Yhdyspinta KG: a knowledge graph of the cooperation of Finnish municipalities and
wellbeing services counties.

The names below are loaded when first used (PEP 562), so importing one small module such
as ``kg.bindings`` (every SPARQL worker does) loads neither the build nor rdflib.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# exported name -> the module that defines it
_EXPORTS = {
    "BuildError": "kg.errors",
    "BuildReport": "kg.build",
    "DataError": "kg.errors",
    "Settings": "kg.config",
    "Store": "kg.store",
    "build": "kg.build",
}

__all__ = ["BuildError", "BuildReport", "DataError", "Settings", "Store", "__version__", "build"]

if TYPE_CHECKING:
    from kg.build import BuildReport, build
    from kg.config import Settings
    from kg.errors import BuildError, DataError
    from kg.store import Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once; later look-ups do not come here
    return value


class _Package(types.ModuleType):
    """``kg`` itself. Loading a submodule binds it to its parent's attribute of the same
    name; ``kg.build`` stays the function :func:`kg.build.build`, as ``__all__`` says,
    whoever loads the module ``kg.build`` first."""

    def __setattr__(self, name: str, value: object) -> None:
        if _EXPORTS.get(name) == f"kg.{name}" and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    """The exported names, the module's own dunders and the submodules loaded so far."""
    own = {
        name
        for name, value in globals().items()
        if name.startswith("__")
        or (isinstance(value, types.ModuleType) and value.__name__ == f"kg.{name}")
    }
    return sorted({*__all__, *own})
