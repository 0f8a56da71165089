"""Read answers carry the serving store's version as ETag; 304 to If-None-Match; a publish
changes the tag and no stale answer is served after the swap."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from tests.writing import principal, responsibility_rows, writable_settings, xlsx

LOOKUP = "/api/v1/responsibilities?municipality=005&theme=hyte"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("revalidation"))


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="https://testserver")


def test_a_read_answer_is_tagged_with_the_store_and_day(
    client: TestClient, settings: Settings
) -> None:
    answer = client.get("/api/v1/municipalities/005")
    assert answer.status_code == 200
    tag = answer.headers["etag"]
    assert tag.startswith('W/"') and settings.store_path.resolve().name in tag
    assert answer.headers["cache-control"] == "public, no-cache"
    assert answer.headers["last-modified"].endswith("GMT")
    again = client.get("/api/v1/municipalities/005", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    other = client.get("/api/v1/municipalities/005", headers={"If-None-Match": 'W/"other"'})
    assert other.status_code == 200 and other.json() == answer.json()


def test_a_publish_changes_the_tag_and_serves_the_new_answer(
    client: TestClient, settings: Settings
) -> None:
    before = client.get(LOOKUP)
    tag = before.headers["etag"]
    assert "Tagin testi" not in before.text
    service.check_upload(
        settings,
        principal("county:16"),
        parse_scope("county:16"),
        "t.xlsx",
        xlsx(responsibility_rows("16", "005", "hyte", "Tagin testi")),
        publish=True,
    )
    after = client.get(LOOKUP, headers={"If-None-Match": tag})
    assert after.status_code == 200, "a tag of the old store must not give 304"
    assert after.headers["etag"] != tag
    assert "Tagin testi" in after.text


def test_writes_sign_in_and_uploads_are_not_tagged(client: TestClient) -> None:
    for path in ("/account/signin", "/coordinate", "/changes", "/healthz"):
        answer = client.get(path, follow_redirects=False)
        assert "etag" not in answer.headers, path
    # a page that sets a cookie (the language chosen) is for that browser only
    page = client.get("/municipalities/005?lang=sv")
    assert page.status_code == 200
    assert "set-cookie" in page.headers
    assert page.headers["cache-control"] == "private, no-cache"
