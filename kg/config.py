"""One settings object, read from the environment at start-up.

Every setting has a ``YP_`` environment variable; a bad value is refused with the name of
the variable and the value, never silently replaced by a default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE_IRI = "https://w3id.org/yhdyspinta/id/"

_BASE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")


class SettingsError(ValueError):
    """A setting read from the environment is invalid."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the data, ontology and store are, and under which base IRI data is minted."""

    base_iri: str = DEFAULT_BASE_IRI
    store_path: Path = field(default_factory=lambda: REPO_ROOT / "var" / "store")
    data_dir: Path = field(default_factory=lambda: REPO_ROOT / "data")
    ontology_dir: Path = field(default_factory=lambda: REPO_ROOT / "ontology")
    # browser bundles from the npm registry (`make` runs `npm ci`), served by the service
    assets_dir: Path = field(default_factory=lambda: REPO_ROOT / "node_modules")
    query_timeout_s: float = 30.0
    row_cap: int = 10_000
    # what one `kg import` may read (kg.importing.limits)
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 20_000
    import_max_cells: int = 1_000_000

    def __post_init__(self) -> None:
        if not _BASE_IRI.match(self.base_iri):
            raise SettingsError(
                f"YP_BASE_IRI {self.base_iri!r} is not an http(s) IRI ending with '/'"
            )
        if not self.query_timeout_s > 0:
            raise SettingsError(f"YP_QUERY_TIMEOUT {self.query_timeout_s!r} must be > 0")
        if not self.row_cap > 0:
            raise SettingsError(f"YP_ROW_CAP {self.row_cap!r} must be a positive integer")
        for key, value in _IMPORT_LIMITS.items():
            if not getattr(self, value) > 0:
                raise SettingsError(f"{key} {getattr(self, value)!r} must be a positive integer")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if "YP_BASE_IRI" in env:
            kwargs["base_iri"] = env["YP_BASE_IRI"]
        for key, name in (
            ("YP_STORE", "store_path"),
            ("YP_DATA_DIR", "data_dir"),
            ("YP_ONTOLOGY_DIR", "ontology_dir"),
            ("YP_ASSETS_DIR", "assets_dir"),
        ):
            if key in env:
                if not env[key].strip():
                    raise SettingsError(f"{key} is set but empty")
                kwargs[name] = Path(env[key]).expanduser()
        if "YP_QUERY_TIMEOUT" in env:
            try:
                kwargs["query_timeout_s"] = float(env["YP_QUERY_TIMEOUT"])
            except ValueError:
                raise SettingsError(
                    f"YP_QUERY_TIMEOUT {env['YP_QUERY_TIMEOUT']!r} is not a number"
                ) from None
        if "YP_ROW_CAP" in env:
            try:
                kwargs["row_cap"] = int(env["YP_ROW_CAP"])
            except ValueError:
                raise SettingsError(f"YP_ROW_CAP {env['YP_ROW_CAP']!r} is not an integer") from None
        for key, name in _IMPORT_LIMITS.items():
            if key in env:
                try:
                    kwargs[name] = int(env[key])
                except ValueError:
                    raise SettingsError(f"{key} {env[key]!r} is not an integer") from None
        return cls(**kwargs)  # type: ignore[arg-type]


_IMPORT_LIMITS = {
    "YP_IMPORT_MAX_BYTES": "import_max_bytes",
    "YP_IMPORT_MAX_ROWS": "import_max_rows",
    "YP_IMPORT_MAX_CELLS": "import_max_cells",
}
