"""Yhdyspinta KG: a knowledge graph of the cooperation of Finnish municipalities and
wellbeing services counties."""

from __future__ import annotations

__version__ = "0.1.0"

from kg.build import BuildReport, build  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.errors import BuildError, DataError  # noqa: E402
from kg.store import Store  # noqa: E402

__all__ = ["BuildError", "BuildReport", "DataError", "Settings", "Store", "__version__", "build"]
