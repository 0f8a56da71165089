"""The places a scope may name, as the served graph knows them.

:func:`kg.auth.scopes.parse_scope` checks only the form of a code; whether county ``13`` or
municipality ``297`` exists, and which organiser each municipality has, is read from a built
store, so that accounts follow the data that is served (a merger of municipalities changes
the codes there, not here).
"""

from __future__ import annotations

from kg import lookups
from kg.auth.scopes import Scope
from kg.store import Store


def county_of(store: Store) -> dict[str, str]:
    """The organiser code of each municipality that has one, by municipality code (Helsinki,
    ``091``, has ``90``), for :meth:`Scope.covers`."""
    return {m["code"]: m["county_code"] for m in lookups.municipalities(store) if m["county_code"]}


def check_known(scope: Scope, store: Store) -> None:
    """``LookupError`` naming the code if ``scope`` names a county or a municipality the
    graph in ``store`` does not hold."""
    if scope.kind == "county":
        known = {c["code"] for c in lookups.counties(store)}
        what = "wellbeing services organiser"
    elif scope.kind == "municipality":
        known = {m["code"] for m in lookups.municipalities(store)}
        what = "municipality"
    else:
        return
    if scope.code not in known:
        raise LookupError(f"the graph holds no {what} {scope.code} (scope {scope})")
