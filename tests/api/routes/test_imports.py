"""The write API for scripts: POST /api/v1/imports, publish, GET; restore (admins)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg import history
from kg.auth.scopes import parse_scope
from kg.config import Settings
from tests.writing import accounts, responsibility_rows, store_digest, writable_settings, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("imports"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="https://testserver")


@pytest.fixture(scope="module")
def token(settings: Settings) -> str:
    return accounts(settings).create_token(parse_scope("county:16"), "editor")[1]


def _file(rows: dict[str, list[list[str]]]) -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("pohja.xlsx", xlsx(rows), XLSX)}


def test_no_credential_gets_401(client: TestClient, settings: Settings) -> None:
    before = store_digest(settings)
    answer = client.post(
        "/api/v1/imports", files=_file(responsibility_rows("16", "005", "hyte", "X"))
    )
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert store_digest(settings) == before


def test_dry_run_then_publish(client: TestClient, token: str, settings: Settings) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post(
        "/api/v1/imports", headers=auth, files=_file(responsibility_rows("16", "005", "hyte", "Y"))
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["state"] == "checked"
    assert body["review"]["counts"]["responsibility"]["added"] == 1
    assert client.get(f"/api/v1/imports/{body['id']}", headers=auth).json()["id"] == body["id"]
    published = client.post(f"/api/v1/imports/{body['id']}/publish", headers=auth)
    assert published.status_code == 201, published.text
    version = published.json()["version"]
    assert history.get(history.history_dir(settings.data_dir), version) is not None


def test_row_errors_answer_422_with_locations(client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post(
        "/api/v1/imports", headers=auth, files=_file(responsibility_rows("16", "005", "nope", "Z"))
    )
    assert answer.status_code == 422
    error = answer.json()["review"]["errors"][0]
    assert (error["row"], error["column"]) == (2, "teema")


def test_publish_at_once(client: TestClient, token: str, settings: Settings) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    before = len(history.read_log(history.history_dir(settings.data_dir)))
    answer = client.post(
        "/api/v1/imports",
        headers=auth,
        data={"publish": "true"},
        files=_file(responsibility_rows("16", "005", "hyte", "W")),
    )
    assert answer.status_code == 201, answer.text
    assert len(history.read_log(history.history_dir(settings.data_dir))) == before + 1
