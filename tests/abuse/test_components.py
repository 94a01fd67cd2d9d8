"""Forged buttons and selects: custom ids nobody was given, pages that don't exist, another
reader's pager, select values that were never offered. A polite answer every time; never
someone else's pager, never an Explicit story outside an age-restricted channel."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.storage import feedback, queries
from fakediscord import Exchange, Harness
from tests.abuse.checks import assert_handled, assert_harness_clean
from tests.app import stories
from tests.fixtures.payloads import button_row

RESPONSE = discord.InteractionResponseType

OWNER = "{owner}"  # replaced by the pressing reader's id
OTHER = "{other}"  # replaced by another reader's id

FORGED = [
    # garbage
    "garbage",
    "fb:",
    "fb:read:",
    "fb:nope:004",
    "x" * 100,
    "fb:read:" + "a" * 92,  # exactly 100 characters
    "fb:list:s:n:1:{owner}:" + "w" * 60,
    "fb:list:s:n:1:{owner}:" + "w" * 80,  # 100 and more
    # unicode
    "fb:read:café",
    "fb:kudos:００４",
    "fb:list:s:n:1:{owner}:ünïcødé 😀",
    "fb:list:s:n:1:{owner}:\u202e\u200b",
    "fb:list:s:n:1:{owner}:@everyone <@123>",
    # stories that don't exist, or aren't for this channel
    "fb:read:nope",
    "fb:review:nope",
    "fb:kudos:zzz",
    "fb:read:050",
    "fb:review:050",
    "fb:kudos:050",
    "fb:read:000",  # another story than the message's: a fine thing to open
    "fb:nav:n:050:1:{owner}",
    "fb:nav:n:nope:1:{owner}",
    # pages out of range
    "fb:nav:n:004:0:{owner}",
    "fb:nav:n:004:-1:{owner}",
    "fb:nav:n:004:9999999:{owner}",
    "fb:nav:n:004:1000000000:{owner}",
    "fb:list:c:n:0:{owner}:1",
    "fb:list:c:n:9999999:{owner}:1",
    "fb:list:r:n:9999999:{owner}:",
    "fb:list:v:n:9999999:{owner}:004",
    "fb:list:s:n:9999999:{owner}:cloud",
    "fb:list:s:n:-1:{owner}:cloud",
    # list arguments that make no sense
    "fb:list:c:n:1:{owner}:",
    "fb:list:c:n:1:{owner}:abc",
    "fb:list:c:n:1:{owner}:99999999999",
    "fb:list:c:n:1:{owner}:-5",
    "fb:list:v:n:1:{owner}:",
    "fb:list:v:n:1:{owner}:nope",
    "fb:list:v:n:1:{owner}:050",
    "fb:list:s:n:1:{owner}:",
    'fb:list:s:n:1:{owner}:"NEAR(',
    "fb:list:r:n:1:{owner}:whatever",
    # somebody else's pager
    "fb:nav:n:004:2:{other}",
    "fb:list:c:n:2:{other}:1",
    "fb:list:r:n:2:{other}:",
    "fb:list:s:n:2:{other}:cloud",
    "fb:list:v:n:2:{other}:004",
    # another button's characters and fandoms
    "fb:another:0:",
    "fb:another:999999:",
    "fb:another:0:ffffffffffff",
    "fb:another:abc:",
]


@pytest.fixture
def big_library(seeds_dir: Path) -> None:
    """Enough stories for every list to have pages, and one Explicit story (050)."""
    for n in range(20):
        stories.add(seeds_dir, f"{100 + n}_road.txt", stories.cloud_story(n + 1))
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)


def forge(h: Harness, message: Exchange | dict[str, Any], custom_id: str) -> None:
    """Put a button with ``custom_id`` on a stored message (what a forged client could press)."""
    stored = h._stored_message(message)
    stored["components"] = [button_row(custom_id)]


def fill(custom_id: str, h: Harness, user: str = "ayla", other: str = "bram") -> str:
    return custom_id.replace(OWNER, str(h.world.user(user).id)).replace(
        OTHER, str(h.world.user(other).id)
    )


def shows_explicit(ex: Exchange) -> bool:
    text = str(ex.embeds) + (ex.content or "")
    return "Story 050" in text or "Cloud came home late" in text or "`050`" in text


def library_said_empty(ex: Exchange) -> bool:
    return "library is empty" in (ex.content or "")


async def _some_reviews(h: Harness, n: int = 7) -> None:
    guild = h.world.default_guild
    assert guild is not None
    for i in range(n):
        await feedback.submit_review(
            h.bot.db,  # type: ignore[attr-defined]
            guild_id=guild.id,
            story_id="004",
            user_id=10_000 + i,
            user_name=f"reader{i}",
            rating=1 + i % 5,
            body=f"Review number {i}, with enough words.",
            spoiler=False,
        )


@pytest.mark.usefixtures("big_library")
async def test_forged_custom_ids_get_a_polite_answer(h: Harness) -> None:
    await _some_reviews(h)
    for raw in FORGED:
        for channel in ("general", "after-dark"):
            ex = await h.slash("fic random", channel=channel, user="ayla")
            custom_id = fill(raw, h)
            forge(h, ex, custom_id)
            before = copy.deepcopy(h._stored_message(ex))
            answer = await h.click(ex, custom_id, user="ayla")
            assert_handled(answer, forged=True)
            assert answer.ephemeral or answer.response_type in (7, 9), (custom_id, answer.summary())
            if channel == "general":
                assert not shows_explicit(answer), (custom_id, answer.summary())
            assert not library_said_empty(answer), (custom_id, answer.content)
            if raw in ("fb:another:999999:", "fb:another:0:ffffffffffff"):
                assert "out of date" in (answer.content or ""), (custom_id, answer.content)
            if OTHER in raw:
                assert "belong" in (answer.content or ""), (custom_id, answer.content)
                assert h._stored_message(ex)["embeds"] == before["embeds"]
    assert_harness_clean(h)


async def _pagers(h: Harness, channel: str = "general") -> list[tuple[Exchange, str]]:
    """Every kind of pager ayla can open, with the "next page" button of each."""
    opened = [
        await h.slash("fic read", story="004", public=True, channel=channel),
        await h.slash("fic by-character", name="Cloud", channel=channel),
        await h.slash("fic by-character", channel=channel),
        await h.slash("fic search", text="cloud", channel=channel),
        await h.slash("fic reviews", story="004", channel=channel),
    ]
    out = []
    for ex in opened:
        assert not ex.ephemeral, ex.summary()
        nxt = [c for c in ex.custom_ids if c.startswith(("fb:nav:n:", "fb:list:")) and ":n:" in c]
        if not nxt and ex.embed is not None and ex.embed["title"] == "Who is in the library":
            # Too few characters for a second page: put the pager on it, as it would be.
            nxt = [f"fb:list:r:n:2:{h.world.user('ayla').id}:"]
            forge(h, ex, nxt[0])
        assert nxt, f"no next-page button on {ex.summary()}"
        out.append((ex, nxt[0]))
    return out


@pytest.mark.usefixtures("big_library")
async def test_every_pager_turns_for_its_reader(h: Harness) -> None:
    await _some_reviews(h)
    for ex, nxt in await _pagers(h):
        turned = await h.click(ex, nxt, user="ayla")
        assert_handled(turned)
        assert turned.response_type == RESPONSE.message_update.value, (nxt, turned.summary())
        shown = str(turned.embeds) + (turned.content or "")
        assert "2 of" in shown or "1 of 1" in shown, (nxt, shown[:300])


@pytest.mark.usefixtures("big_library")
async def test_another_readers_pager_is_refused(h: Harness) -> None:
    await _some_reviews(h)
    for ex, nxt in await _pagers(h):
        before = copy.deepcopy(h._stored_message(ex))
        refused = await h.click(ex, nxt, user="bram")
        assert_handled(refused)
        assert refused.ephemeral and "belong" in (refused.content or ""), refused.summary()
        assert h._stored_message(ex)["embeds"] == before["embeds"]
        # Forging the pager with one's own id on someone else's message doesn't help either.
        mine = nxt.replace(f":{h.world.user('ayla').id}", f":{h.world.user('bram').id}")
        assert mine != nxt
        forge(h, ex, mine)
        hijack = await h.click(ex, mine, user="bram")
        assert_handled(hijack)
        assert hijack.ephemeral and "belong" in (hijack.content or ""), hijack.summary()
        assert h._stored_message(ex)["embeds"] == before["embeds"]


def forged_select(
    h: Harness, ex: Exchange, custom_id: str, values: Any, user: str = "ayla"
) -> dict[str, Any]:
    """A select interaction whose values were never among the select's options."""
    stored = h._stored_message(ex)
    where = h.builder.where(user, h.world.channels[int(stored["channel_id"])])
    select = next(
        c
        for row in stored["components"]
        for c in row["components"]
        if c.get("custom_id") == custom_id
    )
    first = select["options"][0]["value"]
    payload = h.builder.component(copy.deepcopy(stored), custom_id, where, values=[first])
    payload["data"]["values"] = values
    return payload


SELECT_VALUES: list[Any] = [
    ["000"],  # a story that is not on this list
    ["050"],  # an Explicit story
    ["garbage"],
    [""],
    [],
    ["004", "000"],
    ["x" * 200],
    ["@everyone <@123>"],
    ["'; DROP TABLE stories; --"],
    [4],
]


@pytest.mark.usefixtures("big_library")
@pytest.mark.parametrize("channel", ["general", "after-dark"])
async def test_select_values_that_were_never_offered(h: Harness, channel: str) -> None:
    ex = await h.slash("fic by-character", name="Aeris", channel=channel)
    select = next(c for c in ex.custom_ids if c.startswith("fb:open:"))
    for values in SELECT_VALUES:
        for user in ("ayla", "bram"):
            answer = await h.send(forged_select(h, ex, select, values, user=user))
            assert_handled(answer, forged=True)
            assert answer.ephemeral, answer.summary()
            if channel == "general":
                assert not shows_explicit(answer), (values, answer.summary())
                if values == ["050"]:
                    assert "age-restricted" in (answer.content or "")
            elif values == ["050"]:
                assert answer.embed is not None and answer.embed["title"] == "After Hours"


VINCENT_EXPLICIT = """Title: Coffin
Author: nightowl
Fandom: Final Fantasy VII
Rating: Explicit

Vincent Valentine woke in the dark of the Shinra mansion basement, and for a long time he did not move. Vincent listened to the house settle above him and counted the years he had lost, and then he counted them again.

When Vincent finally rose, the lid of the coffin slid aside without a sound, and he walked up the stairs into a world that had forgotten him entirely.
"""


@pytest.fixture
def vincent_only_explicit(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "060_coffin.txt", VINCENT_EXPLICIT)


@pytest.mark.usefixtures("vincent_only_explicit")
async def test_another_for_a_character_only_in_explicit_stories(h: Harness) -> None:
    """Vincent is only in an Explicit story: "Another" in a normal channel says why there is
    nothing to show, and doesn't claim the library is empty."""
    vincent = await queries.resolve_character(h.bot.db, "Vincent")  # type: ignore[attr-defined]
    assert vincent is not None
    for channel in ("general", "after-dark"):
        ex = await h.slash("fic random", channel=channel)
        custom_id = f"fb:another:{vincent.id}:"
        forge(h, ex, custom_id)
        answer = await h.click(ex, custom_id)
        assert_handled(answer, forged=True)
        if channel == "general":
            assert answer.ephemeral and "age-restricted" in (answer.content or "")
            assert not library_said_empty(answer) and "Vincent woke" not in str(answer.embeds)
        else:
            assert answer.response_type == RESPONSE.message_update.value and "Story 060" in str(
                answer.embeds
            )
