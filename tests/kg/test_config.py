"""Settings from the environment: defaults, overrides, and bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import DEFAULT_BASE_IRI, DEFAULT_PUBLIC_URL, Settings, SettingsError


def test_settings_defaults_and_overrides() -> None:
    assert Settings.from_env({}).base_iri == DEFAULT_BASE_IRI
    s = Settings.from_env(
        {
            "YP_BASE_IRI": "http://localhost:8000/id/",
            "YP_STORE": "/tmp/s",
            "YP_QUERY_TIMEOUT": "2.5",
            "YP_ROW_CAP": "50",
        }
    )
    assert (s.base_iri, s.store_path, s.query_timeout_s, s.row_cap) == (
        "http://localhost:8000/id/",
        Path("/tmp/s"),
        2.5,
        50,
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("YP_BASE_IRI", "https://example.org/no-slash"),
        ("YP_BASE_IRI", "urn:x:"),
        ("YP_QUERY_TIMEOUT", "soon"),
        ("YP_QUERY_TIMEOUT", "0"),
        ("YP_ROW_CAP", "many"),
        ("YP_ROW_CAP", "-1"),
        ("YP_ROW_CAP", "1.5"),
        ("YP_STORE", " "),
        ("YP_PUBLIC_URL", "http://127.0.0.1:8000"),
        ("YP_PUBLIC_URL", "ftp://example.org/"),
        ("YP_PUBLIC_URL", "https://example.org/?x=/"),
        ("YP_PUBLIC_URL", "https://example.org/#/"),
        ("YP_PUBLIC_URL", "https:///"),
        ("YP_MAX_BODY_BYTES", "1MB"),
        ("YP_MAX_BODY_BYTES", "0"),
        ("YP_QUERY_WORKERS", "0"),
        ("YP_QUERY_QUEUE", "-1"),
        ("YP_QUERIES_PER_CLIENT", "0"),
        ("YP_QUERIES_PER_CLIENT", "two"),
        ("YP_PUBLIC_URL", "http://example.org"),
        ("YP_PUBLIC_URL", "http://example.org/?q=1/"),
        ("YP_BYTE_CAP", "999"),
        ("YP_BYTE_CAP", "50MB"),
        ("YP_WORKER_MEMORY_MB", "100"),
        ("YP_QUERY_MAX_DEPTH", "0"),
        ("YP_QUERY_MAX_DEPTH", "1001"),
        ("YP_QUERY_MAX_CHAIN", "20001"),
        ("YP_WORKER_SANDBOX", "no"),
    ],
)
def test_settings_bad_value_names_the_variable(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({key: value})


def test_settings_limits_and_public_url_from_env() -> None:
    s = Settings.from_env(
        {
            "YP_PUBLIC_URL": "https://kg.example.fi/yhdyspinta/",
            "YP_MAX_BODY_BYTES": "2048",
            "YP_QUERY_WORKERS": "3",
            "YP_QUERY_QUEUE": "0",
            "YP_QUERIES_PER_CLIENT": "1",
        }
    )
    assert (
        s.public_url,
        s.max_body_bytes,
        s.query_workers,
        s.query_queue,
        s.queries_per_client,
    ) == ("https://kg.example.fi/yhdyspinta/", 2048, 3, 0, 1)
    assert Settings.from_env({}).public_url == DEFAULT_PUBLIC_URL


def test_settings_of_the_sparql_workers() -> None:
    defaults = Settings.from_env({})
    assert defaults.public_url == "http://127.0.0.1:8000/"
    assert defaults.worker_sandbox is True
    s = Settings.from_env(
        {
            "YP_PUBLIC_URL": "https://kg.example.fi/palvelu/",
            "YP_BYTE_CAP": "1000",
            "YP_WORKER_MEMORY_MB": "2048",
            "YP_WORKER_SANDBOX": "off",
            "YP_QUERY_MAX_DEPTH": "1000",
            "YP_QUERY_MAX_CHAIN": "20000",
        }
    )
    assert (
        s.public_url,
        s.byte_cap,
        s.worker_memory_mb,
        s.worker_sandbox,
        s.query_max_depth,
        s.query_max_chain,
    ) == ("https://kg.example.fi/palvelu/", 1000, 2048, False, 1000, 20000)
    assert Settings.from_env({"YP_WORKER_SANDBOX": "SECCOMP"}).worker_sandbox is True
