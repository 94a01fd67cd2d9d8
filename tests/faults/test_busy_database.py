"""``ficbot load`` running in another process while the bot serves commands and takes reviews:
no "database is locked" reaches a reader, no write is lost."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Harness, World
from tests.faults.corpus import make_corpus
from tests.fixtures.bot import set_feedback_channel
from tests.fixtures.paths import REPO

READERS = 12


@pytest.mark.slow
async def test_bot_keeps_serving_while_another_process_loads(
    tmp_path: Path, make_bot: Callable[..., FicBot], world: World
) -> None:
    folder = tmp_path / "big"
    make_corpus(folder, 300, paragraphs=14)
    bot = make_bot()
    async with Harness(bot, world) as h:
        await set_feedback_channel(h)
        for n in range(READERS):
            await h.add_user(f"reader{n}")
        env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
        loader = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "load",
            str(folder),
            "--db",
            str(bot.settings.db_path),
            "--json",
            cwd=REPO,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        answers: list[str] = []
        served = 0
        n = 0
        while loader.returncode is None and n < READERS:
            user = f"reader{n}"
            opened = await h.slash("fic review", story="004", user=user)
            done = await h.submit_modal(
                opened,
                {"rating": ["4"], "text": f"Review number {n}, while loading.", "spoiler": False},
                user=user,
            )
            answers.append(done.content or "")
            for command, options in [
                ("fic random", {}),
                ("fic by-character", {"name": "Cloud"}),
                ("fic search", {"text": "hero"}),
            ]:
                ex = await h.slash(command, **options)
                assert ex.ok
                text = str(ex.embeds) + (ex.content or "")
                assert "locked" not in text and "busy" not in text
                served += 1
            n += 1
            await asyncio.sleep(0.05)
        _out, err = await loader.communicate()
        assert loader.returncode == 0, err.decode()[-2000:]
        assert n >= 3, "the load finished before the bot got going; make the corpus bigger"
        assert all("Thanks" in a for a in answers), answers
        row = await (await bot.db.execute("SELECT count(*) FROM reviews")).fetchone()
        assert row[0] == n
        assert len(h.world.messages(h.world.threads("feedback")[0])) == n
