"""Validation of the national graph with the example region: fast engine vs plain pySHACL.

Both run the shapes in shapes/*.ttl on the same built store, as of the same date, in the
same run; the figures are the fast engine's median over five runs, pySHACL's single run,
their ratio, and whether the two gave the identical set of results.
"""

from __future__ import annotations

import datetime as dt
import time

from bench.timing import built_store, median_seconds
from kg.validation.engine import keys, validate, validate_pyshacl

AS_OF = dt.date(2026, 11, 23)


def main() -> None:
    with built_store() as (settings, store):
        fast_results = validate(store, as_of=AS_OF)
        fast = median_seconds(lambda: validate(store, as_of=AS_OF), repeat=5)
        start = time.perf_counter()
        reference = validate_pyshacl(store, as_of=AS_OF)
        slow = time.perf_counter() - start
        same = keys(fast_results) == keys(reference)
        print(
            f"validation, national graph + example region ({len(store)} triples, "
            f"{len(fast_results)} results)"
        )
        print(f"fast engine (compiled SPARQL on Oxigraph): median {fast:.3f} s over 5 runs")
        print(f"plain pySHACL (reference):                 {slow:.1f} s")
        print(f"ratio pySHACL / fast: {slow / fast:.0f}x; identical results: {same}")


if __name__ == "__main__":
    main()
