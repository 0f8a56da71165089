"""A full national audit (every duty × bearer × period), as of one date, on the built store.

Baseline in the same run: reading the evidence alone (the SPARQL part), so the ratio shows
what the evaluation itself adds.
"""

from __future__ import annotations

import datetime as dt

from bench.timing import built_store, median_seconds
from kg.audit.evaluate import audit
from kg.audit.evidence import read_evidence

AS_OF = dt.date(2026, 11, 23)


def main() -> None:
    with built_store() as (settings, store):
        rows = len(audit(store, as_of=AS_OF).rows)
        whole = median_seconds(lambda: audit(store, as_of=AS_OF), repeat=7)
        reading = median_seconds(lambda: read_evidence(store), repeat=7)
        print(f"national audit as of {AS_OF}: {rows} rows")
        print(f"full audit: median {whole * 1000:.1f} ms over 7 runs (aim: under 1 s)")
        print(
            f"reading the evidence alone (baseline): median {reading * 1000:.1f} ms; "
            f"full / reading = {whole / reading:.1f}x"
        )


if __name__ == "__main__":
    main()
