"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import contextlib
import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.build import build
from kg.config import Settings
from kg.store import Store


def median_seconds(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    """Median wall-clock seconds of ``repeat`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextlib.contextmanager
def built_store() -> Iterator[tuple[Settings, Store]]:
    """The national graph with the example region, built into a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(Settings(), store_path=Path(tmp) / "store")
        build(settings)
        yield settings, Store.open(settings.store_path)
