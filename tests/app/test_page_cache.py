"""Reader pages are cut once per chapter of a story revision, not on every page turn."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.app.page_cache import PageCache
from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection
from bot.storage.models import StoredChapter, StoredParagraph, StoredStory
from tests.fixtures import chaptered


@pytest.fixture
async def loaded(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> aiosqlite.Connection:
    await load_collection(conn, seeds_dir, roster)
    return conn


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = queries.chapter_paragraphs

    async def counted(
        conn: aiosqlite.Connection, story_id: str, chapter: StoredChapter
    ) -> list[StoredParagraph]:
        reads.append(story_id if chapter.number == 1 else f"{story_id}:{chapter.number}")
        return await real(conn, story_id, chapter)

    monkeypatch.setattr(queries, "chapter_paragraphs", counted)
    return reads


async def _pages(
    books: PageCache, conn: aiosqlite.Connection, story: StoredStory, number: int = 1
) -> list[str]:
    chapters = await books.chapters(conn, story)
    return await books.pages(conn, story, chapters[number - 1])


async def test_turning_pages_reads_the_story_once(
    loaded: aiosqlite.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_reads(monkeypatch)
    books = PageCache()
    story = await queries.get_story(loaded, "004")
    assert story is not None and story.revision
    first = await _pages(books, loaded, story)
    again = await _pages(books, loaded, story)
    assert len(first) > 1 and again == first
    assert reads == ["004"]


def _rename_aeris(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("004_*.txt"))
    path.write_text(path.read_text(encoding="utf-8").replace("Aeris", "Aerith"), encoding="utf-8")


async def test_an_edited_story_is_read_afresh(
    loaded: aiosqlite.Connection,
    seeds_dir: Path,
    roster: Roster,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    books = PageCache()
    before = await queries.get_story(loaded, "004")
    assert before is not None
    old_pages = await _pages(books, loaded, before)
    _rename_aeris(seeds_dir)
    await load_collection(loaded, seeds_dir, roster)
    after = await queries.get_story(loaded, "004")
    assert after is not None and after.revision != before.revision
    reads = _count_reads(monkeypatch)
    new_pages = await _pages(books, loaded, after)
    assert reads == ["004"] and new_pages != old_pages
    assert "Aeris" not in "".join(new_pages)


async def test_the_text_budget_drops_the_least_recently_read(
    loaded: aiosqlite.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await queries.get_story(loaded, "000")
    b = await queries.get_story(loaded, "004")
    assert a is not None and b is not None
    size_a = sum(len(p) for p in await _pages(PageCache(), loaded, a))
    size_b = sum(len(p) for p in await _pages(PageCache(), loaded, b))
    books = PageCache(budget_chars=max(size_a, size_b) + 1)  # room for one story at a time
    await _pages(books, loaded, a)
    await _pages(books, loaded, b)
    assert len(books) == 1
    reads = _count_reads(monkeypatch)
    await _pages(books, loaded, b)
    await _pages(books, loaded, a)
    assert reads == ["000"], "b was kept, a was dropped for it"


async def test_pages_are_kept_per_chapter(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    chaptered.add(seeds_dir)
    await load_collection(conn, seeds_dir, roster)
    story = await queries.get_story(conn, chaptered.STORY_ID)
    assert story is not None
    reads = _count_reads(monkeypatch)
    books = PageCache()
    one = await _pages(books, conn, story, 1)
    two = await _pages(books, conn, story, 2)
    assert await _pages(books, conn, story, 2) == two and await _pages(books, conn, story, 1) == one
    assert reads == ["060", "060:2"] and len(books) == 2
    assert len(two) >= 2 and one != two
    assert "NOTE" not in "".join([*one, *two])
