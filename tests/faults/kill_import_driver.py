"""Run in a subprocess by test_kill_import: a librarian imports a story, and the bot is
killed -9 at one step of the import (see ``KILL_POINTS``)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from bot.app.client import FicBot
from bot.library import imports as files
from bot.storage import imports as records
from bot.storage.loader import writes
from fakediscord import Harness, ManualClock, Upload, World
from tests.faults.kill_bot_driver import WORLD_START, settings

STORY = (
    "Title: Killed Mid Import\nAuthor: Wren\nFandom: Final Fantasy VII\nRating: Teen\n\n"
    + "Cloud watched the lanterns from the bar's doorway. Tifa dried a glass and watched him. "
    '"You\'re brooding again," Tifa said. Cloud shrugged and kept watching the lanterns.\n\n' * 30
)
FILE_NAME = "killed-mid-import.txt"


def _die() -> None:
    print("KILLED", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def _before(target: Any, name: str) -> None:
    """Die when ``target.name`` is called, before it runs."""
    original = getattr(target, name)

    @wraps(original)
    def dying(*_args: Any, **_kwargs: Any) -> Any:
        _die()

    setattr(target, name, dying)


def _after(target: Any, name: str) -> None:
    """Die right after ``target.name`` (sync or async) has done its work."""
    original: Callable[..., Any] = getattr(target, name)
    if asyncio.iscoroutinefunction(original):

        @wraps(original)
        async def dying_async(*args: Any, **kwargs: Any) -> Any:
            await original(*args, **kwargs)
            _die()

        setattr(target, name, dying_async)
    else:

        @wraps(original)
        def dying(*args: Any, **kwargs: Any) -> Any:
            original(*args, **kwargs)
            _die()

        setattr(target, name, dying)


# Where the import dies, in the order its steps run.
KILL_POINTS: dict[str, Callable[[], None]] = {
    # the file written under its temporary name; no import recorded yet
    "written": lambda: _before(records, "begin_import"),
    # the import recorded (its hold committed); the file not yet under its real name
    "recorded": lambda: _before(files, "link_into_place"),
    # the file in place, held; the load not started
    "placed": lambda: _after(files, "link_into_place"),
    # the load's batch written but not committed
    "writing": lambda: _after(writes, "_flush"),
    # the load committed (the story stored, withdrawn); the import not yet told its story
    "loaded": lambda: _before(records, "imported"),
}


async def main(db: Path, seeds: Path, point: str) -> None:
    world = World(clock=ManualClock(epoch=WORLD_START))
    bot = FicBot(settings(db, seeds))
    async with Harness(bot, world, strict=False) as h:
        await bot.wait_until_loaded()  # the start-up load is not what is killed
        KILL_POINTS[point]()
        print("IMPORTING", flush=True)
        await h.slash(
            "ficadmin import", user="cass", options={"file": Upload(FILE_NAME, STORY.encode())}
        )
        print("SURVIVED", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
