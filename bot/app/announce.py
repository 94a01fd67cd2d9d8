"""Telling the server about a story that just appeared (published or restored), and its
followers; telling an author of a new review.

Nothing here pings: every message goes with ``allowed_mentions`` none (``Reply.send_kwargs``),
and the note for followers whose DMs are closed names no reader. Mature and Explicit stories are
announced only in an age-restricted channel; a follower's DM says the story's rating.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.storage import feedback, follows, imports, queries
from bot.storage.follows import Match
from bot.storage.models import StoredStory
from bot.ui import follows as ui
from bot.ui import limits

if TYPE_CHECKING:
    from bot.app.client import FicBot

log = logging.getLogger(__name__)


async def announce(bot: FicBot, guild_id: int, story_id: str) -> str:
    """Announce a story that is now shown, and start telling its followers (in the background:
    hundreds of DMs, paced by Discord's rate limits, must not hold up the librarian's answer).
    Returns a sentence for the librarian: where it was announced, or why not ('' when no
    announce channel is set)."""
    story = await queries.get_story(bot.db, story_id)
    if story is None:
        return ""
    message, said = await _post(bot, guild_id, story)
    bot.follower_notices.start(
        _notify_followers(bot, guild_id, story, message), name=f"ficbot-followers-{story.id}"
    )
    return said


async def _notify_followers(bot: FicBot, guild_id: int, story: StoredStory, message: Any) -> None:
    """DM each follower, one after another (discord.py waits out rate limits); those whose
    DMs are closed get a note naming no one in the announcement's thread."""
    closed = await _tell_followers(bot, guild_id, story, message)
    if closed and message is not None:
        await _closed_notes(story, message, closed)


async def _post(bot: FicBot, guild_id: int, story: StoredStory) -> tuple[Any, str]:
    settings = await imports.library_settings(bot.db, guild_id)
    channel_id = settings.adult_announce_channel_id if story.adult else settings.announce_channel_id
    if channel_id is None:
        if story.adult and settings.announce_channel_id is not None:
            return None, (
                f"It was not announced: it is rated {story.rating}, and Mature and Explicit "
                "stories are announced only in an age-restricted channel (set one with "
                "`/ficadmin announce-channel` `adult-channel`)."
            )
        return None, ""
    try:
        channel: Any = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
    except discord.HTTPException as exc:
        return None, f"It was not announced: the announce channel can't be reached ({exc.status})."
    if getattr(getattr(channel, "guild", None), "id", None) != guild_id:
        return None, "It was not announced: the announce channel is not in this server."
    if story.adult and not channel.is_nsfw():
        return None, (
            f"It was not announced: it is rated {story.rating}, and <#{channel_id}> is no longer "
            "age-restricted."
        )
    stats = await feedback.story_stats(bot.db, guild_id, story.id)
    try:
        message = await channel.send(**ui.announcement(story, stats).send_kwargs())
    except discord.HTTPException as exc:
        log.warning("announcing %s in %s failed: %s", story.id, channel_id, exc)
        return None, f"It was not announced: I can't post in <#{channel_id}> ({exc.status})."
    return message, f"Announced in <#{channel_id}>."


async def _tell_followers(
    bot: FicBot, guild_id: int, story: StoredStory, message: Any
) -> list[Match]:
    """DM each follower; returns those whose DMs are closed."""
    guild = bot.get_guild(guild_id)
    guild_name = guild.name if guild is not None else "your server"
    jump = message.jump_url if message is not None else None
    closed: list[Match] = []
    for match in await follows.followers_of(bot.db, guild_id, story):
        if guild is not None and guild.get_member(match.user_id) is None and guild.chunked:
            continue  # left the server: their follows there no longer speak for them
        reply = ui.follower_dm(story, match, guild_name, jump)
        if not await send_dm(bot, match.user_id, reply.send_kwargs()):
            closed.append(match)
    return closed


async def send_dm(bot: FicBot, user_id: int, kwargs: dict[str, Any]) -> bool:
    """Send a direct message; False where Discord refuses it (DMs closed, no shared server)."""
    try:
        user = bot.get_user(user_id) or await bot.fetch_user(user_id)
        await user.send(**kwargs)
    except discord.Forbidden:
        return False
    except discord.HTTPException as exc:
        log.info("a DM to %s failed: %s", user_id, exc)
        return False
    return True


async def _closed_notes(story: StoredStory, message: Any, closed: list[Match]) -> None:
    """One note per followed name in a thread on the announcement (made on first need)."""
    try:
        thread = message.thread or await message.create_thread(
            name=limits.fit(f"Followers: {story.title}", 100)
        )
        for match in {(m.kind, m.value.casefold()): m for m in closed}.values():
            await thread.send(**ui.closed_dm_note(match).send_kwargs())
    except discord.HTTPException as exc:
        log.info("the followers' note for %s could not be posted: %s", story.id, exc)


async def tell_author_of_review(bot: FicBot, review: feedback.Review, jump_url: str | None) -> None:
    """A new review was posted: its story's author hears of it, if they asked to."""
    author = await follows.author_user(bot.db, review.story_id)
    if author is None or author == review.user_id:
        return
    settings = await follows.reader_settings(bot.db, review.guild_id, author)
    if not settings.review_dms:
        return
    story = await queries.get_story(
        bot.db, review.story_id, include_withdrawn=True, with_cast=False
    )
    if story is None:
        return
    guild = bot.get_guild(review.guild_id)
    reply = ui.review_dm(story, guild.name if guild else "your server", review.rating, jump_url)
    await send_dm(bot, author, reply.send_kwargs())
