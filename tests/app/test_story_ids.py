"""Story ids come from file names; every id must fit the buttons that carry it.

Files named with fullwidth or Arabic-Indic digits, or a 50-digit number, used to load with ids
that no button template accepted: every answer with buttons for them failed, and their review
form could never be submitted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import discord
import pytest

from bot.app.client import FicBot
from bot.library.story import is_story_id, story_id
from bot.storage import queries
from fakediscord import Harness, World
from tests.app import stories

RESPONSE = discord.InteractionResponseType

AWKWARD_NAMES = {
    "００８_fullwidth.txt": "008",
    "٠٠٧_arabic_indic.txt": "007",
    "1" * 50 + "_long_number.txt": None,  # no sensible number: a slug, whatever it is
}


@pytest.mark.parametrize(
    "stem",
    ["００８_x", "٠٠٧_x", "9" * 50, "日本語の物語", "x" * 300, "-_-", "Ünïcödé tale", "0" * 12],
)
def test_every_id_fits_the_custom_id_templates(stem: str) -> None:
    assert is_story_id(story_id(stem))


@pytest.fixture
async def awkward(
    make_bot: Callable[..., FicBot], world: World, seeds_dir: Path
) -> AsyncIterator[Harness]:
    for n, name in enumerate(AWKWARD_NAMES):
        stories.add(seeds_dir, name, stories.cloud_story(n + 1))
    bot = make_bot()
    async with Harness(bot, world) as harness:
        await bot.wait_until_loaded()
        yield harness


async def test_buttons_and_review_forms_work_for_stories_with_awkward_file_names(
    awkward: Harness,
) -> None:
    h = awkward
    listed = {s.id for s in await queries.list_stories(h.bot.db)}  # type: ignore[attr-defined]
    # One reader per story: a reader may send one review every 30 seconds.
    for (name, expected), user in zip(AWKWARD_NAMES.items(), ("ayla", "bram", "cass"), strict=True):
        sid = expected or story_id(Path(name).stem)
        assert sid in listed, (name, listed)
        card = await h.slash("fic story", story=sid)
        assert card.ok and card.custom_ids, card.summary()
        read = await h.slash("fic read", story=sid)
        assert read.ok and read.custom_ids, read.summary()
        opened = await h.click(card, next(c for c in card.custom_ids if ":review:" in c), user=user)
        assert opened.response_type == RESPONSE.modal.value, (opened.content, opened.summary())
        done = await h.submit_modal(
            opened,
            {"rating": ["4"], "text": "A fine walk to Kalm, all told.", "spoiler": False},
            user=user,
        )
        assert done.ok and "Thanks" in (done.content or ""), done.summary()


async def test_an_older_database_with_ids_buttons_cant_carry_is_mended_at_load(
    h: Harness,
) -> None:
    """Issue 12, break 4, checked at load time: an id an older version stored (here the
    Arabic-Indic digits its file name once gave) becomes a valid one, its reviews and kudos
    with it."""
    opened = await h.slash("fic review", story="004")
    await h.submit_modal(
        opened, {"rating": ["4"], "text": "Still wrecked by it.", "spoiler": False}
    )
    await h.click(await h.slash("fic story", story="004"), "fb:kudos:004", user="bram")
    conn = h.bot.db  # type: ignore[attr-defined]
    old = "٠٠٤"
    await conn.execute("PRAGMA foreign_keys = OFF")  # as an older version wrote it
    for table, column in (
        ("stories", "id"),
        ("paragraphs", "story_id"),
        ("passages", "story_id"),
        ("story_characters", "story_id"),
        ("pairings", "story_id"),
        ("reviews", "story_id"),
        ("kudos", "story_id"),
    ):
        await conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = '004'", (old,))
    await conn.commit()
    await conn.execute("PRAGMA foreign_keys = ON")

    report = await h.bot.load_library()  # type: ignore[attr-defined]
    assert report is not None and any("'004'" in w for w in report.warnings), report
    card = await h.slash("fic story", story="004")
    assert card.ok and "(1 review)" in str(card.embed) and "❤️ 1" in str(card.embed)
    listed = await h.slash("fic reviews", story="004")
    assert "Still wrecked by it." in str(listed.embed)
    for _ in range(6):
        drawn = await h.slash("fic random", character="Aeris")
        assert drawn.ok and drawn.custom_ids, drawn.summary()
