"""Who may write what, by every write route, for every pair of the 22 organisers.

A credential of one organiser's scope writing another's (the county itself or one of its
municipalities) gets 403 from every route, changes nothing (the store's digest, the
regional folders and the history are the same after all the attempts) and each refusal
is logged; no credential gets 401. Property level: what an upload carries never becomes
a statement about an organisation or another graph's provenance.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.auth import CSRF_COOKIE, SESSION_COOKIE, Gate
from api.main import create_app
from kg import history, lookups
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from kg.store import Store
from tests.writing import (
    accounts,
    principal,
    responsibility_rows,
    store_digest,
    writable_settings,
    xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSRF = "csrf-cookie-of-the-matrix-test"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("scopes"))


@pytest.fixture(scope="module")
def organisers(settings: Settings) -> dict[str, str]:
    """Each organiser code with the code of one of its municipalities."""
    store = Store.open(settings.store_path)
    out = {}
    for county in lookups.counties(store):
        found = lookups.municipalities(store, county=county["code"])
        out[county["code"]] = found[0]["code"]
    assert len(out) == 22
    return out


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver")


def browser(app: FastAPI, **cookies: str) -> TestClient:
    """A client carrying a browser's cookies (the session, the CSRF cookie)."""
    return TestClient(app, base_url="https://testserver", cookies=cookies)


def _tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _state(settings: Settings) -> tuple[str, str, str]:
    return (
        store_digest(settings),
        _tree(settings.data_dir / "regional"),
        _tree(history.history_dir(settings.data_dir))
        if history.history_dir(settings.data_dir).exists()
        else "",
    )


def test_every_write_outside_the_scope_is_403_and_changes_nothing(
    settings: Settings,
    organisers: dict[str, str],
    client: TestClient,
    app: FastAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    book = accounts(settings)
    gate = Gate.of(settings)
    csrf = gate.csrf_token(CSRF)
    # one upload of each organiser's, made by an administrator: the publish targets (with
    # a row error, so cheap to check: the scope is refused before the upload's state)
    admin = principal("country", "admin")
    pending = {}
    for code, municipality in organisers.items():
        data = xlsx(responsibility_rows(code, municipality, "no-such-theme", f"K {code}"))
        made = service.check_upload(settings, admin, parse_scope(f"county:{code}"), "a.xlsx", data)
        assert made.state == "refused", made.review
        pending[code] = made.id
    tokens, sessions = {}, {}
    for code in organisers:
        tokens[code] = book.create_token(parse_scope(f"county:{code}"), "editor")[1]
        book.add_user(f"coordinator-{code}", parse_scope(f"county:{code}"), "editor")
        user = book.get_user(f"coordinator-{code}")
        assert user is not None
        sessions[code] = book.create_session(user.id)
    before = _state(settings)
    caplog.set_level(logging.WARNING, logger="kg.security")
    attempts = 0
    for mine in organisers:
        api = {"Authorization": f"Bearer {tokens[mine]}"}
        signed_in = browser(app, **{SESSION_COOKIE: sessions[mine], CSRF_COOKIE: CSRF})
        for theirs, municipality in organisers.items():
            if theirs == mine:
                continue
            rows = responsibility_rows(theirs, municipality, "hyte", "Vieras")
            file = {"file": ("x.xlsx", xlsx(rows), XLSX)}
            for scope in (f"county:{theirs}", f"municipality:{municipality}"):
                answers = [
                    client.post("/api/v1/imports", headers=api, data={"scope": scope}, files=file),
                    signed_in.post(
                        "/coordinate/uploads",
                        data={"scope": scope, "csrf_token": csrf},
                        files=file,
                    ),
                    signed_in.post(
                        "/coordinate/edits",
                        data={"scope": scope, "csrf_token": csrf, "action": "verify", "row": "0"},
                    ),
                ]
                for answer in answers:
                    assert answer.status_code == 403, (mine, scope, answer.request.url, answer.text)
                attempts += len(answers)
            published = client.post(f"/api/v1/imports/{pending[theirs]}/publish", headers=api)
            assert published.status_code == 403, (mine, theirs, published.text)
            attempts += 1
    refused = [r for r in caplog.records if r.name == "kg.security" and "refused" in r.getMessage()]
    assert len(refused) == attempts
    assert _state(settings) == before


def test_rows_of_another_county_under_ones_own_scope_are_403(
    settings: Settings, organisers: dict[str, str], client: TestClient
) -> None:
    book = accounts(settings)
    before = _state(settings)
    codes = sorted(organisers)
    for mine, theirs in zip(codes, codes[1:] + codes[:1], strict=True):
        token = book.create_token(parse_scope(f"county:{mine}"), "editor")[1]
        rows = responsibility_rows(theirs, organisers[theirs], "hyte", "Vieras")
        answer = client.post(
            "/api/v1/imports",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("x.xlsx", xlsx(rows), XLSX)},
        )
        assert answer.status_code == 403, (mine, theirs, answer.text)
        located = answer.json()["errors"]
        assert {e["column"] for e in located} == {"hyvinvointialue", "kunta"}
        assert all(e["row"] == 2 and e["sheet"] for e in located)
    assert _state(settings) == before


def test_no_credential_is_401_by_every_route(
    settings: Settings, client: TestClient, app: FastAPI
) -> None:
    before = _state(settings)
    file = {"file": ("x.xlsx", xlsx(responsibility_rows("16", "005", "hyte", "X")), XLSX)}
    gate = Gate.of(settings)
    forms = {"csrf_token": gate.csrf_token(CSRF), "scope": "county:16"}
    answers = [
        client.post("/api/v1/imports", files=file),
        client.post("/api/v1/imports/" + "a" * 22 + "/publish"),
        client.get("/api/v1/imports/" + "a" * 22),
        client.post("/api/v1/versions/20261206T000000000000Z-abcdef/restore"),
        browser(app, **{CSRF_COOKIE: CSRF}).post("/coordinate/uploads", data=forms, files=file),
        browser(app, **{CSRF_COOKIE: CSRF}).post(
            "/coordinate/edits",
            data={**forms, "action": "verify", "row": "0"},
        ),
    ]
    assert [a.status_code for a in answers] == [401] * len(answers)
    assert _state(settings) == before


def test_an_upload_states_nothing_about_organisations_or_other_graphs(settings: Settings) -> None:
    """Property level: hostile text in every cell publishes as text; no organisation's
    identifiers and no other graph's provenance change."""
    store = Store.open(settings.store_path)
    mint_base = settings.base_iri
    organisations = {
        r["o"] for r in store.select("SELECT DISTINCT ?o WHERE { ?o a org:Organization }")
    }

    identifiers = {
        "http://purl.org/dc/terms/identifier",
        "https://w3id.org/yhdyspinta/ontology#organiserCode",
        "http://www.w3.org/2004/02/skos/core#exactMatch",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
    }

    def about_organisations(s: Store) -> set[str]:
        """Statements about organisations: their identifiers anywhere, and everything the
        national graphs say of them (the regional and inferred graphs say what posts they
        have, which an upload of one's own scope may change)."""
        return {
            str(q)
            for q in s.quads()
            if q.subject.value in organisations
            and (
                q.predicate.value in identifiers
                or not any(g in q.graph_name.value for g in ("graph/regional/", "graph/inferred"))
            )
        }

    def provenance(s: Store, folder: str) -> set[str]:
        return {
            str(q)
            for q in s.quads()
            if q.subject.value.startswith(f"{mint_base}graph/")
            and not q.subject.value.startswith(f"{mint_base}graph/regional/{folder}/")
            and not q.subject.value.endswith("/graph/history")
            and "/graph/history" not in q.graph_name.value
        }

    hostile = f'<{mint_base}county/13> yp:organiserCode "99" ; prov:wasGeneratedBy <x> .'
    rows = responsibility_rows("16", "005", "hyte", hostile)
    rows["responsibilities"][0][8] = f"{mint_base}municipality/297"  # unit: an IRI as text
    ids, prov = about_organisations(store), provenance(store, "county-16")
    who = principal("county:16")
    made = service.check_upload(settings, who, parse_scope("county:16"), "h.xlsx", xlsx(rows))
    assert made.state == "checked", made.review
    service.publish_upload(settings, who, made.id)
    after = Store.open(settings.store_path)
    assert about_organisations(after) == ids
    assert provenance(after, "county-16") == prov
    assert after.select(
        "SELECT ?t WHERE { ?p ?x ?t FILTER(STR(?t) = ?h) }", bindings={"h": _literal(hostile)}
    ), "the hostile text is kept as text"


def _literal(text: str) -> object:
    import pyoxigraph

    return pyoxigraph.Literal(text)
