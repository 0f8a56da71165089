"""GET /api/v1/audit: the same audit and JSON as ``kg audit``."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from kg.audit.evaluate import audit
from kg.audit.render import to_dict
from kg.config import Settings
from kg.store import Store


def test_audit_county_json(client: TestClient, store: Store, settings: Settings) -> None:
    r = client.get("/api/v1/audit", params={"as_of": "2026-11-23", "county": "20"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()
    expected = audit(store, settings.data_dir, as_of=dt.date(2026, 11, 23), county="20")
    assert data["as_of"] == "2026-11-23" and data["lang"] == "fi"
    assert data["summary"] == expected.summary()
    assert data == to_dict(expected, lang="fi")
    assert all(row["citation"] and row["eli"] for row in data["rows"])


def test_audit_obligation_and_language(client: TestClient) -> None:
    r = client.get(
        "/api/v1/audit",
        params={"as_of": "2026-11-23", "county": "20", "obligation": "611-2021-14", "lang": "en"},
    )
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert rows and {row["citation"] for row in rows} == {"611/2021 14 §"}
    assert all(row["status_label"] in ("fulfilled", "open", "overdue") for row in rows)


def test_audit_unknown_county_or_obligation_is_404(client: TestClient) -> None:
    r = client.get("/api/v1/audit", params={"as_of": "2026-11-23", "county": "99"})
    assert r.status_code == 404
    assert "99" in r.json()["detail"]
    r = client.get("/api/v1/audit", params={"obligation": "nope"})
    assert r.status_code == 404
    assert "nope" in r.json()["detail"]


def test_audit_bad_date_or_language_is_422(client: TestClient) -> None:
    assert client.get("/api/v1/audit", params={"as_of": "2026-13-01"}).status_code == 422
    assert client.get("/api/v1/audit", params={"lang": "sv"}).status_code == 422
