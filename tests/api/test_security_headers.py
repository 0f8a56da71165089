"""Every answer carries the security headers; the service's pages have nothing inline, so
the default policy (nothing inline allowed) is theirs; ReDoc's policy allows its styles."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.security_headers import DEFAULT_POLICY, HEADERS, source_hash


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/api/v1/municipalities/091", 200),
        ("GET", "/sparql?query=ASK%20%7B%7D", 200),
        ("GET", "/sparql", 200),
        ("GET", "/void", 200),
        ("GET", "/dumps", 200),
        ("GET", "/static/js/swagger-init.js", 200),
        ("GET", "/api/v1/municipalities/Atlantis", 404),
        ("DELETE", "/sparql", 405),
        ("GET", "/no/such/path", 404),
    ],
)
def test_security_headers_on_every_answer(
    client: TestClient, method: str, path: str, status: int
) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["content-security-policy"] == DEFAULT_POLICY
    for name, value in HEADERS.items():
        assert r.headers[name] == value


def test_security_headers_default_policy_allows_only_this_origin() -> None:
    directives = dict(d.strip().split(" ", 1) for d in DEFAULT_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in DEFAULT_POLICY and "*" not in DEFAULT_POLICY


def test_security_headers_source_hash_is_the_csp_spec_example() -> None:
    # the example of CSP Level 2, section 4.2.5.2 (script hashes)
    expected = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert source_hash("alert('Hello, world.');") == expected


class _Inline(HTMLParser):
    """The texts of a page's inline <style> and <script> elements (JSON data blocks are
    not scripts: they are never run)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._open: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type")
        if tag == "script" and "src" in dict(attrs):
            return  # a file of the service, not inline
        if tag == "style" or (tag == "script" and kind in (None, "text/javascript")):
            self._open = self.styles if tag == "style" else self.scripts
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in ("style", "script"):
            self._open.append("".join(self._text))
            self._open = None


def _directive(policy: str, name: str) -> set[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return set(words[1:])
    return set()


@pytest.mark.parametrize(
    "path",
    [
        "/id/municipality/091",
        "/id/no/such/thing",
        "/ontology",
        "/theme/hyte",
        "/network?county=20",
        "/network?county=20&theme=employment&relation=forum",
        "/network?network=dual-role&county=01",  # the page saying nothing was recorded
    ],
)
def test_security_headers_pages_have_nothing_inline(client: TestClient, path: str) -> None:
    """The service's pages link their stylesheet and scripts (files of this service): no
    inline <style> or <script> (a JSON data block is data, never run), so the default
    policy, which allows nothing inline, is theirs."""
    r = client.get(path, headers={"accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html")
    page = _Inline()
    page.feed(r.text)
    assert page.styles == [] and page.scripts == []
    assert r.headers["content-security-policy"] == DEFAULT_POLICY
    assert '<link rel="stylesheet" href="/static/css/site.css">' in r.text
    assert not re.search(r"<[a-z]+[^>]*\sstyle=", r.text), "an inline style attribute"
    for ref in re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', r.text):
        assert ref.startswith("/") and client.get(ref).status_code == 200, ref


def test_security_headers_redoc_allows_inline_styles_not_scripts(client: TestClient) -> None:
    policy = client.get("/redoc").headers["content-security-policy"]
    assert "'unsafe-inline'" in _directive(policy, "style-src")
    assert not re.search(r"script-src[^;]*unsafe", policy)
    assert _directive(policy, "default-src") == {"'self'"}
