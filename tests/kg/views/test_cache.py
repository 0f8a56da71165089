"""An answer is kept per store: computed once, and gone with a swapped-out store."""

from __future__ import annotations

import gc
import threading
import time

from kg import lookups
from kg.store import Store
from kg.views.cache import _KEPT, ROOMS, forget, kept, peek


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


def test_rooms_keep_their_own_answers_and_forget_drops_one() -> None:
    store = Store()
    assert kept(store, "k", lambda: "answer") == "answer"
    assert kept(store, "k", lambda: "page", room="pages") == "page"  # another room
    forget(store, "k", room="pages")
    assert kept(store, "k", lambda: "new page", room="pages") == "new page"
    assert kept(store, "k", lambda: "other") == "answer"


def test_threads_asking_at_once_wait_for_one_answer(store: Store) -> None:
    """After a swap many readers ask for the same page at once: it is made once."""
    made = []
    started = threading.Barrier(8)

    def make() -> str:
        made.append(1)
        time.sleep(0.2)  # long enough for every thread to ask meanwhile
        return "answer"

    answers = []

    def ask() -> None:
        started.wait()
        answers.append(kept(store, "made once though asked at once", make))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == ["answer"] * 8
    assert len(made) == 1


def test_peek_gives_the_kept_answer_and_never_computes() -> None:
    store = Store()
    assert peek(store, "k", room="lookups") is None  # nothing kept, nothing made
    assert "lookups" not in _KEPT.get(store, {})
    kept(store, "k", lambda: b"{}", room="lookups")
    assert peek(store, "k", room="lookups") == b"{}"
    assert peek(store, "k") is None  # another room
    assert peek(Store(), "k", room="lookups") is None  # another store


def test_the_lookup_room_holds_every_municipality_and_theme(store: Store) -> None:
    """Every municipality × (each theme, and all themes) of the national graph, for a day."""
    answers = len(lookups.municipalities(store)) * (len(lookups.themes(store)) + 1)
    assert ROOMS["lookups"] >= 2 * answers
    assert ROOMS["lookup-words"] >= 2 * answers
