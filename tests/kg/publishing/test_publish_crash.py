"""A publish killed (SIGKILL) at random moments leaves the old data or the new, never a mix.

Each run checks an upload in this process, then lets a child process publish it and kills
the child after a random delay (seeded, uniform between 0 and the measured length of one
publish); a quarter of the runs instead are killed right after the commit (the child says
COMMITTED from a wrapper around the store-link switch and waits), the short window before
the log line that random delays rarely hit: those must be rolled forward. The next
command's recovery (``kg.recovery.recover`` under the write lock) then
must leave: a complete store; the scope folder's graphs exactly as before or exactly the
upload's; the history log with the new version iff the store has its data; one PROV
``yp:Publication`` per log line; the folder's file on disk matching the store; and no
staging, trash, journal, unlogged version or unfinished store left behind.

``pytest -s`` shows one line per run (delay, outcome, what recovery did) and the totals.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import history
from kg.auth.scopes import parse_scope
from kg.config import REPO_ROOT, Settings
from kg.importing import journal
from kg.importing.regional import SIDECAR
from kg.iris import Minter
from kg.publishing.service import check_upload, folder_state
from kg.publishing.uploads import Upload
from kg.recovery import recover
from kg.store import Store
from kg.store_dirs import current, is_complete, leftovers, stores_dir, write_lock
from kg.store_health import store_problem
from tests.writing import principal, responsibility_rows, writable_settings, xlsx

RUNS = 20
SCOPE = "county:16"
FOLDER = "county-16"
READY_TIMEOUT_S = 60.0
PUBLISH_TIMEOUT_S = 60.0
ACTIONS = ("rolled forward", "rolled back", "left")

# The child: builds the same Settings, warms the serving store's context (as a running
# service has it), says READY, reads the upload id from stdin, publishes it and says so.
CHILD = """
import dataclasses, os, sys
from pathlib import Path
from kg.auth.accounts import Principal
from kg.auth.scopes import parse_scope
from kg.config import Settings
from kg.publishing.prepared import serving
from kg.publishing.service import publish_upload

data_dir, store_path, accounts_path, scope = sys.argv[1:5]
settings = dataclasses.replace(
    Settings(),
    data_dir=Path(data_dir),
    store_path=Path(store_path),
    accounts_path=Path(accounts_path),
    secret=os.environ["PUBLISH_CRASH_SECRET"],
    writes_per_minute=100_000,
)
who = Principal("token", f"t-{scope}", "tester", parse_scope(scope), "editor")
if os.environ.get("PUBLISH_CRASH_AT_COMMIT"):
    # say when the store link has switched (the commit), then wait for the kill: the
    # window between the commit and the log line, which random delays rarely hit
    import time
    from kg.importing import folder_write
    switch = folder_write.swap_link
    def said_at_commit(link, target):
        switch(link, target)
        print("COMMITTED", flush=True)
        time.sleep(60)
    folder_write.swap_link = said_at_commit
serving(settings)
print("READY", flush=True)
upload_id = sys.stdin.readline().strip()
version = publish_upload(settings, who, upload_id)
print("PUBLISHED", version.version, flush=True)
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return writable_settings(tmp_path_factory.mktemp("publish-crash"))


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    stderr: Path

    def stderr_text(self) -> str:
        return self.stderr.read_text("utf-8", errors="replace")[-4000:]


def start_child(settings: Settings, stderr: Path, *, at_commit: bool = False) -> Child:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PUBLISH_CRASH_SECRET"] = settings.secret or ""
    if at_commit:
        env["PUBLISH_CRASH_AT_COMMIT"] = "1"
    argv = [
        sys.executable,
        "-c",
        CHILD,
        str(settings.data_dir),
        str(settings.store_path),
        str(settings.accounts_path),
        SCOPE,
    ]
    with stderr.open("wb") as err:
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err
        )
    return Child(proc, stderr)


def read_line(child: Child, timeout: float) -> str:
    """The child's next line of output ('' if it ended), waiting at most ``timeout``."""
    out = child.proc.stdout
    assert out is not None
    ready, _, _ = select.select([out], [], [], timeout)
    assert ready, f"the child said nothing in {timeout} s; stderr:\n{child.stderr_text()}"
    return out.readline().decode("utf-8").strip()


def trigger(child: Child, upload_id: str) -> float:
    stdin = child.proc.stdin
    assert stdin is not None
    stdin.write(upload_id.encode("ascii") + b"\n")
    stdin.flush()
    return time.monotonic()


def stop(child: Child) -> list[str]:
    """Kill the child if it still runs; the lines it wrote that were not read yet."""
    if child.proc.poll() is None:
        child.proc.send_signal(signal.SIGKILL)
    child.proc.wait()
    rest = child.proc.stdout.read() if child.proc.stdout is not None else b""
    for stream in (child.proc.stdin, child.proc.stdout):
        if stream is not None:
            stream.close()
    return rest.decode("utf-8").splitlines()


def check(settings: Settings, title: str, name: str) -> Upload:
    data = xlsx(responsibility_rows("16", "005", "hyte", title))
    upload = check_upload(settings, principal(SCOPE), parse_scope(SCOPE), name, data)
    assert upload.state == "checked", upload.review
    assert upload.folder == FOLDER
    return upload


def prefix(settings: Settings) -> str:
    return str(Minter(settings.base_iri).graph(f"regional/{FOLDER}")) + "/"


def titles(store: Store, settings: Settings) -> set[str]:
    rows = store.select(
        "SELECT ?t WHERE { GRAPH ?g { ?post skos:prefLabel ?t } "
        f'FILTER(STRSTARTS(STR(?g), "{prefix(settings)}")) }}'
    )
    return {str(r["t"]) for r in rows}


def folder_graphs(store: Store, settings: Settings) -> set[str]:
    return {g for g in store.named_graphs() if g.startswith(prefix(settings))}


def publications(store: Store) -> set[str]:
    return {str(r["a"]) for r in store.select("SELECT DISTINCT ?a WHERE { ?a a yp:Publication }")}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_killed_at_random_moments_leaves_old_or_new(
    settings: Settings,
) -> None:
    hist = history.history_dir(settings.data_dir)
    regional = settings.data_dir / "regional"
    folder = regional / FOLDER
    mint = Minter(settings.base_iri)
    work = settings.store_path.parent

    # one publish, not killed: its length bounds the random delays; its data is the
    # state the first run starts from
    child = start_child(settings, work / "child-measure.err")
    try:
        upload = check(settings, "Post measure", "posts-measure.xlsx")
        assert read_line(child, READY_TIMEOUT_S) == "READY", child.stderr_text()
        started = trigger(child, upload.id)
        said = read_line(child, PUBLISH_TIMEOUT_S)
        duration = time.monotonic() - started
        assert said.startswith("PUBLISHED "), f"{said!r}; stderr:\n{child.stderr_text()}"
        child.proc.wait(timeout=PUBLISH_TIMEOUT_S)
    finally:
        stop(child)
    assert child.proc.returncode == 0, child.stderr_text()
    log = history.read_log(hist)
    assert [v.version for v in log] == [said.split()[1]]
    print(f"\none publish takes {duration:.2f} s (trigger to PUBLISHED)")

    before = {"Post measure"}
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for i in range(RUNS):
        rng = random.Random(i)
        delay = rng.uniform(0.0, duration)
        title, name = f"Post {i}", f"posts-{i}.xlsx"
        log_before = [v.version for v in history.read_log(hist)]
        last = history.last_of_folder(hist, FOLDER)
        assert last is not None

        at_commit = i % 4 == 3  # a quarter of the runs: killed right after the commit
        child = start_child(settings, work / f"child-{i}.err", at_commit=at_commit)
        killed, lines = False, []
        try:
            upload = check(settings, title, name)
            assert read_line(child, READY_TIMEOUT_S) == "READY", child.stderr_text()
            started = trigger(child, upload.id)
            if at_commit:
                assert read_line(child, PUBLISH_TIMEOUT_S) == "COMMITTED", child.stderr_text()
                delay = time.monotonic() - started
            else:
                time.sleep(max(0.0, started + delay - time.monotonic()))
            killed = child.proc.poll() is None
        finally:
            lines = stop(child)
        rc = child.proc.returncode
        assert rc in (0, -signal.SIGKILL), f"run {i}: the child failed ({rc}):\n" + (
            child.stderr_text()
        )
        printed = [line.split()[1] for line in lines if line.startswith("PUBLISHED ")]
        assert killed or rc == 0

        # what the next command does first: recover under the write lock (which the
        # killed child must not still hold)
        with write_lock(settings.store_path, wait=False):
            found = recover(settings)

        # (a) the store opens and is complete
        assert found.ok, f"run {i}: {found.problem}"
        assert store_problem(settings.store_path) is None
        target = current(settings.store_path)
        assert target is not None and is_complete(target)
        store = Store.open(settings.store_path)

        # (b) the folder's graphs are exactly the old state's or exactly the upload's
        got = titles(store, settings)
        assert got in (before, {title}), f"run {i}: mixed titles {got} (before {before})"
        new = got == {title}
        if new:
            assert folder_graphs(store, settings) == set(upload.review["graphs"])
        else:
            assert folder_state(store, prefix(settings)) == upload.base, f"run {i}"

        # (c) the log has the new version iff the store has the new data; what the child
        # said it published is logged and served
        log = history.read_log(hist)
        ids = [v.version for v in log]
        assert ids[: len(log_before)] == log_before, f"run {i}: the log's past changed"
        assert len(log) == len(log_before) + (1 if new else 0), f"run {i}: new={new}, log {ids}"
        if new:
            assert log[-1].folder == FOLDER
            assert log[-1].file_sha256 == upload.file_sha256
        for version in printed:
            assert new and ids[-1] == version, f"run {i}: {version} printed, not served"
        if rc == 0:
            assert printed, f"run {i}: the child ended without PUBLISHED"

        # (d) one PROV publication per log line, the same versions
        assert publications(store) == {str(history.version_iri(mint, v)) for v in ids}

        # (e) the folder's file on disk is the served version's
        version = log[-1] if new else last
        files = sorted(folder.glob("*.xlsx"))
        assert [p.name for p in files] == [version.file_name], f"run {i}: {files}"
        assert sha256(files[0]) == version.file_sha256
        sidecar = json.loads(files[0].with_name(files[0].name + SIDECAR).read_text("utf-8"))
        assert sidecar["sha256"] == version.file_sha256

        # (f) nothing left over: no journal, staging, trash, unlogged version folder,
        # unfinished store, or a complete store newer than the one served
        assert not (regional / journal.JOURNAL).exists()
        hidden = [p.name for p in regional.iterdir() if p.name.startswith(".")]
        assert hidden == [], f"run {i}: {hidden}"
        assert history.uncommitted(hist) == []
        assert sorted(p.name for p in (hist / history.VERSIONS).iterdir()) == sorted(ids)
        assert found.pending == [] and leftovers(settings.store_path) == []
        stores = sorted(p for p in stores_dir(settings.store_path).iterdir() if p.is_dir())
        assert all(is_complete(p) for p in stores), f"run {i}: {stores}"
        assert stores[-1] == target, f"run {i}: a store newer than the served one: {stores}"
        del store

        outcome = "new" if new else "old"
        outcomes[outcome] += 1
        before = got
        how = "killed" if killed else "finished"
        did = next((a for a in ACTIONS if found.journal and a in found.journal), "nothing")
        print(
            f"run {i:2d}: delay {delay:.3f} s of {duration:.2f} s, {how}, {outcome}"
            f"{', printed PUBLISHED' if printed else ''}; recovery: {did}"
        )
    print(f"total: {outcomes['old']} old, {outcomes['new']} new of {RUNS} runs")
    # most delays fall well before the commit (near the end of a publish): a run that
    # kept the old data shows the kills land; whether one lands after the commit, or a
    # publish finishes in time, depends on the machine's speed, so it is only reported
    assert outcomes["old"] >= 1
    # every run killed after the commit was rolled forward to the new data
    assert outcomes["new"] >= RUNS // 4
