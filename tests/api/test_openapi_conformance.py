"""schemathesis against the service's own OpenAPI schema: no 5xx, no schema violations.

Every operation gets property-based requests generated from the schema (valid and invalid
parameters); each answer is checked for a 5xx, an undocumented status code or media type,
a body that does not match its documented schema, headers, and ``Allow`` on 405.

Positive-data acceptance is not checked for the operations whose input is a language or a
name the schema cannot describe: a SPARQL query string (``/sparql``, ``/queries/{id}``
parameters differ per query) or an IRI path that must have been minted (``/id/…``) — a
schema-valid but meaningless value there rightly gets 400 or 404 — and the audit, whose
latest date comes from the data (the end of the last council term), which a schema written
in the code cannot state.
"""

from __future__ import annotations

import dataclasses

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance

from api.deps import StoreHolder
from api.main import create_app
from kg.config import Settings


@schemathesis.serializer("application/sparql-query")
def _sparql_query_body(ctx: object, value: object) -> bytes:
    """The body of a direct SPARQL POST is the query text, UTF-8."""
    return (value if isinstance(value, str) else str(value)).encode("utf-8")


APP = create_app(Settings())
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
FREE_TEXT = (
    "/sparql",
    "/queries/{query_id}",
    "/id/{path}",
    "/api/v1/audit",
    "/network",  # as_of and term exclude each other; terms and themes come from the data
    "/network/diff",
    "/graph-store",  # graph and default exclude each other; a graph IRI must be the store's
)


@pytest.fixture(scope="module", autouse=True)
def _serve_the_test_store(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The schema is read at import time; the answers come from the session's test build.
    Writing is switched on (a secret, an empty accounts file) so that the write routes
    answer as a deployment's do: 401 to the generated requests, which carry no credential."""
    APP.state.settings = dataclasses.replace(
        settings,
        secret="conformance-" + "s" * 40,
        accounts_path=tmp_path_factory.mktemp("accounts") / "accounts.sqlite3",
    )
    APP.state.gate = None
    APP.state.store_holder = StoreHolder(settings)


@SCHEMA.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_openapi_schema(case: schemathesis.Case) -> None:
    excluded = [positive_data_acceptance] if case.operation.path in FREE_TEXT else []
    case.call_and_validate(excluded_checks=excluded)
