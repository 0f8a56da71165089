"""Who may write what, and the record of every refusal.

An editor or administrator writes the county or municipality its scope covers
(:meth:`kg.auth.scopes.Scope.covers`); the country is no scope to write to (data belongs to
a county or a municipality). Every refusal is logged on ``kg.security`` with who asked,
for what and why, and becomes :class:`Forbidden` (403).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from kg.auth.accounts import Principal
from kg.auth.places import county_of as read_county_of
from kg.auth.scopes import Scope
from kg.errors import DataError
from kg.store import Store

log = logging.getLogger("kg.security")


class Forbidden(Exception):
    """The credential may not write there (403); ``errors`` locate the rows, if any."""

    def __init__(self, message: str, errors: list[DataError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def may_write(principal: Principal, scope: Scope, county_of: Mapping[str, str]) -> bool:
    """Whether ``principal`` may write ``scope``'s data: an editor or admin whose scope
    covers it. The country itself is no scope to write: data belongs to a county or a
    municipality."""
    if scope.kind == "country" or principal.role not in ("editor", "admin"):
        return False
    return principal.scope.covers(scope, county_of)


def may_read_upload(store: Store, principal: Principal, scope: Scope) -> bool:
    """Whether ``principal`` may see an upload of ``scope`` (not public until published)."""
    return may_write(principal, scope, read_county_of(store))


def refuse(principal: Principal, action: str, scope: str, why: str) -> Forbidden:
    """Log a refused write (who, what, where, why) and make its exception."""
    log.warning(
        "refused %s: %s %s (%s, scope %s) on %s: %s",
        action,
        principal.kind,
        principal.id,
        principal.name,
        principal.scope,
        scope,
        why,
    )
    return Forbidden(why)
