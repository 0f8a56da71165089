"""The name matcher on the ways people write municipalities and counties.

Reads ``data/name_variants/variants.csv`` (made and checked without the matcher, see its
README) and asks the name index of the national reference data for each text, as the
importer asks: municipalities among municipalities, counties among counties and the City
of Helsinki. The top-1 answer is the matched entity, or, when the text matches nothing,
the first suggestion. Prints the hit rate per form and overall, every miss, and the time
per lookup for exact names, organisation forms and typos (suggestions).
"""

from __future__ import annotations

import csv
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.config import REPO_ROOT, Settings
from kg.iris import Minter
from kg.names import AmbiguousName, NameIndex, NameNotFound
from kg.reference import load_reference

VARIANTS = REPO_ROOT / "data" / "name_variants" / "variants.csv"
KINDS = {"municipality": {"municipality"}, "county": {"county", "organiser"}}
PATHS = {"municipality": "municipality/", "county": "county/"}


@dataclass(frozen=True)
class Outcome:
    text: str
    form: str
    expected: str
    answer: str | None  # IRI of the top-1 answer
    matched: bool  # matched outright (not only suggested)
    seconds: float

    @property
    def hit(self) -> bool:
        return self.answer == self.expected


def reference_index() -> NameIndex:
    graph = Graph()
    for source in load_reference(REPO_ROOT / "data", Minter(Settings().base_iri)):
        graph += source.graph
    return NameIndex.from_graph(graph)


def read_variants(path: Path = VARIANTS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_iri(row: dict[str, str], base: str) -> str:
    if row["kind"] == "county" and row["code"] == "90":
        return base + "municipality/091"  # the City of Helsinki organises its own services
    return base + PATHS[row["kind"]] + row["code"]


def top1(index: NameIndex, text: str, kinds: set[str]) -> tuple[str | None, bool]:
    """The IRI the matcher answers for ``text``, and whether it matched outright."""
    try:
        return index.match(text, kinds=kinds).iri, True
    except AmbiguousName:
        return None, False
    except NameNotFound:
        found = index.candidates(text, kinds=kinds, limit=1)
        return (found[0][0].iri if found else None), False


def evaluate(index: NameIndex, rows: list[dict[str, str]]) -> list[Outcome]:
    base = Settings().base_iri
    out = []
    for row in rows:
        start = time.perf_counter()
        answer, matched = top1(index, row["text"], KINDS[row["kind"]])
        seconds = time.perf_counter() - start
        out.append(
            Outcome(row["text"], row["form"], expected_iri(row, base), answer, matched, seconds)
        )
    return out


def report(outcomes: list[Outcome], index: NameIndex) -> str:
    lines = [f"{'form':<22} {'variants':>8} {'top-1':>7} {'matched':>8}"]
    by_form: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_form[o.form].append(o)
    for form, group in sorted(by_form.items()):
        hits = sum(o.hit for o in group)
        matched = sum(o.matched and o.hit for o in group)
        lines.append(
            f"{form:<22} {len(group):>8} {hits / len(group):>7.1%} {matched / len(group):>8.1%}"
        )
    hits = sum(o.hit for o in outcomes)
    lines.append(f"{'all':<22} {len(outcomes):>8} {hits / len(outcomes):>7.1%}")
    misses = [o for o in outcomes if not o.hit]
    lines.append(f"misses ({len(misses)}):")
    for o in misses:
        got = index.by_iri(o.answer).label if o.answer else "nothing"
        expected = index.by_iri(o.expected).label
        lines.append(f"  {o.text!r} ({o.form}): expected {expected}, got {got}")
    return "\n".join(lines)


def main() -> None:
    index = reference_index()
    rows = read_variants()
    evaluate(index, rows)  # warm the caches (Voikko, readings) as a running service has them
    outcomes = evaluate(index, rows)
    print("name matching: top-1 over data/name_variants/variants.csv")
    print(report(outcomes, index))
    groups = {
        "exact label": [o for o in outcomes if o.form.startswith("county-") and o.matched],
        "organisation form": [o for o in outcomes if o.form.startswith(("fi-org", "sv-org"))],
        "typo (suggestions)": [o for o in outcomes if not o.matched],
    }
    for name, group in groups.items():
        if group:
            micro = [o.seconds * 1e6 for o in group]
            print(
                f"  {name:<20} median {statistics.median(micro):8.1f} µs  "
                f"max {max(micro):8.1f} µs  ({len(group)} lookups, warm)"
            )
    cold = reference_index()
    start = time.perf_counter()
    for row in rows[:200]:
        top1(cold, row["text"], KINDS[row["kind"]])
    print(f"  first 200 lookups on a new index: {(time.perf_counter() - start) * 1e3:.0f} ms")
