"""The API documentation pages load only this service's own assets."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.assets import PACKAGED, VENDOR
from api.main import create_app
from kg.config import Settings

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_refers_only_to_this_service(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    refs = ASSET.findall(response.text)
    assert refs, "the page loads no assets at all"
    for ref in refs:
        # by path: this service whatever name it was reached by, no Host written into it
        assert ref.startswith("/") and not ref.startswith("//"), f"{page} refers to {ref}"
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.content) > 500, ref  # a real file, not an error page
    assert "<script>" not in response.text, "inline script would need 'unsafe-inline' in a CSP"


def test_docs_page_names_the_schema(client: TestClient) -> None:
    response = client.get("/docs")
    assert 'data-openapi-url="/openapi.json"' in response.text


@pytest.mark.parametrize("name", sorted({*VENDOR, *PACKAGED}))
def test_vendor_asset_served_with_its_type(client: TestClient, name: str) -> None:
    response = client.get(f"/assets/vendor/{name}")
    assert response.status_code == 200
    suffix = Path(name).suffix
    expected = {".js": "javascript", ".css": "text/css", ".png": "image/png"}[suffix]
    assert expected in response.headers["content-type"]
    assert "max-age" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "name", ["swagger-ui/index.html", "../package.json", "swagger-ui-dist/swagger-ui.css"]
)
def test_vendor_asset_unknown_name_is_404(client: TestClient, name: str) -> None:
    assert client.get(f"/assets/vendor/{name}").status_code == 404


def test_vendor_asset_not_installed_is_503(settings: Settings, tmp_path: Path) -> None:
    app = create_app(dataclasses.replace(settings, assets_dir=tmp_path))
    response = TestClient(app).get("/assets/vendor/redoc/redoc.standalone.js")
    assert response.status_code == 503
    assert "make" in response.json()["detail"]
