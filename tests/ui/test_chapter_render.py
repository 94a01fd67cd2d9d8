"""Chapters on the card and beside a reader's page stay within Discord's limits, whatever
their number and however long their notes; nothing is cut without saying so."""

from __future__ import annotations

from bot.storage.feedback import StoryStats
from bot.storage.models import StoredChapter, StoredStory, StoryCharacter
from bot.ui import limits, render
from bot.ui.ids import Slot
from bot.ui.pager import ChapterPlace, Pager


def _story() -> StoredStory:
    return StoredStory(
        id="9" * 12,
        title="T" * 300,
        title_derived=False,
        author="A" * 300,
        fandom="F" * 200,
        rating="Teen And Up Audiences",
        words=100_000,
        reading_minutes=400,
        status="active",
        derived=["fandom"],
        summary="S " * 1000,
        tags={"tags": [f"tag {n} " * 5 for n in range(80)], "warnings": ["W" * 80]},
        characters=[StoryCharacter(f"Name {n} " * 4, "lead", 3, "x" * 40) for n in range(12)],
        pairings=[("P" * 40, "Q" * 40)] * 20,
    )


def _chapter(number: int, *, notes: str = "") -> StoredChapter:
    return StoredChapter(
        number, "A chapter title that goes on " * 4, 12_345, 0, 0, 0, 0, notes, notes, notes
    )


def test_a_crowded_card_still_lists_chapters_and_points_to_the_rest() -> None:
    chapters = [_chapter(n) for n in range(1, 301)]
    reply = render.story_card(_story(), StoryStats(3, 4.5, 9), chapters).check()
    embed = reply.embeds[0].to_dict()
    listed = next(f for f in embed["fields"] if f["name"] == "Chapters (300)")
    lines = listed["value"].split("\n")
    shown = len(lines) - 1
    assert lines[-1] == f"…and {300 - shown} more: `/fic read {'9' * 12} chapter:{shown + 1}`"
    assert [f["name"] for f in embed["fields"]][-2:] == ["Reviews", "Kudos"]
    assert limits.embed_chars(dict(embed)) <= limits.EMBED_TOTAL


def test_long_notes_beside_a_full_page_are_cut_visibly_within_the_limits() -> None:
    notes = "The author has a great deal to say about this chapter. " * 80
    page = "word " * 760  # a full page
    reply = render.reader_page(
        _story(),
        Pager.at(1, total=1, per_page=1),
        page.strip(),
        owner=1,
        ephemeral=True,
        chapter=_chapter(3, notes=notes),
        chapters=3,
    ).check()
    embed = reply.embeds[0].to_dict()
    shown = [f for f in embed.get("fields", []) if f["name"].startswith(("Chapter", "Author"))]
    assert shown and all(f["value"].endswith("…") for f in shown)
    assert limits.embed_chars(dict(embed)) <= limits.EMBED_TOTAL
    assert reply.content is not None and reply.content.startswith("Chapter 3: A chapter title")


def test_the_pager_leads_across_chapters() -> None:
    middle = _chapter(2)
    first_page = ChapterPlace(middle, 3, Pager.at(1, total=4, per_page=1))
    assert first_page.target(Slot.PREVIOUS)[0] == 1  # the previous chapter's last page
    assert first_page.leads_nowhere(Slot.FIRST) and not first_page.leads_nowhere(Slot.PREVIOUS)
    last_page = ChapterPlace(middle, 3, Pager.at(4, total=4, per_page=1))
    assert last_page.target(Slot.NEXT) == (3, 1)
    assert last_page.leads_nowhere(Slot.LAST) and not last_page.at_story_end
    story_end = ChapterPlace(_chapter(3), 3, Pager.at(2, total=2, per_page=1))
    assert story_end.at_story_end and story_end.leads_nowhere(Slot.NEXT)
    alone = ChapterPlace(_chapter(1), 1, Pager.at(1, total=2, per_page=1))
    assert alone.heading() == "Page 1 of 2"
