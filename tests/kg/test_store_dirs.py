"""Store directories: complete only when marked last, the link only on a complete one, the
previous complete store kept over a half-written one, one writer at a time; and real
`kg build` processes killed at random moments."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.errors import BuildError
from kg.recovery import inspect
from kg.store import BUILD_INFO, Store
from kg.store_dirs import (
    clean,
    current,
    is_complete,
    leftovers,
    stores_dir,
    superseded,
    swap_link,
    write_lock,
)
from tests.processes import kg_process, kill_after, kill_delays


def _half_written(complete: Path, name: str) -> Path:
    """What a build killed while writing leaves: the database, no build.json."""
    half = complete.parent / name
    shutil.copytree(complete / "oxigraph", half / "oxigraph")
    return half


def _newer(path: Path) -> str:
    """A store directory name that sorts after ``path``'s (names begin with the time)."""
    return "2999" + path.name[4:]


def test_build_after_killed_build_keeps_previous_complete_store(data_copy: Settings) -> None:
    first = build(data_copy).store_dir
    half = _half_written(first, _newer(first))  # newer than `first`
    assert half.name > first.name and not is_complete(half)
    assert leftovers(data_copy.store_path) == [half]
    report = build(data_copy)
    assert report.check is not None and report.check.removed == [half]
    assert sorted(stores_dir(data_copy.store_path).iterdir()) == [first, report.store_dir]
    assert current(data_copy.store_path) == report.store_dir
    assert all(is_complete(p) for p in (first, report.store_dir))


def test_superseded_keeps_the_link_target_and_the_newest_older_complete(
    data_copy: Settings,
) -> None:
    link = data_copy.store_path
    a = build(data_copy).store_dir
    b = build(data_copy).store_dir
    c = build(data_copy).store_dir  # builds remove all but the current and previous
    assert sorted(stores_dir(link).iterdir()) == [b, c]
    swap_link(link, b)  # the link on the older one: c is newer and complete, but unused
    orphan_half = _half_written(c, _newer(c))
    assert superseded(link) == [c]
    assert leftovers(link) == [orphan_half]
    assert clean(link) == [orphan_half, c]
    assert sorted(stores_dir(link).iterdir()) == [b]
    assert not a.exists()


def test_swap_link_refuses_an_incomplete_store(data_copy: Settings) -> None:
    link = data_copy.store_path
    done = build(data_copy).store_dir
    half = _half_written(done, _newer(done))
    with pytest.raises(BuildError, match="not a complete store"):
        swap_link(link, half)
    assert current(link) == done


def test_build_marks_complete_last(data_copy: Settings) -> None:
    report = build(data_copy)
    files = [p for p in report.store_dir.rglob("*") if p.is_file()]
    newest = max(files, key=lambda p: p.stat().st_mtime_ns)
    assert newest.name == BUILD_INFO
    info = Store.open(data_copy.store_path).build_info()
    assert info["triples"] == len(Store.open(data_copy.store_path))


def test_write_lock_excludes_a_second_writer_and_dies_with_its_holder(tmp_path: Path) -> None:
    link = tmp_path / "var" / "store"
    with (
        write_lock(link),
        pytest.raises(BlockingIOError, match="another kg build"),
        write_lock(link, wait=False),
    ):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from kg.store_dirs import write_lock\n"
            f"with write_lock(Path({str(link)!r})):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    with pytest.raises(BlockingIOError), write_lock(link, wait=False):
        pass
    holder.kill()
    holder.wait()
    holder.stdout.close()
    with write_lock(link, wait=False):  # the kernel released the killed holder's lock
        pass


@pytest.mark.slow
def test_build_killed_at_random_moments_keeps_a_complete_store(data_copy: Settings) -> None:
    """20 `kg build` processes, each SIGKILLed after a random delay spread over a normal
    build's duration; after each, the link names a complete store that opens with the same
    statements, and the next build keeps it rather than a half-written one."""
    link = data_copy.store_path
    build(data_copy)
    expected = len(Store.open(link))
    started = time.perf_counter()
    proc = kg_process(data_copy, "build")
    _, stderr = proc.communicate()
    assert proc.returncode == 0, stderr.decode()
    duration = time.perf_counter() - started
    serving = current(link)
    outcomes = []
    for delay in kill_delays("kg build", duration):
        before = current(link)
        kill_after(kg_process(data_copy, "build"), delay)
        serving = current(link)
        assert serving is not None and is_complete(serving)
        assert len(Store.open(link)) == expected
        check = inspect(data_copy)
        assert check.ok, check.problem
        # a half-written directory may be left; it is never the one served
        assert all(p != serving for p in check.pending)
        outcomes.append(("swapped" if serving != before else "kept", round(delay, 2)))
    print("outcomes:", outcomes)
    report = build(data_copy)  # the next build removes what the killed ones left
    left = sorted(stores_dir(link).iterdir())
    assert report.store_dir in left and len(left) <= 2
    assert all(is_complete(p) for p in left)
    assert serving in left or serving == report.store_dir
    assert os.readlink(link).endswith(report.store_dir.name)
