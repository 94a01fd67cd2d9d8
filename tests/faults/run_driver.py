"""Run one of the fault drivers (`python -m tests.faults.<driver>`) in a child process, without
the token, so a test can let it be killed part-way and then look at what it left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.paths import REPO


def run_driver(driver: str, db: Path, seeds: Path, arg: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", f"tests.faults.{driver}", str(db), str(seeds), arg],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
