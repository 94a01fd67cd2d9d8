"""kill -9 the bot at each step of an import: after a restart on the same folder and
database nothing half-written is shown to readers, no temporary file is left, and importing
the same file again previews it and publishes it."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.app.client import FicBot
from bot.library.imports import IMPORT_FOLDER, TEMP_PREFIX
from bot.storage import queries
from fakediscord import Harness, ManualClock, Upload, World
from fakediscord.records import walk_components
from tests.faults.kill_bot_driver import WORLD_START, settings
from tests.faults.kill_import_driver import FILE_NAME, KILL_POINTS, STORY
from tests.faults.run_driver import run_driver

TITLE = "Killed Mid Import"


def _run_driver(db: Path, seeds: Path, point: str) -> subprocess.CompletedProcess[str]:
    return run_driver("kill_import_driver", db, seeds, point)


def _leftovers(seeds: Path) -> list[str]:
    folder = seeds / IMPORT_FOLDER
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


async def _not_shown(h: Harness) -> None:
    """Readers find the story nowhere: not its card, not by search, not in autocomplete,
    not at random."""
    bot: FicBot = h.bot  # type: ignore[assignment]
    active = await bot.db.execute_fetchall(
        "SELECT id FROM stories WHERE title = ? AND status = 'active'", (TITLE,)
    )
    assert list(active) == []
    picks = await h.autocomplete("fic story", "story", "killed", user="ayla")
    assert not any(TITLE in c["name"] for c in picks.choices)
    found = await h.slash("fic search", user="ayla", strict=False, text="lanterns")
    assert TITLE not in str([r.payload for r in found.replies])
    for _ in range(6):
        tasted = await h.slash("fic random", user="ayla", strict=False)
        assert "lanterns" not in str([r.payload for r in tasted.replies])


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
async def test_an_import_killed_midway_is_never_half_shown(
    tmp_path: Path, seeds_dir: Path, point: str
) -> None:
    db = tmp_path / "bot.sqlite3"
    result = _run_driver(db, seeds_dir, point)
    assert "KILLED" in result.stdout, result.stdout + result.stderr[-3000:]
    assert result.returncode == -9
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    world = World(clock=ManualClock(epoch=WORLD_START))
    bot = FicBot(settings(db, seeds_dir))
    async with Harness(bot, world) as h:
        await bot.wait_until_loaded()
        assert _leftovers(seeds_dir) == []
        await _not_shown(h)

        again = await h.slash(
            "ficadmin import", user="cass", options={"file": Upload(FILE_NAME, STORY.encode())}
        )
        cards = [r.message for r in again.replies if r.message and r.message.get("embeds")]
        assert len(cards) == 1, [r.payload for r in again.replies]
        assert cards[0]["embeds"][0]["title"] == TITLE
        await _not_shown(h)
        publish = next(
            c["custom_id"]
            for c in walk_components(cards[0].get("components") or [])
            if c.get("custom_id", "").startswith("fb:pub:")
        )
        done = await h.click(cards[0], publish, user="cass")
        assert "Published" in done.embed["description"]
        shown = list(
            await bot.db.execute_fetchall(
                "SELECT id FROM stories WHERE title = ? AND status = 'active'", (TITLE,)
            )
        )
        assert len(shown) == 1
        story = await queries.get_story(bot.db, shown[0][0])
        assert story is not None and story.title == TITLE
    # One copy of the file in the folder, and nothing temporary.
    imported = sorted(p.name for p in (seeds_dir / IMPORT_FOLDER).iterdir())
    assert imported == [FILE_NAME], imported
