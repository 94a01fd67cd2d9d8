"""/fic save, shelf, mark, unsave, continue and the Save button, through the command tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Exchange, Harness
from tests.app import stories


def _bot(h: Harness) -> FicBot:
    assert isinstance(h.bot, FicBot)
    return h.bot


async def test_save_then_shelf_lists_it_privately_with_the_note(h: Harness) -> None:
    saved = await h.slash("fic save", story="004", note="for the weekend")
    assert saved.ephemeral and "Saved" in saved.content and "to read" in saved.content
    shelf = await h.slash("fic shelf")
    assert shelf.ephemeral
    text = shelf.embed["description"]
    assert "`004`" in text and "for the weekend" in text and "to read" in text
    assert any(c.startswith("fb:move:") for c in shelf.custom_ids)
    # Another reader's shelf is their own.
    other = await h.slash("fic shelf", user="bram")
    assert other.ephemeral and "empty" in other.content


async def test_mark_and_filter_by_status_and_unsave(h: Harness) -> None:
    await h.slash("fic save", story="004")
    marked = await h.slash("fic mark", story="000", status="finished")
    assert "finished" in marked.content
    finished = await h.slash("fic shelf", status="finished")
    assert "`000`" in finished.embed["description"]
    assert "`004`" not in finished.embed["description"]
    gone = await h.slash("fic unsave", story="000")
    assert "Took" in gone.content
    again = await h.slash("fic unsave", story="000")
    assert "not on your shelf" in again.content
    assert "empty" not in (await h.slash("fic shelf")).content
    assert "Nothing" in (await h.slash("fic shelf", status="finished")).content


async def test_save_button_on_excerpts_cards_and_the_last_page(h: Harness) -> None:
    card = await h.slash("fic story", story="004")
    assert "fb:save:004" in card.custom_ids
    pressed = await h.click(card, "fb:save:004", user="bram")
    assert pressed.ephemeral and "Saved" in pressed.content
    assert "`004`" in (await h.slash("fic shelf", user="bram")).embed["description"]
    random = await h.slash("fic random", character="Aeris")
    assert "fb:save:004" in random.custom_ids
    first = await h.slash("fic read", story="004")
    assert "fb:save:004" not in first.custom_ids
    last = await h.slash("fic read", story="004", page=99)
    assert "fb:save:004" in last.custom_ids


async def test_move_select_changes_status_and_only_the_owner_may(h: Harness) -> None:
    await h.slash("fic save", story="004")
    shelf = await h.slash("fic shelf")
    move = next(c for c in shelf.custom_ids if c.startswith("fb:move:"))
    refused = await h.select(shelf, move, ["004:finished"], user="bram")
    assert refused.ephemeral and "belong" in refused.content
    moved = await h.select(shelf, move, ["004:finished"])
    assert moved.response_type == 7 and "finished" in moved.embed["description"]
    removed = await h.select(moved, move, ["004:remove"])
    assert "empty" in removed.content


@pytest.fixture
def many_stories(seeds_dir: Path) -> None:
    for n in range(7):
        stories.add(seeds_dir, f"{200 + n}_road.txt", stories.cloud_story(n + 1))


@pytest.mark.usefixtures("many_stories")
async def test_shelf_pages_turn_for_the_owner_only(h: Harness) -> None:
    for n in range(7):
        await h.slash("fic save", story=f"{200 + n}")
    shelf = await h.slash("fic shelf")
    assert "page 1 of 2" in shelf.embed["footer"]["text"]
    nxt = next(c for c in shelf.custom_ids if c.startswith("fb:list:h:n:"))
    refused = await h.click(shelf, nxt, user="bram")
    assert "belong" in refused.content
    page2 = await h.click(shelf, nxt)
    assert "page 2 of 2" in page2.embed["footer"]["text"]


async def test_continue_reopens_the_page_where_the_reader_stopped(h: Harness) -> None:
    nothing = await h.slash("fic continue")
    assert nothing.ephemeral and "haven't started" in nothing.content
    page = await h.slash("fic read", story="004")
    nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
    page = await h.click(page, nxt)
    assert page.content.startswith("Page 2 of")
    back = await h.slash("fic continue")
    assert back.ephemeral and back.content.startswith("Page 2 of")
    assert back.embed["description"] == page.embed["description"]
    # Another reader has their own place.
    assert "haven't started" in (await h.slash("fic continue", user="bram")).content


async def test_positions_are_coalesced_and_flushed_on_close(h: Harness) -> None:
    bot = _bot(h)
    page = await h.slash("fic read", story="004")
    for _ in range(2):
        nxt = next(c for c in page.custom_ids if c.startswith("fb:nav:n:"))
        page = await h.click(page, nxt)
    rows = await bot.db.execute_fetchall("SELECT count(*) FROM reading_positions")
    assert next(iter(rows))[0] == 0, "page turns are written in batches, not one by one"
    await bot.positions.flush()
    rows = await bot.db.execute_fetchall("SELECT story_id, chapter, page FROM reading_positions")
    assert [tuple(r) for r in rows] == [("004", 1, 3)]  # chapter 1, page 3


async def _forged_status(h: Harness, command: str, **options: str) -> Exchange:
    """What a client sending a status Discord never offered gets."""
    where = h.builder.where("ayla", "general", None, dm=False)
    payload = h.builder.slash(command, {**options, "status": "reading"}, where)
    for option in payload["data"]["options"][0]["options"]:
        if option["name"] == "status":
            option["value"] = "burnt"
    return await h.send(payload)


async def test_a_forged_status_is_refused(h: Harness) -> None:
    ex = await _forged_status(h, "fic mark", story="004")
    assert ex.ephemeral and "to-read" in ex.content
    ex = await _forged_status(h, "fic shelf")
    assert ex.ephemeral and "to-read" in ex.content
