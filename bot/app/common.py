"""What every cog needs from an interaction: the bot, the channel's age rules, story look-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.storage import queries
from bot.storage.models import StoredStory
from bot.ui import limits, markdown, render, style

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


def adult_refusal(story: StoredStory) -> render.Reply:
    return render.notice(
        f"**{markdown.escape_inline(limits.fit(story.title, 100))}** is rated {story.rating}, "
        "so I only share it in age-restricted channels. Ask me there!"
    )


def no_story(typed: str) -> render.Reply:
    return render.notice(
        f"I can't find a story called **{markdown.typed(typed)}**. "
        "Start typing a title and pick one from the list."
    )


async def story_for(
    interaction: discord.Interaction[Any], typed: str
) -> tuple[StoredStory | None, render.Reply | None]:
    """The story a reader asked for (by id, or by exact title), or the answer explaining why not."""
    conn = bot_of(interaction).db
    typed = typed.strip()
    story = await queries.get_story(conn, typed.lower()) if typed else None
    if story is None and typed:
        matches = await queries.find_stories(conn, typed, limit=2)
        exact = [sid for sid, title in matches if title.casefold() == typed.casefold()]
        if len(matches) == 1 or exact:
            story = await queries.get_story(conn, exact[0] if exact else matches[0][0])
    if story is None:
        return None, no_story(typed)
    if story.adult and not allows_adult(interaction):
        return None, adult_refusal(story)
    return story, None


async def story_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for story options: by id or title, at most 25, names within 100 chars."""
    found = await queries.find_stories(
        bot_of(interaction).db, current, limit=limits.AUTOCOMPLETE_CHOICES
    )
    return [
        app_commands.Choice(
            name=limits.fit(f"{title} ({sid})", limits.CHOICE_NAME),
            value=sid[: limits.CHOICE_VALUE],
        )
        for sid, title in found
    ]


def owns(interaction: discord.Interaction[Any], owner: str | None) -> bool:
    """Whether the reader pressing a pager's button is the one it belongs to.

    The owner travels in the custom id, which a client can forge; so the message must also have
    been made by that reader's own command or button press (Discord records who, and a message
    can't be made to say otherwise).
    """
    if owner is None or str(interaction.user.id) != owner:
        return False
    message = interaction.message
    made_by = getattr(getattr(message, "interaction_metadata", None), "user", None)
    return made_by is None or made_by.id == interaction.user.id


def guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


__all__ = [
    "adult_refusal",
    "allows_adult",
    "bot_of",
    "guild_id",
    "no_story",
    "owns",
    "story_choices",
    "story_for",
    "style",
]
