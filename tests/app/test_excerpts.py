"""/fic random, read, story, search and help, driven through the real command tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import discord
import pytest

from bot.app.client import FicBot
from fakediscord import Harness, World
from tests.app import stories
from tests.fixtures.payloads import button_row

RESPONSE = discord.InteractionResponseType

EPHEMERAL = discord.MessageFlags.ephemeral.flag


def field(embed: dict, name: str) -> str:
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


async def test_random_excerpt_is_a_rich_embed_with_buttons(h: Harness) -> None:
    ex = await h.slash("fic random")
    assert ex.response_type == RESPONSE.channel_message.value and not ex.ephemeral
    embed = ex.embed
    assert embed is not None
    assert embed["title"] and embed["author"]["name"].startswith("by ")
    assert field(embed, "Fandom") == "Final Fantasy VII"
    assert field(embed, "Rating") == "Not Rated"
    assert "words" in field(embed, "Length") and "min read" in field(embed, "Length")
    assert field(embed, "Featuring")
    assert embed["footer"]["text"].startswith("Story ")
    assert embed["color"] == 0x9E9E9E  # Not Rated: grey
    assert [c.split(":")[1] for c in ex.custom_ids] == [
        "another",
        "read",
        "review",
        "kudos",
        "save",
    ]
    assert ex.response.payload["data"]["allowed_mentions"] == {"parse": []}
    assert "A/N" not in embed["description"] and "Disclaimer" not in embed["description"]


async def test_random_featuring_a_character_by_any_spelling(h: Harness) -> None:
    for typed in ("Aeris", "aerith", "AERITH GAINSBOROUGH"):
        ex = await h.slash("fic random", character=typed)
        assert "Aerith Gainsborough" in field(ex.embed, "Featuring")
        assert ex.embed["footer"]["text"].startswith("Story 004")
    ex = await h.slash("fic random", character="Genesis")
    assert ex.embed["footer"]["text"].startswith("Story 000")


async def test_random_unknown_character_suggests_close_matches(h: Harness) -> None:
    ex = await h.slash("fic random", character="Sephirot")
    assert ex.ephemeral and "Sephiroth" in ex.content and ex.embeds == []


async def test_another_rerolls_in_place_keeping_the_character(h: Harness) -> None:
    ex = await h.slash("fic random", character="Genesis")
    another = next(c for c in ex.custom_ids if c.startswith("fb:another:"))
    again = await h.click(ex, another)
    assert (
        again.response_type == RESPONSE.message_update.value
    )  # UPDATE_MESSAGE: the same message, a new passage
    assert "Genesis Rhapsodos" in field(again.embed, "Featuring")


async def test_another_on_someone_elses_excerpt_gives_the_presser_their_own(h: Harness) -> None:
    """Issue 12 (also): anyone could press "Another" on someone else's public excerpt and
    replace it."""
    ex = await h.slash("fic random", character="Genesis")
    before = h.world.message(ex.message["id"])["embeds"]  # type: ignore[index]
    another = next(c for c in ex.custom_ids if c.startswith("fb:another:"))
    theirs = await h.click(ex, another, user="bram")
    assert theirs.response_type == RESPONSE.channel_message.value and theirs.ephemeral, (
        theirs.summary()
    )
    assert "Genesis Rhapsodos" in field(theirs.embed, "Featuring")
    assert h.world.message(ex.message["id"])["embeds"] == before  # type: ignore[index]
    # Bram's own excerpt is his to reroll in place.
    mine = await h.click(theirs, another, user="bram")
    assert mine.response_type == RESPONSE.message_update.value


async def test_read_the_story_to_the_last_page_which_asks_for_a_review(h: Harness) -> None:
    ex = await h.slash("fic random", character="Aeris")
    page = await h.click(ex, "fb:read:004")
    assert page.ephemeral and page.content.startswith("Page 1 of ")
    total = int(page.content.rsplit(" ", 1)[1])
    assert total >= 2, "a 9 KB story takes more than one page"
    texts = [page.embed["description"]]
    for n in range(2, total + 1):
        nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
        page = await h.click(page, nxt)
        assert (
            page.response_type == RESPONSE.message_update.value
            and page.content == f"Page {n} of {total}"
        )
        texts.append(page.embed["description"])
    whole = "\n\n".join(texts)
    assert whole.startswith("The field was littered") and "But he was the wind" in whole
    assert "A/N" not in whole and "Like it, hate it" not in whole
    assert field(page.embed, "The end")
    assert "fb:review:004" in page.custom_ids
    disabled = {
        c["custom_id"][:8]: c["disabled"] for row in page.components for c in row["components"]
    }
    assert disabled["fb:nav:n"] and disabled["fb:nav:l"] and not disabled["fb:nav:p"]


async def test_only_the_reader_can_turn_their_pages(h: Harness) -> None:
    page = await h.slash("fic read", story="004", public=True)
    assert not page.ephemeral
    nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
    other = await h.click(page, nxt, user="bram")
    assert other.ephemeral and "someone else" in other.content
    assert h.world.message(page.message["id"])["content"] == page.content  # unchanged


async def test_read_page_out_of_range_opens_the_nearest_page(h: Harness) -> None:
    ex = await h.slash("fic read", story="004", page=99999)
    total = ex.content.rsplit(" ", 1)[1]
    assert ex.content == f"Page {total} of {total}"


async def test_read_unknown_story_says_so(h: Harness) -> None:
    ex = await h.slash("fic read", story="does-not-exist")
    assert ex.ephemeral and "can't find" in ex.content


async def test_story_card_shows_cast_pairings_reviews_and_kudos(h: Harness) -> None:
    ex = await h.slash("fic story", story="004")
    embed = ex.embed
    cast = field(embed, "Characters")
    assert "Aerith Gainsborough (as Aeris) · lead" in cast and "Sephiroth · lead" in cast
    assert "Cloud Strife · supporting" in cast
    assert field(embed, "Pairings") == "Sephiroth/Aerith Gainsborough"
    assert field(embed, "Reviews") == "no reviews yet"
    assert field(embed, "Kudos") == "❤️ 0"


async def test_story_option_autocompletes_by_title_and_id(h: Harness) -> None:
    by_title = await h.autocomplete("fic story", "story", "field was")
    assert [c["value"] for c in by_title.choices] == ["004"]
    by_id = await h.autocomplete("fic read", "story", "00")
    assert {c["value"] for c in by_id.choices} == {"000", "004"}
    assert all(len(c["name"]) <= 100 for c in by_id.choices)


async def test_search_highlights_and_is_safe(h: Harness) -> None:
    ex = await h.slash("fic search", text="mythic hero")
    assert ex.embed is not None
    assert "**" in ex.embed["fields"][0]["value"]
    for nasty in [
        '"',
        "NEAR(",
        "a* OR b",
        "-:",
        "@everyone",
        "<@123>",
        "'; DROP TABLE stories; --",
    ]:
        ex = await h.slash("fic search", text=nasty)
        assert ex.ok and ex.response is not None
    none = await h.slash("fic search", text="zeppelin")
    assert none.ephemeral and "Nothing" in none.content


async def test_help_is_one_embed(h: Harness) -> None:
    ex = await h.slash("fic help")
    assert ex.ephemeral and len(ex.embeds) == 1 and "/fic random" in str(ex.embed)


async def test_help_names_every_command_the_bot_registers(h: Harness) -> None:
    """Issue 12, a new user: /fic help left out /fic delete-review. Checked against the
    command tree, so a command added later cannot be forgotten."""
    text = str((await h.slash("fic help")).embed)
    for group in h.bot.tree.get_commands():  # type: ignore[attr-defined]
        for command in group.walk_commands():
            assert f"`{command.qualified_name}" in text.replace("`/", "`"), command.qualified_name
            for param in command.parameters:
                assert param.display_name in text, (command.qualified_name, param.display_name)


async def test_the_last_page_does_not_promise_the_author_a_review(h: Harness) -> None:
    """Issue 12, a new user: "Press Review to tell the author", when reviews go to the
    server's channel."""
    opened = await h.slash("fic read", story="004", page=99)
    assert "this server" in str(opened.embed) and "the author" not in str(opened.embed)


@pytest.fixture
def with_explicit(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)


@pytest.mark.usefixtures("with_explicit")
async def test_explicit_story_only_in_age_restricted_channels(h: Harness) -> None:
    refused = await h.slash("fic read", story="050", channel="general")
    assert refused.ephemeral and "age-restricted" in refused.content
    card = await h.slash("fic story", story="050", channel="general")
    assert "age-restricted" in card.content
    for _ in range(30):  # never drawn at random outside after-dark
        ex = await h.slash("fic random", channel="general", character="Tifa")
        assert not ex.embeds or not ex.embed["footer"]["text"].startswith("Story 050")
    allowed = await h.slash("fic read", story="050", channel="after-dark")
    assert allowed.embed is not None and allowed.embed["color"] == 0xC62828  # Explicit: red


async def test_buttons_work_after_a_restart(make_bot: Callable[..., FicBot], world: World) -> None:
    first = make_bot()
    async with Harness(first, world) as h1:
        await first.wait_until_loaded()
        ex = await h1.slash("fic random", character="Genesis")
        page = await h1.click(ex, "fb:read:000")
    second = make_bot()
    async with Harness(second, world) as h2:
        again = await h2.click(ex, next(c for c in ex.custom_ids if c.startswith("fb:another:")))
        assert (
            again.response_type == RESPONSE.message_update.value
            and "Genesis Rhapsodos" in field(again.embed, "Featuring")
        )
        kudos = await h2.click(ex, "fb:kudos:000")
        assert kudos.ephemeral and "Kudos sent" in kudos.content
        assert page.message is not None


@pytest.mark.parametrize(
    "custom_id",
    [
        "fb:read:nope",
        "fb:kudos:zzz",
        "fb:nav:n:004:1000000:1",
        "garbage",
        "fb:another:999999:",
        "fb:review:nope",
    ],
)
async def test_forged_custom_ids_get_a_polite_answer(h: Harness, custom_id: str) -> None:
    ex = await h.slash("fic random")
    forged = dict(ex.message)
    forged["components"] = [button_row(custom_id)]
    h.world.messages_by_id[int(forged["id"])]["components"] = forged["components"]
    answer = await h.click(ex, custom_id)
    assert answer.response is not None and answer.ok
    assert answer.ephemeral or answer.response_type == RESPONSE.message_update.value


async def test_answers_with_buttons_leave_nothing_behind_in_memory(h: Harness) -> None:
    """Buttons are dispatched by custom id alone: discord.py must not keep a view (and, for
    an ephemeral answer, a 15-minute timeout task) per message sent."""
    import asyncio

    public = await h.slash("fic random")
    page = await h.slash("fic read", story="004")  # ephemeral, with page buttons
    nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
    turned = await h.click(page, nxt)
    store = h.bot._connection._view_store
    assert store._synced_message_views == {} and store._views == {}
    waiting = [t for t in asyncio.all_tasks() if "timeout_task" in repr(t.get_coro())]
    assert waiting == []
    # The buttons still work.
    another = next(c for c in public.custom_ids if c.split(":")[1] == "another")
    again = await h.click(public, another)
    assert again.ok and turned.ok and "page 2 of" in str(turned.embed)


async def test_search_snippets_read_as_text(h: Harness) -> None:
    """Issue 12, break 11: doubled ellipses, words glued across a paragraph break, and
    "1 matching passages"."""
    ex = await h.slash("fic search", text="barbaric slaughtered")
    (field,) = ex.embed["fields"]
    assert "……" not in field["value"]
    assert "**barbaric**. He had **slaughtered** those" in field["value"], field["value"]
    assert field["value"].startswith("…") and field["value"].endswith("…")
    assert ex.embed["footer"]["text"].startswith("1 matching passage ·")


async def test_featuring_names_leads_and_supporting_characters_only(h: Harness) -> None:
    """Issue 12, a new user: "Featuring" listed characters the story only mentions (they are
    on the story card)."""
    card = await h.slash("fic story", story="004")
    cast = field(card.embed, "Characters")
    mentioned = {line.split(" · ")[0] for line in cast.splitlines() if line.endswith("mentioned")}
    assert mentioned >= {"Tifa Lockhart", "Jenova"}, cast
    seen: set[str] = set()
    for _ in range(25):
        ex = await h.slash("fic random", character="Aeris")
        seen |= set(field(ex.embed, "Featuring").split(", "))
    assert "Aerith Gainsborough" in seen and not seen & mentioned, seen
    asked = await h.slash("fic random", character="Jenova")
    assert "Jenova" in field(asked.embed, "Featuring")
