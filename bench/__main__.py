"""Run every benchmark: ``python -m bench`` (or ``make bench``)."""

from __future__ import annotations

from bench import bench_build

if __name__ == "__main__":
    bench_build.main()
