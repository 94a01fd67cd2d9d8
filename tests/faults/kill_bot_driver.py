"""Run in a subprocess by test_kill_bot: a reader reviews, is thanked, and the bot is killed -9."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from pathlib import Path

from bot.app.client import FicBot
from bot.config import Settings
from fakediscord import Harness, ManualClock, World

# Both processes build the World from this clock, so its guild and channel ids match.
WORLD_START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def settings(db: Path, seeds: Path) -> Settings:
    return Settings(token=None, db_path=db, seeds=seeds, dev_guild=None, log_level="ERROR")


async def main(db: Path, seeds: Path, posting_works: bool) -> None:
    world = World(clock=ManualClock(epoch=WORLD_START))
    bot = FicBot(settings(db, seeds))
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
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "works"))
