"""Posting reviews in the feedback channel when things are not simple (issue 12): adult stories,
a locked thread, a review deleted mid-burst, announcement and forum channels, a moved channel."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord
import pytest

from bot.app.client import INVITE_PERMISSIONS
from fakediscord import Harness
from fakediscord.world import (
    CHANNEL_FORUM,
    CHANNEL_NEWS,
    CHANNEL_NEWS_THREAD,
    REQUIRE_TAG,
)
from tests.app import stories
from tests.fixtures.bot import set_feedback_channel

RESPONSE = discord.InteractionResponseType

TEXT = "A quiet, lovely story that stayed with me."


@pytest.fixture
def with_explicit(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)


async def _review(h: Harness, story: str = "004", *, user: str = "ayla", channel: str = "general"):  # type: ignore[no-untyped-def]
    h.bot.review_cooldown.seconds = 0
    opened = await h.slash("fic review", story=story, user=user, channel=channel)
    assert opened.response_type == RESPONSE.modal.value, opened.summary()
    return await h.submit_modal(
        opened, {"rating": ["4"], "text": TEXT, "spoiler": False}, user=user
    )


def _posts(h: Harness, channel: str) -> list[dict[str, object]]:
    return [m for t in h.world.threads(channel) if not t.deleted for m in h.world.messages(t)]


async def _bot_permissions(h: Harness, permissions: int = INVITE_PERMISSIONS.value) -> None:
    """The bot's role holds exactly these (by default what its invite asks for: no Manage
    Threads, no Manage Channels), and the server belongs to someone else."""
    guild = h.world.guild()
    assert h.world.owner is not None
    guild.owner_id = h.world.owner.id
    for role in guild.roles.values():
        if role.managed:
            role.permissions = permissions
    await h.gateway("GUILD_UPDATE", h.world.guild_create_payload(guild))


async def _count(h: Harness, sql: str) -> int:
    row = await (await h.bot.db.execute(sql)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


# --- break 1: adult stories' reviews ------------------------------------------------------------


@pytest.mark.usefixtures("with_explicit")
async def test_adult_reviews_wait_for_an_age_restricted_channel_and_go_only_there(
    h: Harness,
) -> None:
    await set_feedback_channel(h)
    done = await _review(h, "050", channel="after-dark")
    assert "saved, but I couldn't post it yet" in done.content and "adults" in done.content
    assert _posts(h, "feedback") == []
    refused = await h.slash(
        "ficadmin feedback-channel",
        user="cass",
        options={"channel": "feedback", "adult-channel": "general"},
    )
    assert "is not age-restricted" in refused.content
    assert _posts(h, "feedback") == []
    admin = await h.slash(
        "ficadmin feedback-channel",
        user="cass",
        options={"channel": "feedback", "adult-channel": "after-dark"},
    )
    assert "posted the 1 review" in admin.content
    assert len(_posts(h, "after-dark")) == 1 and _posts(h, "feedback") == []
    general = await _review(h, "004", user="bram")
    assert "posted here" in general.content and len(_posts(h, "feedback")) == 1


@pytest.mark.usefixtures("with_explicit")
async def test_adult_channel_that_stops_being_age_restricted_holds_adult_reviews(
    h: Harness,
) -> None:
    await h.add_channel("lounge", nsfw=True)
    await h.slash(
        "ficadmin feedback-channel",
        user="cass",
        options={"channel": "feedback", "adult-channel": "after-dark"},
    )
    dark = h.world.channel("after-dark")
    dark.nsfw = False  # a moderator turns age restriction off
    await h.gateway("CHANNEL_UPDATE", h.world.channel_payload(dark))
    done = await _review(h, "050", channel="lounge")
    assert "no longer age-restricted" in done.content, done.content
    assert _posts(h, "after-dark") == [] and _posts(h, "feedback") == []


# --- break 2: one review's problem is that review's alone ---------------------------------------


async def test_a_locked_thread_skips_its_review_and_the_others_are_posted(h: Harness) -> None:
    await _bot_permissions(h)
    await set_feedback_channel(h)
    await _review(h, "004")
    thread = h.world.threads("feedback")[0]
    thread.locked = thread.archived = True  # a moderator closes it
    await h.gateway("THREAD_UPDATE", h.world.channel_payload(thread))
    locked = await _review(h, "004", user="bram")
    assert "locked" in locked.content and "permissions" not in locked.content
    other = await _review(h, "000", user="cass")
    assert "It's posted here" in other.content
    assert len(h.world.messages(thread)) == 1
    thread.locked = thread.archived = False  # reopened: the waiting review goes in
    await h.gateway("THREAD_UPDATE", h.world.channel_payload(thread))
    await _review(h, "000", user="ayla")
    assert len(h.world.messages(thread)) == 2


async def test_a_review_deleted_during_a_burst_stops_nothing(h: Harness) -> None:
    await set_feedback_channel(h)
    readers = [f"reader{n}" for n in range(8)]
    for name in readers:
        h.world.add_user(name)
    forms = [await h.slash("fic review", story="004", user=name) for name in readers]
    # Once every review is stored and the first is being posted, the next one's reader
    # deletes it: the burst is being posted around it.
    real_send = discord.Thread.send
    gone: list[int] = []

    async def send(self: discord.Thread, *args: object, **kwargs: object) -> discord.Message:
        if not gone:
            for _ in range(1000):
                if await _count(h, "SELECT count(*) FROM reviews") == len(readers):
                    break
                await asyncio.sleep(0.01)
            user = await _count(h, "SELECT user_id FROM reviews ORDER BY id LIMIT 1 OFFSET 1")
            gone.append(next(n for n, r in enumerate(readers) if h.world.user(r).id == user))
            await h.slash("fic review", story="004", delete=True, user=readers[gone[0]])
        return await real_send(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(discord.Thread, "send", send)
        done = await asyncio.gather(
            *(
                h.submit_modal(form, {"rating": ["4"], "text": TEXT, "spoiler": False}, user=name)
                for form, name in zip(forms, readers, strict=True)
            )
        )
    others = [d for n, d in enumerate(done) if n != gone[0]]
    assert all("It's posted here: https://" in d.content for d in others), [
        d.content for d in others
    ]
    assert not any("was deleted" in d.content for d in done)
    assert len(_posts(h, "feedback")) == 7


# --- break 3: announcement and forum channels ---------------------------------------------------


async def test_an_announcement_channel_gets_announcement_threads(h: Harness) -> None:
    await h.add_channel("news", type=CHANNEL_NEWS)
    await set_feedback_channel(h, "news")
    done = await _review(h)
    assert "It's posted here" in done.content, done.content
    (thread,) = h.world.threads("news")
    assert thread.type == CHANNEL_NEWS_THREAD and len(h.world.messages(thread)) == 1


async def test_a_forum_that_requires_tags_gets_a_reviews_tag(h: Harness) -> None:
    forum = h.world.add_channel("reviews", type=CHANNEL_FORUM)
    forum.flags = REQUIRE_TAG
    forum.available_tags = [
        {"id": str(h.world.ids.next()), "name": "Spoilers", "moderated": False}
        | {"emoji_id": None, "emoji_name": None}
    ]
    await h.gateway("CHANNEL_CREATE", h.world.channel_payload(forum))
    # Holding only the invite's permissions, ficbot can't add a tag: refused, and why.
    await _bot_permissions(h)
    refused = await h.slash(
        "ficadmin feedback-channel", user="cass", options={"channel": "reviews"}
    )
    assert "requires a tag" in refused.content and "Manage Channels" in refused.content
    await _bot_permissions(
        h, INVITE_PERMISSIONS.value | discord.Permissions(manage_channels=True).value
    )
    await set_feedback_channel(h, "reviews")
    assert [t["name"] for t in forum.available_tags] == ["Spoilers", "Reviews"]
    done = await _review(h)
    assert "It's posted here" in done.content, done.content
    assert len(h.world.threads("reviews")) == 1


# --- break 5: a send repeated after a crash ------------------------------------------------------


async def test_a_post_repeated_before_it_was_recorded_is_not_posted_twice(h: Harness) -> None:
    """The bot "dies" between Discord accepting the post and recording it: the next attempt
    (same nonce) gets the same message back, and, past Discord's nonce window, finds it in the
    thread's recent messages."""
    from bot.storage import feedback

    await set_feedback_channel(h)
    real_mark = feedback.mark_posted
    with pytest.MonkeyPatch.context() as mp:

        async def crash(*args: object, **kwargs: object) -> bool:
            raise RuntimeError("killed")

        mp.setattr(feedback, "mark_posted", crash)
        await _review(h)
    thread = h.world.threads("feedback")[0]
    assert len(h.world.messages(thread)) == 1
    posted, _ = await h.bot.poster.flush(h.world.guild().id)  # within the nonce window
    assert posted == 1 and len(h.world.messages(thread)) == 1
    # Again, with the post unrecorded and the nonce long forgotten.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(feedback, "mark_posted", crash)
        await _review(h, "004", user="bram")
    assert len(h.world.messages(thread)) == 2
    h.world.nonces.clear()
    posted, _ = await h.bot.poster.flush(h.world.guild().id)
    assert posted == 1 and len(h.world.messages(thread)) == 2
    assert real_mark is feedback.mark_posted


# --- break 10: the feedback channel moves --------------------------------------------------------


async def test_an_edited_review_moves_with_the_feedback_channel(h: Harness) -> None:
    await set_feedback_channel(h)
    await _review(h)
    old_thread = h.world.threads("feedback")[0]
    old = h.world.messages(old_thread)[0]
    await h.add_channel("reviews")
    await set_feedback_channel(h, "reviews")
    edited = await _review(h)
    assert "It's posted here" in edited.content
    new_thread = h.world.threads("reviews")[0]
    assert len(h.world.messages(new_thread)) == 1
    assert old["embeds"] == [] and "moved" in old["content"]
    assert f"/{new_thread.id}/" in old["content"]
