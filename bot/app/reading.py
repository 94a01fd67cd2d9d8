"""The reader: a page of a chapter, shared by `/fic read`, its buttons and `/fic continue`."""

from __future__ import annotations

from typing import Any

import discord

from bot.app.common import bot_of
from bot.storage.models import StoredStory
from bot.ui import render
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal


async def reader_reply(
    interaction: discord.Interaction[Any],
    story: StoredStory,
    chapter: int,
    page: int,
    *,
    ephemeral: bool,
) -> render.Reply:
    """A page of a chapter; a chapter or page past the end (a button made before the story
    changed, or a forged one) opens the nearest there is. The shelf remembers the place for
    `/fic continue`."""
    bot = bot_of(interaction)
    chapters = await bot.page_cache.chapters(bot.db, story)
    if not chapters:
        raise Refusal("That story has no text to read.")
    opened = chapters[min(max(1, chapter), len(chapters)) - 1]
    pages = await bot.page_cache.pages(bot.db, story, opened)
    pager = Pager.at(page, total=len(pages), per_page=1)
    bot.dispatch(
        "reader_page",
        interaction.guild_id,
        interaction.user.id,
        story.id,
        opened.number,
        pager.page,
    )
    return render.reader_page(
        story,
        pager,
        pages[pager.offset],
        owner=interaction.user.id,
        ephemeral=ephemeral,
        chapter=opened,
        chapters=len(chapters),
    )
