"""kill -9 the bot right after a reader is thanked: the review is there after a restart, and it
is posted to the feedback channel if it had not been yet."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Harness, ManualClock, World
from tests.faults.kill_bot_driver import WORLD_START, settings
from tests.fixtures.paths import REPO


def _run_driver(db: Path, seeds: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "tests.faults.kill_bot_driver", str(db), str(seeds), mode],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["fails", "works"])
async def test_review_survives_kill_minus_nine_after_thanks(
    tmp_path: Path, seeds_dir: Path, mode: str
) -> None:
    db = tmp_path / "bot.sqlite3"
    result = _run_driver(db, seeds_dir, mode)
    assert "THANKED" in result.stdout, result.stderr[-2000:]
    assert result.returncode == -9

    con = sqlite3.connect(db)
    rows = con.execute("SELECT body, posted_version IS updated_at FROM reviews").fetchall()
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert rows == [("Killed right after thanks.", mode == "works")]

    world = World(clock=ManualClock(epoch=WORLD_START))
    async with Harness(FicBot(settings(db, seeds_dir)), world) as h:
        listing = await h.slash("fic reviews", story="004")
        assert "Killed right after thanks." in str(listing.embed)
        if mode == "fails":
            # Posted on start-up, now that the channel works.
            threads = h.world.threads("feedback")
            assert len(threads) == 1 and len(h.world.messages(threads[0])) == 1
    con = sqlite3.connect(db)
    assert (
        con.execute(
            "SELECT count(*) FROM reviews WHERE posted_version IS NOT updated_at"
        ).fetchone()[0]
        == 0
    )
    con.close()
