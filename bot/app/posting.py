"""Posting reviews to a server's feedback channel, in one thread per story.

A review is already committed when we get here, and its reader already thanked: posting runs
in one worker per server (``schedule``), so a burst of reviews is posted one after the other
while every reader gets their answer at once; each reader's thanks is then edited to link to
the post. Posting can fail (no channel set, channel deleted, a missing permission, Discord down)
and is then retried later: when an admin sets a channel, when the next review in that server is
submitted, and when the bot starts.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.app import respond
from bot.storage import feedback, queries
from bot.storage.feedback import Review
from bot.storage.models import StoredStory
from bot.ui import render

if TYPE_CHECKING:
    from bot.app.client import FicBot

log = logging.getLogger(__name__)

NEEDED = (
    "View Channel, Send Messages, Create Public Threads, Send Messages in Threads and Embed Links"
)


@dataclass(frozen=True, slots=True)
class Waiting:
    """A reader thanked with "posting it now", whose message says where it went once it has."""

    interaction: discord.Interaction[Any]
    title: str
    edited: bool
    admin: bool  # may fix posting problems, so is told how


@dataclass(frozen=True, slots=True)
class PostOutcome:
    posted: bool
    jump_url: str | None = None
    problem: str | None = None  # why it could not be posted, for the reader and the admins


class Poster:
    def __init__(self, bot: FicBot) -> None:
        self.bot = bot
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}
        self._waiting: dict[int, Waiting] = {}  # by review id
        self._workers: dict[int, asyncio.Task[None]] = {}  # by guild id
        self._again: set[int] = set()  # guilds with reviews submitted since their worker read

    def schedule(
        self, guild_id: int, review_id: int | None = None, waiting: Waiting | None = None
    ) -> None:
        """Post this server's waiting reviews soon (and tell ``waiting`` when its review is).

        One worker per server: a burst of 500 reviews is one pass over the waiting list (or a
        few), not 500 passes that each walk it.
        """
        if review_id is not None and waiting is not None:
            self._waiting[review_id] = waiting
        self._again.add(guild_id)
        worker = self._workers.get(guild_id)
        if worker is None or worker.done():
            self._workers[guild_id] = asyncio.create_task(
                self._work(guild_id), name=f"ficbot-post-reviews-{guild_id}"
            )

    async def _work(self, guild_id: int) -> None:
        try:
            while guild_id in self._again:
                self._again.discard(guild_id)
                try:
                    _, problem = await self.flush(guild_id)
                except Exception:
                    log.exception("posting the reviews of guild %s failed", guild_id)
                    problem = "something went wrong on my side"
                    await self._tell_all(guild_id, PostOutcome(False, problem=problem))
                if problem:
                    log.warning("reviews in guild %s are waiting: %s", guild_id, problem)
        finally:
            # No await since the loop's last check: nobody can have scheduled in between.
            if self._workers.get(guild_id) is asyncio.current_task():
                del self._workers[guild_id]
            # Readers still waiting here had their review posted (or deleted) some other way.
            for review_id in [
                r for r, w in self._waiting.items() if w.interaction.guild_id == guild_id
            ]:
                del self._waiting[review_id]

    async def post(self, review: Review) -> PostOutcome:
        # One story's thread is created once, even when two readers submit at the same moment.
        lock = self._locks.setdefault((review.guild_id, review.story_id), asyncio.Lock())
        async with lock:
            # Re-read under the lock: another task may have posted (or the reader deleted or
            # edited) this review while we waited, and only the stored row is the truth.
            fresh = await feedback.review_by_id(self.bot.db, review.guild_id, review.id)
            if fresh is None:
                return PostOutcome(False, problem="the review was deleted")
            if not fresh.needs_posting:
                return PostOutcome(True, jump_url=await self._jump_url(fresh))
            return await self._post(fresh)

    async def _jump_url(self, review: Review) -> str | None:
        if review.posted_channel_id is None or review.posted_message_id is None:
            return None
        channel: Any = self.bot.get_channel(review.posted_channel_id)
        if channel is None:
            return None
        return str(channel.get_partial_message(review.posted_message_id).jump_url)

    async def _post(self, review: Review) -> PostOutcome:
        conn = self.bot.db
        channel_id = await feedback.feedback_channel(conn, review.guild_id)
        if channel_id is None:
            return PostOutcome(False, problem="no feedback channel is set")
        story = await queries.get_story(
            conn, review.story_id, include_withdrawn=True, with_cast=False
        )
        if story is None:
            return PostOutcome(False, problem="the story is gone")
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        except discord.NotFound:
            return PostOutcome(False, problem="the feedback channel was deleted")
        except discord.HTTPException as exc:
            return PostOutcome(False, problem=f"Discord could not be reached ({exc.status})")
        if getattr(getattr(channel, "guild", None), "id", review.guild_id) != review.guild_id:
            return PostOutcome(False, problem="the feedback channel belongs to another server")
        reply = render.review_post(story, review)
        try:
            message = await self._send(review, story, channel, reply)
        except discord.Forbidden:
            return PostOutcome(
                False, problem=f"I'm missing permissions in the feedback channel (I need {NEEDED})"
            )
        except discord.NotFound:
            return PostOutcome(False, problem="the feedback channel was deleted")
        except discord.HTTPException as exc:
            log.warning("posting review %s failed: %s", review.id, exc)
            return PostOutcome(False, problem=f"Discord refused the post ({exc.status})")
        await feedback.mark_posted(
            conn, review, channel_id=message.channel.id, message_id=message.id
        )
        return PostOutcome(True, jump_url=message.jump_url)

    async def _send(
        self, review: Review, story: StoredStory, channel: Any, reply: render.Reply
    ) -> discord.Message:
        kwargs = reply.send_kwargs()
        thread = await self._thread(review.guild_id, story, channel, kwargs)
        if isinstance(thread, discord.Message):  # a new forum post: the review is its first message
            return thread
        if review.posted_message_id and review.posted_channel_id == thread.id:
            try:
                edited: discord.Message = await thread.get_partial_message(
                    review.posted_message_id
                ).edit(**kwargs)
                return edited
            except discord.NotFound:
                pass  # the old post was deleted: post again
        sent: discord.Message = await thread.send(**kwargs)
        return sent

    async def _thread(
        self, guild_id: int, story: StoredStory, channel: Any, kwargs: dict[str, Any]
    ) -> Any:
        """The story's feedback thread in this channel, created on first use."""
        conn = self.bot.db
        thread_id = await feedback.story_thread(conn, guild_id, story.id, channel.id)
        if thread_id is not None:
            thread: Any = self.bot.get_channel(thread_id)
            if thread is None:
                try:
                    thread = await self.bot.fetch_channel(thread_id)
                except discord.NotFound:
                    thread = None
            if thread is not None:
                if getattr(thread, "archived", False):
                    await thread.edit(archived=False)
                return thread
        name = render.thread_name(story)
        if isinstance(channel, discord.ForumChannel):
            created = await channel.create_thread(name=name, **kwargs)
            await feedback.set_story_thread(conn, guild_id, story.id, channel.id, created.thread.id)
            return created.message
        new_thread = await channel.create_thread(
            name=name, type=discord.ChannelType.public_thread, auto_archive_duration=10080
        )
        await feedback.set_story_thread(conn, guild_id, story.id, channel.id, new_thread.id)
        return new_thread

    async def flush(self, guild_id: int) -> tuple[int, str | None]:
        """Post every review of this server still waiting; returns (posted, first problem)."""
        posted = 0
        for review in await feedback.unposted_reviews(self.bot.db, guild_id):
            outcome = await self.post(review)
            await self._tell(review.id, outcome)
            if not outcome.posted:
                # The rest would fail the same way: their readers hear why now, not never.
                await self._tell_all(guild_id, outcome)
                return posted, outcome.problem
            posted += 1
        return posted, None

    async def _tell(self, review_id: int, outcome: PostOutcome) -> None:
        waiting = self._waiting.pop(review_id, None)
        if waiting is None:
            return
        if not outcome.posted:
            log.warning("review %s saved but not posted: %s", review_id, outcome.problem)
        reply = render.review_thanks(
            waiting.title,
            edited=waiting.edited,
            jump_url=outcome.jump_url if outcome.posted else None,
            problem=None if outcome.posted else (outcome.problem or "Discord refused the post"),
            admin=waiting.admin,
        )
        await respond.edit_original(waiting.interaction, reply)

    async def _tell_all(self, guild_id: int, outcome: PostOutcome) -> None:
        for review_id, waiting in list(self._waiting.items()):
            if waiting.interaction.guild_id == guild_id:
                await self._tell(review_id, outcome)

    async def flush_all(self) -> None:
        for guild_id in await feedback.guilds_with_unposted(self.bot.db):
            posted, problem = await self.flush(guild_id)
            if posted:
                log.info("posted %d waiting reviews in guild %s", posted, guild_id)
            if problem:
                log.warning("reviews in guild %s are waiting: %s", guild_id, problem)
