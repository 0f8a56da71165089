"""Answers a page computes from an open store, kept while that store is served.

The graph changes only when a build or an import swaps the store, and a swapped-in store
is a new :class:`~kg.store.Store`: an answer kept under the store it was computed from is
never stale, and goes with that store (a weak reference).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kg.store import Store

T = TypeVar("T")
MAX_PER_STORE = 256
_KEPT: weakref.WeakKeyDictionary[Store, dict[Hashable, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def kept(store: Store, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``'s answer for ``key`` on ``store``, computed once per store (at most
    :data:`MAX_PER_STORE` answers a store; the oldest goes first)."""
    with _LOCK:
        answers = _KEPT.setdefault(store, {})
        if key in answers:
            return answers[key]
    value = make()
    with _LOCK:
        if len(answers) >= MAX_PER_STORE:
            answers.pop(next(iter(answers)))
        answers[key] = value
    return value
