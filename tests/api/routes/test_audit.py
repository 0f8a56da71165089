"""GET /api/v1/audit: the same audit and JSON as ``kg audit``."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from kg.audit.evaluate import audit
from kg.audit.render import to_dict
from kg.config import Settings
from kg.store import Store

pytestmark = pytest.mark.both_stores  # embedded and remote (tests/conftest.py)


def test_audit_county_json(client: TestClient, store: Store, settings: Settings) -> None:
    r = client.get("/api/v1/audit", params={"as_of": "2026-11-23", "county": "20"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()
    expected = audit(store, as_of=dt.date(2026, 11, 23), county="20")
    assert data["as_of"] == "2026-11-23" and data["lang"] == "fi"
    assert data["summary"]["counts"] == expected.summary().total.counts
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
    labels = {"fulfilled", "open", "no evidence recorded", "missed"}
    assert all(row["status_label"] in labels for row in rows)


def test_audit_in_swedish_for_helsinki_by_either_code(
    client: TestClient, store: Store, settings: Settings
) -> None:
    answers = [
        client.get("/api/v1/audit", params={"as_of": "2026-11-23", "county": c, "lang": "sv"})
        for c in ("90", "091")
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    data = answers[0].json()
    expected = audit(store, as_of=dt.date(2026, 11, 23), county="90")
    assert data == to_dict(expected, lang="sv") and data["lang"] == "sv"
    assert data["scope"]["code"] == "90" and data["scope"]["name"] == "Helsingfors"
    assert data["summary"]["label"] == data["scope"]["label"]
    assert {c["code"] for row in data["rows"] for c in row["counties"]} == {"90"}
    assert data["statuses"]["no-evidence"] == "inga belägg registrerade"


def test_audit_documents_its_answer_in_openapi(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    answer = schema["paths"]["/api/v1/audit"]["get"]["responses"]["200"]["content"]
    assert answer["application/json"]["schema"] == {"$ref": "#/components/schemas/AuditReport"}
    statuses = schema["components"]["schemas"]["AuditRow"]["properties"]["status"]["enum"]
    assert statuses == ["fulfilled", "open", "no-evidence", "missed", "not-applicable"]


def test_audit_unknown_county_or_obligation_is_404(client: TestClient) -> None:
    r = client.get("/api/v1/audit", params={"as_of": "2026-11-23", "county": "99"})
    assert r.status_code == 404
    assert "99" in r.json()["detail"]
    r = client.get("/api/v1/audit", params={"obligation": "nope"})
    assert r.status_code == 404
    assert "nope" in r.json()["detail"]


def test_audit_bad_date_or_language_is_422(client: TestClient) -> None:
    assert client.get("/api/v1/audit", params={"as_of": "2026-13-01"}).status_code == 422
    assert client.get("/api/v1/audit", params={"lang": "de"}).status_code == 422


def test_audit_refuses_a_date_not_written_as_a_date(client: TestClient) -> None:
    # pydantic alone would read 0 as 1970-01-01 (a Unix time) and answer for that day
    for value in ("0", "1700000000", "2026-02-30", "23.11.2026", ""):
        r = client.get("/api/v1/audit", params={"as_of": value})
        assert r.status_code == 422, (value, r.text)
        assert r.json()["detail"][0]["loc"] == ["query", "as_of"]
    assert client.get("/api/v1/audit", params={"as_of": "2026-11-23"}).status_code == 200


def test_audit_after_the_last_known_council_term_is_400(client: TestClient) -> None:
    # periods after the data's last council term cannot be known; years would not end
    r = client.get("/api/v1/audit", params={"as_of": "9426-07-12"})
    assert r.status_code == 400
    assert "2029-05-31" in r.json()["detail"] and "council_terms.csv" in r.json()["detail"]
    assert client.get("/api/v1/audit", params={"as_of": "2029-05-31"}).status_code == 200
