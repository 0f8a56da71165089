"""How much of each organiser's cooperation the public record holds (``kg coverage``).

The public record is the regional folders whose ``source.json`` says ``"kind":
"public-record"``: their named graphs carry ``dcterms:type yp:PublicRecord``. For each of
the 22 organisers this counts what those graphs record, by kind: agreements, approvals,
interface plans, § 14 negotiations, HYTE negotiations, other meetings, events only
announced, forums and published coordinator posts (a post by its title and side: one
post title in every municipality of a county is one fact); the distinct pages they were
read from;
and the latest date any of them carries. An organiser with nothing says so ("none found"),
which is itself a finding: its public pages, as far as they were searched, said nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from kg.messages import message
from kg.organisers import Organiser, read_organisers
from kg.store import Store
from kg.validity import to_day

KINDS = (
    "agreement",
    "approval",
    "plan",
    "negotiation-611",
    "negotiation-hyte",
    "meeting",
    "planned",
    "forum",
    "post",
)
_PLANNED = "FILTER NOT EXISTS { ?e yp:eventStatus yp:EventPlanned }"
_FACTS = f"""
SELECT ?kind ?e ?county ?day WHERE {{
  ?g dcterms:type yp:PublicRecord .
  GRAPH ?g {{
    {{ ?e a yp:Agreement ; yp:concernsCounty ?county .
      FILTER NOT EXISTS {{ ?e a yp:InterfacePlan }}
      BIND("agreement" AS ?kind) OPTIONAL {{ ?e yp:validFrom ?day }} }}
    UNION
    {{ ?e a yp:InterfacePlan ; yp:concernsCounty ?county .
      BIND("plan" AS ?kind) OPTIONAL {{ ?e yp:validFrom ?day }} }}
    UNION
    {{ ?a yp:approval ?e ; yp:concernsCounty ?county . ?e yp:approvalDate ?day .
      BIND("approval" AS ?kind) }}
    UNION
    {{ ?e a yp:CooperationNegotiation ; yp:concernsCounty ?county ; dcterms:date ?day .
      {_PLANNED} BIND("negotiation-611" AS ?kind) }}
    UNION
    {{ ?e a yp:HealthWellbeingNegotiation ; yp:concernsCounty ?county ; dcterms:date ?day .
      {_PLANNED} BIND("negotiation-hyte" AS ?kind) }}
    UNION
    {{ ?e a yp:Meeting ; yp:concernsCounty ?county ; dcterms:date ?day .
      {_PLANNED} BIND("meeting" AS ?kind) }}
    UNION
    {{ ?e yp:eventStatus yp:EventPlanned ; yp:concernsCounty ?county ; dcterms:date ?day .
      BIND("planned" AS ?kind) }}
    UNION
    {{ ?e a yp:Forum ; yp:concernsCounty ?county .
      BIND("forum" AS ?kind) OPTIONAL {{ ?e yp:validFrom ?day }} }}
    UNION
    {{ ?r a yp:Responsibility ; yp:post ?post ; yp:interface ?i ; yp:side ?side .
      ?post skos:prefLabel ?title . FILTER(LANG(?title) = "fi")
      BIND(CONCAT(STR(?side), " ", ?title) AS ?e)
      BIND("post" AS ?kind) OPTIONAL {{ ?r yp:validFrom ?day }} }}
  }}
  OPTIONAL {{ ?i yp:organiser ?county }}
}}"""
_PAGES = """
SELECT DISTINCT ?county ?page WHERE {
  ?g dcterms:type yp:PublicRecord .
  GRAPH ?g {
    ?x prov:wasDerivedFrom ?page .
    { ?x yp:concernsCounty ?county }
    UNION { ?a yp:approval ?x ; yp:concernsCounty ?county }
    UNION { ?x yp:interface/yp:organiser ?county }
  }
}"""


@dataclass
class Coverage:
    """One organiser's public record: distinct facts by kind, pages, latest date."""

    organiser: Organiser
    facts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pages: set[str] = field(default_factory=set)
    latest: dt.date | None = None

    def count(self, kind: str) -> int:
        return len(self.facts.get(kind, ()))

    @property
    def total(self) -> int:
        return sum(self.count(k) for k in KINDS)

    def to_json(self) -> dict[str, object]:
        return {
            "organiser": self.organiser.code,
            "name": self.organiser.name("fi"),
            "facts": {k: self.count(k) for k in KINDS},
            "total": self.total,
            "pages": len(self.pages),
            "latest": self.latest.isoformat() if self.latest else None,
        }


def coverage(store: Store) -> list[Coverage]:
    """The public record of every organiser, in the order of their codes."""
    organisers = read_organisers(store)
    by_iri = {o.iri: Coverage(o) for o in organisers}
    for r in store.select(_FACTS):
        found = by_iri.get(r["county"])
        if found is None:
            continue
        found.facts[r["kind"]].add(r["e"])
        day = to_day(r["day"])
        if day is not None and (found.latest is None or day > found.latest):
            found.latest = day
    for r in store.select(_PAGES):
        if r["county"] in by_iri:
            by_iri[r["county"]].pages.add(r["page"])
    return sorted(by_iri.values(), key=lambda c: c.organiser.code)


def headers(lang: str) -> list[str]:
    return [
        message("coverage.organiser", lang),
        *(message(f"coverage.kind.{k}", lang) for k in KINDS),
        message("coverage.total", lang),
        message("coverage.pages", lang),
        message("coverage.latest", lang),
    ]


def cells(c: Coverage, lang: str) -> list[str]:
    if c.total == 0:
        latest = message("coverage.none_found", lang)
    else:
        latest = c.latest.isoformat() if c.latest else ""
    return [
        f"{c.organiser.code} {c.organiser.name(lang)}",
        *(str(c.count(k)) for k in KINDS),
        str(c.total),
        str(len(c.pages)),
        latest,
    ]


def totals(rows: list[Coverage], lang: str) -> list[str]:
    with_facts = sum(1 for c in rows if c.total)
    latest = max((c.latest for c in rows if c.latest), default=None)
    return [
        message("coverage.all", lang, organisers=with_facts, of=len(rows)),
        *(str(sum(c.count(k) for c in rows)) for k in KINDS),
        str(sum(c.total for c in rows)),
        str(len(set().union(*(c.pages for c in rows)))),
        latest.isoformat() if latest else "",
    ]


def render_markdown(rows: list[Coverage], lang: str) -> str:
    """The table as Markdown (README's coverage section)."""
    head = headers(lang)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for values in [*(cells(c, lang) for c in rows), totals(rows, lang)]:
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines) + "\n"


def render_text(rows: list[Coverage], lang: str) -> str:
    """The table in aligned columns, with a line saying what each column counts."""
    table = [headers(lang), *(cells(c, lang) for c in rows), totals(rows, lang)]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    out = [message("coverage.title", lang)]
    for i, row in enumerate(table):
        first = row[0].ljust(widths[0])
        rest = [v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join([first, *rest]).rstrip())
        if i == 0 or i == len(table) - 2:
            out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    return "\n".join(out) + "\n"


def render_json(rows: list[Coverage]) -> str:
    return json.dumps([c.to_json() for c in rows], ensure_ascii=False, indent=2) + "\n"
