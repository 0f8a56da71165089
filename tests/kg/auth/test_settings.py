"""The settings the accounts read: where the account file is (YP_ACCOUNTS) and the
service's key (YP_SECRET), which is checked and never shown.

(These belong with tests/kg/test_config.py; kept here while that file is edited by others.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.config import MIN_SECRET_LENGTH, REPO_ROOT, Settings, SettingsError

SECRET = "s3cr3t-" + "k" * MIN_SECRET_LENGTH


def test_accounts_path_default_and_environment(tmp_path: Path) -> None:
    assert Settings.from_env({}).accounts_path == REPO_ROOT / "var" / "accounts.sqlite3"
    path = tmp_path / "a.sqlite3"
    assert Settings.from_env({"YP_ACCOUNTS": str(path)}).accounts_path == path
    home = Settings.from_env({"YP_ACCOUNTS": "~/accounts.sqlite3"}).accounts_path
    assert home == Path("~/accounts.sqlite3").expanduser()
    with pytest.raises(SettingsError, match="YP_ACCOUNTS is set but empty"):
        Settings.from_env({"YP_ACCOUNTS": " "})


def test_secret_is_read_checked_and_never_shown() -> None:
    assert Settings.from_env({}).secret is None
    settings = Settings.from_env({"YP_SECRET": SECRET})
    assert settings.secret == SECRET
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert SECRET not in repr(dataclasses.replace(settings, row_cap=5))
    exactly = "x" * MIN_SECRET_LENGTH
    assert Settings.from_env({"YP_SECRET": exactly}).secret == exactly
    for short in ("", "short-secret-value", "y" * (MIN_SECRET_LENGTH - 1)):
        with pytest.raises(SettingsError) as caught:
            Settings.from_env({"YP_SECRET": short})
        message = str(caught.value)
        assert "YP_SECRET" in message and str(MIN_SECRET_LENGTH) in message
        assert not short or short not in message
    with pytest.raises(SettingsError, match="YP_SECRET"):
        Settings(secret="z" * (MIN_SECRET_LENGTH - 1))
