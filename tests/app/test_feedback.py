"""Reviews, kudos, /fic reviews and /ficadmin: the whole feedback loop."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable
from pathlib import Path

import discord
import pytest

from bot.app.client import FicBot
from fakediscord import CommandUnavailable, Harness, ManualClock, World
from tests.fixtures.bot import set_feedback_channel

RESPONSE = discord.InteractionResponseType

REVIEW = "The ending wrecked me, in the best way. Aeris deserved better."


async def review(
    h: Harness,
    story: str = "004",
    *,
    user: str = "ayla",
    rating: str = "5",
    text: str = REVIEW,
    spoiler: bool = False,
    channel: str = "general",
):  # type: ignore[no-untyped-def]
    opened = await h.slash("fic review", story=story, user=user, channel=channel)
    assert opened.response_type == RESPONSE.modal.value, opened.summary()
    return await h.submit_modal(
        opened, {"rating": [rating], "text": text, "spoiler": spoiler}, user=user
    )


async def test_review_button_opens_the_form_first(h: Harness) -> None:
    ex = await h.slash("fic random", character="Aeris")
    opened = await h.click(ex, "fb:review:004", user="bram")
    assert opened.response_type == RESPONSE.modal.value
    modal = opened.modal
    assert modal["title"].startswith("Review: ") and len(modal["title"]) <= 45
    labels = [row["label"] for row in modal["components"]]
    assert labels == ["Your rating", "Your review", "Contains spoilers"]


async def test_review_is_stored_posted_in_the_story_thread_and_the_reader_thanked(
    h: Harness,
) -> None:
    await set_feedback_channel(h)
    done = await review(h)
    # Thanked at once (the review is committed), then that answer is edited to link the post.
    assert done.response_type == RESPONSE.channel_message.value
    first = done.replies[0].payload["data"]["content"]
    assert "I'm posting it in <#" in first
    assert [r.kind for r in done.replies] == ["callback", "edit_original"]
    assert done.ephemeral and "Thanks for reviewing" in done.content
    threads = h.world.threads("feedback")
    assert len(threads) == 1 and threads[0].name.startswith("Reviews: The field was littered")
    posted = h.world.messages(threads[0])
    assert len(posted) == 1
    embed = posted[0]["embeds"][0]
    assert embed["title"].startswith("★★★★★") and embed["description"] == REVIEW.replace(".", ".")
    assert embed["author"]["name"] == "Review by Ayla"
    assert f"/{threads[0].id}/" in done.content  # the link to it
    card = await h.slash("fic story", story="004")
    assert "★★★★★ 5.0 (1 review)" in str(card.embed)


async def test_second_review_edits_the_first_and_its_post(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h, rating="5")
    h.bot.review_cooldown.seconds = 0
    again = await review(h, rating="3", text="On a second read the middle drags a bit.")
    assert "Thanks for updating your review of" in again.content
    thread = h.world.threads("feedback")[0]
    posted = h.world.messages(thread)
    assert len(posted) == 1, "edited in place, not posted twice"
    assert posted[0]["embeds"][0]["title"].startswith("★★★☆☆")
    listing = await h.slash("fic reviews", story="004")
    assert "(1 review)" in listing.embed["description"]
    reopened = await h.slash("fic review", story="004")
    assert reopened.modal["title"].startswith("Edit your review")


async def test_spoiler_reviews_are_posted_behind_spoiler_markup(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h, text="He kills her at the end, which I did not see coming.", spoiler=True)
    embed = h.world.messages(h.world.threads("feedback")[0])[0]["embeds"][0]
    assert embed["description"].startswith("||") and embed["description"].endswith("||")


async def test_review_text_cannot_ping_or_break_markdown(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h, text="@everyone look **here** <@123> [click](http://x.example) ||oops")
    embed = h.world.messages(h.world.threads("feedback")[0])[0]["embeds"][0]
    text = embed["description"]
    assert "**here**" not in text and "\\*\\*here\\*\\*" in text
    assert "@everyone" not in text and "](http" not in text


async def test_without_a_feedback_channel_the_review_waits_and_posts_once_one_is_set(
    h: Harness,
) -> None:
    done = await review(h)
    assert "saved" in done.content and "/ficadmin feedback-channel" in done.content
    assert h.world.threads("feedback") == []
    admin = await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "feedback"})
    assert "posted the 1 review" in admin.content
    assert len(h.world.messages(h.world.threads("feedback")[0])) == 1


async def test_deleted_feedback_channel_keeps_the_review_for_later(h: Harness) -> None:
    await set_feedback_channel(h)
    await h.delete_channel("feedback")
    done = await review(h)
    assert "saved" in done.content and "deleted" in done.content
    stored = await h.slash("fic reviews", story="004", user="bram")
    assert REVIEW in str(stored.embed)
    await h.add_channel("reviews")
    admin = await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "reviews"})
    assert "posted the 1 review" in admin.content


async def test_missing_permission_is_explained_and_nothing_is_lost(h: Harness) -> None:
    await set_feedback_channel(h)
    h.world.fail("POST", "/channels/{channel_id}/threads", status=403, code=50013)
    done = await review(h)
    assert "saved" in done.content and "permissions" in done.content
    h.world.clear_failures()
    h.bot.review_cooldown.seconds = 0
    await review(h, user="bram")
    # Bram's post went through, and Ayla's waiting review with it.
    assert len(h.world.messages(h.world.threads("feedback")[0])) == 2


async def test_invalid_review_is_refused_with_a_reason(h: Harness) -> None:
    opened = await h.slash("fic review", story="004")
    done = await h.submit_modal(opened, {"rating": ["5"], "text": "   meh    ", "spoiler": False})
    assert done.ephemeral and "at least" in done.content


async def test_cooldown_between_submissions(make_bot: Callable[..., FicBot], world: World) -> None:
    bot = make_bot()
    async with Harness(bot, world) as h:
        await set_feedback_channel(h)
        await review(h)
        opened = await h.slash("fic review", story="000")
        assert opened.ephemeral and "Try again in" in opened.content


async def test_kudos_once_per_reader_and_counted_on_the_card(h: Harness) -> None:
    ex = await h.slash("fic random", character="Genesis")
    first = await h.click(ex, "fb:kudos:000")
    assert "Kudos sent" in first.content and "(1 in this server)" in first.content
    twice = await h.click(ex, "fb:kudos:000")
    assert "already" in twice.content
    await h.click(ex, "fb:kudos:000", user="bram")
    card = await h.slash("fic story", story="000")
    assert any(f["name"] == "Kudos" and f["value"] == "❤️ 2" for f in card.embed["fields"])


async def test_reviews_and_kudos_belong_to_their_server(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h)
    other = await h.add_guild("Elsewhere")
    general = await h.add_channel("lobby", guild=other)
    await h.add_user("dana", guild=other)
    listing = await h.slash("fic reviews", story="004", user="dana", channel=general)
    assert "No reviews in this server yet" in listing.embed["description"]
    card = await h.slash("fic story", story="004", user="dana", channel=general)
    assert any(
        f["name"] == "Reviews" and f["value"] == "no reviews yet" for f in card.embed["fields"]
    )


async def test_ficadmin_needs_manage_server_even_if_defaults_change(h: Harness) -> None:
    with pytest.raises(CommandUnavailable):
        await h.slash("ficadmin feedback-channel", user="ayla", options={"channel": "feedback"})
    forced = await h.slash(
        "ficadmin feedback-channel", user="ayla", options={"channel": "feedback"}, force=True
    )
    assert forced.ephemeral and "Manage Server" in forced.content
    exported = await h.slash("ficadmin export", user="bram", story="all", force=True)
    assert "Manage Server" in exported.content and not exported.files


async def test_export_sends_a_csv_of_this_servers_reviews(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h, text='=HYPERLINK("http://evil") lovely story overall')
    ex = await h.slash("ficadmin export", user="cass", story="all")
    assert ex.ephemeral and len(ex.files) == 1
    rows = list(csv.DictReader(io.StringIO(ex.files[0].data.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["story_id"] == "004" and rows[0]["rating"] == "5"
    assert rows[0]["review"].startswith("'=")  # no formula injection in spreadsheets


async def test_reader_deletes_own_review_and_admin_removes_any(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h, user="ayla")
    await review(h, user="bram")
    thread = h.world.threads("feedback")[0]
    gone = await h.slash("fic review", story="004", delete=True, user="ayla")
    assert "deleted" in gone.content
    none = await h.slash("fic review", story="004", delete=True, user="ayla")
    assert "haven't reviewed" in none.content
    removed = await h.slash("ficadmin remove-review", user="cass", story="004", reader="bram")
    assert "deleted" in removed.content
    assert h.world.messages(thread) == []


async def test_review_survives_a_restart_between_form_and_submit(
    make_bot: Callable[..., FicBot], world: World
) -> None:
    first = make_bot()
    async with Harness(first, world) as h1:
        await set_feedback_channel(h1)
        opened = await h1.slash("fic review", story="004")
    second = make_bot()
    async with Harness(second, world) as h2:
        done = await h2.submit_modal(opened, {"rating": ["4"], "text": REVIEW, "spoiler": False})
        assert "Thanks" in done.content
        assert len(h2.world.messages(h2.world.threads("feedback")[0])) == 1


async def test_commands_sync_once_and_not_again_when_unchanged(
    make_bot: Callable[..., FicBot], world: World
) -> None:
    async with Harness(make_bot(), world) as h1:
        assert len(h1.startup.of_kind("command_sync")) == 1
    async with Harness(make_bot(), world) as h2:
        assert h2.startup.of_kind("command_sync") == []


async def test_clock_is_manual() -> None:
    assert ManualClock is not None


async def test_a_burst_of_reviews_is_thanked_at_once_then_posted_once_each(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 readers submit together: one commit for many, one posting pass for many (it used to
    be a pass over every waiting review per submission), every reader's answer links the post."""
    import asyncio

    from bot.storage import feedback

    passes = 0
    unposted = feedback.unposted_reviews

    async def counting(*args: object, **kwargs: object) -> list[feedback.Review]:
        nonlocal passes
        passes += 1
        return await unposted(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(feedback, "unposted_reviews", counting)
    await set_feedback_channel(h)
    readers = [f"reader{n}" for n in range(30)]
    for name in readers:
        h.world.add_user(name)
    forms = [await h.slash("fic review", story="004", user=name) for name in readers]
    done = await asyncio.gather(
        *(
            h.submit_modal(form, {"rating": ["4"], "text": REVIEW, "spoiler": False}, user=name)
            for form, name in zip(forms, readers, strict=True)
        )
    )
    assert all(d.response_type == RESPONSE.channel_message.value for d in done), (
        "thanked without deferring"
    )
    assert all("It's posted here: https://" in d.content for d in done)
    posted = h.world.messages(h.world.threads("feedback")[0])
    assert len(posted) == 30
    assert passes <= 4, f"{passes} passes over the waiting reviews for 30 submissions"


async def test_a_posting_crash_is_told_to_the_reader_and_retried_with_the_next_review(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.storage import feedback

    await set_feedback_channel(h)
    unposted = feedback.unposted_reviews

    async def broken(*args: object, **kwargs: object) -> list[feedback.Review]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(feedback, "unposted_reviews", broken)
    first = await review(h)
    assert "saved, but I couldn't post it yet: something went wrong on my side" in first.content
    assert "posting the reviews of guild" in caplog.text
    monkeypatch.setattr(feedback, "unposted_reviews", unposted)
    h.world.add_user("bram")
    second = await review(h, user="bram")
    assert "It's posted here" in second.content
    assert len(h.world.messages(h.world.threads("feedback")[0])) == 2, "the first one too"


@pytest.fixture
def story_004(seeds_dir: Path) -> Path:
    return next(seeds_dir.glob("004_*.txt"))


async def test_a_withdrawn_story_says_so_and_keeps_its_reviews(h: Harness, story_004: Path) -> None:
    """Issue 12, break 12: a withdrawn story answered "I can't find a story called 004" and
    its reviews could no longer be listed."""
    await review(h)
    await asyncio.to_thread(story_004.unlink)
    await h.bot.load_library()
    for command in ("fic story", "fic read", "fic review"):
        gone = await h.slash(command, story="004")
        assert gone.ephemeral and "was withdrawn from the library" in gone.content, command
        assert "The field was littered" in gone.content and "can't find" not in gone.content
    listed = await h.slash("fic reviews", story="004")
    assert not listed.ephemeral, listed.summary()
    assert "withdrawn" in listed.embed["description"]
    (field,) = listed.embed["fields"]
    assert field["name"].endswith("Ayla")
    assert not any(c.startswith("fb:review:") for c in listed.custom_ids)


async def test_reader_names_in_reviews_are_escaped(h: Harness) -> None:
    """Issue 12 (also): a display name's markdown was rendered in /fic reviews."""
    await h.add_user("mallory", global_name="**Mal** _the_ `reader`")
    await review(h, user="mallory")
    (field,) = (await h.slash("fic reviews", story="004")).embed["fields"]
    assert field["name"].endswith(r"\*\*Mal\*\* \_the\_ \`reader\`"), field["name"]


async def test_a_title_ending_in_an_ellipsis_gets_no_full_stop_after_it(h: Harness) -> None:
    """Issue 12, a new user: "…Shinra's…." (004's title is its first words, cut short)."""
    card = await h.slash("fic story", story="004")
    assert card.embed["title"].endswith("…")
    await h.click(card, "fb:kudos:004")
    again = await h.click(card, "fb:kudos:004")
    assert "…**." not in again.content and "…**" in again.content, again.content


async def test_the_rating_picker_says_each_rating_once(h: Harness) -> None:
    """Issue 12, a new user: the picker read "5 ★★★★★ 5" (the value, then a label ending
    with it again)."""
    opened = await h.slash("fic review", story="004")
    picker = opened.modal["components"][0]["component"]
    for option in picker["options"]:
        assert option["value"] not in option["label"], option
