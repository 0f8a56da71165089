"""Run the benchmarks: ``python -m bench`` (or ``make bench``) runs every one,
``python -m bench api import`` only those named."""

from __future__ import annotations

import sys

from bench import (
    bench_api,
    bench_audit,
    bench_build,
    bench_guard,
    bench_import,
    bench_import_memory,
    bench_load,
    bench_names,
    bench_network,
    bench_pages,
    bench_processes,
    bench_publish,
    bench_queries,
    bench_scaling,
    bench_startup,
    bench_validate,
    bench_write_load,
)

BENCHES = {
    "build": bench_build.main,
    "import": bench_import.main,
    "import-memory": bench_import_memory.main,
    "names": bench_names.main,
    "validate": bench_validate.main,
    "audit": bench_audit.main,
    "api": bench_api.main,
    "network": bench_network.main,
    "pages": bench_pages.main,
    "queries": bench_queries.main,
    "scaling": bench_scaling.main,
    "load": bench_load.main,
    "guard": bench_guard.main,
    "startup": bench_startup.main,
    "publish": bench_publish.main,
    "write-load": bench_write_load.main,
    "processes": bench_processes.main,
}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in BENCHES]
    if unknown:
        print(f"unknown bench {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    for name in argv or list(BENCHES):
        BENCHES[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
