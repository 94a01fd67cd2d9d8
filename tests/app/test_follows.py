"""Announcements, follows and authors (issue 13), through the real command tree: a published
story is announced without pinging, its followers are told by DM (or, DMs closed, by a note
naming no one), adult stories only in age-restricted channels, authors see their reviews."""

from __future__ import annotations

from typing import Any

from bot.app.client import FicBot
from fakediscord import Harness, Upload
from fakediscord.records import walk_components
from tests.app.test_library_admin import STORY, import_
from tests.fixtures.bot import set_feedback_channel

EXPLICIT = STORY.replace("Rating: Teen", "Rating: Explicit").replace(
    "Rain on Sector Seven", "Night on Sector Seven"
)


def bot_of(h: Harness) -> FicBot:
    return h.bot  # type: ignore[return-value]


def _ids(message: dict[str, Any]) -> list[str]:
    return [
        c["custom_id"] for c in walk_components(message.get("components") or []) if "custom_id" in c
    ]


async def _import_and_publish(h: Harness, text: str, name: str) -> Any:
    ex = await import_(h, Upload(name, text.encode()))
    card = next(r.message for r in ex.replies if r.message and r.message.get("embeds"))
    publish = next(c for c in _ids(card) if c.startswith("fb:pub:"))
    return await h.click(card, publish, user="cass")


def close_dms(h: Harness, user: str) -> None:
    h.world.fail(
        "POST",
        "/channels/{channel_id}/messages",
        status=403,
        code=50007,
        channel_id=h.world.dm_channel(user),
    )


async def test_publish_announces_and_tells_followers_without_pinging(h: Harness) -> None:
    set_ = await h.slash("ficadmin announce-channel", user="cass", options={"channel": "general"})
    assert "announced in <#" in (set_.content or "")
    cast = await h.autocomplete("fic follow", "character", "clo", user="bram")
    cloud = next(c["value"] for c in cast.choices if "Cloud" in c["name"])
    assert "a direct message" in (
        (await h.slash("fic follow", user="bram", character=cloud)).content or ""
    )
    # Wren has no story yet: a follow of a name the library doesn't know is kept as typed.
    assert (await h.slash("fic follow", user="ayla", author="wren")).ephemeral
    close_dms(h, "bram")

    await _import_and_publish(h, STORY, "rain.txt")

    posts = h.world.messages("general")
    announced = next(m for m in posts if m.get("embeds"))
    assert announced["embeds"][0]["title"] == "Rain on Sector Seven"
    assert "New in the library" in announced["embeds"][0]["description"]
    buttons = _ids(announced)
    assert "fb:read:rain" in buttons and "fb:follow:rain" in buttons
    dm = h.world.messages(h.world.dm_channel("ayla"))
    assert len(dm) == 1 and "Rain on Sector Seven" in dm[0]["content"]
    assert "Teen" in dm[0]["content"] and "by **Wren**" in dm[0]["content"]
    # Bram's DMs are closed: a note in the announcement's thread, naming nobody.
    [thread] = h.world.threads("general")
    [note] = h.world.messages(thread)
    assert "Cloud" in note["content"] and "<@" not in note["content"]
    assert "bram" not in note["content"].lower()


async def test_adult_stories_only_in_an_age_restricted_announce_channel(h: Harness) -> None:
    refused = await h.slash(
        "ficadmin announce-channel",
        user="cass",
        options={"channel": "general", "adult-channel": "general"},
    )
    assert "is not age-restricted" in (refused.content or "")
    await h.slash("ficadmin announce-channel", user="cass", options={"channel": "general"})
    await h.slash("fic follow", user="ayla", author="Wren")
    done = await _import_and_publish(h, EXPLICIT, "night.txt")
    told = str([r.payload for r in done.replies])
    assert "not announced" in told and "age-restricted" in told
    assert not any(m.get("embeds") for m in h.world.messages("general"))
    # A DM is private: the follower is told, with the rating.
    [dm] = h.world.messages(h.world.dm_channel("ayla"))
    assert "Explicit" in dm["content"]

    await h.slash(
        "ficadmin announce-channel",
        user="cass",
        options={"channel": "general", "adult-channel": "after-dark"},
    )
    await h.slash("ficadmin withdraw", user="cass", story="night", channel="after-dark")
    back = await h.slash("ficadmin restore", user="cass", story="night", channel="after-dark")
    assert "Announced in" in (back.content or "")
    assert any(m.get("embeds") for m in h.world.messages("after-dark"))
    assert not any(m.get("embeds") for m in h.world.messages("general"))


async def test_follow_button_following_unfollow_and_notifications_off(h: Harness) -> None:
    await h.slash("ficadmin announce-channel", user="cass", options={"channel": "general"})
    await _import_and_publish(h, STORY, "rain.txt")
    announced = next(m for m in h.world.messages("general") if m.get("embeds"))
    pressed = await h.click(announced, "fb:follow:rain", user="bram")
    assert pressed.ephemeral and "**Wren**" in (pressed.content or "")
    listed = await h.slash("fic following", user="bram")
    assert listed.ephemeral and "Wren" in str(listed.embed) and "on" in str(listed.embed)
    picks = await h.autocomplete("fic unfollow", "what", "wr", user="bram")
    assert [c["value"] for c in picks.choices] == ["author:Wren"]
    off = await h.slash("fic following", user="bram", notify="off")
    assert "off (`/fic following notify:on`" in str(off.embed)
    assert "off" in str((await h.slash("fic following", user="bram")).embed)

    await _import_and_publish(h, STORY.replace("Rain on", "Hail on"), "hail.txt")
    assert h.world.messages(h.world.dm_channel("bram")) == []  # notifications off
    gone = await h.slash("fic unfollow", user="bram", what="author:Wren")
    assert "no longer follow" in (gone.content or "")
    assert "Nothing yet" in str((await h.slash("fic following", user="bram")).embed)


async def test_author_sees_reviews_and_is_told_of_new_ones(h: Harness) -> None:
    await set_feedback_channel(h)
    mine = await h.slash("fic my-stories", user="bram")
    assert mine.ephemeral and "set-author" in str(mine.embed)
    done = await h.slash("ficadmin set-author", user="cass", story="004", options={"user": "bram"})
    assert "my-stories" in (done.content or "")
    await h.slash("fic following", user="bram", reviews="on")
    form = await h.slash("fic review", story="004", user="ayla")
    await h.submit_modal(
        form, {"rating": ["5"], "text": "Loved the ending, truly.", "spoiler": False}
    )
    await bot_of(h).poster.flush_all()
    page = await h.slash("fic my-stories", user="bram")
    assert "Loved the ending" in str(page.embed) and page.ephemeral
    [dm] = h.world.messages(h.world.dm_channel("bram"))
    assert "new" in dm["content"] and "review" in dm["content"]
    # The reviewer is not told of their own review, nor is anyone else.
    assert h.world.messages(h.world.dm_channel("ayla")) == []
