"""The public record of what coordinators published: the publish history as pages, rows
and Atom feeds.

Every committed version of ``data/history/`` (:mod:`kg.history`), newest first: its
number, time, county or municipality (by name, in the page's language), action, who
published it (the agent's name, nothing else about them), the file (its name and SHA-256),
the statements it added and removed, and per kind of entity how many were added, changed
and removed. One version also has its per-entity change list (``changes.json``, as the
coordinator reviewed it, in Finnish). A version folder without a log line (a publish that
never committed) is not shown, nor are its files given.

:func:`atom` writes a list as an Atom feed (RFC 4287) with :mod:`xml.etree.ElementTree`;
every IRI in it is made from the service's configured address.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import history, lookups
from kg.history import Version
from kg.importing.entity_kinds import KINDS as ENTITY_KINDS
from kg.messages import message
from kg.store import Store

KINDS = tuple(k.key for k in ENTITY_KINDS)  # responsibility, agreement, …
CHANGES = ("added", "changed", "removed")
FEED_LIMIT = 100  # entries in a feed: the newest
ITEM_LIMIT = 500  # per-entity changes listed on a version's page (its JSON has them all)
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
# characters XML 1.0 cannot hold (a name typed with a control character must not break
# the feed)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
COLUMNS = (
    "number",
    "version",
    "published_at",
    "county",
    "county_name",
    "municipality",
    "municipality_name",
    "action",
    "agent",
    "file_name",
    "file_sha256",
    "file_bytes",
    "added",
    "removed",
    "restored_from",
    *(f"{kind}_{change}" for kind in KINDS for change in CHANGES),
)


@dataclass(frozen=True)
class Entry:
    """One version as the pages show it."""

    version: Version
    county_name: str  # the county's name in the page's language ("" if unknown)
    municipality_name: str | None  # for a municipality's version

    @property
    def id(self) -> str:
        return self.version.version

    @property
    def place(self) -> str:
        """The county, or the municipality and its county."""
        county = self.county_name or self.version.county
        if self.version.municipality is None:
            return county
        name = self.municipality_name or self.version.municipality
        return f"{name} ({county})" if county else name

    @property
    def title(self) -> str:
        return f"{self.place} #{self.version.number}"

    @property
    def when(self) -> str:
        """The time as a reader reads it (UTC)."""
        return self.version.published_at[:16].replace("T", " ") + " UTC"

    @property
    def short_sha(self) -> str:
        return self.version.file_sha256[:12]

    def count(self, kind: str, change: str) -> int:
        return int(self.version.counts.get(kind, {}).get(change, 0))

    def kind_counts(self, kind: str) -> dict[str, int]:
        return {change: self.count(kind, change) for change in CHANGES}

    def row(self) -> dict[str, Any]:
        """The version as a row of the CSV and JSON downloads."""
        v = self.version
        return {
            "number": v.number,
            "version": v.version,
            "published_at": v.published_at,
            "county": v.county,
            "county_name": self.county_name,
            "municipality": v.municipality,
            "municipality_name": self.municipality_name,
            "action": v.action,
            "agent": v.agent.name,
            "file_name": v.file_name,
            "file_sha256": v.file_sha256,
            "file_bytes": v.file_bytes,
            "added": v.added,
            "removed": v.removed,
            "restored_from": v.restored_from,
        } | {f"{k}_{c}": self.count(k, c) for k in KINDS for c in CHANGES}


@dataclass(frozen=True)
class ChangesView:
    """The versions of the country or of one county, newest first."""

    county: str | None  # the organiser code, or None for the country
    county_name: str
    entries: list[Entry]
    counties: list[tuple[str, str]]  # every county's code and name, for the links

    def rows(self) -> list[dict[str, Any]]:
        return [e.row() for e in self.entries]


@dataclass(frozen=True)
class VersionView:
    """One version with its per-entity changes."""

    entry: Entry
    changes: list[dict[str, Any]]  # every item of changes.json
    restored_from: Entry | None

    @property
    def listed(self) -> list[dict[str, Any]]:
        return self.changes[:ITEM_LIMIT]

    def as_json(self) -> dict[str, Any]:
        v = self.entry.version
        record = v.to_json()
        record.pop("agent")
        return {
            "number": v.number,
            **record,
            "agent": v.agent.name,
            "county_name": self.entry.county_name,
            "municipality_name": self.entry.municipality_name,
            "changes": self.changes,
        }


def history_root(data_dir: Path) -> Path:
    return history.history_dir(data_dir)


class _Names:
    """Counties and municipalities by code, named in one language."""

    def __init__(self, store: Store, lang: str) -> None:
        self.lang = lang
        self.counties = {c["code"]: c for c in lookups.counties(store)}
        self.municipalities = {m["code"]: m for m in lookups.municipalities(store)}

    def county(self, code: str) -> str:
        c = self.counties.get(code)
        return (c.get(f"name_{self.lang}") or c["name_fi"]) if c else ""

    def municipality(self, code: str | None) -> str | None:
        m = self.municipalities.get(code or "")
        if m is None:
            return None
        return str(m["name_sv"] if self.lang == "sv" and m.get("name_sv") else m["name_fi"])

    def entry(self, v: Version) -> Entry:
        return Entry(v, self.county(v.county), self.municipality(v.municipality))


def changes_view(store: Store, root: Path, *, lang: str, county: str | None = None) -> ChangesView:
    """Every committed version (of one county if ``county`` is given, a municipality's
    with its county), newest first. LookupError for a code that is no county's."""
    names = _Names(store, lang)
    versions = history.read_log(root)
    if county is not None:
        if county not in names.counties:
            raise LookupError(
                f"no county with the code {county[:10]!r}; the codes are "
                f"{', '.join(sorted(names.counties))}"
            )
        versions = history.of_county(versions, county)
    entries = [names.entry(v) for v in reversed(versions)]
    counties = [(code, names.county(code)) for code in names.counties]
    return ChangesView(county, names.county(county) if county else "", entries, counties)


def find(root: Path, version_id: str) -> Version | None:
    """The committed version ``version_id`` names; None for any other text (a malformed
    id, or a folder whose publish never committed)."""
    if not history.is_version_id(version_id):
        return None
    return history.get(root, version_id)


def version_view(store: Store, root: Path, version_id: str, *, lang: str) -> VersionView | None:
    """One committed version with its per-entity changes; None if there is none."""
    found = find(root, version_id)
    if found is None:
        return None
    names = _Names(store, lang)
    before = find(root, found.restored_from) if found.restored_from else None
    return VersionView(
        names.entry(found),
        history.changes_of(root, found.version),
        names.entry(before) if before else None,
    )


def graphs_file(root: Path, version_id: str) -> Path | None:
    """The ``graphs.nq`` of a committed version (the path made from the log's id)."""
    found = find(root, version_id)
    if found is None:
        return None
    path = history.graphs_of(root, found.version)
    return path if path.is_file() else None


UPLOAD_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Upload:
    path: Path
    media_type: str
    download_name: str  # the name it was uploaded with, made safe for a header


def upload_file(root: Path, version_id: str) -> Upload | None:
    """The file a committed version was published from, with its media type."""
    found = find(root, version_id)
    if found is None:
        return None
    try:
        path = history.upload_of(root, found.version)
    except FileNotFoundError:
        return None
    suffix = path.suffix.lower()
    stem = re.sub(r"[^\w.-]+", "_", Path(found.file_name).stem).strip("._") or "upload"
    return Upload(
        path,
        UPLOAD_TYPES.get(suffix, "application/octet-stream"),
        f"{stem}-{found.number}{suffix}",
    )


def action_label(action: str, lang: str) -> str:
    """publish, restore or import in ``lang`` (an action the catalogue lacks as written)."""
    return message(f"changes.action.{action}", lang) if action in history.ACTIONS else action


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def summary(entry: Entry, lang: str) -> str:
    """A version in one line: action, file, statements and the kinds it changed."""
    v = entry.version
    head = message(
        "changes.summary",
        lang,
        action=action_label(v.action, lang),
        agent=v.agent.name,
        file=v.file_name,
        sha=entry.short_sha,
        added=v.added,
        removed=v.removed,
    )
    kinds = []
    for k in KINDS:
        counts = entry.kind_counts(k)
        if any(counts.values()):
            kinds.append(
                message("changes.summary_kind", lang, kind=message(f"import.{k}", lang), **counts)
            )
    return " ".join([head, *kinds]) if kinds else head


def atom(
    view: ChangesView,
    *,
    public_url: str,
    lang: str,
    updated: str,
    limit: int = FEED_LIMIT,
) -> bytes:
    """The versions of ``view`` as an Atom feed (RFC 4287), the newest ``limit`` of them.

    ``public_url`` is the service's configured address (ending with '/'): the feed's and
    every entry's ``id`` and links start with it. ``updated`` is the feed's time when it
    has no entries (the newest entry's otherwise)."""
    path = f"changes/{view.county}" if view.county else "changes"
    # the Atom namespace as the default one: its elements are written unprefixed
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _sub(feed, "id", public_url + path)
    title = message("changes.feed_title", lang, site=message("site.name", lang))
    _sub(feed, "title", f"{title} – {view.county_name}" if view.county else title)
    entries = view.entries[:limit]
    _sub(feed, "updated", entries[0].version.published_at if entries else updated)
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=f"{public_url}{path}.atom")
    _sub(feed, "link", rel="alternate", type="text/html", href=public_url + path)
    author = _sub(feed, "author")
    _sub(author, "name", message("site.name", lang))
    for e in entries:
        v = e.version
        url = f"{public_url}changes/versions/{v.version}"
        item = _sub(feed, "entry")
        _sub(item, "id", url)
        _sub(item, "title", e.title)
        _sub(item, "updated", v.published_at)
        _sub(item, "published", v.published_at)
        _sub(item, "link", rel="alternate", type="text/html", href=url)
        who = _sub(item, "author")
        _sub(who, "name", v.agent.name or v.agent.kind)
        _sub(item, "category", term=v.action, label=action_label(v.action, lang))
        _sub(item, "summary", summary(e, lang), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
