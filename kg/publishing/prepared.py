"""What a write needs from the store being served, made once per store and kept.

A store never changes in place (a write makes a new one and switches the link), so what is
read from it is kept by its directory: the import's context (names, themes, counties) and
the places (organisers, the county of each municipality); the folder each scope writes.
Also kept: the candidate graph each recent upload was checked on (a publish from the same
store only adds the files' provenance and the history), and, made in the background after
each publish, the new store's validation and the county's audit and a copy of the store in
memory without the published folder's graphs, from which the next check's candidate is made.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.auth.places import county_of as read_county_of
from kg.auth.scopes import Scope
from kg.config import Settings
from kg.importing import values
from kg.importing.importer import Converted, serving_store
from kg.importing.regional import serving_context
from kg.importing.target import MUNICIPALITY_KIND, Target, counties_elsewhere, folder_kind
from kg.iris import Minter
from kg.organisers import read_organisers
from kg.publishing import review, rules
from kg.recovery import inspect as recover_check
from kg.store import Store


@dataclass(frozen=True)
class Places:
    """The organisers and the county of each municipality, read from the serving store."""

    county_of: Mapping[str, str]  # municipality code -> organiser code
    organisers: rules.Organisers


_SERVING: dict[Path, tuple[Store, Any, Places]] = {}
_SERVING_LOCK = threading.Lock()


def serving(settings: Settings) -> tuple[Store, Any, Places]:
    """The serving store, its import context (names, themes, counties) and its places,
    made once per store directory (a store never changes in place: a write makes a new
    one and switches the link). Call under the write lock after ``recover`` for a
    settled store; the context's findings are reset by each run."""
    target = settings.store_path.resolve()
    with _SERVING_LOCK:
        found = _SERVING.get(target)
        if found is None:
            store = serving_store(settings, recover_check(settings))
            ctx = serving_context(store, Minter(settings.base_iri))
            found = (store, ctx, places(store, ctx.county_of))
            _SERVING.clear()  # only the newest store is worth keeping
            _SERVING[target] = found
    return found


# the candidate graph each recent upload was checked on, with its converted files, by
# upload id: publishing it from the same serving store needs only the files' provenance
# and the history added (kg.importing.staged_store.write_staged_store's ``checked``)
_CHECKED: OrderedDict[str, tuple[Path | None, Converted, Store]] = OrderedDict()
_KEPT = 3


def keep_checked(upload_id: str, serving: Store, converted: Converted, cand: Store) -> None:
    with _SERVING_LOCK:
        _CHECKED[upload_id] = (serving.path, converted, cand)
        while len(_CHECKED) > _KEPT:
            _CHECKED.popitem(last=False)


def take_checked(upload_id: str, serving: Store) -> tuple[Converted, Store] | None:
    """The kept conversion and candidate of an upload, if made from ``serving``."""
    with _SERVING_LOCK:
        kept = _CHECKED.pop(upload_id, None)
    if kept is None or kept[0] != serving.path:
        return None
    return kept[1], kept[2]


# a copy in memory of the serving store, made ahead (after a publish, in the background)
# for the next check to make its candidate from in place: by store directory, one
_BASE: dict[Path | None, tuple[Store, str]] = {}


def base_of(store: Store, prefix: str) -> Store | None:
    """The copy made ahead of ``store``, taken (a candidate is made from it in place), if
    it lacks no graph but those under ``prefix`` (and the inferences)."""
    with _SERVING_LOCK:
        kept = _BASE.pop(store.path, None)
    return kept[0] if kept is not None and kept[1] == prefix else None


def make_base(store: Store, settings: Settings, folder: str) -> None:
    """The copy, without ``folder``'s graphs and the inferences already (the next upload
    is most likely the same scope's: its candidate is then the copy with its graphs added;
    another folder's upload removes its own graphs from it too)."""
    mint = Minter(settings.base_iri)
    prefix = str(mint.graph(f"regional/{values.slug(folder)}")) + "/"
    inferred = str(mint.graph("inferred"))
    dropped = [g for g in store.named_graphs() if g.startswith(prefix) or g == inferred]
    copy = store.copy_without(dropped)
    with _SERVING_LOCK:
        _BASE.clear()
        _BASE[store.path] = (copy, prefix)


def warm(settings: Settings, county: str, folder: str) -> None:
    """After a publish, in the background: the new store's context, validation and the
    county's audit, which the next upload's check compares with (made once per store),
    and a copy of it in memory for that check's candidate."""

    def run() -> None:
        try:
            store, _ctx, _where = serving(settings)
            review.checks_of(store, county, dt.date.today(), cache=True)
            make_base(store, settings, folder)
        except Exception:  # the next check makes them itself
            logging.getLogger(__name__).debug("warming the new store failed", exc_info=True)

    threading.Thread(target=run, name="warm-after-publish", daemon=True).start()


def places(store: Store, ctx_county_of: Mapping[str, str]) -> Places:
    return Places(read_county_of(store), rules.Organisers.of(read_organisers(store), ctx_county_of))


_FOLDERS: dict[tuple[Path, str], str] = {}


def folder_of(scope: Scope, root: Path, serving_dir: Path | None, ctx: Any) -> str:
    """:func:`folder_for`, kept per serving store (the folders change only with it)."""
    key = (serving_dir or root, str(scope))
    with _SERVING_LOCK:
        found = _FOLDERS.get(key)
    if found is None:
        found = folder_for(scope, root, ctx.names, ctx)
        with _SERVING_LOCK:
            if len(_FOLDERS) > 256:
                _FOLDERS.clear()
            _FOLDERS[key] = found
    return found


def folder_for(scope: Scope, root: Path, ctx_names: Any, ctx: Any) -> str:
    """The folder under ``data/regional/`` a scope's data lives in: a municipality's own
    ``municipality-NNN``; a county's, the folder that already carries its own data (an
    example region's, say), else ``county-NN``."""
    assert scope.code is not None
    if scope.kind == "municipality":
        return f"{MUNICIPALITY_KIND}-{scope.code}"
    default = f"county-{scope.code}"
    probe = Target(root, root / default, [], root)
    for county_iri, found in counties_elsewhere(probe, ctx).items():
        try:
            code = ctx_names.by_iri(county_iri).code
        except KeyError:
            continue
        if code == scope.code:
            own = [p for p in found if p.is_dir() and folder_kind(root, p) == "own"]
            if own:
                return own[0].name
    return default


def is_prepared(store_dir: Path) -> bool:
    """Whether the copy of the store in ``store_dir`` is ready for the next check."""
    with _SERVING_LOCK:
        return store_dir in _BASE
