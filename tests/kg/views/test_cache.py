"""An answer is kept per store: computed once, and gone with a swapped-out store."""

from __future__ import annotations

import gc

from kg.store import Store
from kg.views.cache import _KEPT, kept


def test_kept_once_per_store_and_dropped_with_it() -> None:
    calls: list[int] = []
    first = Store()
    assert kept(first, "k", lambda: calls.append(1) or 1) == 1
    assert kept(first, "k", lambda: calls.append(2) or 2) == 1
    second = Store()
    assert kept(second, "k", lambda: calls.append(3) or 3) == 3
    assert calls == [1, 3]
    held = len(_KEPT)
    del first
    gc.collect()
    assert len(_KEPT) == held - 1  # the answers went with their store
    assert second in _KEPT
