"""Hostile input at the coordinators' write routes, through HTTP.

Injection strings in every parameter and form field answer 4xx (or, for data, a checked
upload showing the text as text), never 500, change nothing and are escaped where a page
echoes them; XML bombs and external entities in an XLSX are refused quickly without a
request going out; bodies over the limit get 413 before the route; a zip bomb is refused
naming the limit; formula-like cells come back neutralised from every export; forms
without their CSRF token get 403; sign-in is throttled per name and per address.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import socket
import time
import zipfile
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.auth import CSRF_COOKIE, SESSION_COOKIE, Gate
from api.main import create_app
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing import service
from kg.publishing.uploads import Uploads, uploads_dir
from tests.writing import (
    accounts,
    principal,
    responsibility_rows,
    store_digest,
    writable_settings,
    xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSRF = "csrf-cookie-of-the-abuse-test"
COUNTY = "20"  # Kainuu: the example region, the only one with regional rows
MUNICIPALITY = "205"  # Kajaani
SCOPE = f"county:{COUNTY}"
PASSWORD = "Pitka-ja-vahva-salasana-2024!"
REFUSED = {400, 401, 403, 404, 422}

SCRIPT = "<script>alert(1)</script>"
INJECTIONS = [
    '"} ; DROP ALL ; {"',
    "<http://x> ?p ?o",
    "' OR 1=1 --",
    "../../etc/passwd",
    SCRIPT,
    "a\x00b",
    "y" * 20_000,
]
SHORT = [s for s in INJECTIONS if len(s) < 100]  # those that pass a field's max_length


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("abuse"))


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="module")
def token(settings: Settings) -> str:
    return accounts(settings).create_token(parse_scope(SCOPE), "editor")[1]


@pytest.fixture(scope="module")
def session(settings: Settings) -> str:
    book = accounts(settings)
    book.add_user("abuse-coordinator", parse_scope(SCOPE), "editor")
    user = book.get_user("abuse-coordinator")
    assert user is not None
    return book.create_session(user.id)


def client(app: FastAPI, **cookies: str) -> TestClient:
    return TestClient(app, base_url="https://testserver", cookies=cookies)


def _csrf(settings: Settings, cookie: str = CSRF) -> str:
    return Gate.of(settings).csrf_token(cookie)


def _uploads(settings: Settings) -> set[str]:
    root = uploads_dir(settings.store_path)
    return {p.name for p in root.iterdir()} if root.exists() else set()


def _file(name: str = "v.xlsx", data: bytes | None = None) -> dict[str, tuple[str, bytes, str]]:
    if data is None:
        data = xlsx(responsibility_rows(COUNTY, MUNICIPALITY, "hyte", "Koe"))
    return {"file": (name, data, XLSX)}


def _no_raw_script(answer: object) -> None:
    """A page (HTML) never carries the script unescaped; JSON may quote it as data."""
    kind = answer.headers.get("content-type", "")  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    if not kind.startswith("application/json"):
        assert SCRIPT not in text, (kind, text[:2000])


# -- 1. injection strings ------------------------------------------------------------


def test_injection_in_api_parameters_is_4xx_and_changes_nothing(
    settings: Settings, app: FastAPI, token: str
) -> None:
    before = store_digest(settings)
    api = {"Authorization": f"Bearer {token}"}
    web = client(app)
    seen: list[tuple[str, str, int]] = []
    for bad in INJECTIONS:
        segment = quote(bad, safe="")
        answers = {
            "scope": web.post("/api/v1/imports", headers=api, data={"scope": bad}, files=_file()),
            "publish": web.post(
                "/api/v1/imports",
                headers=api,
                data={"scope": SCOPE, "publish": bad},
                files=_file(),
            ),
            "file name": web.post("/api/v1/imports", headers=api, files=_file(bad)),
            "get upload": web.get(f"/api/v1/imports/{segment}", headers=api),
            "publish upload": web.post(f"/api/v1/imports/{segment}/publish", headers=api),
            "restore": web.post(f"/api/v1/versions/{segment}/restore", headers=api),
        }
        if "\x00" not in bad:  # a header cannot carry NUL
            answers["bearer"] = web.post(
                "/api/v1/imports", headers={"Authorization": f"Bearer {bad}"}, files=_file()
            )
        for where, answer in answers.items():
            seen.append((where, bad[:30], answer.status_code))
            assert answer.status_code in REFUSED, (where, bad[:40], answer.text[:500])
            assert "root:x:0:0" not in answer.text
    # the expected refusals, not merely "some 4xx"
    codes = {(w, b): c for w, b, c in seen}
    assert codes[("scope", "' OR 1=1 --")] == 400
    assert codes[("file name", "../../etc/passwd")] == 400
    assert codes[("get upload", SCRIPT)] == 404
    assert codes[("restore", "' OR 1=1 --")] == 404
    assert codes[("bearer", "' OR 1=1 --")] == 401
    assert store_digest(settings) == before


def test_injection_in_the_file_name_is_kept_as_a_safe_name(
    settings: Settings, app: FastAPI, token: str, session: str
) -> None:
    before = store_digest(settings)
    api = {"Authorization": f"Bearer {token}"}
    web = client(app)
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    for bad in INJECTIONS:
        answer = web.post("/api/v1/imports", headers=api, files=_file(bad + ".xlsx"))
        if len(bad) > 1000:  # a multipart header line that long is refused by the parser
            assert answer.status_code == 400, answer.text[:300]
            continue
        assert answer.status_code == 201, (bad[:40], answer.text[:500])
        kept = answer.json()["file"]["name"]
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,85}", kept), kept
        assert kept.endswith(".xlsx")
        sent = browser.post(
            "/coordinate/uploads",
            data={"scope": SCOPE, "csrf_token": _csrf(settings)},
            files=_file(bad + ".xlsx"),
            follow_redirects=False,
        )
        assert sent.status_code == 303, (bad[:40], sent.text[:500])
        page = browser.get(sent.headers["location"])
        assert page.status_code == 200
        _no_raw_script(page)
        assert 'data-state="checked"' in page.text
    assert store_digest(settings) == before


def test_injection_in_sign_in_is_401_or_422_and_never_echoed(settings: Settings) -> None:
    app = create_app(settings)  # its own limiter: 14 attempts stay under the address's 20
    browser = client(app, **{CSRF_COOKIE: CSRF})
    for i, bad in enumerate(INJECTIONS):
        # a name of its own each time: the name's limit (5 a minute) is test 7's
        for form in ({"name": bad, "password": PASSWORD}, {"name": f"nobody{i}", "password": bad}):
            answer = browser.post(
                "/account/signin",
                data={**form, "csrf_token": _csrf(settings)},
                follow_redirects=False,
            )
            too_long = len(form["name"]) > 64 or len(form["password"]) > 1024
            assert answer.status_code == (422 if too_long else 401), (form, answer.text[:300])
            assert SESSION_COOKIE not in answer.cookies
            _no_raw_script(answer)


def test_injection_in_coordinate_routes_is_4xx(
    settings: Settings, app: FastAPI, session: str
) -> None:
    before = store_digest(settings)
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    csrf = _csrf(settings)
    for bad in INJECTIONS:
        segment = quote(bad, safe="")
        answers = {
            "upload scope": browser.post(
                "/coordinate/uploads", data={"scope": bad, "csrf_token": csrf}, files=_file()
            ),
            "upload lang": browser.post(
                "/coordinate/uploads",
                data={"scope": SCOPE, "lang": bad, "csrf_token": csrf},
                files=_file(),
            ),
            "upload file name": browser.post(
                "/coordinate/uploads",
                data={"scope": SCOPE, "csrf_token": csrf},
                files=_file(bad),
            ),
            "csrf": browser.post(
                "/coordinate/uploads", data={"scope": SCOPE, "csrf_token": bad}, files=_file()
            ),
            "review": browser.get(f"/coordinate/uploads/{segment}"),
            "publish": browser.post(
                f"/coordinate/uploads/{segment}/publish", data={"csrf_token": csrf}
            ),
            "discard": browser.post(
                f"/coordinate/uploads/{segment}/discard", data={"csrf_token": csrf}
            ),
            "edit scope": browser.post(
                "/coordinate/edits",
                data={"scope": bad, "csrf_token": csrf, "action": "verify", "row": "0"},
            ),
            "edit action": browser.post(
                "/coordinate/edits",
                data={"scope": SCOPE, "csrf_token": csrf, "action": bad, "row": "0"},
            ),
            "edit row": browser.post(
                "/coordinate/edits",
                data={"scope": SCOPE, "csrf_token": csrf, "action": "verify", "row": bad},
            ),
            "dashboard scope": browser.get("/coordinate", params={"scope": bad}),
            "download scope": browser.get("/coordinate/data.xlsx", params={"scope": bad}),
        }
        for where, answer in answers.items():
            assert answer.status_code in REFUSED, (where, bad[:40], answer.text[:500])
            _no_raw_script(answer)
    assert store_digest(settings) == before


@pytest.mark.parametrize("field", ["post_fi", "post_sv", "unit", "organisation", "contact"])
def test_injection_in_edit_fields_is_data_shown_as_text(
    settings: Settings, app: FastAPI, session: str, field: str
) -> None:
    before = store_digest(settings)
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    states = {}
    for bad in [b for b in INJECTIONS if "\x00" not in b]:  # NUL: refused by the form itself, below
        answer = browser.post(
            "/coordinate/edits",
            data={
                "scope": SCOPE,
                "csrf_token": _csrf(settings),
                "action": "edit",
                "row": "0",
                field: bad,
            },
            follow_redirects=False,
        )
        if len(bad) > 500:  # the form field's max_length
            assert answer.status_code == 422, answer.text[:300]
            continue
        assert answer.status_code == 303, (field, bad, answer.text[:500])
        page = browser.get(answer.headers["location"])
        assert page.status_code == 200
        _no_raw_script(page)
        found = re.search(r'data-state="(\w+)"', page.text)
        assert found is not None
        states[bad] = found.group(1)
        assert states[bad] in ("checked", "refused"), (field, bad)
        if bad == SCRIPT:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, (field, states[bad])
    if field == "contact":  # no e-mail address nor phone number: a row error
        assert set(states.values()) == {"refused"}, states
    elif field in ("post_fi", "unit"):
        assert states[SCRIPT] == "checked", states
    assert store_digest(settings) == before


@pytest.mark.parametrize("field", ["municipality", "theme"])
def test_injection_in_added_owner_is_a_row_error_shown_as_text(
    settings: Settings, app: FastAPI, session: str, field: str
) -> None:
    before = store_digest(settings)
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    for bad in [b for b in SHORT if "\x00" not in b]:  # NUL: refused by the form itself, below
        form = {
            "scope": SCOPE,
            "csrf_token": _csrf(settings),
            "action": "add",
            "municipality": MUNICIPALITY,
            "theme": "hyte",
            "side": "kunta",
            "post_fi": "Uusi vastuu",
            "unit": "Yksikkö",
            "contact": "kirjaamo@example.fi",
        }
        form[field] = bad
        answer = browser.post("/coordinate/edits", data=form, follow_redirects=False)
        assert answer.status_code == 303, (field, bad, answer.text[:500])
        page = browser.get(answer.headers["location"])
        assert page.status_code == 200
        _no_raw_script(page)
        assert 'data-state="refused"' in page.text, (field, bad)
    assert store_digest(settings) == before


@pytest.mark.parametrize("field", ["post_fi", "contact", "municipality"])
def test_nul_in_an_edit_field_is_4xx_not_500(
    settings: Settings, app: FastAPI, session: str, field: str
) -> None:
    before = store_digest(settings)
    browser = TestClient(
        app,
        base_url="https://testserver",
        cookies={SESSION_COOKIE: session, CSRF_COOKIE: CSRF},
        raise_server_exceptions=False,
    )
    form = {"scope": SCOPE, "csrf_token": _csrf(settings), "action": "edit", "row": "0"}
    if field == "municipality":
        form.update(action="add", theme="hyte", side="kunta", post_fi="Uusi")
    form[field] = "a\x00b"
    answer = browser.post("/coordinate/edits", data=form, follow_redirects=False)
    assert store_digest(settings) == before
    assert answer.status_code == 422, answer.status_code  # no control characters in a cell


# -- 2. XML bombs and external entities ----------------------------------------------


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _with_dtd(data: bytes, part: str, dtd: str, entity: str) -> bytes:
    """The workbook with ``dtd`` at the head of ``part`` and ``&entity;`` in its first
    text or value."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        assert part in names, names
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == part:
                text = content.decode()
                if text.startswith("<?xml"):
                    head, _, rest = text.partition("?>")
                    text = head + "?>" + dtd + rest
                else:
                    text = dtd + text
                text, n = re.subn(r"<(t|v)>", rf"<\1>&{entity};", text, count=1)
                assert n == 1, text[:500]
                content = text.encode()
            dst.writestr(item, content)
    return out.getvalue()


# the template writes inline strings (no xl/sharedStrings.xml): the help sheet and a data
# sheet carry the payload
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml"])
@pytest.mark.parametrize("kind", ["billion-laughs", "file", "http"])
def test_xml_entities_refused_quickly_without_reading_or_calling_out(
    settings: Settings, app: FastAPI, token: str, part: str, kind: str
) -> None:
    before = store_digest(settings)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        dtd, entity = {
            "billion-laughs": (BILLION_LAUGHS, "lol9"),
            "file": ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "e"),
            "http": (f'<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/">]>', "e"),
        }[kind]
        good = xlsx(responsibility_rows(COUNTY, MUNICIPALITY, "hyte", "Koe"))
        bomb = _with_dtd(good, part, dtd, entity)
        started = time.perf_counter()
        answer = client(app).post(
            "/api/v1/imports",
            headers={"Authorization": f"Bearer {token}"},
            data={"scope": SCOPE, "publish": "true"},
            files=_file("bomb.xlsx", bomb),
        )
        took = time.perf_counter() - started
        with pytest.raises(BlockingIOError):
            listener.accept()  # nothing connected
    finally:
        listener.close()
    assert took < 1.0, took
    assert answer.status_code in (400, 422), answer.text[:500]
    assert "root:x:0:0" not in answer.text and "/bin/" not in answer.text
    assert "lollollol" not in answer.text
    if answer.status_code == 422:
        errors = answer.json()["review"]["errors"]
        assert errors and all(e["file"] == "bomb.xlsx" for e in errors), errors
        assert any("DTD" in e["message"] or "entit" in e["message"] for e in errors), errors
    assert store_digest(settings) == before


# -- 3. the body limit -----------------------------------------------------------------


def test_body_over_the_limit_is_413_before_the_route(settings: Settings, token: str) -> None:
    small = create_app(dataclasses.replace(settings, max_body_bytes=50_000))
    before, kept = store_digest(settings), _uploads(settings)
    answer = client(small).post(
        "/api/v1/imports",
        headers={"Authorization": f"Bearer {token}"},
        data={"scope": SCOPE, "publish": "true"},
        files=_file("big.csv", b"x" * 60_000),
    )
    assert answer.status_code == 413, answer.text[:300]
    assert _uploads(settings) == kept  # the route never kept the file
    assert store_digest(settings) == before


# -- 4. a zip bomb ---------------------------------------------------------------------


def _zip_bomb(data: bytes, size: int) -> bytes:
    """The workbook with a sheet that unpacks to ``size`` bytes (mostly spaces)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = content.partition(b"<sheetData")
                content = head + b" " * size + b"<sheetData" + rest
                dst.writestr(item.filename, content, zipfile.ZIP_DEFLATED, 9)
            else:
                dst.writestr(item, content)
    return out.getvalue()


def test_zip_bomb_refused_naming_the_limit(settings: Settings, token: str) -> None:
    limited = dataclasses.replace(settings, import_max_bytes=200_000)  # unpacked: 2 MB
    bomb = _zip_bomb(xlsx(responsibility_rows(COUNTY, MUNICIPALITY, "hyte", "Koe")), 100 << 20)
    assert len(bomb) < 200_000  # passes the byte limit and the body limit
    before = store_digest(settings)
    started = time.perf_counter()
    answer = client(create_app(limited)).post(
        "/api/v1/imports",
        headers={"Authorization": f"Bearer {token}"},
        data={"scope": SCOPE, "publish": "true"},
        files=_file("bomb.xlsx", bomb),
    )
    assert time.perf_counter() - started < 5.0
    assert answer.status_code == 422, answer.text[:500]
    (error,) = answer.json()["review"]["errors"]
    assert error["file"] == "bomb.xlsx"
    assert "above the limit of 2000000" in error["message"]
    assert "YP_IMPORT_MAX_BYTES" in error["message"]
    assert store_digest(settings) == before


# -- 5. formula cells come back neutralised ---------------------------------------------


TITLE = '=HYPERLINK("http://evil","x")'
CONTACT = "+358-8-555-0100"
UNIT = "@SUM(A1)"


def test_formula_like_cells_are_neutralised_in_every_export(
    settings: Settings, app: FastAPI, token: str, session: str
) -> None:
    rows = responsibility_rows(COUNTY, MUNICIPALITY, "hyte", TITLE)
    rows["responsibilities"][0][8] = UNIT
    rows["responsibilities"][0][9] = CONTACT
    web = client(app)
    made = web.post(
        "/api/v1/imports",
        headers={"Authorization": f"Bearer {token}"},
        data={"scope": SCOPE, "publish": "true"},
        files=_file("formulas.xlsx", xlsx(rows)),
    )
    assert made.status_code == 201, made.text[:1000]

    # the named query's CSV
    answer = web.get(
        "/queries/responsibilities-of-municipality",
        params={"municipality": MUNICIPALITY, "format": "csv"},
    )
    assert answer.status_code == 200, answer.text[:300]
    table = list(csv.DictReader(io.StringIO(answer.text)))
    ours = [r for r in table if "HYPERLINK" in r["postName"]]
    assert len(ours) == 1, [r["postName"] for r in table]
    assert ours[0]["postName"] == "'" + TITLE
    assert ours[0]["unit"] == "'" + UNIT
    assert ours[0]["contact"] == "'" + CONTACT
    assert not any(v.startswith(("=", "+", "@")) for r in table for v in r.values() if v)

    # the SPARQL CSV
    query = (
        "SELECT ?t WHERE { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?t "
        'FILTER(STRSTARTS(STR(?t), "=HYPERLINK")) }'
    )
    answer = web.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/csv")
    got = list(csv.reader(io.StringIO(answer.text)))
    assert got[0] == ["t"]
    assert got[1:] and all(r == ["'" + TITLE] for r in got[1:]), got

    # the coordinator's download: text cells, never formulas
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    answer = browser.get("/coordinate/data.xlsx", params={"scope": SCOPE})
    assert answer.status_code == 200, answer.text[:300]
    book = load_workbook(io.BytesIO(answer.content))
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip("'") in (TITLE, UNIT, CONTACT):
                    found[cell.value.lstrip("'")] = cell
    assert set(found) == {TITLE, UNIT, CONTACT}, found
    assert all(c.data_type == "s" for c in found.values())


# -- 6. CSRF ----------------------------------------------------------------------------


def test_forms_without_their_csrf_token_are_403_and_change_nothing(
    settings: Settings, app: FastAPI, session: str
) -> None:
    book = accounts(settings)
    who = principal(SCOPE)
    rows = responsibility_rows(COUNTY, MUNICIPALITY, "hyte", "CSRF-koe")
    pending = service.check_upload(settings, who, parse_scope(SCOPE), "c.xlsx", xlsx(rows))
    assert pending.state == "checked", pending.review
    before, kept = store_digest(settings), _uploads(settings)
    browser = client(app, **{SESSION_COOKIE: session, CSRF_COOKIE: CSRF})
    other = _csrf(settings, "another-browsers-cookie")
    for token in (None, "", other, "not-a-signed-token"):
        extra = {} if token is None else {"csrf_token": token}
        answers = {
            "signin": browser.post(
                "/account/signin",
                data={"name": "abuse-coordinator", "password": PASSWORD, **extra},
            ),
            "upload": browser.post(
                "/coordinate/uploads", data={"scope": SCOPE, **extra}, files=_file()
            ),
            "edit": browser.post(
                "/coordinate/edits",
                data={"scope": SCOPE, "action": "verify", "row": "0", **extra},
            ),
            "publish": browser.post(f"/coordinate/uploads/{pending.id}/publish", data=extra),
            "discard": browser.post(f"/coordinate/uploads/{pending.id}/discard", data=extra),
            "signout": browser.post("/account/signout", data=extra),
        }
        for where, answer in answers.items():
            assert answer.status_code == 403, (where, token, answer.text[:300])
            assert "security token" in answer.json()["detail"]
            assert SESSION_COOKIE not in answer.cookies or where == "signout"
    # without the CSRF cookie, even a token signed for some cookie is refused
    bare = client(app, **{SESSION_COOKIE: session})
    answer = bare.post(
        "/coordinate/edits",
        data={"scope": SCOPE, "action": "verify", "row": "0", "csrf_token": _csrf(settings)},
    )
    assert answer.status_code == 403
    assert store_digest(settings) == before
    assert _uploads(settings) == kept
    assert Uploads(uploads_dir(settings.store_path)).get(pending.id).state == "checked"
    assert book.session_principal(session) is not None  # not signed out


# -- 7. sign-in throttling --------------------------------------------------------------


def _user_with_password(settings: Settings, name: str) -> None:
    book = accounts(settings)
    link = book.add_user(name, parse_scope(SCOPE), "editor")
    book.set_password(link, PASSWORD)


def test_wrong_passwords_throttled_per_name_then_per_address(settings: Settings) -> None:
    for name in ("throttled", "neighbour", "latecomer"):
        _user_with_password(settings, name)
    app = create_app(settings)  # a fresh limiter
    per_name = settings.signins_per_minute
    browser = client(app, **{CSRF_COOKIE: CSRF})

    def sign_in(name: str, password: str) -> object:
        return browser.post(
            "/account/signin",
            data={"name": name, "password": password, "csrf_token": _csrf(settings)},
            follow_redirects=False,
        )

    for i in range(per_name):
        wrong = sign_in("throttled", f"wrong-{i}")
        assert wrong.status_code == 401, (i, wrong.text[:300])  # type: ignore[attr-defined]
    blocked = sign_in("THROTTLED", PASSWORD)  # names are compared casefolded
    assert blocked.status_code == 429, blocked.text[:300]  # type: ignore[attr-defined]
    wait = blocked.headers.get("retry-after")  # type: ignore[attr-defined]
    assert wait is not None and wait.isdigit() and 0 < int(wait) <= 61, wait
    assert SESSION_COOKIE not in blocked.cookies  # type: ignore[attr-defined]

    fine = sign_in("neighbour", PASSWORD)  # another name from the same address
    assert fine.status_code == 303, fine.text[:300]  # type: ignore[attr-defined]
    assert SESSION_COOKIE in fine.cookies  # type: ignore[attr-defined]

    # the address has used per_name + 1 of its 4 * per_name attempts (the blocked one was
    # refused before it counted); fresh names use up the rest, then every name is refused
    left = 4 * per_name - (per_name + 1)
    for i in range(left):
        wrong = sign_in(f"stranger-{i}", "wrong")
        assert wrong.status_code == 401, (i, wrong.text[:300])  # type: ignore[attr-defined]
    late = sign_in("latecomer", PASSWORD)
    assert late.status_code == 429, late.text[:300]  # type: ignore[attr-defined]
    assert int(late.headers["retry-after"]) > 0  # type: ignore[attr-defined]
