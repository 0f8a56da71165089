"""Which store serves: the embedded one the store link names, or a SPARQL server.

Every version of the graph is a complete store directory (``kg.store_dirs``), and the
store link names the one being served: that holds with either store. On the embedded
store (the default) the directory's database is what queries run on. With a SPARQL server
(``YP_STORE=http(s)://…``, :class:`kg.config.RemoteEndpoints`) queries run on the server,
and the directory keeps the version's files (build record, dumps, sources) and its copy of
the graph, from which the server is written.

A writer makes the server hold a version with :func:`push` just before it switches the
link to it (``kg build``, ``kg import``, a publish, ``kg restore``): the server takes the
whole dataset in one update request (:meth:`kg.remote_store.RemoteStore.replace_dataset`).
Which version the server holds is noted beside the link (``store.remote.json``): the
version's name, the server, and whether its push finished. A writer killed between its
push and its link switch, or a server emptied since (its triple count differs from the
version's), leaves the note and the link disagreeing, and :func:`in_step` (run by the
recovery at start-up and before every write) pushes the linked version again.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.config import Settings
from kg.durable import write_atomic
from kg.remote_store import RemoteStore
from kg.store import Store
from kg.store_dirs import current, is_complete, stores_dir

NOTE_SUFFIX = ".remote.json"


def open_store(settings: Settings, target: Path | None = None) -> Store:
    """The store serving ``target``, a complete store directory (default: the one the
    store link names): its database, or the SPARQL server with its files."""
    where = (target or settings.store_path).resolve()
    if settings.remote is None:
        return Store.open(where)
    if not is_complete(where):
        raise FileNotFoundError(f"no store at {where} (run `kg build` first)")
    return RemoteStore(settings.remote, where, timeout_s=settings.query_timeout_s)


def note_path(settings: Settings) -> Path:
    link = settings.store_path
    return link.parent.resolve() / (link.name + NOTE_SUFFIX)


def pushed(settings: Settings) -> dict[str, object]:
    """What the note says the server holds (empty without a note)."""
    path = note_path(settings)
    if not path.is_file():
        return {}
    try:
        note = json.loads(path.read_text("utf-8"))
    except ValueError:
        return {}
    return note if isinstance(note, dict) else {}


def push(settings: Settings, target: Path, *, whole: bool = False) -> None:
    """Make the SPARQL server hold the version in ``target`` (nothing on the embedded
    store): what differs from the version the note says it holds, or all of it
    (``whole``, or without such a note). The caller holds the store's write lock and
    switches the link after."""
    if settings.remote is None:
        return
    held = None if whole else _held(settings)
    _note(settings, target, finished=False)
    local = Store.open(target)
    RemoteStore(settings.remote, target, timeout_s=settings.query_timeout_s).replace_dataset(
        local, target.name, held=held
    )
    _note(settings, target, finished=True)


def _held(settings: Settings) -> Store | None:
    """The local copy of the version the server holds, if the note says it holds one
    whole (then a push sends only what differs from it)."""
    assert settings.remote is not None
    note = pushed(settings)
    if note.get("server") != settings.remote.query or not note.get("finished"):
        return None
    held = stores_dir(settings.store_path) / str(note.get("version"))
    return Store.open(held) if is_complete(held) else None


def in_step(settings: Settings) -> str | None:
    """Push the linked version again if the server may not hold it; says why it did
    (``None``: nothing to do). The caller holds the store's write lock."""
    if settings.remote is None:
        return None
    target = current(settings.store_path)
    if target is None or not is_complete(target):
        return None
    note = pushed(settings)
    why = None
    if note.get("server") != settings.remote.query:
        why = "the server has not been written from this store yet"
    elif note.get("version") != target.name or not note.get("finished"):
        why = "a push to the server was not followed by its link switch (a writer was killed)"
    else:
        expected = Store.open(target).build_info().get("triples")
        held = len(RemoteStore(settings.remote, target, timeout_s=settings.query_timeout_s))
        if expected is not None and held != expected:
            why = f"the server holds {held} triples, the version {expected}"
    if why is None:
        return None
    push(settings, target, whole=True)
    return f"the SPARQL server was given version {target.name} again: {why}"


def _note(settings: Settings, target: Path, *, finished: bool) -> None:
    assert settings.remote is not None
    note = {"server": settings.remote.query, "version": target.name, "finished": finished}
    write_atomic(note_path(settings), json.dumps(note, indent=2).encode("utf-8"))
