"""Run every benchmark: ``python -m bench`` (or ``make bench``)."""

from __future__ import annotations

from bench import bench_audit, bench_build, bench_import, bench_validate

if __name__ == "__main__":
    bench_build.main()
    bench_import.main()
    bench_validate.main()
    bench_audit.main()
