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
# shipped inside the package (package data of the wheel): in a checkout, kg/shapes and
# kg/queries are links to the top-level shapes/ and queries/ researchers know
PACKAGE_DIR = Path(__file__).parent
PACKAGED_SHAPES = PACKAGE_DIR / "shapes"
PACKAGED_QUERIES = PACKAGE_DIR / "queries"
DEFAULT_BASE_IRI = "https://w3id.org/yhdyspinta/id/"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000/"

# YP_SECRET: 32 characters, e.g. `python -c "import secrets; print(secrets.token_urlsafe(32))"`
MIN_SECRET_LENGTH = 32

_BASE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")
# where the service is reached: an http(s) URL ending with '/', no query or fragment
_PUBLIC_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`/?#]+(?:/[^\s<>\"{}|\\^`?#]*)?/$")
# integer settings: variable, field, least and greatest value
_INTS = (
    ("YP_MAX_BODY_BYTES", "max_body_bytes", 1, None),
    ("YP_QUERY_WORKERS", "query_workers", 1, None),
    ("YP_QUERY_QUEUE", "query_queue", 0, None),
    ("YP_QUERIES_PER_CLIENT", "queries_per_client", 1, None),
    ("YP_BYTE_CAP", "byte_cap", 1_000, None),
    ("YP_WORKER_MEMORY_MB", "worker_memory_mb", 256, None),
    ("YP_QUERY_MAX_DEPTH", "query_max_depth", 1, 1_000),
    ("YP_QUERY_MAX_CHAIN", "query_max_chain", 1, 20_000),
    ("YP_IMPORT_MAX_BYTES", "import_max_bytes", 1, None),
    ("YP_IMPORT_MAX_ROWS", "import_max_rows", 1, None),
    ("YP_IMPORT_MAX_CELLS", "import_max_cells", 1, None),
    ("YP_WRITES_PER_MINUTE", "writes_per_minute", 1, None),
    ("YP_SIGNINS_PER_MINUTE", "signins_per_minute", 1, None),
)


class SettingsError(ValueError):
    """A setting read from the environment is invalid."""


# a SPARQL server's address: http(s), no fragment, no spaces
_SERVER_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`#]+$")
# Oxigraph server's layout under the URL of YP_STORE (`oxigraph serve`)
OXIGRAPH_LAYOUT = {"query": "query", "update": "update", "store": "store"}


@dataclass(frozen=True)
class RemoteEndpoints:
    """A SPARQL 1.1 server holding the graph: where its SPARQL Protocol query and update
    services and its Graph Store Protocol service are."""

    query: str
    update: str
    store: str

    @classmethod
    def under(cls, url: str) -> RemoteEndpoints:
        """Oxigraph server's layout: ``query``, ``update`` and ``store`` under ``url``."""
        root = url.rstrip("/") + "/"
        return cls(**{k: root + v for k, v in OXIGRAPH_LAYOUT.items()})


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the data, ontology and store are, and under which base IRI data is minted."""

    base_iri: str = DEFAULT_BASE_IRI
    store_path: Path = field(default_factory=lambda: REPO_ROOT / "var" / "store")
    data_dir: Path = field(default_factory=lambda: REPO_ROOT / "data")
    ontology_dir: Path = field(default_factory=lambda: REPO_ROOT / "ontology")
    # browser bundles from the npm registry (`make` runs `npm ci`), served by the service
    assets_dir: Path = field(default_factory=lambda: REPO_ROOT / "node_modules")
    # the SHACL shapes and the named SPARQL queries (default: the copies in the package)
    shapes_dir: Path = PACKAGED_SHAPES
    queries_dir: Path = PACKAGED_QUERIES
    query_timeout_s: float = 30.0
    row_cap: int = 10_000
    # the address the service is reached at: every absolute URL it writes starts with it
    # (never with the request's Host header)
    public_url: str = DEFAULT_PUBLIC_URL
    max_body_bytes: int = 1_000_000  # a request body above this is refused with 413
    query_workers: int = 4  # worker processes running SPARQL queries
    query_queue: int = 64  # queries waiting for a worker; one more is refused with 503
    queries_per_client: int = 4  # queries one client address may have running or waiting
    byte_cap: int = 50_000_000  # most bytes a SPARQL answer gives; a longer one is cut
    worker_memory_mb: int = 1024  # address space a query worker may use
    worker_sandbox: bool = True  # query workers cannot open network connections
    query_max_depth: int = 64  # how deep a query's brackets may nest
    query_max_chain: int = 10_000  # longest chain of nested and sibling query elements
    # what one `kg import` may read (kg.importing.limits)
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 20_000
    import_max_cells: int = 1_000_000
    # rate limits (api.auth): writes per credential, sign-in attempts per name (the
    # attempts per client address are four times that)
    writes_per_minute: int = 30
    signins_per_minute: int = 5
    # coordinators' accounts, sessions and tokens (kg.auth.accounts): hashes only, no secrets
    accounts_path: Path = field(default_factory=lambda: REPO_ROOT / "var" / "accounts.sqlite3")
    # the key the service signs with (e.g. its forms' tokens); never shown, not even by repr()
    secret: str | None = field(default=None, repr=False)
    # a SPARQL server holding the graph (YP_STORE=http(s)://…): queries run there; each
    # version's files (build record, dumps, a copy of the graph) stay under store_path
    remote: RemoteEndpoints | None = None

    def __post_init__(self) -> None:
        if not _BASE_IRI.match(self.base_iri):
            raise SettingsError(
                f"YP_BASE_IRI {self.base_iri!r} is not an http(s) IRI ending with '/'"
            )
        if not self.query_timeout_s > 0:
            raise SettingsError(f"YP_QUERY_TIMEOUT {self.query_timeout_s!r} must be > 0")
        if not self.row_cap > 0:
            raise SettingsError(f"YP_ROW_CAP {self.row_cap!r} must be a positive integer")
        if not _PUBLIC_URL.match(self.public_url):
            raise SettingsError(
                f"YP_PUBLIC_URL {self.public_url!r} is not an http(s) URL ending with '/' "
                "(without query or fragment)"
            )
        for key, name, least, greatest in _INTS:
            value = getattr(self, name)
            if value < least or (greatest is not None and value > greatest):
                bounds = f"from {least} to {greatest}" if greatest else f">= {least}"
                raise SettingsError(f"{key} {value!r} must be an integer {bounds}")
        if self.remote is not None:
            for url in (self.remote.query, self.remote.update, self.remote.store):
                if not _SERVER_URL.match(url):
                    raise SettingsError(f"SPARQL server URL {url!r} is not an http(s) URL")
        if self.secret is not None and len(self.secret) < MIN_SECRET_LENGTH:
            # the value is a secret: the message names the variable, never its value
            raise SettingsError(f"YP_SECRET must be at least {MIN_SECRET_LENGTH} characters long")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if "YP_BASE_IRI" in env:
            kwargs["base_iri"] = env["YP_BASE_IRI"]
        if "YP_PUBLIC_URL" in env:
            kwargs["public_url"] = env["YP_PUBLIC_URL"]
        remote = _remote(env)
        if remote is not None:
            kwargs["remote"] = remote
        for key, name in (
            ("YP_STORE_DIR" if remote is not None else "YP_STORE", "store_path"),
            ("YP_DATA_DIR", "data_dir"),
            ("YP_ONTOLOGY_DIR", "ontology_dir"),
            ("YP_ASSETS_DIR", "assets_dir"),
            ("YP_SHAPES_DIR", "shapes_dir"),
            ("YP_QUERIES_DIR", "queries_dir"),
            ("YP_ACCOUNTS", "accounts_path"),
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
        for key, name, _, _ in _INTS:
            if key in env:
                try:
                    kwargs[name] = int(env[key])
                except ValueError:
                    raise SettingsError(f"{key} {env[key]!r} is not an integer") from None
        if "YP_SECRET" in env:
            kwargs["secret"] = env["YP_SECRET"]
        if "YP_WORKER_SANDBOX" in env:
            sandbox = env["YP_WORKER_SANDBOX"].strip().lower()
            if sandbox not in ("seccomp", "off"):
                raise SettingsError(
                    f"YP_WORKER_SANDBOX {env['YP_WORKER_SANDBOX']!r} must be 'seccomp' or 'off'"
                )
            kwargs["worker_sandbox"] = sandbox == "seccomp"
        return cls(**kwargs)  # type: ignore[arg-type]


def _remote(env: Mapping[str, str]) -> RemoteEndpoints | None:
    """The SPARQL server YP_STORE names, if it is an http(s) URL: Oxigraph server's layout
    under it unless YP_SPARQL_QUERY_URL, YP_SPARQL_UPDATE_URL or YP_SPARQL_STORE_URL say
    otherwise (e.g. Fuseki's /ds/sparql, /ds/update, /ds/data)."""
    store = env.get("YP_STORE", "")
    given = {
        name: env[key]
        for key, name in (
            ("YP_SPARQL_QUERY_URL", "query"),
            ("YP_SPARQL_UPDATE_URL", "update"),
            ("YP_SPARQL_STORE_URL", "store"),
        )
        if key in env
    }
    if not store.startswith(("http://", "https://")):
        if given:
            raise SettingsError(
                "YP_SPARQL_QUERY_URL, YP_SPARQL_UPDATE_URL and YP_SPARQL_STORE_URL need "
                "YP_STORE set to the SPARQL server's http(s) URL"
            )
        return None
    if not _SERVER_URL.match(store):
        raise SettingsError(f"YP_STORE {store!r} is not an http(s) URL of a SPARQL server")
    for key, url in given.items():
        if not _SERVER_URL.match(url):
            raise SettingsError(f"YP_SPARQL_{key.upper()}_URL {url!r} is not an http(s) URL")
    layout = RemoteEndpoints.under(store)
    return RemoteEndpoints(
        query=given.get("query", layout.query),
        update=given.get("update", layout.update),
        store=given.get("store", layout.store),
    )
