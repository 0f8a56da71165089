"""Request bodies above YP_MAX_BODY_BYTES are refused with 413 before they are read: by
their Content-Length at once, or, sent chunked, as soon as the count passes the limit; the
server's memory does not grow with the body."""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings
from tests.helpers import serving_process

SPARQL_QUERY = "application/sparql-query"
MB = 1_000_000


def _padded_query(size: int) -> bytes:
    """An ASK query of exactly ``size`` bytes (a comment pads it)."""
    head = b"ASK {}\n#"
    return head + b"x" * (size - len(head))


@pytest.fixture(scope="module")
def small_limit(settings: Settings) -> TestClient:
    return TestClient(create_app(dataclasses.replace(settings, max_body_bytes=2048)))


def test_body_limit_at_the_limit_is_answered(small_limit: TestClient) -> None:
    body = _padded_query(2048)
    r = small_limit.post("/sparql", content=body, headers={"content-type": SPARQL_QUERY})
    assert r.status_code == 200, r.text
    assert r.json()["boolean"] is True


def test_body_limit_declared_length_over_is_413(small_limit: TestClient) -> None:
    body = _padded_query(2049)
    r = small_limit.post("/sparql", content=body, headers={"content-type": SPARQL_QUERY})
    assert r.status_code == 413
    assert "2048 bytes" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"  # the refusal has the headers too


def test_body_limit_chunked_body_over_is_413(small_limit: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as read
        yield _padded_query(1500)
        yield b"x" * 1500

    r = small_limit.post("/sparql", content=chunks(), headers={"content-type": SPARQL_QUERY})
    assert r.status_code == 413
    assert "2048 bytes" in r.json()["detail"]


def test_body_limit_bad_content_length_is_400(small_limit: TestClient) -> None:
    r = small_limit.post(
        "/sparql", content=b"ASK {}", headers={"content-type": SPARQL_QUERY, "content-length": "6x"}
    )
    assert r.status_code == 400
    assert "Content-Length" in r.json()["detail"]


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[tuple[str, psutil.Process]]:
    with serving_process(settings) as (url, proc):
        yield url, psutil.Process(proc.pid)


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return sock


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_body_limit_100_mb_declared_is_refused_before_reading(
    service: tuple[str, psutil.Process],
) -> None:
    url, proc = service
    httpx.post(url + "/sparql", content=b"ASK {}", headers={"content-type": SPARQL_QUERY})
    before = proc.memory_info().rss
    with _connect(url) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {100 * MB}\r\n\r\n".encode()
        )
        start = time.monotonic()
        head = _read_response(sock)  # answered without a byte of the body sent
        assert time.monotonic() - start < 2
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    grown = (proc.memory_info().rss - before) / MB
    print(f"server RSS grew by {grown:.1f} MB for a declared 100 MB body")
    assert grown < 20


def test_body_limit_100_mb_chunked_is_cut_at_the_limit(
    service: tuple[str, psutil.Process],
) -> None:
    url, proc = service
    before = proc.memory_info().rss
    sent = 0
    chunk = b"x" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with _connect(url) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 100 * MB:
                sock.sendall(frame)
                sent += len(chunk)
        except OSError:  # the server answered and closed the connection
            pass
        head = _read_response(sock)
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    assert sent < 100 * MB, "the server read the whole 100 MB"
    grown = (proc.memory_info().rss - before) / MB
    print(f"sent {sent / MB:.1f} MB of a chunked 100 MB body; server RSS grew by {grown:.1f} MB")
    assert grown < 20
