"""What the query guard costs, beside what rdflib's SPARQL parser would.

``python -m bench guard`` checks the named queries in ``queries/`` and a few large queries
(a 10,000-value VALUES block, a 10,000-member IN list, 2,000 OPTIONALs side by side,
1,000 triple patterns, 60 nested braces) with :func:`kg.sparql_guard.check_query`, and
parses the same text with rdflib's parser (without its codepoint-escape step). That parser
was considered as the decider and is not used: it reads comments, escapes and local names
differently from the engine, and it costs far more. Prints the median time of each and
their ratio.
"""

from __future__ import annotations

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import Query

from bench.timing import median_seconds
from kg.config import REPO_ROOT
from kg.sparql_guard import check_query

LARGE = {
    "VALUES, 10,000 values": "SELECT * WHERE { VALUES ?x { "
    + " ".join(f'"v{i}"' for i in range(10_000))
    + " } }",
    "IN list, 10,000 members": "SELECT * WHERE { BIND(1 AS ?x) FILTER(?x IN ("
    + ", ".join(str(i) for i in range(10_000))
    + ")) }",
    "2,000 OPTIONALs": "SELECT * WHERE { " + " ".join(["OPTIONAL { ?s ?p ?o }"] * 2000) + " }",
    "1,000 triple patterns": "SELECT * WHERE { "
    + " ".join(f"?s <urn:x:p{i}> ?o{i} ." for i in range(1000))
    + " }",
    "60 nested braces": "SELECT * WHERE " + "{" * 60 + "}" * 60,
}


def _rdflib(text: str) -> str:
    try:
        Query.parse_string(text, parse_all=True)
    except ParseException:
        return "parse error"
    except RecursionError:
        return "recursion error"
    return "parsed"


def main() -> None:
    print("query guard (kg.sparql_guard) against rdflib's parser, median of runs")
    print(f"{'query':34} {'bytes':>9} {'guard ms':>9} {'rdflib ms':>10} {'ratio':>7}  rdflib")
    cases = {p.name: p.read_text("utf-8") for p in sorted((REPO_ROOT / "queries").glob("*.rq"))}
    cases.update(LARGE)
    for name, text in cases.items():
        large = name in LARGE
        guard = median_seconds(lambda t=text: check_query(t), repeat=3 if large else 15)
        outcome = _rdflib(text)
        parse = median_seconds(lambda t=text: _rdflib(t), repeat=1 if large else 5, warmup=0)
        print(
            f"{name[:34]:34} {len(text.encode()):>9,} {guard * 1000:>9.2f} "
            f"{parse * 1000:>10.1f} {parse / guard:>6.0f}×  {outcome}"
        )
