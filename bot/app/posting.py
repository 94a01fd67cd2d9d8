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
from bot.app.announce import tell_author_of_review
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
    # Only a problem of the whole channel (gone, a missing permission, Discord down) stops a
    # pass; one review's own problem (its thread locked) skips that review.
    whole_channel: bool = False
    fix: str | None = None  # what an admin does about it, when it is not setting the channel
    deleted: bool = False  # the reader deleted it meanwhile: nothing to post, nobody to tell


# Retried at every pass (a review submitted, a channel set, a start), and after this long when
# a pass skipped reviews.
RETRY_SECONDS = 15 * 60
# How far back to look for a post that may have gone out before a crash (one request).
RECENT_MESSAGES = 100

LOCKED = PostOutcome(
    False,
    problem="a moderator locked and archived this story's review thread",
    fix="A moderator can reopen the thread; it will be posted there then.",
)


class _Failed(Exception):
    def __init__(self, outcome: PostOutcome) -> None:
        super().__init__(outcome.problem)
        self.outcome = outcome


def _missing_permissions() -> PostOutcome:
    return PostOutcome(
        False,
        problem=f"I'm missing permissions in the feedback channel (I need {NEEDED})",
        whole_channel=True,
    )


def _channel_failure(exc: discord.HTTPException) -> PostOutcome:
    """A failure at the channel itself (fetching it, opening a thread in it)."""
    if isinstance(exc, discord.Forbidden):
        return _missing_permissions()
    if isinstance(exc, discord.NotFound):
        return PostOutcome(False, problem="the feedback channel was deleted", whole_channel=True)
    if exc.status >= 500:
        return PostOutcome(
            False, problem=f"Discord could not be reached ({exc.status})", whole_channel=True
        )
    return PostOutcome(
        False, problem=f"Discord refused the post ({exc.status})", whole_channel=True
    )


# Discord's codes for a thread that is locked, or archived, when we try to post in it.
_THREAD_CLOSED = (160005, 50083)


def _thread_failure(exc: discord.HTTPException) -> PostOutcome:
    """A failure posting in one story's thread: only a permission or an outage is the
    channel's; anything else belongs to this review alone."""
    if isinstance(exc, discord.Forbidden):
        return LOCKED if exc.code in _THREAD_CLOSED else _missing_permissions()
    if exc.status >= 500:
        return _channel_failure(exc)
    return PostOutcome(False, problem=f"Discord refused the post ({exc.status})")


def adult_unset(admin: bool) -> PostOutcome:
    return PostOutcome(
        False,
        problem=(
            "the story is for adults, and its reviews are only posted in an age-restricted "
            "feedback channel, which this server hasn't set"
        ),
        fix=(
            "Set one with `/ficadmin feedback-channel` and its `adult-channel` option."
            if admin
            else "A server admin can set one with `/ficadmin feedback-channel`."
        ),
    )


class Poster:
    def __init__(self, bot: FicBot) -> None:
        self.bot = bot
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}
        self._waiting: dict[int, Waiting] = {}  # by review id
        self._workers: dict[int, asyncio.Task[None]] = {}  # by guild id
        self._again: set[int] = set()  # guilds with reviews submitted since their worker read
        self._retries: dict[int, asyncio.TimerHandle] = {}  # guilds with skipped reviews

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

    def _retry_later(self, guild_id: int) -> None:
        if guild_id in self._retries:
            return
        loop = asyncio.get_running_loop()

        def again() -> None:
            self._retries.pop(guild_id, None)
            self.schedule(guild_id)

        self._retries[guild_id] = loop.call_later(RETRY_SECONDS, again)

    def close(self) -> None:
        for handle in self._retries.values():
            handle.cancel()
        self._retries.clear()

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

    async def post(
        self, review: Review, broken: dict[int, PostOutcome] | None = None
    ) -> PostOutcome:
        """Post (or update) one review. ``broken``: channels found unusable in this pass, whose
        reviews are skipped without asking Discord again."""
        # One story's thread is created once, even when two readers submit at the same moment.
        lock = self._locks.setdefault((review.guild_id, review.story_id), asyncio.Lock())
        async with lock:
            # Re-read under the lock: another task may have posted (or the reader deleted or
            # edited) this review while we waited, and only the stored row is the truth.
            fresh = await feedback.review_by_id(self.bot.db, review.guild_id, review.id)
            if fresh is None:
                return PostOutcome(False, problem="the review was deleted", deleted=True)
            if not fresh.needs_posting:
                return PostOutcome(True, jump_url=await self._jump_url(fresh))
            try:
                return await self._post(fresh, {} if broken is None else broken)
            except _Failed as failed:
                return failed.outcome

    async def _jump_url(self, review: Review) -> str | None:
        if review.posted_channel_id is None or review.posted_message_id is None:
            return None
        channel: Any = self.bot.get_channel(review.posted_channel_id)
        if channel is None:
            return None
        return str(channel.get_partial_message(review.posted_message_id).jump_url)

    async def _post(self, review: Review, broken: dict[int, PostOutcome]) -> PostOutcome:
        conn = self.bot.db
        story = await queries.get_story(
            conn, review.story_id, include_withdrawn=True, with_cast=False
        )
        if story is None:
            return PostOutcome(False, problem="the story is gone")
        channels = await feedback.feedback_channels(conn, review.guild_id)
        channel_id = channels.for_story(story.adult)
        if channel_id is None:
            if story.adult and channels.general is not None:
                return adult_unset(admin=False)
            return PostOutcome(False, problem="no feedback channel is set", whole_channel=True)
        if channel_id in broken:
            return broken[channel_id]
        try:
            channel = await self._channel(review.guild_id, channel_id, adult=story.adult)
            reply = render.review_post(story, review)
            message = await self._send(review, story, channel, reply)
        except _Failed as failed:
            if failed.outcome.whole_channel:
                broken[channel_id] = failed.outcome
            return failed.outcome
        if not await feedback.mark_posted(
            conn, review, channel_id=message.channel.id, message_id=message.id
        ):
            # Deleted while it was being posted: its post goes too, as the reader asked.
            await _delete_quietly(message)
            return PostOutcome(False, problem="the review was deleted", deleted=True)
        await self._mark_moved(review, message)
        if review.posted_message_id is None:  # a new review, not an edit or a move
            await tell_author_of_review(self.bot, review, message.jump_url)
        return PostOutcome(True, jump_url=message.jump_url)

    async def _channel(self, guild_id: int, channel_id: int, *, adult: bool) -> Any:
        try:
            channel: Any = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(
                channel_id
            )
        except discord.HTTPException as exc:
            raise _Failed(_channel_failure(exc)) from exc
        if getattr(getattr(channel, "guild", None), "id", guild_id) != guild_id:
            raise _Failed(
                PostOutcome(
                    False,
                    problem="the feedback channel belongs to another server",
                    whole_channel=True,
                )
            )
        if adult and not channel.is_nsfw():
            # Set as age-restricted, switched off since: adult reviews wait rather than leak.
            raise _Failed(
                PostOutcome(
                    False,
                    problem="the adult feedback channel is no longer age-restricted",
                    whole_channel=True,
                )
            )
        return channel

    async def _mark_moved(self, review: Review, message: discord.Message) -> None:
        """The feedback channel moved since this review was last posted: its old post (with
        the old text) says where it went instead of standing there out of date."""
        old_channel, old_message = review.posted_channel_id, review.posted_message_id
        if old_channel is None or old_message is None or old_channel == message.channel.id:
            return
        try:
            where: Any = self.bot.get_channel(old_channel) or await self.bot.fetch_channel(
                old_channel
            )
            await where.get_partial_message(old_message).edit(
                content=f"↪️ This review has moved: {message.jump_url}", embeds=[], view=None
            )
        except discord.HTTPException as exc:
            log.info("could not mark the old post of review %s as moved: %s", review.id, exc)

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
            except discord.HTTPException as exc:
                raise _Failed(_thread_failure(exc)) from exc
        try:
            found = await self._already_sent(review, thread, reply)
            if found is not None:
                return found
            review = await feedback.begin_post(self.bot.db, review, thread_id=thread.id)
            # The same nonce on every attempt: a repeat within Discord's few minutes returns
            # the message already made (after that, _already_sent finds it).
            sent: discord.Message = await thread.send(nonce=review.nonce, **kwargs)
        except discord.NotFound as exc:
            # The thread was deleted since we looked it up: a fresh one next time.
            await feedback.set_story_thread(
                self.bot.db, review.guild_id, story.id, channel.id, None
            )
            raise _Failed(PostOutcome(False, problem="the story's thread was deleted")) from exc
        except discord.HTTPException as exc:
            raise _Failed(_thread_failure(exc)) from exc
        return sent

    async def _already_sent(
        self, review: Review, thread: Any, reply: render.Reply
    ) -> discord.Message | None:
        """A post of this version that reached Discord before a crash kept us from recording
        it: the bot's message in this thread, since the attempt began, showing this review."""
        attempt = review.attempt
        if attempt is None or attempt.nonce != review.nonce or attempt.thread_id != thread.id:
            return None
        me = self.bot.user.id if self.bot.user else None
        wanted: list[dict[str, Any]] = [dict(embed.to_dict()) for embed in reply.embeds]
        # The newest messages, not those after the attempt's time: our clock and Discord's
        # may disagree.
        async for message in thread.history(limit=RECENT_MESSAGES):
            if me is not None and message.author.id != me:
                continue
            found: list[dict[str, Any]] = [dict(e.to_dict()) for e in message.embeds]
            if _same_review(found, wanted):
                return message  # type: ignore[no-any-return]
        return None

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
                except discord.HTTPException as exc:
                    raise _Failed(_channel_failure(exc)) from exc
            if thread is not None:
                if getattr(thread, "locked", False) and getattr(thread, "archived", False):
                    # Only Manage Threads reopens it, which ficbot doesn't ask for; and a
                    # moderator closed it on purpose. This review waits; the others go on.
                    raise _Failed(LOCKED)
                if getattr(thread, "archived", False):
                    try:
                        await thread.edit(archived=False)
                    except discord.HTTPException as exc:
                        raise _Failed(_thread_failure(exc)) from exc
                return thread
        name = render.thread_name(story)
        try:
            if isinstance(channel, discord.ForumChannel):
                tag = review_tag(channel)
                tags = [tag] if tag is not None else []
                created = await channel.create_thread(name=name, applied_tags=tags, **kwargs)
                await feedback.set_story_thread(
                    conn, guild_id, story.id, channel.id, created.thread.id
                )
                return created.message
            new_thread = await channel.create_thread(
                name=name,
                # An announcement channel's threads must be announcement threads.
                type=discord.ChannelType.news_thread
                if channel.type is discord.ChannelType.news
                else discord.ChannelType.public_thread,
                auto_archive_duration=10080,
            )
        except discord.HTTPException as exc:
            raise _Failed(_channel_failure(exc)) from exc
        await feedback.set_story_thread(conn, guild_id, story.id, channel.id, new_thread.id)
        return new_thread

    async def flush(self, guild_id: int) -> tuple[int, str | None]:
        """Post every review of this server still waiting; returns (posted, first problem).

        A review that can't be posted is skipped (and retried later); a channel that can't be
        used is not asked again in this pass, and its other reviews' readers hear why at once.
        """
        posted = 0
        first: str | None = None
        skipped = False
        broken: dict[int, PostOutcome] = {}
        for review in await feedback.unposted_reviews(self.bot.db, guild_id):
            outcome = await self.post(review, broken)
            if outcome.deleted:
                self._waiting.pop(review.id, None)
                continue
            await self._tell(review.id, outcome)
            if outcome.posted:
                posted += 1
                continue
            first = first or outcome.problem
            skipped = skipped or not outcome.whole_channel
        if skipped:
            self._retry_later(guild_id)
        return posted, first

    async def _tell(self, review_id: int, outcome: PostOutcome) -> None:
        waiting = self._waiting.pop(review_id, None)
        if waiting is None:
            return
        if not outcome.posted:
            log.warning("review %s saved but not posted: %s", review_id, outcome.problem)
        if outcome.problem == adult_unset(False).problem:
            outcome = adult_unset(waiting.admin)
        reply = render.review_thanks(
            waiting.title,
            edited=waiting.edited,
            jump_url=outcome.jump_url if outcome.posted else None,
            problem=None if outcome.posted else (outcome.problem or "Discord refused the post"),
            admin=waiting.admin,
            fix=outcome.fix,
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


def review_tag(forum: discord.ForumChannel) -> discord.ForumTag | None:
    """The tag a forum's review posts carry: one named like "Reviews" (None: no such tag)."""
    return next((t for t in forum.available_tags if "review" in t.name.casefold()), None)


def _same_review(found: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> bool:
    keys = ("title", "description", "author", "footer")
    if len(found) != len(wanted):
        return False
    return all(all(f.get(k) == w.get(k) for k in keys) for f, w in zip(found, wanted, strict=True))


async def _delete_quietly(message: discord.Message) -> None:
    try:
        await message.delete()
    except discord.HTTPException as exc:
        log.info("could not delete the post of a deleted review: %s", exc)
