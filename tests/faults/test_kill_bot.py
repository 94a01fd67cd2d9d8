"""kill -9 the bot right after a reader is thanked: the review is there after a restart, and it
is posted to the feedback channel if it had not been yet."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Harness, ManualClock, World
from tests.faults.kill_bot_driver import WORLD_START, settings, thread_file
from tests.faults.run_driver import run_driver


def _run_driver(db: Path, seeds: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return run_driver("kill_bot_driver", db, seeds, mode)


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


@pytest.mark.slow
async def test_killed_between_discord_accepting_a_post_and_recording_it_posts_it_once(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """Issue 12, break 5: the restarted bot finds the post in the story's thread (long after
    Discord's nonce window) and records it, instead of posting the review again."""
    db = tmp_path / "bot.sqlite3"
    result = _run_driver(db, seeds_dir, "between")
    assert "POSTED" in result.stdout, result.stderr[-2000:]
    assert result.returncode == -9
    con = sqlite3.connect(db)
    assert con.execute("SELECT posted_version IS updated_at FROM reviews").fetchall() == [(0,)]
    con.close()

    clock = ManualClock(epoch=WORLD_START)
    world = World(clock=clock)
    clock.advance(3600)  # restarted an hour later: the nonce is long forgotten
    kept = json.loads(thread_file(db).read_text(encoding="utf-8"))
    thread = world.create_thread("feedback", kept["name"], thread_id=kept["id"])
    for message in kept["messages"]:
        world.store_message(thread, message)
    assert len(world.messages(thread)) == 1
    async with Harness(FicBot(settings(db, seeds_dir)), world) as h:
        await h.bot.poster.flush_all()
        assert len(h.world.messages(thread)) == 1, "posted twice"
        assert [t.id for t in h.world.threads("feedback")] == [thread.id]
    con = sqlite3.connect(db)
    assert con.execute(
        "SELECT posted_version IS updated_at, posted_message_id FROM reviews"
    ).fetchall() == [(1, int(kept["messages"][0]["id"]))]
    con.close()
