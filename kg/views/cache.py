"""Answers a page computes from an open store, kept while that store is served.

The graph changes only when a build or an import swaps the store, and a swapped-in store
is a new :class:`~kg.store.Store`: an answer kept under the store it was computed from is
never stale, and goes with that store (a weak reference). Answers are kept in rooms, each
with its own limit (the oldest answer of a full room goes first): the pages' data (an
audit, the posts) in one, whole rendered pages in another, the lookups' finished JSON
answers in a third (room for every municipality × theme of the national graph, about
5,000, several times over) and, in a fourth, which answer a lookup's words (a name, a
Swedish name, a code) lead to.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kg.store import Store

T = TypeVar("T")
# answers a store keeps, by room
ROOMS = {"answers": 256, "pages": 2048, "lookups": 16384, "lookup-words": 16384}
_KEPT: weakref.WeakKeyDictionary[Store, dict[str, dict[Hashable, Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def kept(store: Store, key: Hashable, make: Callable[[], T], *, room: str = "answers") -> T:
    """``make()``'s answer for ``key`` on ``store``, computed once per store: a thread
    asking while another computes it waits for that answer (after a swap, many readers
    ask for the same page at once; each computing it would take them all the longer)."""
    limit = ROOMS[room]
    while True:
        with _LOCK:
            rooms = _KEPT.setdefault(store, {})
            answers = rooms.setdefault(room, {})
            if key in answers:
                return answers[key]
            pending = rooms.setdefault(f"pending:{room}", {})
            event = pending.get(key)
            mine = event is None
            if mine:
                event = pending[key] = threading.Event()
        assert event is not None
        if not mine:
            event.wait()
            continue  # the answer is kept now (or its maker failed: try ourselves)
        try:
            value = make()
            with _LOCK:
                if len(answers) >= limit:
                    answers.pop(next(iter(answers)))
                answers[key] = value
            return value
        finally:
            with _LOCK:
                pending.pop(key, None)
            event.set()


def peek(store: Store, key: Hashable, *, room: str = "answers") -> Any | None:
    """The answer kept for ``key`` on ``store``, or None; never computes nor waits (for the
    event loop, which must not run a query)."""
    with _LOCK:
        return _KEPT.get(store, {}).get(room, {}).get(key)


def forget(store: Store, key: Hashable, *, room: str = "answers") -> None:
    """Drop the answer kept for ``key`` (an answer that must not be kept)."""
    with _LOCK:
        _KEPT.get(store, {}).get(room, {}).pop(key, None)
