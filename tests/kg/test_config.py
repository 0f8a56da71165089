"""Settings from the environment: defaults, overrides, and bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import DEFAULT_BASE_IRI, Settings, SettingsError


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
    ],
)
def test_settings_bad_value_names_the_variable(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({key: value})
