"""Run a named query for a page and give its rows as a :class:`~kg.views.table.Table`.

The pages' tables are the researchers' named queries (``queries/*.rq``), run with typed,
bound parameters: what a page shows is what ``kg query --named`` and ``/queries/{id}``
give for the same parameters, and the table links to both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.messages import message
from kg.named_queries import QUERIES_DIR, NamedQuery, load_named_queries
from kg.namespaces import PREFIXES
from kg.store import Store
from kg.views.table import Table

_PREFIXED = re.compile(r"(?<![\w<])([A-Za-z][\w-]*):[A-Za-z_]")


@functools.lru_cache(maxsize=4)
def _queries(directory: Path, _mtime: float) -> dict[str, NamedQuery]:
    return load_named_queries(directory)


def named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """The named queries of ``directory`` (read again when a file there changes)."""
    stamp = max((p.stat().st_mtime for p in directory.glob("*.rq")), default=0.0)
    return _queries(directory, stamp)


def run(
    store: Store, query_id: str, params: Mapping[str, str], *, directory: Path = QUERIES_DIR
) -> list[dict[str, Any]]:
    """The rows of the named query ``query_id`` with ``params`` bound (ValueError for a
    value its type refuses)."""
    query = named_queries(directory)[query_id]
    return store.select(query.text, bindings=query.bindings(params))


def editor_text(query: NamedQuery, params: Mapping[str, str]) -> str:
    """The query as a SPARQL client runs it: its header comments, the PREFIX lines of the
    prefixes it uses, and its parameters bound as a VALUES block."""
    text = query.prepared(params)
    used = {m.group(1) for m in _PREFIXED.finditer(text)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p in used]
    header = [line for line in text.splitlines() if line.startswith("#")]
    body = [line for line in text.splitlines() if not line.startswith("#")]
    return "\n".join([*header, *lines, *body]) + "\n"


def table(
    store: Store,
    query_id: str,
    params: Mapping[str, str],
    *,
    lang: str,
    columns: Sequence[str] | None = None,
    links: Mapping[str, str] | None = None,
    download: str = "",
    rows: list[dict[str, Any]] | None = None,
    directory: Path = QUERIES_DIR,
) -> Table:
    """The named query's rows as a table of ``columns`` (default: all it declares), headed
    by the catalogue's ``column.<name>`` words in ``lang``."""
    query = named_queries(directory)[query_id]
    shown = tuple(columns or query.columns)
    given = {k: v for k, v in params.items() if v}
    return Table(
        columns=shown,
        headers=tuple(message(f"column.{c}", lang) for c in shown),
        rows=rows if rows is not None else run(store, query_id, given, directory=directory),
        query_id=query_id,
        params=given,
        sparql=editor_text(query, given),
        links=dict(links or {}),
        download=download,
    )
