"""Who is asking, and may they write: credentials, CSRF tokens and rate limits.

- **Credentials.** Scripts send ``Authorization: Bearer <token>`` (``kg token create``);
  people sign in and carry the session cookie ``yp_session`` (``Secure``, ``HttpOnly``,
  ``SameSite=Strict``, a random id stored only as a hash: ``kg.auth.accounts``). A bearer
  token is never taken from a cookie or a query string.
- **The secret.** Writes need ``YP_SECRET`` (it signs the CSRF tokens). Without it every
  write route answers 503 saying so, and nothing can sign in: there are no default
  credentials, and no account exists until ``kg user add`` makes one.
- **CSRF.** Every form carries a token signed with the secret (itsdangerous) binding it to
  the browser's ``yp_csrf`` cookie, a random value set with the form (the signed
  double-submit pattern): a form posted from another site has neither. Scripts with a
  bearer token send no cookies and need no token.
- **Rate limits** (the ``limits`` library, moving windows, in memory per process): sign-in
  attempts per name and per client address, and writes per credential; past a limit the
  answer is 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from kg.auth.accounts import Accounts, Principal
from kg.config import Settings

SESSION_COOKIE = "yp_session"
CSRF_COOKIE = "yp_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE_S = 8 * 3600
NO_SECRET = (
    "writing is switched off: the service has no YP_SECRET (set it in the environment, "
    "at least 32 characters, and restart)"
)


@dataclass
class Gate:
    """The service's accounts and limiters (one per app)."""

    settings: Settings
    accounts: Accounts | None
    limiter: MovingWindowRateLimiter

    @property
    def sign_in_per_name(self) -> RateLimitItem:
        return parse(f"{self.settings.signins_per_minute}/minute")

    @property
    def sign_in_per_client(self) -> RateLimitItem:
        return parse(f"{4 * self.settings.signins_per_minute}/minute")

    @property
    def writes_per_credential(self) -> RateLimitItem:
        return parse(f"{self.settings.writes_per_minute}/minute")

    @classmethod
    def of(cls, settings: Settings) -> Gate:
        accounts = Accounts(settings.accounts_path) if settings.secret else None
        return cls(settings, accounts, MovingWindowRateLimiter(MemoryStorage()))

    @property
    def secret(self) -> str:
        if not self.settings.secret:
            raise HTTPException(503, NO_SECRET)
        return self.settings.secret

    def require_accounts(self) -> Accounts:
        if self.accounts is None:
            raise HTTPException(503, NO_SECRET)
        return self.accounts

    # -- limits ------------------------------------------------------------------------

    def hit(self, item: RateLimitItem, *key: str) -> None:
        """Count one attempt; past the limit, 429 with the seconds until one frees up."""
        if not self.limiter.hit(item, *key):
            self._too_many(item, *key)

    def blocked(self, item: RateLimitItem, *key: str) -> None:
        """429 if the limit is reached already (without counting this attempt)."""
        if not self.limiter.test(item, *key):
            self._too_many(item, *key)

    def _too_many(self, item: RateLimitItem, *key: str) -> None:
        stats = self.limiter.get_window_stats(item, *key)
        wait = max(1, int(stats.reset_time - time.time()) + 1)
        raise HTTPException(
            429, f"too many attempts; try again in {wait} s", headers={"Retry-After": str(wait)}
        )

    # -- CSRF --------------------------------------------------------------------------

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="yp-csrf")

    def csrf_token(self, cookie_value: str) -> str:
        return self._serializer().dumps(_digest(cookie_value))

    def check_csrf(self, request: Request, token: str | None) -> None:
        """403 unless ``token`` was signed for this browser's CSRF cookie, recently."""
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not token:
            raise HTTPException(403, "the form's security token is missing; reload the page")
        try:
            value = self._serializer().loads(token, max_age=CSRF_MAX_AGE_S)
        except BadSignature as exc:
            raise HTTPException(403, "the form's security token is not valid; reload") from exc
        if not hmac.compare_digest(str(value), _digest(cookie)):
            raise HTTPException(403, "the form's security token is not this browser's; reload")


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def gate(request: Request) -> Gate:
    state = request.app.state
    if getattr(state, "gate", None) is None:
        state.gate = Gate.of(state.settings)
    found: Gate = state.gate
    return found


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def principal_of(request: Request) -> Principal | None:
    """The credential of the request: its bearer token, else its session cookie."""
    g = gate(request)
    if g.accounts is None:
        return None
    token = bearer(request)
    if token is not None:
        return g.accounts.token_principal(token)
    session = request.cookies.get(SESSION_COOKIE)
    return g.accounts.session_principal(session) if session else None


def writer(request: Request) -> Principal:
    """The credential a write needs: 503 without the secret, 401 without a credential
    (with ``WWW-Authenticate``), 429 past the writes' limit."""
    g = gate(request)
    g.require_accounts()
    who = principal_of(request)
    if who is None:
        raise HTTPException(
            401,
            "sign in, or send a bearer token (kg token create)",
            headers={"WWW-Authenticate": 'Bearer realm="yhdyspinta"'},
        )
    g.hit(g.writes_per_credential, who.kind, who.id)
    return who


def form_writer(request: Request, csrf_token: str) -> Principal:
    """The credential of a browser form that writes: its CSRF token checked first, then
    :func:`writer`."""
    gate(request).check_csrf(request, csrf_token)
    return writer(request)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
