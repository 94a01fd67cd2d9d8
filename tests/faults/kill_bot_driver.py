"""Run in a subprocess by test_kill_bot: a reader reviews, is thanked, and the bot is killed -9."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import sys
from pathlib import Path

from bot.app.client import FicBot
from bot.config import Settings
from bot.storage import feedback
from fakediscord import Harness, ManualClock, World

# Both processes build the World from this clock, so its guild and channel ids match.
WORLD_START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def settings(db: Path, seeds: Path) -> Settings:
    return Settings(token=None, db_path=db, seeds=seeds, dev_guild=None, log_level="ERROR")


def thread_file(db: Path) -> Path:
    """Where the "between" mode leaves the feedback thread as Discord holds it at the kill."""
    return db.with_suffix(".thread.json")


async def main(db: Path, seeds: Path, mode: str) -> None:
    posting_works = mode != "fails"
    world = World(clock=ManualClock(epoch=WORLD_START))
    bot = FicBot(settings(db, seeds))
    if mode == "between":

        async def killed(*args: object, **kwargs: object) -> bool:
            # Discord has the post; the bot dies before recording it. Discord (the World) lives
            # on: its thread is written down for the next run to serve again.
            (thread,) = world.threads("feedback")
            state = {"id": thread.id, "name": thread.name, "messages": thread.messages}
            thread_file(db).write_text(json.dumps(state), encoding="utf-8")
            print("POSTED", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
            return True

        feedback.mark_posted = killed  # type: ignore[assignment]
    async with Harness(bot, world, strict=False) as h:
        await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "feedback"})
        if not posting_works:
            h.world.fail("POST", "/channels/{channel_id}/threads", status=503)
        opened = await h.slash("fic review", story="004")
        done = await h.submit_modal(
            opened, {"rating": ["4"], "text": "Killed right after thanks.", "spoiler": False}
        )
        assert done.content and "Thanks" in done.content, done.summary()
        print("THANKED", flush=True)
        if mode == "between":
            await asyncio.sleep(5)  # the posting worker reaches Discord, and the kill
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
