"""Scopes: the part of the country an account may change, and the roles.

A coordinator works for the whole country, for one wellbeing services organiser (one of the
21 counties or the City of Helsinki) or for one municipality. Scopes are written as text in
the account file, on the command line and in tokens' listings, so each has one canonical
spelling: ``country``, ``county:NN`` (the organiser code, ``01``–``21`` or ``90``) and
``municipality:NNN`` (the three-digit municipality code). :func:`parse_scope` reads the
forms people type (``municipality:91``, ``county:091`` for Helsinki) and ``str(scope)``
gives the canonical form back.

Which municipalities a county covers is a fact of the graph (the organiser of each
municipality), not of this module: :meth:`Scope.covers` is given it as a mapping, so the
rule can be checked without a store and always follows the data that is served.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

ScopeKind = Literal["country", "county", "municipality"]
KINDS: tuple[ScopeKind, ...] = ("country", "county", "municipality")

# "editor" changes the data of its scope; "admin" may also do admin work (users, restores)
ROLES = ("editor", "admin")

# the organiser codes of Statistics Finland's classification that organise services here:
# the 21 wellbeing services counties and the City of Helsinki (90); 91 (Åland) has none
ORGANISER_CODES = frozenset({f"{n:02d}" for n in range(1, 22)} | {"90"})
# the City of Helsinki organises the services itself: its municipality code names it too
HELSINKI_MUNICIPALITY = "091"
HELSINKI_ORGANISER = "90"

_ACCEPTED = (
    "accepted forms: 'country', 'county:NN' (organiser code 01–21, or 90 for the City of "
    "Helsinki, also written 091), 'municipality:NNN' (municipality code of 1–3 digits)"
)
_COUNTY = re.compile(r"[0-9]{2}")
_MUNICIPALITY = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class Scope:
    """One scope in canonical form: ``code`` is None for the country, the two-digit
    organiser code for a county, the three-digit municipality code for a municipality.
    Built by :func:`parse_scope`; constructing one directly checks the canonical form so
    that two equal scopes are always equal objects."""

    kind: ScopeKind
    code: str | None = None

    def __post_init__(self) -> None:
        if self.kind == "country":
            ok = self.code is None
        elif self.kind == "county":
            ok = self.code in ORGANISER_CODES
        elif self.kind == "municipality":
            ok = self.code is not None and re.fullmatch(r"[0-9]{3}", self.code) is not None
        else:
            ok = False
        if not ok:
            raise ValueError(f"not a canonical scope: kind={self.kind!r} code={self.code!r}")

    def __str__(self) -> str:
        return self.kind if self.code is None else f"{self.kind}:{self.code}"

    def covers(self, target: Scope, county_of: Mapping[str, str]) -> bool:
        """Whether an account of this scope may act on ``target``.

        The country covers everything; a county covers itself and each municipality whose
        organiser code ``county_of[municipality_code]`` is its own (so county 90 covers
        Helsinki, 091); a municipality covers only itself. A municipality missing from
        ``county_of`` (one without an organiser, such as those of Åland) is covered by the
        country and by itself alone."""
        if self.kind == "country":
            return True
        if self == target:
            return True
        if self.kind == "county" and target.kind == "municipality":
            assert target.code is not None
            return county_of.get(target.code) == self.code
        return False


COUNTRY = Scope("country")


def parse_scope(text: str) -> Scope:
    """The scope ``text`` names (see the module docstring); ``ValueError`` naming the value
    and the accepted forms otherwise. Surrounding spaces and the case of the kind are
    forgiven; anything else is not guessed at."""
    raw = text.strip()
    kind, sep, code = raw.partition(":")
    kind = kind.strip().lower()
    code = code.strip()
    if kind == "country" and not sep:
        return COUNTRY
    if kind == "county" and sep:
        if code == HELSINKI_MUNICIPALITY:
            return Scope("county", HELSINKI_ORGANISER)
        if _COUNTY.fullmatch(code) and code in ORGANISER_CODES:
            return Scope("county", code)
        raise ValueError(f"scope {text!r}: {code!r} is not an organiser code; {_ACCEPTED}")
    if kind == "municipality" and sep:
        if _MUNICIPALITY.fullmatch(code):
            return Scope("municipality", code.zfill(3))
        raise ValueError(f"scope {text!r}: {code!r} is not a municipality code; {_ACCEPTED}")
    raise ValueError(f"scope {text!r} is not a scope; {_ACCEPTED}")


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`; ``ValueError`` naming it otherwise."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not a role; roles: {', '.join(ROLES)}")
    return role
