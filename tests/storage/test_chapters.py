"""The chapters table: written by the load with the story, replaced with it, read back."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.library.roster import Roster
from bot.storage import feedback, queries
from bot.storage.db import fetch_all
from bot.storage.loader import load_collection
from tests.fixtures import chaptered
from tests.library.formats import builders

GUILD = 1


async def _rows(conn: aiosqlite.Connection) -> list[tuple[object, ...]]:
    rows = await fetch_all(conn, "SELECT * FROM chapters ORDER BY story_id, number")
    return [tuple(r) for r in rows]


async def test_chapters_are_stored_with_their_titles_notes_and_words(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    chaptered.add(seeds_dir)
    await load_collection(conn, seeds_dir, roster)
    chapters = await queries.story_chapters(conn, chaptered.STORY_ID)
    assert [(c.number, c.title, c.label) for c in chapters] == [
        (1, "Departure", "Chapter 1: Departure"),
        (2, "The Long Road", "Chapter 2: The Long Road"),
        (3, "", "Chapter 3"),
    ]
    one, two, three = chapters
    assert one.summary == "NOTE summary: in which they set out."
    assert one.notes == "NOTE before chapter one: written on a train."
    assert one.end_notes == "NOTE after chapter one: the next one is long!"
    assert two.notes == "NOTE before chapter two: sorry for the wait, everyone."
    assert three.end_notes == "NOTE at the very end: comments are love!"
    story = await queries.get_story(conn, chaptered.STORY_ID)
    assert story is not None and sum(c.words for c in chapters) == story.words
    # A chapter's paragraphs are its text: no heading, no notes.
    texts = [p.text for p in await queries.chapter_paragraphs(conn, chaptered.STORY_ID, one)]
    assert texts == chaptered.WORK.chapters[0].paragraphs
    texts = [p.text for p in await queries.chapter_paragraphs(conn, chaptered.STORY_ID, three)]
    assert texts == chaptered.WORK.chapters[2].paragraphs
    # Every story has at least one chapter: the seeds have no headings, so one untitled one.
    seed = await queries.story_chapters(conn, "004")
    assert [(c.number, c.title) for c in seed] == [(1, "")]


async def test_passages_never_quote_chapter_notes(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    chaptered.add(seeds_dir)
    await load_collection(conn, seeds_dir, roster)
    rows = await fetch_all(
        conn, "SELECT text FROM passages WHERE story_id = ?", (chaptered.STORY_ID,)
    )
    assert rows
    assert not [r[0] for r in rows if "NOTE" in r[0]]


async def test_a_reload_is_idempotent_and_a_changed_story_keeps_its_readers(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    path = chaptered.add(seeds_dir)
    await load_collection(conn, seeds_dir, roster)
    first = await _rows(conn)
    again = await load_collection(conn, seeds_dir, roster)
    assert again.unchanged == 3 and again.updated == again.loaded == 0
    assert await _rows(conn) == first

    await feedback.add_kudos(conn, GUILD, chaptered.STORY_ID, 7)
    await feedback.submit_review(
        conn,
        guild_id=GUILD,
        story_id=chaptered.STORY_ID,
        user_id=7,
        user_name="ayla",
        rating=5,
        body="Loved the long road.",
        spoiler=False,
    )
    # The author posts a fourth chapter: the story is re-read, its chapters replaced.
    work = chaptered.WORK
    longer = builders.Ao3Work(
        title=work.title,
        author=work.author,
        fandom=work.fandom,
        tags=work.tags,
        summary=work.summary,
        notes=work.notes,
        chapters=[
            *work.chapters,
            builders.Ao3Chapter(
                title="Home Again",
                paragraphs=["The kettle sang, and for once nobody had anywhere to be."],
            ),
        ],
        end_notes=work.end_notes,
    )
    path.write_bytes(builders.ao3_html(longer))
    report = await load_collection(conn, seeds_dir, roster)
    assert report.updated == 1
    chapters = await queries.story_chapters(conn, chaptered.STORY_ID)
    assert [c.title for c in chapters] == ["Departure", "The Long Road", "", "Home Again"]
    assert chapters[3].end_notes == "NOTE at the very end: comments are love!"
    assert chapters[2].end_notes == ""
    stats = await feedback.story_stats(conn, GUILD, chaptered.STORY_ID)
    assert (stats.kudos, stats.reviews) == (1, 1)
    rows = await fetch_all(
        conn, "SELECT count(*) FROM chapters WHERE story_id = ?", (chaptered.STORY_ID,)
    )
    assert rows[0][0] == 4


async def test_a_story_loaded_before_chapters_reads_as_one_chapter(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    await conn.execute("DELETE FROM chapters WHERE story_id = '004'")
    story = await queries.get_story(conn, "004")
    assert story is not None
    (only,) = await queries.story_chapters(conn, "004")
    assert (only.number, only.title, only.words) == (1, "", story.words)
    paragraphs = await queries.chapter_paragraphs(conn, "004", only)
    assert len(paragraphs) == len(await queries.story_paragraphs(conn, "004"))
    assert await queries.story_chapters(conn, "no-such-story") == []
