"""The one thread that does the coordinators' writes, at a lower CPU priority.

Writes are serialised anyway (the store's write lock), so one thread does them all: the
check of an upload, its publish, a restore. It runs at niceness 10 (Linux applies
``setpriority`` to the calling thread alone), so that while a 1,000-row upload is checked
or published (a few seconds of CPU) the readers' lookups, pages and queries get the
cores first. Each route waits for its write in its own worker thread, which holds no
lock while it waits.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
NICENESS = 10


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or not permitted
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)


_WRITER = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="writer", initializer=_lower_priority
)


def run(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` on the writer thread; its result, or its exception."""
    return _WRITER.submit(fn, *args, **kwargs).result()
