"""50 hostile strings in every lookup parameter: never a 5xx, and the graph unchanged.

The strings try SPARQL injection (closing a literal or IRI, UNION, updates, SERVICE),
path traversal, markup and script, format strings, NUL and control characters, odd
Unicode, huge values and numbers that overflow. Each goes into every parameter of every
lookup; afterwards the store's quad count and its canonical hash (the sorted N-Quads
dump) must be what they were. The lookups answer from a writable copy of the store (the
service opens its store read-only, where no write could land), so a request that wrote
would show.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kg.store import Store
from tests.helpers import store_fingerprint

HOSTILE = [
    '" } ; DROP ALL ; #',
    "205' OR '1'='1",
    '205" } UNION { ?s ?p ?o } #',
    "205> } INSERT DATA { <x:a> <x:b> <x:c> } #",
    "CLEAR ALL",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "?m",
    "$m",
    "<http://evil.example/x>",
    "https://w3id.org/yhdyspinta/id/municipality/205> . ?s ?p ?o . <x:",
    "yp:Municipality",
    '"""',
    "'''",
    "\\",
    "\\u0022",
    '\\" } #',
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "\x00",
    "Kajaani\x00",
    "\r\n\r\nX-Injected: 1",
    "\t\v\f",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
    "%s%s%s%n",
    "' ; --",
    "1; SELECT pg_sleep(10)",
    "ＫＡＪＡＡＮＩ",  # fullwidth
    "Kaja\u0301ani",  # combining accent
    "\u202eineajaK",  # right-to-left override
    "\ufeff205",  # byte order mark
    "😀" * 20,
    "Ä" * 99,
    "a" * 100,
    "x" * 5000,
    "-1",
    "0",
    "00000000000000000000205",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "[]",
    '{"$ne": null}',
]


@pytest.fixture(scope="module")
def before(writable_store: Store) -> tuple[int, str]:
    return store_fingerprint(writable_store)


def test_there_are_fifty_distinct_hostile_strings() -> None:
    assert len(set(HOSTILE)) == len(HOSTILE) == 50


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_lookup_parameters_never_5xx_and_change_nothing(
    writable_client: TestClient, writable_store: Store, value: str, before: tuple[int, str]
) -> None:
    quoted = quote(value, safe="")
    requests = [
        ("/api/v1/municipalities", {"county": value}),
        ("/api/v1/municipalities", {"q": value}),
        (f"/api/v1/municipalities/{quoted}", {}),
        (f"/api/v1/counties/{quoted}", {}),
        ("/api/v1/responsibilities", {"municipality": value}),
        ("/api/v1/responsibilities", {"municipality": "205", "theme": value}),
        ("/api/v1/responsibilities", {"municipality": "205", "as_of": value}),
        (f"/api/v1/posts/{quoted}", {}),
    ]
    for path, params in requests:
        r = writable_client.get(path, params=params)
        assert r.status_code < 500, (path, params, r.status_code, r.text[:200])
        assert r.status_code in (200, 404, 422), (path, params, r.status_code)
    assert store_fingerprint(writable_store) == before
