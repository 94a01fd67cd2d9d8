"""/fic my-data, /fic forget-me and /ficadmin forget, through the command tree."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.app.client import FicBot
from bot.storage.db import fetch_all
from bot.storage.my_data import ANONYMOUS_READER, READER_TABLES
from fakediscord import CommandUnavailable, Exchange, Harness
from tests.app.test_feedback import review
from tests.fixtures.bot import guild_id, set_feedback_channel, user_id


def _bot(h: Harness) -> FicBot:
    assert isinstance(h.bot, FicBot)
    return h.bot


async def _rows(h: Harness, guild: int, user: int) -> dict[str, int]:
    """Rows of this reader in this server, table by table (every reader table)."""
    counts = {}
    for t in READER_TABLES:
        rows = await fetch_all(
            _bot(h).db,
            f"SELECT count(*) FROM {t.table} WHERE guild_id = ? AND user_id = ?",
            (guild, user),
        )
        counts[t.table] = int(rows[0][0])
    return counts


async def _read_a_page(h: Harness, user: str) -> None:
    page = await h.slash("fic read", story="004", user=user)
    nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
    await h.click(page, nxt, user=user)


async def _lots_of_data(h: Harness, user: str) -> None:
    """A reader who did a bit of everything, with a posted review."""
    await review(h, user=user)
    card = await h.slash("fic story", story="000", user=user)
    await h.click(card, "fb:kudos:000", user=user)
    await h.slash("fic save", story="004", note="for the weekend", user=user)
    await h.slash("fic exclude", kind="tag", value="Angst", user=user)
    await h.slash("fic follow", character="Aeris", user=user)
    await _read_a_page(h, user)


def _forget_button(ex: Exchange, mode: str) -> str:
    return next(c for c in ex.custom_ids if c.startswith("fb:forget:") and f":{mode}" in c)


async def test_my_data_shows_the_readers_data_and_a_json_file_that_matches(h: Harness) -> None:
    await set_feedback_channel(h)
    await _lots_of_data(h, "ayla")
    await _lots_of_data(h, "bram")
    shown = await h.slash("fic my-data")
    assert shown.ephemeral and len(shown.files) == 1
    text = shown.embed["description"]
    assert "for the weekend" in text and "Angst" in text and "Aeris" in text
    assert "The ending wrecked me" in text and "Your reviews" in text
    data = json.loads(shown.files[0].data)
    assert data["user_id"] == user_id(h, "ayla") and data["guild_id"] == guild_id(h)
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    assert [r["story_id"] for r in tables["kudos"]] == ["000"]
    assert [r["note"] for r in tables["shelf"]] == ["for the weekend"]
    assert [r["label"] for r in tables["exclusions"]] == ["Angst"]
    assert len(tables["reviews"]) == 1 and tables["reading_positions"]
    # Only this reader's rows, and the file says what the database says.
    for t in READER_TABLES:
        assert all(r["user_id"] == user_id(h, "ayla") for r in tables[t.table])
    assert {t: len(rows) for t, rows in tables.items()} == await _rows(
        h, guild_id(h), user_id(h, "ayla")
    )


async def test_my_data_is_per_server(h: Harness) -> None:
    await h.slash("fic save", story="004", note="a note here")
    other = await h.add_guild("Elsewhere")
    lobby = await h.add_channel("lobby", guild=other)
    h.world.join("ayla", guild=other)
    there = await h.slash("fic my-data", channel=lobby)
    assert there.ephemeral and "nothing" in there.content and not there.files


async def test_my_data_pages_turn_for_its_owner_only(h: Harness) -> None:
    for n in range(30):
        await h.slash("fic exclude", kind="tag", value=f"Tag number {n}")
    shown = await h.slash("fic my-data")
    assert "Page 1 of 2" in shown.embed["footer"]["text"]
    nxt = next(c for c in shown.custom_ids if c.startswith("fb:list:y:n:"))
    refused = await h.click(shown, nxt, user="bram")
    assert "belong" in refused.content
    page2 = await h.click(shown, nxt)
    assert "Page 2 of 2" in page2.embed["footer"]["text"]
    assert "Tag number 29" in page2.embed["description"]


async def test_forget_me_deletes_everything_and_the_posts_after_confirming(h: Harness) -> None:
    await set_feedback_channel(h)
    await _lots_of_data(h, "ayla")
    await _lots_of_data(h, "bram")
    ayla, bram, here = user_id(h, "ayla"), user_id(h, "bram"), guild_id(h)
    thread = h.world.threads("feedback")[0]
    assert len(h.world.messages(thread)) == 2
    bram_before = await _rows(h, here, bram)
    asked = await h.slash("fic forget-me")
    assert asked.ephemeral and "can't be undone" in asked.embed["description"]
    assert "a reader" in asked.embed["description"]  # the choice for the reviews is shown
    # Nothing is deleted before the confirmation, and a stranger can't confirm.
    refused = await h.click(asked, _forget_button(asked, "d"), user="bram")
    assert "belong" in refused.content
    assert sum((await _rows(h, here, ayla)).values()) > 0
    done = await h.click(asked, _forget_button(asked, "d"))
    assert "forgotten you" in done.content and "1 review post removed" in done.content
    assert await _rows(h, here, ayla) == {t.table: 0 for t in READER_TABLES}
    assert await _rows(h, here, bram) == bram_before
    assert len(h.world.messages(thread)) == 1  # bram's post stays
    assert "nothing" in (await h.slash("fic my-data")).content
    # The unwritten page turn was dropped too: nothing comes back at the next flush.
    await _bot(h).positions.flush()
    assert (await _rows(h, here, ayla))["reading_positions"] == 0


async def test_forget_me_can_keep_the_reviews_as_by_a_reader(h: Harness) -> None:
    await set_feedback_channel(h)
    await review(h)
    asked = await h.slash("fic forget-me")
    done = await h.click(asked, _forget_button(asked, "a"))
    assert "a reader" in done.content
    rows = await fetch_all(_bot(h).db, "SELECT user_id, user_name FROM reviews")
    assert [r[1] for r in rows] == [ANONYMOUS_READER]
    assert all(r[0] < 0 for r in rows)
    await _bot(h).poster.flush(guild_id(h))
    (post,) = h.world.messages(h.world.threads("feedback")[0])
    assert "Ayla" not in json.dumps(post) and ANONYMOUS_READER in json.dumps(post)
    listing = await h.slash("fic reviews", story="004", user="bram")
    assert "Ayla" not in json.dumps(listing.embeds)


async def test_cancel_keeps_everything(h: Harness) -> None:
    await h.slash("fic save", story="004")
    asked = await h.slash("fic forget-me")
    kept = await h.click(asked, _forget_button(asked, "k"))
    assert "Nothing was forgotten" in kept.content and not kept.custom_ids
    assert (await _rows(h, guild_id(h), user_id(h, "ayla")))["shelf"] == 1


async def test_posts_that_cannot_be_removed_are_counted_and_the_data_goes_anyway(
    h: Harness,
) -> None:
    await set_feedback_channel(h)
    await review(h)
    h.world.fail("DELETE", "/channels/{channel_id}/messages/{message_id}", status=403, code=50013)
    asked = await h.slash("fic forget-me")
    done = await h.click(asked, _forget_button(asked, "d"))
    assert "1 post could not be removed" in done.content
    assert sum((await _rows(h, guild_id(h), user_id(h, "ayla"))).values()) == 0


async def test_other_servers_data_is_untouched(h: Harness) -> None:
    other = await h.add_guild("Elsewhere")
    lobby = await h.add_channel("lobby", guild=other)
    h.world.join("ayla", guild=other)
    await h.slash("fic save", story="004", channel=lobby)
    await h.slash("fic save", story="004")
    asked = await h.slash("fic forget-me")
    await h.click(asked, _forget_button(asked, "d"))
    assert (await _rows(h, guild_id(h, "Elsewhere"), user_id(h, "ayla")))["shelf"] == 1


async def test_an_admin_forgets_a_member_who_left(h: Harness) -> None:
    await set_feedback_channel(h)
    await _lots_of_data(h, "bram")
    bram = user_id(h, "bram")
    del h.world.guild(None).members[bram]  # bram left the server
    asked = await h.slash("ficadmin forget", user="cass", options={"member": "bram"})
    assert asked.ephemeral and "Forget this member" in asked.embed["title"]
    refused = await h.click(asked, _forget_button(asked, "d"), user="ayla")
    assert "belong" in refused.content
    done = await h.click(asked, _forget_button(asked, "d"), user="cass")
    assert "forgotten that member" in done.content
    assert await _rows(h, guild_id(h), bram) == {t.table: 0 for t in READER_TABLES}
    log = await h.slash("ficadmin log", user="cass")
    text = log.embed["description"]
    assert "forgot" in text and "Cass" in text and "Bram" not in text and "bram" not in text


async def test_forget_for_admins_only(h: Harness) -> None:
    with pytest.raises(CommandUnavailable):
        await h.slash("ficadmin forget", user="ayla", options={"member": "bram"})
    forced = await h.slash("ficadmin forget", user="ayla", options={"member": "bram"}, force=True)
    assert "Manage Server" in forced.content
