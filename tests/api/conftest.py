from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings
from kg.store import Store
from tests.helpers import FixedStoreHolder


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def writable_client(settings: Settings, writable_store: Store) -> TestClient:
    """A client of an app whose routes answer from a writable copy of the store."""
    app = create_app(settings)
    app.state.store_holder = FixedStoreHolder(writable_store)
    return TestClient(app)
