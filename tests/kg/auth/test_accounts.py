"""The account file: users, set-password links, sessions and tokens, as an administrator,
a coordinator and a script use them, on a clock the tests move."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import statistics
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher, extract_parameters

from kg.auth.accounts import (
    LAST_USED_EVERY,
    SESSION_TTL_S,
    SETUP_LINK_TTL,
    Accounts,
    AuthError,
    Principal,
    UnknownUser,
)
from kg.auth.scopes import COUNTRY, parse_scope

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "kuopio-torille-2026"
NORTH_SAVO = parse_scope("county:13")
KUOPIO = parse_scope("municipality:297")


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(tmp_path: Path, clock: Clock) -> Accounts:
    return Accounts(tmp_path / "var" / "accounts.sqlite3", hasher=CHEAP, now=clock)


def _rows(accounts: Accounts, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(accounts.path) as conn:
        return conn.execute(sql).fetchall()


def _with_password(accounts: Accounts, name: str = "matti") -> int:
    """The id of a new editor of North Savo who has set the password PASSWORD."""
    return accounts.set_password(accounts.add_user(name, NORTH_SAVO, "editor"), PASSWORD).id


def test_a_new_file_has_the_tables_in_wal_mode_no_users_and_only_its_owner_may_read(
    accounts: Accounts,
) -> None:
    assert accounts.list_users() == [] and accounts.list_tokens() == []
    tables = {r[0] for r in _rows(accounts, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "setup_links", "sessions", "tokens"} <= tables
    assert _rows(accounts, "PRAGMA journal_mode") == [("wal",)]
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600
    # opening it again keeps what it holds
    accounts.add_user("matti", NORTH_SAVO, "editor")
    again = Accounts(accounts.path, hasher=CHEAP)
    assert [u.name for u in again.list_users()] == ["matti"]


def test_the_file_holds_no_secret_in_clear(accounts: Accounts) -> None:
    link = accounts.add_user("matti", NORTH_SAVO, "admin")
    user = accounts.set_password(link, PASSWORD)
    pending = accounts.add_user("liisa", KUOPIO, "editor")  # a link not used yet
    session = accounts.create_session(user.id)
    token_id, token = accounts.create_token(NORTH_SAVO, "editor", "nightly import")
    assert accounts.token_principal(token) is not None
    secrets = [PASSWORD, link, pending, session, token, token.rsplit("_", 1)[1]]
    raw = b"".join(
        p.read_bytes()
        for p in accounts.path.parent.iterdir()
        if p.name.startswith(accounts.path.name)
    )
    for secret in secrets:
        assert secret.encode() not in raw, secret
    # what is there instead: their hashes (so this read the bytes that hold the data)
    for secret in (pending, session, token):
        assert hashlib.sha256(secret.encode()).hexdigest().encode() in raw
    assert token_id.encode() in raw and b"$argon2id$" in raw


def test_add_user_checks_the_name_and_role(accounts: Accounts) -> None:
    for bad in ("", "x" * 65, "matti meikäläinen", "mätti", "matti/x", "a\nb", "mаtti"):
        with pytest.raises(ValueError, match="user name"):
            accounts.add_user(bad, NORTH_SAVO, "editor")
    accounts.add_user("x" * 64, NORTH_SAVO, "editor")
    accounts.add_user("matti.m-k_1@example.fi", KUOPIO, "admin")
    with pytest.raises(ValueError, match="'Matti.M-K_1@example.fi' is taken"):
        accounts.add_user("Matti.M-K_1@example.fi", COUNTRY, "editor")
    with pytest.raises(ValueError, match="'owner'"):
        accounts.add_user("liisa", NORTH_SAVO, "owner")
    users = {u.name: u for u in accounts.list_users()}
    assert set(users) == {"x" * 64, "matti.m-k_1@example.fi"}
    added = users["matti.m-k_1@example.fi"]
    assert (added.scope, added.role, added.has_password, added.disabled) == (
        KUOPIO,
        "admin",
        False,
        False,
    )
    assert accounts.get_user("MATTI.M-K_1@EXAMPLE.FI") == added
    assert accounts.get_user("nobody") is None


def test_a_link_sets_the_password_once(accounts: Accounts, clock: Clock) -> None:
    link = accounts.add_user("matti", NORTH_SAVO, "editor")
    assert accounts.authenticate("matti", PASSWORD) is None  # no password yet
    user = accounts.set_password(link, PASSWORD)
    assert (user.name, user.has_password, user.created) == (
        "matti",
        True,
        clock.now.isoformat(timespec="seconds"),
    )
    assert accounts.authenticate("matti", PASSWORD) == user
    with pytest.raises(AuthError, match="already been used") as caught:
        accounts.set_password(link, "another-long-password")
    assert caught.value.reason == "link-unknown"
    assert accounts.authenticate("matti", "another-long-password") is None
    assert accounts.authenticate("matti", PASSWORD) == user


def test_a_refused_password_leaves_the_link_working(accounts: Accounts) -> None:
    link = accounts.add_user("matti.meikalainen", NORTH_SAVO, "editor")
    for bad, reason in (("short", "at least 12"), ("Matti.Meikalainen", "user name")):
        with pytest.raises(ValueError, match=reason) as caught:
            accounts.set_password(link, bad)
        assert not isinstance(caught.value, AuthError)
    user = accounts.set_password(link, PASSWORD)
    assert accounts.authenticate("matti.meikalainen", PASSWORD) == user


def test_a_link_expires_after_its_time(accounts: Accounts, clock: Clock) -> None:
    early = accounts.add_user("early", NORTH_SAVO, "editor")
    late = accounts.add_user("late", NORTH_SAVO, "editor")
    clock.advance(SETUP_LINK_TTL - timedelta(seconds=1))
    accounts.set_password(early, PASSWORD)
    clock.advance(timedelta(seconds=1))
    with pytest.raises(AuthError, match="expired") as caught:
        accounts.set_password(late, PASSWORD)
    assert caught.value.reason == "link-expired"
    with pytest.raises(AuthError, match="already been used"):  # deleted when found expired
        accounts.set_password(late, PASSWORD)
    assert accounts.authenticate("late", PASSWORD) is None
    assert accounts.authenticate("early", PASSWORD) is not None


def test_the_link_lifetime_is_the_constructors(tmp_path: Path, clock: Clock) -> None:
    accounts = Accounts(
        tmp_path / "a.sqlite3", hasher=CHEAP, now=clock, setup_link_ttl=timedelta(minutes=5)
    )
    link = accounts.add_user("matti", NORTH_SAVO, "editor")
    clock.advance(timedelta(minutes=5))
    with pytest.raises(AuthError, match="expired"):
        accounts.set_password(link, PASSWORD)


def test_reset_link_replaces_the_old_one_and_keeps_the_password_until_used(
    accounts: Accounts,
) -> None:
    first = accounts.add_user("matti", NORTH_SAVO, "editor")
    second = accounts.reset_link("matti")
    assert second != first
    with pytest.raises(AuthError):
        accounts.set_password(first, PASSWORD)
    accounts.set_password(second, PASSWORD)
    third = accounts.reset_link("MATTI")
    assert accounts.authenticate("matti", PASSWORD) is not None  # until the new one is set
    accounts.set_password(third, "a-new-password-2027")
    assert accounts.authenticate("matti", PASSWORD) is None
    assert accounts.authenticate("matti", "a-new-password-2027") is not None
    with pytest.raises(UnknownUser, match="'nobody'"):
        accounts.reset_link("nobody")


def test_a_link_used_by_two_requests_at_once_works_for_one(accounts: Accounts) -> None:
    link = accounts.add_user("matti", NORTH_SAVO, "editor")
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def use(n: int) -> None:
        barrier.wait()
        try:
            accounts.set_password(link, f"password-number-{n}")
            outcomes.append(f"ok {n}")
        except AuthError:
            outcomes.append("refused")

    threads = [threading.Thread(target=use, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o.startswith("ok")]
    assert len(winners) == 1 and outcomes.count("refused") == 7
    won = winners[0].split()[1]
    assert accounts.authenticate("matti", f"password-number-{won}") is not None


def test_authenticate(accounts: Accounts) -> None:
    user_id = _with_password(accounts)
    user = accounts.authenticate("matti", PASSWORD)
    assert user is not None and user.id == user_id and user.scope == NORTH_SAVO
    assert accounts.authenticate("Matti", PASSWORD) == user  # names are case-insensitive
    assert accounts.authenticate("matti", PASSWORD.upper()) is None
    assert accounts.authenticate("matti", "") is None
    assert accounts.authenticate("matti", PASSWORD + "x" * 2000) is None
    assert accounts.authenticate("liisa", PASSWORD) is None
    assert accounts.authenticate("", PASSWORD) is None


def test_a_disabled_user_cannot_sign_in_or_keep_sessions(accounts: Accounts) -> None:
    user_id = _with_password(accounts)
    session = accounts.create_session(user_id)
    link = accounts.reset_link("matti")
    assert accounts.disable_user("MATTI") is True
    assert accounts.authenticate("matti", PASSWORD) is None
    assert accounts.session_principal(session) is None
    with pytest.raises(AuthError):
        accounts.set_password(link, "a-new-password-2027")
    with pytest.raises(AuthError, match="disabled") as caught:
        accounts.create_session(user_id)
    assert caught.value.reason == "disabled"
    with pytest.raises(ValueError, match="disabled"):
        accounts.reset_link("matti")
    user = accounts.get_user("matti")
    assert user is not None and user.disabled
    assert accounts.disable_user("nobody") is False
    # enabled again: the old password works, the old session does not
    assert accounts.enable_user("matti") is True
    assert accounts.authenticate("matti", PASSWORD) is not None
    assert accounts.session_principal(session) is None
    assert accounts.enable_user("nobody") is False


def test_an_old_hash_is_replaced_at_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    old = Accounts(path, hasher=CHEAP)
    old.set_password(old.add_user("matti", NORTH_SAVO, "editor"), PASSWORD)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    new = Accounts(path, hasher=stronger)

    def stored() -> str:
        return str(_rows(new, "SELECT password_hash FROM users")[0][0])

    before = stored()
    assert extract_parameters(before).time_cost == CHEAP.time_cost
    assert new.authenticate("matti", "wrong password here") is None
    assert stored() == before  # a wrong password changes nothing
    assert new.authenticate("matti", PASSWORD) is not None
    after = stored()
    assert after != before
    assert extract_parameters(after) == extract_parameters(stronger.hash(PASSWORD))
    assert new.authenticate("matti", PASSWORD) is not None


def test_an_unknown_name_takes_as_long_as_a_wrong_password(tmp_path: Path) -> None:
    # a cost at which Argon2, not SQLite, takes the time: without the dummy hash, an unknown
    # name would answer many times faster
    hasher = PasswordHasher(time_cost=2, memory_cost=16 * 1024, parallelism=1)
    accounts = Accounts(tmp_path / "a.sqlite3", hasher=hasher)
    accounts.set_password(accounts.add_user("matti", NORTH_SAVO, "editor"), PASSWORD)
    accounts.add_user("liisa", KUOPIO, "editor")  # no password yet

    def median(name: str) -> float:
        times = []
        for _ in range(7):
            start = time.perf_counter()
            assert accounts.authenticate(name, "wrong password!") is None
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known = median("matti")
    for other in ("nobody", "liisa"):
        ratio = median(other) / known
        assert 1 / 3 < ratio < 3, (other, ratio)


def test_sessions(accounts: Accounts, clock: Clock) -> None:
    user_id = _with_password(accounts)
    session = accounts.create_session(user_id)
    assert accounts.session_principal(session) == Principal(
        "user", str(user_id), "matti", NORTH_SAVO, "editor"
    )
    assert accounts.session_principal(session + "x") is None
    assert accounts.session_principal("") is None
    clock.advance(timedelta(seconds=SESSION_TTL_S - 1))
    assert accounts.session_principal(session) is not None
    clock.advance(timedelta(seconds=1))
    assert accounts.session_principal(session) is None
    assert _rows(accounts, "SELECT COUNT(*) FROM sessions") == [(0,)]  # deleted when found


def test_a_shorter_session_and_signing_out(accounts: Accounts, clock: Clock) -> None:
    user_id = _with_password(accounts)
    short = accounts.create_session(user_id, ttl_s=60)
    other = accounts.create_session(user_id)
    clock.advance(timedelta(seconds=60))
    assert accounts.session_principal(short) is None
    assert accounts.session_principal(other) is not None
    accounts.end_session(other)
    assert accounts.session_principal(other) is None
    a, b = accounts.create_session(user_id), accounts.create_session(user_id)
    assert accounts.end_sessions_of(user_id) == 2
    assert accounts.session_principal(a) is None and accounts.session_principal(b) is None
    with pytest.raises(UnknownUser):
        accounts.create_session(user_id + 1)


def test_a_new_password_ends_the_sessions(accounts: Accounts) -> None:
    user_id = _with_password(accounts)
    session = accounts.create_session(user_id)
    accounts.set_password(accounts.reset_link("matti"), "a-new-password-2027")
    assert accounts.session_principal(session) is None


def test_principal_is_admin() -> None:
    assert Principal("token", "x", "x", COUNTRY, "admin").is_admin
    assert not Principal("user", "1", "matti", COUNTRY, "editor").is_admin


def test_a_token_works_until_revoked(accounts: Accounts) -> None:
    token_id, secret = accounts.create_token(NORTH_SAVO, "editor", "nightly import")
    assert secret.startswith(f"yp_{token_id}_")
    assert accounts.token_principal(secret) == Principal(
        "token", token_id, "nightly import", NORTH_SAVO, "editor"
    )
    assert accounts.revoke_token(token_id) is True
    assert accounts.token_principal(secret) is None
    assert accounts.revoke_token(token_id) is True  # still there, still revoked
    assert accounts.revoke_token("0123456789abcdef") is False
    (info,) = accounts.list_tokens()
    assert (info.id, info.scope, info.role, info.label, info.revoked) == (
        token_id,
        NORTH_SAVO,
        "editor",
        "nightly import",
        True,
    )


def test_only_the_whole_token_works(accounts: Accounts) -> None:
    token_id, secret = accounts.create_token(COUNTRY, "admin")
    other_id, other = accounts.create_token(COUNTRY, "admin")
    principal = accounts.token_principal(secret)
    assert principal is not None and principal.is_admin and principal.name == f"token {token_id}"
    random_part = secret.rsplit("_", 1)[1]
    forged = [
        secret[:-1] + ("A" if secret[-1] != "A" else "B"),  # same id, other secret
        f"yp_{token_id}_{other.rsplit('_', 1)[1]}",  # another token's secret under this id
        f"yp_{other_id}_{random_part}",
        random_part,
        secret.removeprefix("yp_"),
        f"yp_{token_id}",
        f"yp_{token_id}_",
        secret + "x",
        secret.upper(),
        "",
        "yp_" + "a" * 300,
    ]
    for bad in forged:
        assert accounts.token_principal(bad) is None, bad
    assert accounts.token_principal(secret) == principal


def test_a_token_s_last_use_is_noted_at_most_once_a_minute(
    accounts: Accounts, clock: Clock
) -> None:
    token_id, secret = accounts.create_token(KUOPIO, "editor")

    def last_used() -> str | None:
        return {t.id: t for t in accounts.list_tokens()}[token_id].last_used

    assert last_used() is None
    first = clock.now
    accounts.token_principal(secret)
    assert last_used() == first.isoformat(timespec="seconds")
    clock.advance(LAST_USED_EVERY - timedelta(seconds=1))
    accounts.token_principal(secret)
    assert last_used() == first.isoformat(timespec="seconds")
    clock.advance(timedelta(seconds=1))
    accounts.token_principal(secret)
    assert last_used() == clock.now.isoformat(timespec="seconds")


def test_token_list_shows_no_secret(accounts: Accounts) -> None:
    made = [
        accounts.create_token(NORTH_SAVO, "editor", "first"),
        accounts.create_token(COUNTRY, "admin", ""),
    ]
    listed = accounts.list_tokens()
    assert sorted(t.id for t in listed) == sorted(i for i, _ in made)
    text = repr(listed)
    for _, secret in made:
        assert secret.rsplit("_", 1)[1] not in text
        assert hashlib.sha256(secret.encode()).hexdigest() not in text


def test_a_token_needs_a_role_and_a_one_line_label(accounts: Accounts) -> None:
    with pytest.raises(ValueError, match="'owner'"):
        accounts.create_token(NORTH_SAVO, "owner")
    for label in ("two\nlines", "x" * 201):
        with pytest.raises(ValueError, match="label"):
            accounts.create_token(NORTH_SAVO, "editor", label)
    assert accounts.list_tokens() == []


def test_timestamps_are_utc_seconds(tmp_path: Path) -> None:
    helsinki_time = datetime(2026, 6, 1, 12, 30, 15, 999, tzinfo=UTC).astimezone(
        ZoneInfo("Europe/Helsinki")
    )
    assert helsinki_time.isoformat().startswith("2026-06-01T15:30:15")
    accounts = Accounts(tmp_path / "a.sqlite3", hasher=CHEAP, now=lambda: helsinki_time)
    accounts.add_user("matti", NORTH_SAVO, "editor")
    accounts.create_token(NORTH_SAVO, "editor")
    (user,) = accounts.list_users()
    (token,) = accounts.list_tokens()
    assert user.created == token.created == "2026-06-01T12:30:15+00:00"
