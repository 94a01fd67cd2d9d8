"""Slash-command options shared by the cogs: a story (looked up, with its autocomplete), one of
its chapters (its autocomplete) and a character's name (its autocomplete).

``story: app_commands.Transform[StoredStory, StoryTransformer]`` gives a command the story
itself: the look-up, its refusal (no such story, not in this channel) and the autocomplete live
here once. The option's description is the transformer's ``description``, filled in where a
command gives none (see ``describe_options``), so no command repeats it.
"""

from __future__ import annotations

from typing import Any, ClassVar

import aiosqlite
import discord
from discord import app_commands

from bot.app.common import allows_adult, bot_of, story_for, story_or_withdrawn
from bot.storage import queries
from bot.storage.models import StoredStory
from bot.ui import limits, render
from bot.ui.refusal import Refusal

# What discord.py puts where a parameter was given no description.
_UNDESCRIBED = "…"


async def story_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for story options: by id or title, at most 25, names within 100 chars;
    Mature and Explicit stories only in age-restricted channels."""
    found = await queries.find_stories(
        bot_of(interaction).db,
        current,
        limit=limits.AUTOCOMPLETE_CHOICES,
        allow_adult=allows_adult(interaction),
    )
    return [
        app_commands.Choice(
            name=limits.fit(f"{title} ({sid})", limits.CHOICE_NAME),
            value=sid[: limits.CHOICE_VALUE],
        )
        for sid, title in found
    ]


async def chapter_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[int]]:
    """Autocomplete for a chapter option: the chapters of the story chosen in the same command,
    by number or title; none until a story readable here is chosen."""
    typed_story = str(getattr(interaction.namespace, "story", None) or "").strip()
    if not typed_story:
        return []
    try:
        story = await story_for(interaction, typed_story)
    except Refusal:
        return []  # no such story, or not in this channel: offer nothing of it
    bot = bot_of(interaction)
    chapters = await bot.page_cache.chapters(bot.db, story)
    typed = str(current).strip().casefold()
    found = [
        c
        for c in chapters
        if not typed or str(c.number).startswith(typed) or typed in c.title.casefold()
    ]
    return [
        app_commands.Choice(name=render.chapter_choice(c), value=c.number)
        for c in found[: limits.AUTOCOMPLETE_CHOICES]
    ]


async def character_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Canonical names, aliases and close matches; at most 25; one indexed query plus a scan of
    the alias list (a few hundred names). Outside age-restricted channels, no name found only
    in Mature or Explicit stories."""
    conn = bot_of(interaction).db
    typed = current.strip()
    adult = allows_adult(interaction)
    if typed:
        hidden = set() if adult else await _adult_only_characters(conn)
        names = [
            n
            for n in await queries.suggest_characters(
                conn, typed, limit=limits.AUTOCOMPLETE_CHOICES + len(hidden)
            )
            if n not in hidden
        ][: limits.AUTOCOMPLETE_CHOICES]
    else:
        featured = await queries.list_characters(conn, only_featured=True, allow_adult=adult)
        names = [c.name for c in featured][: limits.AUTOCOMPLETE_CHOICES]
    return [
        app_commands.Choice(name=limits.fit(n, limits.CHOICE_NAME), value=n[: limits.CHOICE_VALUE])
        for n in names
    ]


async def fandom_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    fandoms = await queries.list_fandoms(
        bot_of(interaction).db, allow_adult=allows_adult(interaction)
    )
    typed = current.casefold().strip()
    return [
        app_commands.Choice(name=f[:100], value=f[:100]) for f in fandoms if typed in f.casefold()
    ][: limits.AUTOCOMPLETE_CHOICES]


async def _adult_only_characters(conn: aiosqlite.Connection) -> set[str]:
    """Names featured in stories, but only in Mature or Explicit ones."""
    featured = await queries.list_characters(conn, only_featured=True)
    general = await queries.list_characters(conn, only_featured=True, allow_adult=False)
    return {c.name for c in featured} - {c.name for c in general}


class StoryTransformer(app_commands.Transformer[Any]):
    """A story option: typed as a title or id, given to the command as the story."""

    description: ClassVar[str] = "Title or id"

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int:
        return 1

    @property
    def max_value(self) -> int:
        return 200

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        return await story_for(interaction, str(value))

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> list[app_commands.Choice[str]]:
        return await story_choices(interaction, str(value))


class ReviewedStoryTransformer(StoryTransformer):
    """A story whose reviews are wanted: a withdrawn story, named by its id, is found too."""

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        return await story_or_withdrawn(interaction, str(value))


class StoryOrAllTransformer(ReviewedStoryTransformer):
    """A story whose reviews are wanted, or ``all`` of them (given to the command as None)."""

    description: ClassVar[str] = "A story, or all"

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        if str(value).strip().lower() == "all":
            return None
        return await super().transform(interaction, value)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> list[app_commands.Choice[str]]:
        choices = await story_choices(interaction, str(value))
        return [app_commands.Choice(name="All stories", value="all"), *choices][
            : limits.AUTOCOMPLETE_CHOICES
        ]


Story = app_commands.Transform[StoredStory, StoryTransformer]
ReviewedStory = app_commands.Transform[StoredStory, ReviewedStoryTransformer]
StoryOrAll = app_commands.Transform[StoredStory | None, StoryOrAllTransformer]


def describe_options(command: app_commands.Command[Any, ..., Any]) -> None:
    """Give each option a transformer describes its transformer's description, unless the
    command describes it itself."""
    # discord.py offers no public setter for a parameter's description once a command is made.
    for param in command._params.values():
        described = getattr(param._annotation, "description", None)
        if isinstance(described, str) and str(param.description) == _UNDESCRIBED:
            param.description = app_commands.locale_str(described)
