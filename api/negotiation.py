"""Content negotiation: reading ``Accept`` and ``Accept-Language`` with their q-values.

RFC 9110 §12.5: each offered media type gets the q-value of the most specific range that
matches it (``text/turtle`` over ``text/*`` over ``*/*``); ``q=0`` refuses a type even when a
wildcard would admit it; a malformed or out-of-range q-value counts as 0. Ties keep the
order of the header, then the server's order of the offers. A missing or empty header
accepts everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from kg.sparql import GRAPH_FORMATS, RESULT_FORMATS

# Clients that say "application/json" to a SPARQL endpoint mean the SPARQL JSON results.
ALIASES = {"application/json": "application/sparql-results+json"}
SPARQL_OFFERS = [*RESULT_FORMATS, *GRAPH_FORMATS]  # SPARQL JSON first: the default


def ranked(header: str) -> list[tuple[str, float]]:
    """The items of an Accept-style header with their q-values, best first.

    Items with q=0 (refused) are kept so that a caller can tell "refused" from "not
    mentioned"; equal q-values keep the header's order.
    """
    return [(value, q) for value, q, _ in sorted(_items(header), key=lambda x: (-x[1], x[2]))]


def _items(header: str) -> list[tuple[str, float, int]]:
    out: list[tuple[str, float, int]] = []
    for index, part in enumerate(p.strip() for p in header.split(",")):
        if not part:
            continue
        value, *params = (x.strip() for x in part.split(";"))
        q = 1.0
        for param in params:
            key, _, number = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(number)
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        out.append((value.lower(), q, index))
    return out


def _specificity(media_range: str, offer: str) -> int:
    """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, -1 for no match."""
    if media_range == offer:
        return 2
    kind, _, subtype = media_range.partition("/")
    if subtype == "*" and offer.startswith(kind + "/"):
        return 1
    if media_range in ("*/*", "*"):
        return 0
    return -1


def negotiate(
    header: str | None, offers: Sequence[str], aliases: dict[str, str] | None = None
) -> list[str]:
    """The ``offers`` the header accepts, best first; empty when it accepts none."""
    aliases = ALIASES if aliases is None else aliases
    ranges = [(aliases.get(m, m), q, i) for m, q, i in _items(header or "")]
    if not ranges:
        return list(offers)
    scored: list[tuple[float, int, int, str]] = []
    for order, offer in enumerate(offers):
        best: tuple[int, float, int] | None = None
        for media_range, q, index in ranges:
            specificity = _specificity(media_range, offer)
            if specificity >= 0 and (best is None or specificity > best[0]):
                best = (specificity, q, index)
        if best is not None and best[1] > 0:
            scored.append((-best[1], best[2], order, offer))
    return [offer for *_, offer in sorted(scored)]


def accepted(request: Request) -> list[str]:
    """The SPARQL result formats the request's Accept allows, best first."""
    return negotiate(request.headers.get("accept"), SPARQL_OFFERS)


def choose(header: str, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (``offers`` in the server's order of preference);
    ``None`` when nothing offered is acceptable (answer 406)."""
    best = negotiate(header, offers, aliases={})
    return best[0] if best else None


def choose_language(header: str, supported: Sequence[str]) -> str | None:
    """The supported language the client prefers (``fi-FI`` matches ``fi``), or ``None``."""
    for tag, q in ranked(header):
        if q <= 0:
            continue
        if tag == "*":
            return supported[0] if supported else None
        primary = tag.split("-")[0]
        if primary in supported:
            return primary
    return None
