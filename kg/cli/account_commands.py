"""``kg user …`` and ``kg token …``: the coordinators' accounts and the scripts' tokens.

An administrator runs these on the server, where the account file is (``YP_ACCOUNTS``,
default ``var/accounts.sqlite3``). There are no default users: the first administrator is
added here, and every user gets a one-time set-password link to choose a password. Secrets
(links, tokens) go to stdout once and are never shown again; messages go to stderr.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from kg.cli.common import StoreOption, app, err, open_store, settings_for

if TYPE_CHECKING:
    from kg.auth.accounts import Accounts
    from kg.auth.scopes import Scope
    from kg.config import Settings

user_app = typer.Typer(
    help="Coordinators' accounts: add users, list them, issue set-password links, disable.",
    no_args_is_help=True,
)
token_app = typer.Typer(
    help="Bearer tokens for scripts: create (shown once), list, revoke.",
    no_args_is_help=True,
)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

AccountsOption = Annotated[
    Path | None,
    typer.Option(
        "--accounts",
        envvar="YP_ACCOUNTS",
        help="Account file (default var/accounts.sqlite3).",
    ),
]
ScopeOption = Annotated[
    str,
    typer.Option(
        "--scope",
        help="country, county:NN (organiser code 01–21, or 90 or 091 for Helsinki) or "
        "municipality:NNN. Checked against the built store when there is one.",
    ),
]


class Role(StrEnum):
    """The roles of :data:`kg.auth.scopes.ROLES` (a test holds them equal)."""

    editor = "editor"
    admin = "admin"


RoleOption = Annotated[
    Role, typer.Option("--role", help="editor: changes its scope's data; admin: also admin work.")
]


class ListFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="text, or json for scripts.")
]


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(2)


def _settings(accounts: Path | None, store: Path | None = None) -> Settings:
    settings = settings_for(store)
    if accounts is not None:
        settings = dataclasses.replace(settings, accounts_path=accounts)
    return settings


def _open(settings: Settings) -> Accounts:
    import sqlite3

    from kg.auth.accounts import Accounts

    try:
        return Accounts(settings.accounts_path)
    except (OSError, sqlite3.Error) as exc:
        raise _fail(f"cannot open the account file {settings.accounts_path}: {exc}") from exc


def _scope(text: str, settings: Settings) -> Scope:
    """The scope ``text`` names; a county or municipality must be in the built store, if
    there is one (without a store only the form is checked, and the command says so)."""
    from kg.auth.scopes import parse_scope

    try:
        scope = parse_scope(text)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    if scope.kind == "country":
        return scope
    if not settings.store_path.exists():
        err.print(
            f"no store at {escape(str(settings.store_path))}: {scope} is checked for its form "
            "only, not that it exists"
        )
        return scope
    from kg.auth.places import check_known

    try:
        check_known(scope, open_store(settings))
    except LookupError as exc:
        raise _fail(str(exc)) from exc
    return scope


def _print_link(settings: Settings, accounts: Accounts, name: str, secret: str) -> None:
    hours = accounts.setup_link_ttl.total_seconds() / 3600
    sys.stdout.write(f"{settings.public_url}account/setup/{secret}\n")
    err.print(
        f"Set-password link for {escape(name)}: it works once, for {hours:g} hours, and is "
        "shown only now. Hand it to the user; a new one: kg user reset."
    )


def _table(rows: list[dict[str, object]], names: list[str]) -> str:
    cells = [names, *[[_cell(r[n]) for n in names] for r in rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(names))]
    return "".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in cells
    )


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _emit(rows: list[dict[str, object]], names: list[str], fmt: ListFormat) -> None:
    if fmt is ListFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_table(rows, names))


# -- users ---------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name: 1–64 of A–Z a–z 0–9 . - _ @.")],
    scope: ScopeOption,
    role: RoleOption = Role.editor,
    accounts: AccountsOption = None,
    store: StoreOption = None,
) -> None:
    """Add a user and print a one-time set-password link.

    The user has no password until they choose one at the link, which works once, for 72
    hours. Exit 2 if the name is taken or bad, or the scope is not known."""
    settings = _settings(accounts, store)
    checked = _scope(scope, settings)
    db = _open(settings)
    try:
        secret = db.add_user(name, checked, role.value)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    err.print(f"added user {escape(name)} ({checked}, {role.value})")
    _print_link(settings, db, name, secret)


@user_app.command("list")
def user_list(fmt: FormatOption = ListFormat.text, accounts: AccountsOption = None) -> None:
    """List the users: name, scope, role, whether a password is set, whether disabled."""
    users = _open(_settings(accounts)).list_users()
    rows: list[dict[str, object]] = [
        {
            "name": u.name,
            "scope": str(u.scope),
            "role": u.role,
            "has_password": u.has_password,
            "disabled": u.disabled,
            "created": u.created,
        }
        for u in users
    ]
    _emit(rows, ["name", "scope", "role", "has_password", "disabled", "created"], fmt)


@user_app.command("reset")
def user_reset(name: str, accounts: AccountsOption = None) -> None:
    """Print a new one-time set-password link for NAME.

    Its earlier links stop working; its password, if any, works until a new one is set.
    Exit 2 if there is no such user or it is disabled."""
    from kg.auth.accounts import UnknownUser

    settings = _settings(accounts)
    db = _open(settings)
    try:
        secret = db.reset_link(name)
    except (UnknownUser, ValueError) as exc:
        raise _fail(str(exc)) from exc
    _print_link(settings, db, name, secret)


@user_app.command("disable")
def user_disable(name: str, accounts: AccountsOption = None) -> None:
    """Disable NAME: no more sign-ins; its sessions and set-password links end.

    Exit 2 if there is no such user."""
    if not _open(_settings(accounts)).disable_user(name):
        raise _fail(f"no user {name!r}")
    err.print(f"disabled user {escape(name)}")


@user_app.command("enable")
def user_enable(name: str, accounts: AccountsOption = None) -> None:
    """Let a disabled NAME sign in again with its password.

    Without a password, issue a link with kg user reset. Exit 2 if there is no such user."""
    if not _open(_settings(accounts)).enable_user(name):
        raise _fail(f"no user {name!r}")
    err.print(f"enabled user {escape(name)}")


# -- tokens --------------------------------------------------------------------------------


@token_app.command("create")
def token_create(
    scope: ScopeOption,
    role: RoleOption = Role.editor,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    accounts: AccountsOption = None,
    store: StoreOption = None,
) -> None:
    """Create a bearer token and print it, once.

    Stdout has the token alone; it is shown only now, as the account file keeps only its
    hash. Scripts send it as 'Authorization: Bearer TOKEN'."""
    settings = _settings(accounts, store)
    checked = _scope(scope, settings)
    try:
        token_id, secret = _open(settings).create_token(checked, role.value, label)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    sys.stdout.write(secret + "\n")
    err.print(
        f"token {token_id} ({checked}, {role.value}): shown only now; send it as "
        "'Authorization: Bearer <token>'; revoke: kg token revoke " + token_id
    )


@token_app.command("list")
def token_list(fmt: FormatOption = ListFormat.text, accounts: AccountsOption = None) -> None:
    """List the tokens, revoked ones too (never the tokens themselves).

    Columns: id, scope, role, label, created, last_used, revoked."""
    tokens = _open(_settings(accounts)).list_tokens()
    rows: list[dict[str, object]] = [
        {
            "id": t.id,
            "scope": str(t.scope),
            "role": t.role,
            "label": t.label,
            "created": t.created,
            "last_used": t.last_used,
            "revoked": t.revoked,
        }
        for t in tokens
    ]
    _emit(rows, ["id", "scope", "role", "label", "created", "last_used", "revoked"], fmt)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(metavar="ID", help="The token's id (kg token list).")],
    accounts: AccountsOption = None,
) -> None:
    """Revoke a token for good. Exit 2 if there is no token ID."""
    if not _open(_settings(accounts)).revoke_token(token_id):
        raise _fail(f"no token {token_id!r}")
    err.print(f"revoked token {escape(token_id)}")
