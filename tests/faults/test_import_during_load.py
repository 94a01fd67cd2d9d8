"""An import from Discord while ``ficbot load`` runs in another process on the same folder
and database: the import waits for that load (the folder's lock) while the bot goes on
answering, then previews its story; nothing is lost or loaded twice."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Harness, ManualClock, Upload, World
from fakediscord.records import walk_components
from tests.app.test_library_admin import STORY
from tests.faults.corpus import make_corpus
from tests.faults.kill_bot_driver import WORLD_START, settings
from tests.fixtures.paths import REPO

CORPUS = 40


def _cli_load(folder: Path, db: Path, gate: Path) -> subprocess.Popen[bytes]:
    """``ficbot load``, stopping after its first batch until ``gate`` exists."""
    env = {**os.environ, "FICBOT_LOG_LEVEL": "ERROR", "FICBOT_TEST_GATE": str(gate)}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.load_driver", "load", str(folder), "--db", str(db)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


async def _first_commit(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the other load has committed some stories (it is under way)."""
    for _ in range(12000):
        assert proc.poll() is None, "the load finished before the import could start"
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            if con.execute("SELECT count(*) FROM stories").fetchone()[0] > 0:
                return
        except sqlite3.Error:
            pass
        finally:
            con.close()
        await asyncio.sleep(0.01)
    raise AssertionError("the load never started writing")


@pytest.mark.slow
async def test_an_import_during_a_cli_load_waits_and_loses_nothing(
    tmp_path: Path, seeds_dir: Path
) -> None:
    make_corpus(seeds_dir, CORPUS, paragraphs=12)
    gate = tmp_path / "go-on"
    db = tmp_path / "bot.sqlite3"
    world = World(clock=ManualClock(epoch=WORLD_START))
    bot = FicBot(settings(db, seeds_dir), load_on_start=False)
    async with Harness(bot, world) as h:
        proc = _cli_load(seeds_dir, db, gate)
        try:
            await _first_commit(db, proc)
            importing = asyncio.create_task(
                h.slash(
                    "ficadmin import",
                    user="cass",
                    options={"file": Upload("during.txt", STORY.encode())},
                )
            )
            # The import waits for the other load; the bot answers readers meanwhile.
            await asyncio.sleep(0.5)
            assert not importing.done(), "the import's load ran alongside the other"
            card = await h.slash("fic story", story="004", user="ayla")
            assert card.embed and not importing.done()
            gate.touch()
            done = await asyncio.wait_for(importing, timeout=300)
            # The import's own load waited for the other one: every story of it is in.
            stored = await bot.db.execute_fetchall("SELECT count(*) FROM stories")
            assert next(iter(stored))[0] == CORPUS + 3
            assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

        previews = [r.message for r in done.replies if r.message and r.message.get("embeds")]
        assert len(previews) == 1, [r.payload for r in done.replies]
        assert previews[0]["embeds"][0]["title"] == "Rain on Sector Seven"
        publish = next(
            c["custom_id"]
            for c in walk_components(previews[0].get("components") or [])
            if c.get("custom_id", "").startswith("fb:pub:")
        )
        assert (
            "Published" in (await h.click(previews[0], publish, user="cass")).embed["description"]
        )

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT file, status, content_hash FROM stories").fetchall()
        # Every file once: the corpus, the two seeds, the import; all shown now.
        assert len(rows) == CORPUS + 3
        assert len({r[0] for r in rows}) == len({r[2] for r in rows}) == len(rows)
        assert {r[1] for r in rows} == {"active"}
        assert ("imported/during.txt",) in [(r[0],) for r in rows]
        empty = con.execute(
            "SELECT count(*) FROM stories s WHERE NOT EXISTS "
            "(SELECT 1 FROM paragraphs p WHERE p.story_id = s.id)"
        ).fetchone()[0]
        assert empty == 0
        assert con.execute("SELECT state FROM imports").fetchall() == [("published",)]
    finally:
        con.close()
