"""The service's start-up says what it found and puts right what a killed build left."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build import build
from kg.config import Settings
from kg.store_dirs import current, stores_dir


def test_startup_removes_a_half_written_store_and_logs_it(
    data_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    report = build(data_copy)
    half = stores_dir(data_copy.store_path) / ("2999" + report.store_dir.name[4:])
    (half / "oxigraph").mkdir(parents=True)  # a build killed while writing
    with caplog.at_level(logging.INFO, logger="uvicorn.error"), TestClient(create_app(data_copy)):
        pass
    assert not half.exists()
    assert current(data_copy.store_path) == report.store_dir
    messages = [r.getMessage() for r in caplog.records if r.name == "uvicorn.error"]
    assert f"store found: {data_copy.store_path} -> {report.store_dir} (complete)" in messages
    assert f"removed leftover: {half}" in messages


def test_startup_without_a_store_warns_and_starts(
    data_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="uvicorn.error"), TestClient(create_app(data_copy)):
        pass
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"the service has no usable store: there is no store at {data_copy.store_path}: "
        "run kg build",
        "YP_SECRET is not set: signing in and every write route are off (503)",
    ]
