"""What every cog needs from an interaction: the bot, the channel's age rules, story look-ups.

A look-up that can't give the reader what they asked for raises ``Refusal`` with the reason;
the command tree answers it (``bot.app.tree.answer_error``), so callers only see stories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.storage import queries
from bot.storage.models import StoredStory
from bot.ui import limits, markdown, render, style
from bot.ui.refusal import Refusal

if TYPE_CHECKING:
    from bot.app.client import FicBot


def bot_of(interaction: discord.Interaction[Any]) -> FicBot:
    return cast("FicBot", interaction.client)


def allows_adult(interaction: discord.Interaction[Any]) -> bool:
    """Mature and Explicit stories only in age-restricted channels (threads follow their parent)."""
    channel: Any = interaction.channel
    if channel is None:
        return False
    if isinstance(channel, discord.Thread):
        parent = channel.parent
        return bool(parent is not None and getattr(parent, "nsfw", False))
    is_nsfw = getattr(channel, "is_nsfw", None)
    return bool(is_nsfw()) if callable(is_nsfw) else False


def adult_refusal(story: StoredStory) -> Refusal:
    return Refusal(
        render.notice(
            f"**{markdown.escape_inline(limits.fit(story.title, 100))}** is rated {story.rating}, "
            "so I only share it in age-restricted channels. Ask me there!"
        )
    )


def no_story(typed: str) -> Refusal:
    return Refusal(
        render.notice(
            style.stop(f"I can't find a story called **{markdown.typed(typed)}**")
            + " Start typing a title and pick one from the list."
        )
    )


def check_adult(interaction: discord.Interaction[Any], story: StoredStory) -> None:
    """Refuse a Mature or Explicit story outside an age-restricted channel."""
    if story.adult and not allows_adult(interaction):
        raise adult_refusal(story)


async def story_for(interaction: discord.Interaction[Any], typed: str) -> StoredStory:
    """The story a reader asked for (by id, or by exact title); else ``Refusal`` saying why not."""
    conn = bot_of(interaction).db
    typed = typed.strip()
    story = await queries.get_story(conn, typed.lower()) if typed else None
    if story is None and typed:
        matches = await queries.find_stories(conn, typed, limit=2)
        exact = [sid for sid, title in matches if title.casefold() == typed.casefold()]
        if len(matches) == 1 or exact:
            story = await queries.get_story(conn, exact[0] if exact else matches[0][0])
    if story is None:
        gone = (
            await queries.get_story(conn, typed.lower(), include_withdrawn=True) if typed else None
        )
        raise no_story(typed) if gone is None else withdrawn_refusal(interaction, gone)
    check_adult(interaction, story)
    return story


def withdrawn_refusal(interaction: discord.Interaction[Any], story: StoredStory) -> Refusal:
    """A withdrawn story named by its id: say so (its reviews can still be listed), naming it
    only where its rating allows."""
    if story.adult and not allows_adult(interaction):
        named = f"Story `{markdown.escape_inline(story.id)}`"
    else:
        named = f"**{markdown.escape_inline(limits.fit(story.title, 100))}**"
    return Refusal(
        render.notice(
            f"{named} was withdrawn from the library. "
            f"Its reviews are still here: `/fic reviews {story.id}`."
        )
    )


async def story_or_withdrawn(interaction: discord.Interaction[Any], typed: str) -> StoredStory:
    """Like ``story_for``, but a withdrawn story named by its id is found too: its reviews
    can still be listed, deleted and exported."""
    found = await queries.get_story(
        bot_of(interaction).db, typed.strip().lower(), include_withdrawn=True
    )
    if found is None:
        return await story_for(interaction, typed)
    check_adult(interaction, found)
    return found


def guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


__all__ = [
    "adult_refusal",
    "allows_adult",
    "bot_of",
    "check_adult",
    "guild_id",
    "no_story",
    "story_for",
    "story_or_withdrawn",
    "withdrawn_refusal",
]
