"""An administrator restores a version from its page; an editor cannot."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.auth import CSRF_COOKIE, SESSION_COOKIE, Gate
from api.main import create_app
from kg import history
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from tests.writing import accounts, principal, responsibility_rows, writable_settings, xlsx

CSRF = "csrf-cookie-of-the-restore-test"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = writable_settings(tmp_path_factory.mktemp("restore-page"))
    who = principal("county:16")
    for title in ("Ensimmäinen", "Toinen"):
        data = xlsx(responsibility_rows("16", "005", "hyte", title))
        service.check_upload(s, who, parse_scope("county:16"), "a.xlsx", data, publish=True)
    return s


def signed_in(settings: Settings, scope: str, role: str) -> TestClient:
    book = accounts(settings)
    name = f"{role}-{scope.replace(':', '-')}"
    book.add_user(name, parse_scope(scope), role)
    user = book.get_user(name)
    assert user is not None
    cookies = {SESSION_COOKIE: book.create_session(user.id), CSRF_COOKIE: CSRF}
    return TestClient(create_app(settings), base_url="https://testserver", cookies=cookies)


def test_an_admin_restores_from_the_version_page(settings: Settings) -> None:
    root = history.history_dir(settings.data_dir)
    first = history.read_log(root)[0]
    admin = signed_in(settings, "country", "admin")
    shown = admin.get(f"/changes/versions/{first.version}?lang=en")
    assert 'id="restore"' in shown.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', shown.text)
    assert token is not None
    done = admin.post(
        f"/changes/versions/{first.version}/restore",
        data={"csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    log = history.read_log(root)
    assert log[-1].restored_from == first.version and log[-1].action == "restore"
    assert done.headers["location"].startswith(f"/changes/versions/{log[-1].version}")


def test_an_editor_sees_no_restore_and_is_refused(settings: Settings) -> None:
    root = history.history_dir(settings.data_dir)
    first = history.read_log(root)[0]
    editor = signed_in(settings, "county:16", "editor")
    assert 'id="restore"' not in editor.get(f"/changes/versions/{first.version}").text
    before = len(history.read_log(root))
    refused = editor.post(
        f"/changes/versions/{first.version}/restore",
        data={"csrf_token": Gate.of(settings).csrf_token(CSRF)},
    )
    assert refused.status_code == 403
    assert len(history.read_log(root)) == before
