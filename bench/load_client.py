"""A closed-loop HTTP/1.1 load client: N keep-alive connections on raw sockets, one process.

Each connection has one request in flight: it sends the next request of the cycle as soon
as the previous answer is complete, so N connections are N concurrent clients. Answers are
read with an epoll loop, framed by Content-Length or chunked encoding, and every answer is
checked by ``check(status, body, expect)``: anything but a complete answer that passes the
check (a non-200 status, a truncated or unparseable body, a wrong row count, a reset or
closed connection, no answer within the time limit) is an error. Latency is from the
request being written to the answer being complete; the figures count only answers that
finished inside the measured window, after the warm-up.

The client measures its own CPU time, so a report can show whether the client or the
server was the busy side.
"""

from __future__ import annotations

import dataclasses
import resource
import selectors
import socket
import time
from collections.abc import Callable, Sequence
from typing import Any

Check = Callable[[int, bytes, Any], bool]


@dataclasses.dataclass(frozen=True)
class Request:
    raw: bytes  # the whole request: request line, headers, body
    expect: Any  # handed to the check with the answer
    kind: str = ""  # its latencies are also kept apart under this name


@dataclasses.dataclass
class Result:
    clients: int
    seconds: float  # the measured window
    ok: int
    errors: int
    latencies: list[float]  # seconds, of the answers that passed, in the window
    client_cpu: float  # the client's CPU seconds per second of the window (1.0 = a full core)
    error_samples: list[str]
    answered: int = 0  # complete answers over the whole run, warm-up included
    by_kind: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    error_classes: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds

    def percentile(self, p: float, kind: str | None = None) -> float:
        """Nearest-rank percentile of the latencies (of one ``kind`` of request), in
        seconds (nan with no answers)."""
        latencies = self.latencies if kind is None else self.by_kind.get(kind, [])
        if not latencies:
            return float("nan")
        ordered = sorted(latencies)
        rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1]


def http_request(
    method: str, path: str, host: str, *, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
) -> bytes:
    """The raw bytes of one keep-alive HTTP/1.1 request."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class _Conn:
    __slots__ = ("sock", "buf", "sent_at", "index", "request", "slot")

    def __init__(self, sock: socket.socket, index: int, slot: int) -> None:
        self.sock = sock
        self.buf = bytearray()
        self.sent_at = 0.0
        self.index = index
        self.request: Request | None = None
        self.slot = slot  # which client it is (its source address)


_INCOMPLETE = None


def parse_response(buf: bytearray) -> tuple[int, bytes, bool] | None:
    """(status, body, server closes) of the complete response in ``buf``, or None if partial.

    Raises ValueError for a response that cannot be framed.
    """
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return _INCOMPLETE
    head = bytes(buf[:end]).lower()
    if not head.startswith(b"http/1.1 ") and not head.startswith(b"http/1.0 "):
        raise ValueError(f"not an HTTP response: {head[:40]!r}")
    status = int(head[9:12])
    closes = b"\r\nconnection: close" in head or head.startswith(b"http/1.0")
    start = end + 4
    at = head.find(b"\r\ncontent-length:")
    if at >= 0:
        stop = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : stop if stop >= 0 else len(head)])
        if len(buf) < start + length:
            return _INCOMPLETE
        return status, bytes(buf[start : start + length]), closes
    if b"\r\ntransfer-encoding: chunked" in head:
        body = bytearray()
        pos = start
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                return _INCOMPLETE
            size = int(bytes(buf[pos:line_end]).split(b";", 1)[0], 16)
            pos = line_end + 2
            if size == 0:
                if len(buf) < pos + 2:
                    return _INCOMPLETE
                if buf[pos : pos + 2] != b"\r\n":
                    raise ValueError("chunked trailers are not supported")
                return status, bytes(body), closes
            if len(buf) < pos + size + 2:
                return _INCOMPLETE
            body += buf[pos : pos + size]
            pos += size + 2
    if status in (204, 304) or 100 <= status < 200:
        return status, b"", closes
    raise ValueError("a response without Content-Length or chunked encoding")


def run(
    host: str,
    port: int,
    requests: Sequence[Request],
    check: Check,
    *,
    clients: int,
    duration: float,
    warmup: float,
    timeout: float = 5.0,
    sources: Sequence[str] = (),
) -> Result:
    """Load ``host:port`` with ``clients`` connections cycling through ``requests``.

    With ``sources``, connection *i* comes from the address ``sources[i % len(sources)]``
    (any 127.x.y.z reaches a loopback server), so a server can tell the clients apart.
    """
    sel = selectors.DefaultSelector()
    n = len(requests)
    conns: list[_Conn] = []
    errors = 0
    samples: list[str] = []
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    classes: dict[str, int] = {}
    ok = answered = 0

    def connect(index: int, slot: int) -> _Conn:
        source = (sources[slot % len(sources)], 0) if sources else None
        sock = socket.create_connection((host, port), source_address=source)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Conn(sock, index, slot)
        sel.register(sock, selectors.EVENT_READ, conn)
        return conn

    def count(kind: str) -> None:
        classes[kind] = classes.get(kind, 0) + 1

    def send(conn: _Conn) -> None:
        conn.request = requests[conn.index % n]
        conn.index += 1
        conn.buf.clear()
        conn.sent_at = time.perf_counter()
        conn.sock.sendall(conn.request.raw)

    def fail(conn: _Conn, why: str, kind: str) -> _Conn:
        nonlocal errors
        errors += 1
        count(kind)
        if len(samples) < 5:
            samples.append(why)
        sel.unregister(conn.sock)
        conn.sock.close()
        fresh = connect(conn.index, conn.slot)
        conns[conns.index(conn)] = fresh
        return fresh

    for i in range(clients):
        conns.append(connect(i * n // clients, i))
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + duration
    cpu_before: float | None = None
    for conn in conns:
        send(conn)
    last_sweep = start
    while True:
        now = time.perf_counter()
        if cpu_before is None and now >= measure_from:
            cpu_before = _cpu()
        if now >= stop:
            break
        for key, _ in sel.select(timeout=0.05):
            conn = key.data
            try:
                data = conn.sock.recv(262144)
            except OSError as exc:
                send(fail(conn, f"recv: {exc}", "connection error"))
                continue
            if not data:
                send(fail(conn, "connection closed by the server", "connection closed"))
                continue
            conn.buf += data
            try:
                parsed = parse_response(conn.buf)
            except ValueError as exc:
                send(fail(conn, f"bad response: {exc}", "bad response"))
                continue
            if parsed is None:
                continue
            done = time.perf_counter()
            answered += 1
            status, body, closes = parsed
            request = conn.request
            assert request is not None
            good = False
            try:
                good = check(status, body, request.expect)
            except Exception as exc:  # an unparseable body is an error like any other
                why = f"check raised {type(exc).__name__}: {exc}"
            else:
                why = f"status {status}, body {body[:80]!r}"
            if not good:
                errors += 1
                count(f"status {status}" if status != 200 else "wrong answer")
                if len(samples) < 5:
                    samples.append(why)
            elif measure_from <= done < stop:
                ok += 1
                latencies.append(done - conn.sent_at)
                by_kind.setdefault(request.kind, []).append(done - conn.sent_at)
            if closes:
                sel.unregister(conn.sock)
                conn.sock.close()
                fresh = connect(conn.index, conn.slot)
                conns[conns.index(conn)] = fresh
                conn = fresh
            send(conn)
        if now - last_sweep > 0.1:
            last_sweep = now
            for conn in list(conns):
                if now - conn.sent_at > timeout:
                    send(fail(conn, f"no answer in {timeout} s", f"no answer in {timeout:g} s"))
    cpu = _cpu() - (cpu_before if cpu_before is not None else _cpu())
    for conn in conns:
        sel.unregister(conn.sock)
        conn.sock.close()
    sel.close()
    return Result(
        clients,
        duration,
        ok,
        errors,
        latencies,
        cpu / duration,
        samples,
        answered,
        by_kind,
        classes,
    )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
