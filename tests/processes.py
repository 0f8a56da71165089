"""Real `kg` processes for the crash tests: started over a data copy, killed at a moment."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from kg.config import Settings

KILLS = 20


def kg_process(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    """``kg ARGS`` in a new process over ``settings``' data, ontology and store."""
    env = dict(
        os.environ,
        YP_DATA_DIR=str(settings.data_dir),
        YP_ONTOLOGY_DIR=str(settings.ontology_dir),
        YP_STORE=str(settings.store_path),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_delays(name: str, duration: float, n: int = KILLS) -> list[float]:
    """``n`` delays spread uniformly over a normal run's duration, seeded (set KILL_SEED
    to repeat or vary a run) and printed."""
    seed = int(os.environ.get("KILL_SEED", "14"))
    rng = random.Random(f"{name}/{seed}")
    delays = [rng.uniform(0, duration) for _ in range(n)]
    print(f"{name}: a normal run took {duration:.2f} s; seed {seed}; kill delays (s):")
    print(" ".join(f"{d:.2f}" for d in delays))
    return delays


def kill_after(
    proc: subprocess.Popen[bytes], delay: float, sig: signal.Signals = signal.SIGKILL
) -> None:
    """Send ``sig`` to ``proc`` after ``delay`` seconds (if it is still running) and reap
    it."""
    time.sleep(delay)
    proc.send_signal(sig)
    proc.communicate()
