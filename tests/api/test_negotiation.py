"""Content negotiation by Accept: q-values, specificity, refusals and aliases."""

from __future__ import annotations

import pytest

from api.negotiation import negotiate

OFFERS = ["application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, OFFERS),
        ("", OFFERS),
        ("*/*", OFFERS),
        ("text/csv", ["text/csv"]),
        ("text/*", ["text/csv", "text/turtle"]),
        # q-values order the answer, whatever the order in the header
        ("text/csv;q=0.5, text/turtle", ["text/turtle", "text/csv"]),
        # the most specific range sets a type's q: csv refused though text/* admits it
        ("text/*, text/csv;q=0", ["text/turtle"]),
        ("*/*;q=0.1, application/ld+json", ["application/ld+json", *OFFERS[:3]]),
        # q=0 refuses a type the wildcard would admit
        ("*/*, application/sparql-results+json;q=0", OFFERS[1:]),
        # application/json means SPARQL JSON results; parameters other than q are ignored
        ("application/json", ["application/sparql-results+json"]),
        ("text/csv; charset=utf-8", ["text/csv"]),
        # malformed or out-of-range q counts as 0
        ("text/csv;q=abc", []),
        ("text/csv;q=2", []),
        ("text/csv; Q=0.3, text/turtle;q=0.4", ["text/turtle", "text/csv"]),
        ("image/png", []),
        ("image/*", []),
        (" , ,text/csv", ["text/csv"]),
    ],
)
def test_negotiate(header: str | None, expected: list[str]) -> None:
    assert negotiate(header, OFFERS) == expected
