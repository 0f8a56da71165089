"""Coordinators' accounts, sign-in sessions and bearer tokens, kept in one SQLite file.

Who may change the data is decided here: a *user* is a person who signs in with a name and
a password and gets a *session*; a *token* is a bearer secret a script sends. Both carry a
scope (:mod:`kg.auth.scopes`) and a role, and both come out of this module as a
:class:`Principal`, which is all the service's routes look at.

What the file holds, and why:

- Only hashes of secrets. Sessions, set-password links and tokens are 256-bit random
  secrets (``secrets.token_urlsafe(32)``) stored as their SHA-256: a copy of the file lets
  nobody sign in. A random secret needs no slow hash (nothing to guess); a password does,
  so passwords are stored as Argon2id (:mod:`kg.auth.passwords`).
- No default users and no default passwords. An administrator adds a user with the command
  line and hands over a one-time *set-password link* (valid 72 hours); the user chooses the
  password there. A lost password is replaced the same way (:meth:`Accounts.reset_link`).
- A token's secret names its own row (``yp_<id>_<random>``), so a token is found by its id
  and its hash compared in constant time (``hmac.compare_digest``); the id alone (shown in
  listings) grants nothing.

The service calls this from several threads: every call opens its own connection (SQLite
serialises the writers; WAL lets readers run beside a writer), and what must happen once,
such as using a set-password link, is one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from argon2 import PasswordHasher

from kg.auth.passwords import (
    MAX_LENGTH,
    check_password_policy,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from kg.auth.scopes import Scope, check_role, parse_scope

SETUP_LINK_TTL = timedelta(hours=72)
SESSION_TTL_S = 8 * 3600
TOKEN_PREFIX = "yp_"
# a token's last use is written at most this often: a busy script does not write on every call
LAST_USED_EVERY = timedelta(minutes=1)
# ASCII only: no two names that look alike (Latin "a" and Cyrillic "а") can both exist
_NAME = re.compile(r"[A-Za-z0-9.\-_@]{1,64}")
_TOKEN_ID = re.compile(r"[0-9a-f]{16}")
_MAX_SECRET = 256  # longer than any secret made here: refused before any look-up
_MAX_LABEL = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  scope TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT,
  created TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS setup_links (
  secret_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  expires TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS setup_links_user ON setup_links(user_id);
CREATE TABLE IF NOT EXISTS sessions (
  secret_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  expires TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  scope TEXT NOT NULL,
  role TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  last_used TEXT,
  revoked INTEGER NOT NULL DEFAULT 0
);
"""
_USER_COLUMNS = "id, name, scope, role, created, password_hash IS NOT NULL, disabled"
_TOKEN_COLUMNS = "id, scope, role, label, created, last_used, revoked"


# why an AuthError was raised, and its message
AUTH_REASONS = {
    "link-unknown": "this set-password link is not valid or has already been used; "
    "ask an administrator for a new one",
    "link-expired": "this set-password link has expired; ask an administrator for a new one",
    "disabled": "this account is disabled; ask an administrator",
}


class AuthError(ValueError):
    """A secret that no longer works: a set-password link used or expired, a disabled
    account. The message says what happened and what to do, for the person concerned;
    ``reason`` says it for a program (a page in the reader's language): one of
    :data:`AUTH_REASONS`."""

    def __init__(self, reason: str) -> None:
        super().__init__(AUTH_REASONS[reason])
        self.reason = reason


class UnknownUser(LookupError):
    """No user of that name."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    scope: Scope
    role: str
    created: str
    has_password: bool
    disabled: bool


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never its secret nor the secret's hash."""

    id: str
    scope: Scope
    role: str
    label: str
    created: str
    last_used: str | None
    revoked: bool


@dataclass(frozen=True)
class Principal:
    """Who makes a request: a signed-in user (``id`` the user's id as text) or a token
    (``id`` the token's id, ``name`` its label or ``token <id>``)."""

    kind: Literal["user", "token"]
    id: str
    name: str
    scope: Scope
    role: str

    @property
    def is_admin(self) -> bool:
        """Whether this principal may do admin work (users, restores)."""
        return self.role == "admin"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Accounts:
    """The account file at ``path`` (created, with its tables, if missing; readable by its
    owner alone).

    ``hasher`` is the Argon2 hasher of passwords (argon2-cffi's defaults unless given; tests
    give a cheap one), ``now`` the clock (tests move it to expire links and sessions),
    ``setup_link_ttl`` how long a set-password link works."""

    def __init__(
        self,
        path: Path,
        *,
        hasher: PasswordHasher | None = None,
        now: Callable[[], datetime] | None = None,
        setup_link_ttl: timedelta = SETUP_LINK_TTL,
    ) -> None:
        self.path = Path(path)
        self.setup_link_ttl = setup_link_ttl
        self._hasher = hasher or PasswordHasher()
        self._now = now or _utc_now
        # what an unknown name's password is checked against (see passwords.dummy_hash)
        self._dummy = dummy_hash(self._hasher)
        self._create()

    # -- the file ----------------------------------------------------------------------

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # made by us with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm
        # files the same mode): the hashes are no one else's to read
        os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the write lock from its start, so that what it read
        is still true when it writes."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _clock(self) -> datetime:
        return _utc(self._now())

    # -- users -------------------------------------------------------------------------

    def add_user(self, name: str, scope: Scope, role: str) -> str:
        """Add the user ``name`` (1–64 ASCII letters, digits and ``.-_@``; unique, whatever
        the case) without a password, and return the secret of a set-password link valid
        ``setup_link_ttl``. ``ValueError`` naming the name, role or scope otherwise."""
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"user name {name!r} must be 1–64 characters of ASCII letters, digits and . - _ @"
            )
        check_role(role)
        scope = parse_scope(str(scope))  # refuses what is no scope; keeps the canonical form
        with self._write() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO users (name, scope, role, created) VALUES (?, ?, ?, ?)",
                    (name, str(scope), role, _stamp(self._clock())),
                )
            except sqlite3.IntegrityError:
                raise ValueError(f"user name {name!r} is taken") from None
            assert cur.lastrowid is not None
            return self._issue_link(conn, cur.lastrowid)

    def reset_link(self, name: str) -> str:
        """A new set-password link for ``name``; the user's earlier links stop working (the
        password, if any, works until a new one is set). ``UnknownUser``, or
        ``ValueError`` for a disabled user."""
        with self._write() as conn:
            row = conn.execute("SELECT id, disabled FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise UnknownUser(f"no user {name!r}")
            if row[1]:
                raise ValueError(f"user {name!r} is disabled; enable it first")
            return self._issue_link(conn, row[0])

    def _issue_link(self, conn: sqlite3.Connection, user_id: int) -> str:
        now = self._clock()
        secret = secrets.token_urlsafe(32)
        conn.execute(
            "DELETE FROM setup_links WHERE user_id = ? OR expires <= ?", (user_id, _stamp(now))
        )
        conn.execute(
            "INSERT INTO setup_links (secret_hash, user_id, created, expires) VALUES (?, ?, ?, ?)",
            (_digest(secret), user_id, _stamp(now), _stamp(now + self.setup_link_ttl)),
        )
        return secret

    def set_password(self, link_secret: str, password: str) -> User:
        """Set the password of the user the set-password link ``link_secret`` was issued
        to, and use the link up. ``AuthError`` if the link is unknown, used, expired or the
        user disabled; ``ValueError`` with the policy's reason if the password is refused
        (the link then still works, so the user can choose another). Ends the user's
        sessions: whoever was signed in with the old password is signed out."""
        if not isinstance(link_secret, str) or len(link_secret) > _MAX_SECRET:
            raise AuthError("link-unknown")
        key = _digest(link_secret)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT l.user_id, l.expires, u.name, u.disabled FROM setup_links l "
                "JOIN users u ON u.id = l.user_id WHERE l.secret_hash = ?",
                (key,),
            ).fetchone()
        if row is None:
            raise AuthError("link-unknown")
        user_id, expires, name, disabled = row
        if self._clock() >= datetime.fromisoformat(expires):
            with self._write() as conn:
                conn.execute("DELETE FROM setup_links WHERE secret_hash = ?", (key,))
            raise AuthError("link-expired")
        if disabled:
            raise AuthError("disabled")
        reason = check_password_policy(password, name)
        if reason is not None:
            raise ValueError(reason)
        hashed = hash_password(password, self._hasher)  # slow: outside the transaction
        with self._write() as conn:
            used = conn.execute(
                "DELETE FROM setup_links WHERE secret_hash = ? AND user_id = ?", (key, user_id)
            ).rowcount
            if used != 1:  # another request used it while this one hashed
                raise AuthError("link-unknown")
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hashed, user_id))
            conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
        user = self._user_where("id = ?", user_id)
        assert user is not None
        return user

    def authenticate(self, name: str, password: str) -> User | None:
        """The user ``name`` if ``password`` is theirs, else None: also for an unknown
        name, a user without a password yet, or a disabled user.

        An unknown name costs the same Argon2 computation as a wrong password, so the time
        an answer takes does not tell which names exist. A hash made with older
        parameters is replaced by one with the current ones."""
        if not isinstance(password, str) or len(password) > MAX_LENGTH:
            return None  # no such password can be set: refused without the Argon2 work
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, password_hash, disabled FROM users WHERE name = ?", (name,)
            ).fetchone()
        if row is None or row[1] is None:
            verify_password(self._dummy, password, self._hasher)
            return None
        user_id, hashed, disabled = row
        if not verify_password(hashed, password, self._hasher) or disabled:
            return None
        if needs_rehash(hashed, self._hasher):
            fresh = hash_password(password, self._hasher)
            with self._write() as conn:  # unless the password changed meanwhile
                conn.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
                    (fresh, user_id, hashed),
                )
        return self._user_where("id = ?", user_id)

    def get_user(self, name: str) -> User | None:
        """The user ``name`` (whatever the case), or None."""
        return self._user_where("name = ?", name)

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name").fetchall()
        return [_user(r) for r in rows]

    def disable_user(self, name: str) -> bool:
        """Disable ``name``: it can no longer sign in, its sessions and set-password links
        end. False if there is no such user."""
        with self._write() as conn:
            row = conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE users SET disabled = 1 WHERE id = ?", row)
            conn.execute("DELETE FROM sessions WHERE user_id = ?", row)
            conn.execute("DELETE FROM setup_links WHERE user_id = ?", row)
            return True

    def enable_user(self, name: str) -> bool:
        """Let a disabled user sign in again with the password they had. False if there is
        no such user."""
        with self._write() as conn:
            return (
                conn.execute("UPDATE users SET disabled = 0 WHERE name = ?", (name,)).rowcount > 0
            )

    def _user_where(self, where: str, value: object) -> User | None:
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {_USER_COLUMNS} FROM users WHERE {where}", (value,)
            ).fetchone()
        return None if row is None else _user(row)

    # -- sessions ----------------------------------------------------------------------

    def create_session(self, user_id: int, ttl_s: int = SESSION_TTL_S) -> str:
        """A new session of the user ``user_id`` ending ``ttl_s`` seconds from now; its
        secret (for the session cookie). ``UnknownUser`` or ``AuthError`` (disabled) if the
        user cannot have one. Sessions that have ended are cleared on the way."""
        now = self._clock()
        secret = secrets.token_urlsafe(32)
        with self._write() as conn:
            row = conn.execute("SELECT disabled FROM users WHERE id = ?", (user_id,)).fetchone()
            if row is None:
                raise UnknownUser(f"no user with id {user_id}")
            if row[0]:
                raise AuthError("disabled")
            conn.execute("DELETE FROM sessions WHERE expires <= ?", (_stamp(now),))
            conn.execute(
                "INSERT INTO sessions (secret_hash, user_id, created, expires) VALUES (?, ?, ?, ?)",
                (_digest(secret), user_id, _stamp(now), _stamp(now + timedelta(seconds=ttl_s))),
            )
        return secret

    def session_principal(self, secret: str) -> Principal | None:
        """Who the session ``secret`` belongs to, or None if it is unknown, has ended (it is
        then deleted) or its user is disabled."""
        if not isinstance(secret, str) or not secret or len(secret) > _MAX_SECRET:
            return None
        key = _digest(secret)
        with self._connect() as conn:
            row = conn.execute(
                "SELECT s.expires, u.id, u.name, u.scope, u.role, u.disabled FROM sessions s "
                "JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        expires, user_id, name, scope, role, disabled = row
        if disabled or self._clock() >= datetime.fromisoformat(expires):
            self.end_session(secret)
            return None
        return Principal("user", str(user_id), name, parse_scope(scope), role)

    def end_session(self, secret: str) -> None:
        """End the session ``secret`` (signing out); nothing if there is none."""
        if isinstance(secret, str) and len(secret) <= _MAX_SECRET:
            with self._write() as conn:
                conn.execute("DELETE FROM sessions WHERE secret_hash = ?", (_digest(secret),))

    def end_sessions_of(self, user_id: int) -> int:
        """End every session of the user ``user_id``; how many there were."""
        with self._write() as conn:
            return conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,)).rowcount

    # -- tokens ------------------------------------------------------------------------

    def create_token(self, scope: Scope, role: str, label: str = "") -> tuple[str, str]:
        """A new bearer token: its id (for listings and revoking) and its secret, which is
        shown once and stored only as its hash. ``label`` says what it is for (at most 200
        characters, one line)."""
        check_role(role)
        scope = parse_scope(str(scope))
        if len(label) > _MAX_LABEL or not label.isprintable():
            raise ValueError(f"token label must be one line of at most {_MAX_LABEL} characters")
        token_id = secrets.token_hex(8)
        secret = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        with self._write() as conn:
            conn.execute(
                "INSERT INTO tokens (id, secret_hash, scope, role, label, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (token_id, _digest(secret), str(scope), role, label, _stamp(self._clock())),
            )
        return token_id, secret

    def list_tokens(self) -> list[TokenInfo]:
        """Every token, revoked ones too, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {_TOKEN_COLUMNS} FROM tokens ORDER BY created, id"
            ).fetchall()
        return [_token(r) for r in rows]

    def revoke_token(self, token_id: str) -> bool:
        """Revoke the token ``token_id`` for good (revoking it again changes nothing).
        False if there is no such token."""
        with self._write() as conn:
            return (
                conn.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", (token_id,)).rowcount > 0
            )

    def token_principal(self, secret: str) -> Principal | None:
        """Who the bearer token ``secret`` stands for, or None if it is malformed, unknown
        or revoked. Notes its last use (at most once a minute)."""
        if not isinstance(secret, str) or len(secret) > _MAX_SECRET:
            return None
        if not secret.startswith(TOKEN_PREFIX):
            return None
        token_id, sep, _ = secret[len(TOKEN_PREFIX) :].partition("_")
        if not sep or not _TOKEN_ID.fullmatch(token_id):
            return None
        with self._connect() as conn:
            row = conn.execute(
                "SELECT secret_hash, scope, role, label, last_used, revoked FROM tokens "
                "WHERE id = ?",
                (token_id,),
            ).fetchone()
        if row is None:
            return None
        stored, scope, role, label, last_used, revoked = row
        if not hmac.compare_digest(stored, _digest(secret)) or revoked:
            return None
        now = self._clock()
        if last_used is None or now - datetime.fromisoformat(last_used) >= LAST_USED_EVERY:
            with self._write() as conn:
                conn.execute(
                    "UPDATE tokens SET last_used = ? WHERE id = ?", (_stamp(now), token_id)
                )
        return Principal("token", token_id, label or f"token {token_id}", parse_scope(scope), role)


def _user(row: tuple[Any, ...]) -> User:
    user_id, name, scope, role, created, has_password, disabled = row
    return User(
        user_id, name, parse_scope(scope), role, created, bool(has_password), bool(disabled)
    )


def _token(row: tuple[Any, ...]) -> TokenInfo:
    token_id, scope, role, label, created, last_used, revoked = row
    return TokenInfo(token_id, parse_scope(scope), role, label, created, last_used, bool(revoked))
