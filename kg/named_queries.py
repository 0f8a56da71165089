"""Named SPARQL queries: one file per query in ``queries/``, described by its header.

A header is the leading block of ``# key: value`` comment lines::

    # id: municipalities-by-county
    # question_fi: …
    # question_en: …
    # keywords: municipality, county
    # columns: countyCode, countyName, code, name

``id``, ``question_fi``, ``question_en`` and ``columns`` are required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.config import REPO_ROOT
from kg.errors import DataError

QUERIES_DIR = REPO_ROOT / "queries"
REQUIRED = ("id", "question_fi", "question_en", "columns")
_HEADER_LINE = re.compile(r"^#\s*([a-z_]+):\s*(.*\S)\s*$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class NamedQuery:
    id: str
    path: Path
    question_fi: str
    question_en: str
    keywords: tuple[str, ...]
    columns: tuple[str, ...]
    text: str


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a missing or malformed header field is a DataError."""
    text = path.read_text("utf-8")
    header: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if not match:
            raise DataError("header line is not '# key: value'", path=path, line=number)
        header[match.group(1)] = match.group(2)
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise DataError(f"header lacks {missing}", path=path, line=1)
    if not _ID.match(header["id"]):
        raise DataError(f"id {header['id']!r} is not a lowercase slug", path=path, line=1)
    split = [v.strip() for v in header.get("keywords", "").split(",") if v.strip()]
    return NamedQuery(
        id=header["id"],
        path=path,
        question_fi=header["question_fi"],
        question_en=header["question_en"],
        keywords=tuple(split),
        columns=tuple(c.strip() for c in header["columns"].split(",")),
        text=text,
    )


def load_named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``directory`` by id; ids must be unique."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        query = parse_named_query(path)
        if query.id in queries:
            raise DataError(
                f"id {query.id!r} also used by {queries[query.id].path.name}", path=path, line=1
            )
        queries[query.id] = query
    return queries
