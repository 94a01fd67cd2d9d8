"""Chapters through the real command tree: the card's list, /fic read chapter:N, the pager
moving across pages and chapters, chapter notes beside the text and never in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app.client import FicBot
from fakediscord import Exchange, Harness, World
from tests.app import stories
from tests.app.test_excerpts import field
from tests.fixtures import chaptered
from tests.fixtures.payloads import button_row

RESPONSE = discord.InteractionResponseType

SID = chaptered.STORY_ID
pytestmark = pytest.mark.usefixtures("with_chapters")


@pytest.fixture
def with_chapters(seeds_dir: Path) -> None:
    chaptered.add(seeds_dir)


def buttons(ex: Exchange) -> dict[str, dict[str, Any]]:
    """The message's buttons by slot letter (f, p, n, l) for the pager, else by action."""
    found: dict[str, dict[str, Any]] = {}
    for row in ex.components:
        for c in row["components"]:
            parts = c["custom_id"].split(":")
            found[parts[2] if parts[1] == "nav" else parts[1]] = c
    return found


def fields(ex: Exchange) -> dict[str, str]:
    assert ex.embed is not None
    return {f["name"]: f["value"] for f in ex.embed.get("fields", [])}


async def test_the_card_lists_the_chapters(h: Harness) -> None:
    card = await h.slash("fic story", story=SID)
    listed = field(card.embed, "Chapters (3)").split("\n")
    assert listed[0].startswith("**1.** Departure · ") and listed[0].endswith(" words")
    assert listed[1].startswith("**2.** The Long Road · ")
    assert listed[2].startswith("**3.** *untitled* · ")
    # A one-chapter story's card has no list.
    single = await h.slash("fic story", story="004")
    assert not [f for f in single.embed["fields"] if f["name"].startswith("Chapters")]


def _many_chapters(n: int) -> str:
    parts = ["Title: A Hundred Small Roads\nAuthor: milestone\nFandom: Final Fantasy VII\n"]
    for k in range(1, n + 1):
        parts.append(f"Chapter {k}: {'A rather long chapter title, number ' * 2}{k}")
        parts.append(stories.cloud_story(k))
    return "\n\n".join(parts) + "\n"


async def test_a_long_list_of_chapters_says_how_many_more_and_how_to_open_them(
    make_bot: Callable[..., FicBot], world: World, seeds_dir: Path
) -> None:
    stories.add(seeds_dir, "061_small-roads.txt", _many_chapters(40))
    bot = make_bot()
    async with Harness(bot, world) as h:
        await bot.wait_until_loaded()
        card = await h.slash("fic story", story="061")
        listed = field(card.embed, "Chapters (40)").split("\n")
        assert listed[0].startswith("**1.** A rather long chapter title")
        assert (
            listed[-1]
            == f"…and {40 - (len(listed) - 1)} more: `/fic read 061 chapter:{len(listed)}`"
        )
        assert 1 < len(listed) <= 11
        later = await h.slash("fic read", story="061", chapter=40)
        assert later.content.startswith("Chapter 40: A rather long chapter title")


async def test_read_a_chapter_at_a_page(h: Harness) -> None:
    ex = await h.slash("fic read", story=SID, chapter=2, page=2)
    assert ex.ephemeral and ex.embed is not None
    total = int(ex.content.rsplit("/", 1)[1])
    assert total >= 3, "the second chapter is several pages long"
    assert ex.content == f"Chapter 2: The Long Road · page 2/{total}"
    assert f"chapter 2 of 3 · page 2 of {total}" in ex.embed["footer"]["text"]
    assert "NOTE" not in ex.embed["description"]
    assert "Author's note" not in fields(ex), "the chapter's notes are on its first page"


async def test_a_chapter_past_the_last_gets_a_short_answer(h: Harness) -> None:
    ex = await h.slash("fic read", story=SID, chapter=7)
    assert ex.ephemeral and not ex.embeds
    assert ex.content == (
        "**The Long Road** has 3 chapters, so there is no chapter 7. Pick one from 1 to 3."
    )


async def test_the_pager_reads_on_across_chapters_with_notes_beside_the_text(h: Harness) -> None:
    page = await h.slash("fic read", story=SID)
    assert page.content == "Chapter 1: Departure · page 1/1"
    notes = fields(page)
    assert notes["Chapter summary"] == "NOTE summary: in which they set out."
    assert notes["Author's note"] == "NOTE before chapter one: written on a train."
    assert (
        notes["Author's note (end of chapter)"] == "NOTE after chapter one: the next one is long!"
    )
    assert "The end" not in notes
    seen = [(page.content, page.embed["description"])]
    while not buttons(page)["n"]["disabled"]:
        nxt = buttons(page)["n"]
        page = await h.click(page, nxt["custom_id"])
        assert page.response_type == RESPONSE.message_update.value  # the same message, turned
        seen.append((page.content, page.embed["description"]))
    headings = [content for content, _ in seen]
    two = [c for c in headings if c.startswith("Chapter 2: The Long Road")]
    assert headings[0] == "Chapter 1: Departure · page 1/1"
    assert two[0] == f"Chapter 2: The Long Road · page 1/{len(two)}"
    assert headings[-1] == "Chapter 3 · page 1/1"
    assert len(headings) == 2 + len(two)
    # Every paragraph, in order, and no note or heading among them.
    whole = "\n\n".join(text for _, text in seen)
    assert "NOTE" not in whole and "**The Long Road**" not in whole
    paragraphs = [p for ch in chaptered.WORK.chapters for p in ch.paragraphs]
    positions = [whole.find(p[:60]) for p in paragraphs]
    assert -1 not in positions and positions == sorted(positions)
    # The last page of the story: its closing note, the end, and nowhere further to go.
    end = fields(page)
    assert end["Author's note (end of chapter)"] == "NOTE at the very end: comments are love!"
    assert "The end" in end
    assert buttons(page)["review"]["style"] == 1  # primary: the story is over
    # Back from the first page of a chapter: the last page of the one before.
    back = buttons(page)["p"]
    assert back["label"] == "◀ Chapter 2" and not back["disabled"]
    page = await h.click(page, back["custom_id"])
    assert page.content == f"Chapter 2: The Long Road · page {len(two)}/{len(two)}"
    assert buttons(page)["n"]["label"] == "Chapter 3 ▶"


async def test_chapter_autocomplete_lists_the_chosen_storys_chapters(h: Harness) -> None:
    ex = await h.autocomplete("fic read", "chapter", "", story=SID)
    assert [c["value"] for c in ex.choices] == [1, 2, 3]
    assert ex.choices[0]["name"].startswith("1. Departure (") and "words)" in ex.choices[0]["name"]
    assert ex.choices[2]["name"].startswith("3. untitled (")
    by_title = await h.autocomplete("fic read", "chapter", "long", story=SID)
    assert [c["value"] for c in by_title.choices] == [2]
    by_number = await h.autocomplete("fic read", "chapter", "3", story=SID)
    assert [c["value"] for c in by_number.choices] == [3]
    by_title_typed = await h.autocomplete("fic read", "chapter", "", story="The Long Road")
    assert [c["value"] for c in by_title_typed.choices] == [1, 2, 3]
    nothing = await h.autocomplete("fic read", "chapter", "", story="no such story")
    assert nothing.choices == []


@pytest.fixture
def with_explicit(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)


@pytest.mark.usefixtures("with_explicit")
async def test_chapter_autocomplete_shows_nothing_of_an_adult_story_outside_age_restricted(
    h: Harness,
) -> None:
    general = await h.autocomplete("fic read", "chapter", "", story="050", channel="general")
    assert general.choices == []
    after_dark = await h.autocomplete("fic read", "chapter", "", story="050", channel="after-dark")
    assert [c["value"] for c in after_dark.choices] == [1]


async def test_chapter_notes_are_never_quoted_as_story_text(h: Harness) -> None:
    for words in ("train", "comments are love", "sorry for the wait"):
        ex = await h.slash("fic search", text=words)
        assert ex.ephemeral and "Nothing" in ex.content, words
    for _ in range(15):
        ex = await h.slash("fic random", character="Tifa")
        assert "NOTE" not in ex.embed["description"]


async def test_chapter_buttons_work_after_a_restart(
    make_bot: Callable[..., FicBot], world: World
) -> None:
    first = make_bot()
    async with Harness(first, world) as h1:
        await first.wait_until_loaded()
        page = await h1.slash("fic read", story=SID)
    second = make_bot()
    async with Harness(second, world) as h2:
        await second.wait_until_loaded()
        nxt = buttons(page)["n"]["custom_id"]
        assert nxt.startswith(f"fb:nav:n:{SID}:2:1:") and len(nxt) <= 100
        turned = await h2.click(page, nxt)
        assert turned.response_type == RESPONSE.message_update.value and turned.content.startswith(
            "Chapter 2: The Long Road"
        )


async def test_page_buttons_made_before_chapters_still_turn_pages(h: Harness) -> None:
    page = await h.slash("fic read", story="004")
    owner = buttons(page)["n"]["custom_id"].rsplit(":", 1)[1]
    old = f"fb:nav:n:004:2:{owner}"  # no chapter: what buttons carried before
    h.world.messages_by_id[int(page.message["id"])]["components"] = [button_row(old)]
    turned = await h.click(page, old)
    assert turned.response_type == RESPONSE.message_update.value and turned.content.startswith(
        "Page 2 of "
    )
