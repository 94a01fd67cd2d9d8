"""Forgetting a reader in one server: their rows (one transaction, in ``bot.storage.my_data``),
their unwritten reading position, and their reviews' posts on Discord.

The data is committed first; taking the posts down comes after and may fail (the channel gone,
ficbot no longer allowed there): the data stays deleted and the answer says how many posts are
left for a moderator.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.storage import my_data
from bot.storage.my_data import Actor, Forgotten, Post

if TYPE_CHECKING:
    from bot.app.client import FicBot

log = logging.getLogger(__name__)


async def forget_reader(
    bot: FicBot, guild_id: int, user_id: int, *, keep_reviews: bool, by: Actor | None = None
) -> tuple[Forgotten, int]:
    """Forget ``user_id`` in this server; returns what was done and how many posts are left."""
    # A page turn not written yet would otherwise be written back after the delete.
    bot.positions.forget(guild_id, user_id)
    done = await my_data.forget(bot.db, guild_id, user_id, keep_reviews=keep_reviews, by=by)
    if done.reviews_kept:
        bot.poster.schedule(guild_id)  # edits each kept review's post to say "a reader"
    return done, await take_down(bot, done.posts)


async def take_down(bot: FicBot, posts: list[Post]) -> int:
    """Delete these posts; returns how many could not be (one already gone counts as done)."""
    failed = 0
    for post in posts:
        try:
            # A partial channel: one request per post, no look-up of the channel or thread.
            channel = bot.get_partial_messageable(post.channel_id)
            await channel.get_partial_message(post.message_id).delete()
        except discord.NotFound:
            continue  # deleted already (the post, or its whole thread or channel)
        except discord.HTTPException as exc:
            log.info("could not delete review post %s: %s", post.message_id, exc)
            failed += 1
    return failed
