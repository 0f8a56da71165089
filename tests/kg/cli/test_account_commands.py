"""``kg user …`` and ``kg token …`` as an administrator runs them on the server: links and
tokens shown once and working, scopes checked against the built store, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from kg.auth.accounts import SETUP_LINK_TTL, Accounts, AuthError
from kg.auth.scopes import ROLES, parse_scope
from kg.cli import app
from kg.cli.account_commands import Role
from kg.config import DEFAULT_PUBLIC_URL, Settings

runner = CliRunner()
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "kuopio-torille-2026"
NO_STORE = "/nonexistent/store"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "accounts.sqlite3"


def _kg(path: Path, *args: str, store: str = NO_STORE, **env: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        list(args),
        env={"YP_ACCOUNTS": str(path), "YP_STORE": store, "COLUMNS": "200", **env},
    )
    return result.exit_code, result.stdout, result.stderr


def _link_secret(stdout: str, public_url: str = DEFAULT_PUBLIC_URL) -> str:
    (line,) = stdout.splitlines()
    assert line.startswith(f"{public_url}account/setup/")
    return line.removeprefix(f"{public_url}account/setup/")


def test_user_add_prints_a_link_that_sets_the_password_once(path: Path) -> None:
    code, out, err = _kg(path, "user", "add", "matti", "--scope", "county:13", "--role", "admin")
    assert code == 0, err
    secret = _link_secret(out)
    assert "72 hours" in err and "only now" in err
    assert "only, not that it exists" in err  # no store: the form alone was checked
    accounts = Accounts(path, hasher=CHEAP)
    user = accounts.set_password(secret, PASSWORD)
    assert (user.name, str(user.scope), user.role) == ("matti", "county:13", "admin")
    with pytest.raises(AuthError):
        accounts.set_password(secret, PASSWORD)


def test_the_link_starts_with_the_public_url(path: Path) -> None:
    url = "https://yhdyspinta.example.fi/kg/"
    code, out, _ = _kg(path, "user", "add", "matti", "--scope", "country", YP_PUBLIC_URL=url)
    assert code == 0
    Accounts(path, hasher=CHEAP).set_password(_link_secret(out, url), PASSWORD)


def test_the_accounts_option_beats_the_environment(path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    code, _, _ = _kg(path, "user", "add", "matti", "--scope", "country", "--accounts", str(other))
    assert code == 0
    assert [u.name for u in Accounts(other).list_users()] == ["matti"]
    assert Accounts(path).list_users() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad name", "--scope", "county:13"], "user name 'bad name'"),
        (["matti", "--scope", "county:22"], "'county:22'"),
        (["matti", "--scope", "province:13"], "accepted forms"),
        (["matti", "--scope", "county:13", "--role", "owner"], "owner"),
    ],
)
def test_user_add_refuses(path: Path, args: list[str], message: str) -> None:
    code, out, err = _kg(path, "user", "add", *args)
    assert code == 2 and out == ""
    assert message in " ".join(err.split())
    assert Accounts(path).list_users() == []


def test_a_taken_name_is_refused(path: Path) -> None:
    assert _kg(path, "user", "add", "matti", "--scope", "county:13")[0] == 0
    code, out, err = _kg(path, "user", "add", "MATTI", "--scope", "county:14")
    assert code == 2 and out == "" and "taken" in err


def test_scopes_are_checked_against_the_built_store(path: Path, settings: Settings) -> None:
    store = str(settings.store_path)
    ok = _kg(path, "user", "add", "liisa", "--scope", "municipality:297", store=store)
    assert ok[0] == 0 and "only, not that it exists" not in ok[2]
    helsinki = _kg(path, "user", "add", "helsinki", "--scope", "county:091", store=store)
    assert helsinki[0] == 0
    code, out, err = _kg(path, "user", "add", "x", "--scope", "municipality:999", store=store)
    assert code == 2 and out == "" and "municipality 999" in err
    # the same scope passes on its form alone when there is no store
    assert _kg(path, "user", "add", "y", "--scope", "municipality:999")[0] == 0
    code, _, err = _kg(path, "token", "create", "--scope", "municipality:999", store=store)
    assert code == 2 and "municipality 999" in err
    scopes = {u.name: str(u.scope) for u in Accounts(path).list_users()}
    assert scopes == {"liisa": "municipality:297", "helsinki": "county:90", "y": "municipality:999"}


def test_user_list(path: Path) -> None:
    _kg(path, "user", "add", "matti", "--scope", "county:13", "--role", "admin")
    _, out, _ = _kg(path, "user", "add", "liisa", "--scope", "municipality:297")
    Accounts(path, hasher=CHEAP).set_password(_link_secret(out), PASSWORD)
    _kg(path, "user", "disable", "matti")
    code, out, _ = _kg(path, "user", "list", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["name"], r["scope"], r["role"], r["has_password"], r["disabled"]) for r in rows] == [
        ("liisa", "municipality:297", "editor", True, False),
        ("matti", "county:13", "admin", False, True),
    ]
    code, text, _ = _kg(path, "user", "list")
    lines = text.splitlines()
    assert code == 0 and lines[0].split() == list(rows[0])
    assert [line.split() for line in lines[1:]] == [
        [r["name"], r["scope"], r["role"], "yes" if r["has_password"] else "no"]
        + ["yes" if r["disabled"] else "no", r["created"]]
        for r in rows
    ]


def test_user_reset_issues_a_new_link_and_ends_the_old(path: Path) -> None:
    _, out, _ = _kg(path, "user", "add", "matti", "--scope", "county:13")
    first = _link_secret(out)
    code, out, err = _kg(path, "user", "reset", "matti")
    assert code == 0 and "72 hours" in err
    second = _link_secret(out)
    accounts = Accounts(path, hasher=CHEAP)
    with pytest.raises(AuthError):
        accounts.set_password(first, PASSWORD)
    accounts.set_password(second, PASSWORD)
    assert accounts.authenticate("matti", PASSWORD) is not None
    code, out, err = _kg(path, "user", "reset", "nobody")
    assert code == 2 and out == "" and "'nobody'" in err


def test_user_disable_and_enable(path: Path) -> None:
    _, out, _ = _kg(path, "user", "add", "matti", "--scope", "county:13")
    accounts = Accounts(path, hasher=CHEAP)
    user = accounts.set_password(_link_secret(out), PASSWORD)
    session = accounts.create_session(user.id)
    assert _kg(path, "user", "disable", "matti")[0] == 0
    assert accounts.authenticate("matti", PASSWORD) is None
    assert accounts.session_principal(session) is None
    assert _kg(path, "user", "enable", "matti")[0] == 0
    assert accounts.authenticate("matti", PASSWORD) is not None
    for command in ("disable", "enable"):
        code, _, err = _kg(path, "user", command, "nobody")
        assert code == 2 and "'nobody'" in err


def test_token_create_prints_the_token_alone_and_it_works_until_revoked(path: Path) -> None:
    code, out, err = _kg(
        path, "token", "create", "--scope", "county:13", "--label", "nightly import"
    )
    assert code == 0
    token = out.strip()
    assert out == token + "\n" and token.startswith("yp_")
    assert "only now" in err and token not in err
    accounts = Accounts(path)
    principal = accounts.token_principal(token)
    assert principal is not None
    assert (principal.kind, str(principal.scope), principal.role, principal.name) == (
        "token",
        "county:13",
        "editor",
        "nightly import",
    )
    assert principal.id in err  # the id, to revoke it by
    code, out, err = _kg(path, "token", "revoke", principal.id)
    assert code == 0 and principal.id in err
    assert accounts.token_principal(token) is None


def test_token_list_never_shows_the_token(path: Path) -> None:
    _, first, _ = _kg(path, "token", "create", "--scope", "county:13", "--label", "import")
    _, second, _ = _kg(path, "token", "create", "--scope", "country", "--role", "admin")
    tokens = [first.strip(), second.strip()]
    accounts = Accounts(path)
    assert accounts.token_principal(tokens[0]) is not None  # a last use to list
    _kg(path, "token", "revoke", tokens[1].split("_")[1])
    code, out, _ = _kg(path, "token", "list", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [list(r) for r in rows] == [
        ["id", "scope", "role", "label", "created", "last_used", "revoked"]
    ] * 2
    listed = {r["id"]: r for r in rows}
    assert set(listed) == {t.split("_")[1] for t in tokens}
    first_row, second_row = listed[tokens[0].split("_")[1]], listed[tokens[1].split("_")[1]]
    assert (first_row["scope"], first_row["role"], first_row["label"]) == (
        "county:13",
        "editor",
        "import",
    )
    assert first_row["last_used"] is not None and not first_row["revoked"]
    assert (second_row["role"], second_row["last_used"], second_row["revoked"]) == (
        "admin",
        None,
        True,
    )
    _, text, _ = _kg(path, "token", "list")
    for token in tokens:
        secret_part = token.split("_", 2)[2]
        assert secret_part not in out and secret_part not in text
        assert token.split("_")[1] in text


def test_token_revoke_of_an_unknown_id(path: Path) -> None:
    code, out, err = _kg(path, "token", "revoke", "0123456789abcdef")
    assert code == 2 and out == "" and "'0123456789abcdef'" in err


def test_an_unreadable_account_file_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "accounts.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    code, _, err = _kg(bad, "user", "list")
    assert code == 2 and "cannot open the account file" in err


def test_the_role_choices_are_the_roles() -> None:
    assert [r.value for r in Role] == list(ROLES)


def test_help_says_how_long_a_link_works() -> None:
    result = runner.invoke(app, ["user", "add", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    hours = re.search(r"for (\d+) hours", " ".join(result.output.split()))
    assert hours is not None, result.output
    assert int(hours.group(1)) * 3600 == SETUP_LINK_TTL.total_seconds()


def test_scope_help_names_the_forms_parse_scope_accepts() -> None:
    result = runner.invoke(app, ["token", "create", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.output.split())
    assert parse_scope("county:091") == parse_scope("county:90")  # as the help says
    for form in ("country", "county:NN", "municipality:NNN", "01–21", "90 or 091"):
        assert form in text
