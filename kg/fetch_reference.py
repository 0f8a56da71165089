"""Refresh the reference tables in ``data/reference/`` from Statistics Finland's API.

The knowledge graph is always built from the committed snapshot in ``data/reference/``;
this module only runs on demand (``kg fetch-reference``) to update that snapshot when
the network allows. Statistics Finland's open classification API (default base
``https://data.stat.fi/api/classifications/v2``, data licence CC BY 4.0) serves
``classifications/{id}/classificationItems`` (a JSON list of ``{"code": "091",
"classificationItemNames": [{"lang": "fi", "name": "Helsinki"}]}``) for the ids
``kunta_1_{YYYY}0101``, ``hyvinvointialue_1_{YYYY}0101`` and ``maakunta_1_{YYYY}0101``,
and ``correspondenceTables/kunta_1_{YYYY}0101%23{target id}/maps`` (``#`` encoded as
``%23``; a JSON list of ``{"sourceItem": {"code": ..}, "targetItem": {"code": ..}}``).
From these the code and name columns of ``municipalities.csv``,
``wellbeing_counties.csv`` and ``regions.csv`` are rebuilt; the other columns
(``language``, ``valid_from_year``, ``kind``, regional councils, ``note``) are kept by
code from the existing files. Responses are validated first, then all files are
replaced together (temp file + ``os.replace``); nothing is written on any error.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kg.errors import DataError
from kg.tables import read_header, read_table

DEFAULT_BASE_URL = "https://data.stat.fi/api/classifications/v2"
MUNICIPALITIES = "municipalities.csv"
COUNTIES = "wellbeing_counties.csv"
REGIONS = "regions.csv"
_NAMES = ("code", "name_fi", "name_sv")
COLUMNS: dict[str, tuple[str, ...]] = {
    MUNICIPALITIES: (
        *_NAMES,
        "wellbeing_county_code",
        "region_code",
        "language",
        "valid_from_year",
    ),
    COUNTIES: (*_NAMES, "name_en", "kind"),
    REGIONS: (*_NAMES, "regional_council_fi", "regional_council_sv", "note"),
}
_SNAPSHOT_NOTE = "the committed snapshot in data/reference/ stays in use"
_PARAMS = {"content": "data", "meta": "max", "format": "json"}
_MAP_KEYS = ("sourceItem", "targetItem")
# Kind of a county code new to wellbeing_counties.csv (else wellbeing_services_county).
_DEFAULT_KIND = {"90": "city_of_helsinki", "91": "aland"}
Table = dict[str, dict[str, str]]  # code -> CSV row


class ClassificationApiUnavailable(OSError):
    """The classification API could not be reached or did not answer HTTP 200."""


@dataclass(frozen=True)
class FileChanges:
    """Codes of the rows added, removed and changed in one file."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def describe(self) -> str:
        if not (self.added or self.removed or self.changed):
            return "no changes"
        counts = ", ".join(f"{len(v)} {k}" for k, v in vars(self).items())
        codes = "; ".join(f"{k}: {' '.join(v)}" for k, v in vars(self).items() if v)
        return f"{counts} ({codes})"


@dataclass(frozen=True)
class ReferenceUpdate:
    """What :func:`fetch_reference` found and did."""

    year: int
    base_url: str
    row_counts: dict[str, int]  # file name -> rows after the update
    changes: dict[str, FileChanges]  # file name -> changes against the existing file
    missing_attributes: tuple[str, ...]  # municipality codes lacking language/year
    written: tuple[str, ...]  # files replaced on disk (identical files are skipped)
    dry_run: bool

    @property
    def has_changes(self) -> bool:
        return any(c.added or c.removed or c.changed for c in self.changes.values())

    def summary(self) -> str:
        counts = ", ".join(f"{n} rows in {name}" for name, n in self.row_counts.items())
        lines = [f"Classifications {self.year} from {self.base_url}: {counts}"]
        lines += [f"{name}: {c.describe()}" for name, c in self.changes.items()]
        if self.missing_attributes:
            codes = " ".join(self.missing_attributes)
            lines.append(f"Fill in language/valid_from_year by hand for: {codes}")
        written = ", ".join(self.written) or "nothing (files already up to date)"
        lines.append("Dry run: nothing written." if self.dry_run else f"Written: {written}")
        return "\n".join(lines)


def _get_list(client: httpx.Client, url: httpx.URL) -> list[Any]:
    api = "Statistics Finland classification API"
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        msg = f"{api} not reachable at URL: {url} ({exc}); {_SNAPSHOT_NOTE}"
        raise ClassificationApiUnavailable(msg) from exc
    if response.status_code != 200:
        msg = f"{api} answered HTTP {response.status_code} at URL: {url}"
        raise ClassificationApiUnavailable(f"{msg}; {_SNAPSHOT_NOTE}")
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        raise ValueError(f"{url}: response is not JSON ({exc})") from exc
    if not isinstance(data, list):  # a malformed response is a ValueError by contract
        raise ValueError(f"{url}: expected a JSON list")
    return data


def _code(ref: Any, width: int, location: str) -> str:
    code = ref.get("code") if isinstance(ref, dict) else None
    code = str(code) if type(code) is int else code
    code = code.strip() if isinstance(code, str) else ""
    if not (code.isascii() and code.isdigit() and len(code) <= width):
        raise ValueError(f"{location}: missing or invalid 'code' (up to {width} digits)")
    return code.zfill(width)


def _name(item: dict[str, Any], lang: str, location: str) -> str:
    names = item.get("classificationItemNames")
    if not isinstance(names, list) or not all(isinstance(n, dict) for n in names):
        raise ValueError(f"{location}: missing or invalid 'classificationItemNames'")
    matching = [n for n in names if n.get("lang") == lang]
    if not matching and len(names) == 1:  # the API's fallback to another language
        matching = names
    name = matching[0].get("name") if matching else None
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{location}: no '{lang}' name in 'classificationItemNames'")
    return name.strip()


def _fetch_names(
    http: httpx.Client, base: str, local_id: str, langs: tuple[str, ...], width: int
) -> dict[str, dict[str, str]]:
    """Fetch one classification in each language: ``{lang: {code: name}}``."""
    result: dict[str, dict[str, str]] = {}
    for lang in langs:
        path = f"{base}/classifications/{local_id}/classificationItems"
        url = httpx.URL(path, params={**_PARAMS, "lang": lang})
        result[lang] = names = {}
        for index, item in enumerate(_get_list(http, url)):
            location = f"{url}: item {index}"
            code = _code(item, width, location)
            if code in names:
                raise ValueError(f"{location}: duplicate 'code' {code}")
            names[code] = _name(item, lang, location)
        if odd := sorted(names.keys() ^ result[langs[0]].keys()):
            raise ValueError(f"{url}: codes differ from the '{langs[0]}' list: {odd}")
    return result


def _fetch_map(
    http: httpx.Client, base: str, ids: str, munis: dict[str, str], targets: set[str]
) -> dict[str, str]:
    """Fetch a correspondence table: ``{municipality code: target code}``."""
    path = f"{base}/correspondenceTables/{ids}/maps"
    url = httpx.URL(path, params={**_PARAMS, "meta": "min", "lang": "fi"})
    result: dict[str, str] = {}
    for index, entry in enumerate(_get_list(http, url)):
        location = f"{url}: map {index}"
        refs = [entry.get(k) if isinstance(entry, dict) else None for k in _MAP_KEYS]
        for key, ref in zip(_MAP_KEYS, refs, strict=True):
            if not isinstance(ref, dict):
                raise ValueError(f"{location}: missing or invalid '{key}'")
        source = _code(refs[0], 3, f"{location}: 'sourceItem'")
        target = _code(refs[1], 2, f"{location}: 'targetItem'")
        if source in result:
            raise ValueError(f"{location}: duplicate 'sourceItem' code {source}")
        if source not in munis or target not in targets:
            raise ValueError(f"{location}: unknown code in {source} -> {target}")
        result[source] = target
    for code, name in munis.items():
        if code not in result:
            raise ValueError(f"{url}: municipality {code} ({name}) has no mapping")
    return result


def _read_csv(path: Path) -> Table:
    if not path.is_file():
        return {}
    rows = read_table(path)  # the snapshot's own header
    if "code" not in read_header(path):
        raise DataError("no 'code' column in the header", path=path, line=1)
    return {row["code"]: row.values for row in rows}


def _render(columns: tuple[str, ...], rows: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # QUOTE_MINIMAL, like the snapshot
    writer.writerow(columns)
    writer.writerows([rows[code][c] for c in columns] for code in sorted(rows))
    return buffer.getvalue().encode("utf-8")


def _diff(columns: tuple[str, ...], old: Table, new: Table) -> FileChanges:
    def same(code: str) -> bool:
        return all((old[code].get(c) or "") == new[code][c] for c in columns)

    return FileChanges(
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        changed=tuple(c for c in sorted(old.keys() & new.keys()) if not same(c)),
    )


def _replace_together(out_dir: Path, contents: dict[str, bytes]) -> None:
    """Write every file to a temp file in ``out_dir``; only then replace the targets."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in contents.items():
            fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temp, target = Path(tmp_name), out_dir / name
            temps.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in temps:
        os.replace(temp, target)


def _merge(columns: tuple[str, ...], fetched: Table, old: Table) -> Table:
    """The fetched rows; columns the API does not provide are kept by code from ``old``."""
    empty: dict[str, str] = {}
    return {
        code: {c: row[c] if c in row else old.get(code, empty).get(c) or "" for c in columns}
        for code, row in fetched.items()
    }


def _download(client: httpx.Client, base: str, year: int) -> dict[str, Table]:
    """Fetch and check everything; return the API's columns of the three tables."""
    kunta, hva, mk = (f"{k}_1_{year}0101" for k in ("kunta", "hyvinvointialue", "maakunta"))
    muni = _fetch_names(client, base, kunta, ("fi", "sv"), 3)
    county = _fetch_names(client, base, hva, ("fi", "sv", "en"), 2)
    region = _fetch_names(client, base, mk, ("fi", "sv"), 2)
    county_of = _fetch_map(client, base, f"{kunta}%23{hva}", muni["fi"], set(county["fi"]))
    region_of = _fetch_map(client, base, f"{kunta}%23{mk}", muni["fi"], set(region["fi"]))

    def table(names: dict[str, dict[str, str]]) -> Table:
        return {c: {"code": c} | {f"name_{k}": v[c] for k, v in names.items()} for c in names["fi"]}

    municipalities = table(muni)
    for code, row in municipalities.items():
        row.update(wellbeing_county_code=county_of[code], region_code=region_of[code])
    return {MUNICIPALITIES: municipalities, COUNTIES: table(county), REGIONS: table(region)}


def fetch_reference(
    *,
    year: int,
    out_dir: Path,
    base_url: str = DEFAULT_BASE_URL,
    client: httpx.Client | None = None,
    timeout: float = 20.0,
    write: bool = True,
) -> ReferenceUpdate:
    """Fetch the classifications valid on ``year``-01-01 and update ``out_dir``.

    Raises :class:`ClassificationApiUnavailable` (an ``OSError``) when the API cannot be
    reached and ``ValueError`` when a response is malformed; nothing is written then.
    With ``write=False`` the changes are computed and returned, and no file is touched.
    """
    if not 1900 <= year <= 9999:
        raise ValueError(f"year out of range: {year}")
    base = base_url.rstrip("/")
    with contextlib.ExitStack() as stack:
        if client is None:
            client = httpx.Client(timeout=timeout, follow_redirects=True)
            stack.enter_context(client)
        fetched = _download(client, base, year)

    old = {name: _read_csv(out_dir / name) for name in COLUMNS}
    new = {name: _merge(COLUMNS[name], fetched[name], old[name]) for name in COLUMNS}
    for code, row in new[COUNTIES].items():
        row["kind"] = row["kind"] or _DEFAULT_KIND.get(code, "wellbeing_services_county")

    contents = {name: _render(COLUMNS[name], new[name]) for name in COLUMNS}
    to_write = {
        name: data
        for name, data in contents.items()
        if not (out_dir / name).is_file() or (out_dir / name).read_bytes() != data
    }
    if write and to_write:
        _replace_together(out_dir, to_write)
    munis = new[MUNICIPALITIES].values()
    return ReferenceUpdate(
        year=year,
        base_url=base,
        row_counts={name: len(new[name]) for name in COLUMNS},
        changes={name: _diff(COLUMNS[name], old[name], new[name]) for name in COLUMNS},
        missing_attributes=tuple(
            sorted(r["code"] for r in munis if not (r["language"] and r["valid_from_year"]))
        ),
        written=tuple(to_write) if write else (),
        dry_run=not write,
    )
