"""Announcements, follows and authors (issue 13), through the real command tree: a published
story is announced without pinging, its followers are told by DM (or, DMs closed, by a note
naming no one), adult stories only in age-restricted channels, authors see their reviews."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.app.client import FicBot
from fakediscord import Harness, Upload, World
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


async def test_an_author_named_by_a_sidecar_sees_their_reviews(
    make_bot: Callable[..., FicBot], world: World, seeds_dir: Path
) -> None:
    bram = world.user("bram").id
    (seeds_dir / "004_ce5a30b05ee326c2.toml").write_text(f'discord_user_id = "{bram}"\n')
    bot = make_bot()
    async with Harness(bot, world) as h:
        await bot.wait_until_loaded()
        await set_feedback_channel(h)
        form = await h.slash("fic review", story="004", user="ayla")
        await h.submit_modal(
            form, {"rating": ["4"], "text": "The sidecar knew who wrote this.", "spoiler": False}
        )
        await bot.poster.flush_all()
        page = await h.slash("fic my-stories", user="bram")
        assert page.ephemeral and "The sidecar knew" in str(page.embed)
        assert "set-author" in str((await h.slash("fic my-stories", user="ayla")).embed)


async def test_set_author_is_written_beside_the_story_and_survives_a_reload(
    h: Harness, seeds_dir: Path
) -> None:
    bot = bot_of(h)
    await h.slash("ficadmin set-author", user="cass", story="004", options={"user": "bram"})
    sidecar = seeds_dir / "004_ce5a30b05ee326c2.toml"
    assert f'discord_user_id = "{h.world.user("bram").id}"' in sidecar.read_text()
    # Re-read from the folder (as after a parser upgrade): the account is the sidecar's.
    await bot.db.execute("UPDATE stories SET analysis_key = 'stale'")
    await bot.db.commit()
    report = await bot.load_library()
    assert report is not None and report.updated == 2
    mine = str((await h.slash("fic my-stories", user="bram")).embed)
    assert "Reviews of your stories" in mine and "set-author" not in mine
    await h.slash("ficadmin set-author", user="cass", story="004")
    assert "discord_user_id" not in sidecar.read_text()
    await bot.db.execute("UPDATE stories SET analysis_key = 'stale'")
    await bot.db.commit()
    await bot.load_library()
    assert "set-author" in str((await h.slash("fic my-stories", user="bram")).embed)


async def test_publish_answers_first_and_then_every_follower_is_told(h: Harness) -> None:
    """Followers are told after the librarian's answer, not during it: with many of them,
    one DM rate-limited (discord.py waits it out) and one closed, everyone hears."""
    await h.slash("ficadmin announce-channel", user="cass", options={"channel": "general"})
    readers = [f"reader{n}" for n in range(30)]
    for name in readers:
        h.world.add_user(name)
        await h.slash("fic follow", user=name, author="Wren")
    close_dms(h, "reader7")
    h.world.fail(
        "POST",
        "/channels/{channel_id}/messages",
        status=429,
        retry_after=2.0,
        times=1,
        channel_id=h.world.dm_channel("reader3"),
    )

    done = await _import_and_publish(h, STORY, "rain.txt")

    # Every answer to the librarian (the card, "Announced in") before the first DM.
    answers = ("callback", "followup", "edit_original", "edit_followup")
    dms = {h.world.dm_channel(name).id for name in readers}
    order = [
        "answer" if s.kind in answers else "dm"
        for s in done.sent
        if s.kind in answers or (s.kind == "channel_message" and s.channel_id in dms)
    ]
    assert "dm" in order and "answer" not in order[order.index("dm") :], order
    reader3 = h.world.dm_channel("reader3").id
    assert [s.status for s in done.sent if s.channel_id == reader3] == [429, 200]
    assert "Announced in" in str([r.payload for r in done.replies])
    await bot_of(h).follower_notices.idle()
    for name in readers:
        got = h.world.messages(h.world.dm_channel(name))
        assert len(got) == (0 if name == "reader7" else 1), name
    [thread] = h.world.threads("general")
    [note] = h.world.messages(thread)
    assert "Wren" in note["content"] and "<@" not in note["content"]
