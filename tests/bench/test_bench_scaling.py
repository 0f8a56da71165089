"""The scaling bench's own arithmetic and settings (bench/bench_scaling.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.bench_scaling import (
    EMBEDDED,
    aims,
    exponents,
    median_of,
    percentile,
    print_report,
    settings_for,
)


def size(factor: float, triples: int, **seconds: float) -> dict[str, object]:
    return {"factor": factor, "triples": triples, "seconds": seconds, "complete": True}


def test_settings_for_reads_the_size_folder(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    assert settings.data_dir == tmp_path / "data"
    assert settings.ontology_dir == tmp_path / "ontology"
    assert settings.store_path == tmp_path / "var" / "store"


def test_settings_for_a_server_keep_the_versions_in_the_size_folder(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:7878")
    assert settings.remote is not None
    assert settings.remote.query == "http://127.0.0.1:7878/query"
    assert settings.store_path == tmp_path / "var" / "store"


def test_percentile_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 99), percentile([3.0], 99)) == (50, 99, 3)


def test_median_of_repeats_within_the_budget() -> None:
    calls: list[int] = []

    def call() -> int:
        calls.append(1)
        return len(calls)

    seconds, runs, last = median_of(call, budget=10)
    assert (runs, last) == (3, 3) and seconds >= 0
    _, runs, _ = median_of(call, budget=-1)
    assert runs == 1  # the first run always happens


def test_exponents_between_consecutive_sizes() -> None:
    sizes = [size(1, 100, build=1.0), size(10, 1000, build=10.0), size(100, 5000, build=1000.0)]
    first, second = exponents(sizes)
    assert first["by_factor"]["build"] == pytest.approx(1.0)
    assert second["by_factor"]["build"] == pytest.approx(2.0)
    assert second["by_triples"]["build"] == pytest.approx(math.log(100) / math.log(5))


def test_exponents_skip_what_a_size_did_not_measure() -> None:
    (step,) = exponents([size(1, 100, build=1.0, audit=2.0), size(10, 1000, build=8.0)])
    assert set(step["by_factor"]) == {"build"}


def test_aims_judge_build_and_validation_from_one_to_ten() -> None:
    sizes = [size(1, 100, build=1.0, validate=1.0), size(10, 1000, build=14.0, validate=15.0)]
    found = aims(exponents(sizes))
    assert found["build"]["met"] is True  # 10 ** 1.146 = 14
    assert found["validate"]["met"] is False
    assert aims(exponents([size(10, 1, build=1.0), size(100, 2, build=2.0)])) == {}


def test_report_names_a_size_cut_short(capsys: pytest.CaptureFixture[str]) -> None:
    short = size(100, 2000, build=100.0) | {"complete": False, "ended": "exited with status -9"}
    sizes = [size(1, 100, build=1.0, validate=1.0), short]
    report = {
        "store": EMBEDDED,
        "as_of": "2026-11-23",
        "machine": {"cpus": 2, "memory_gib": 23.5},
        "sizes": sizes,
        "exponents": exponents(sizes),
        "aims": {},
    }
    print_report(report)
    out = capsys.readouterr().out
    assert "(exited with status -9)" in out
    assert "1x->100x" in out and "1.00" in out
