"""Reader pages of the chapters being read right now, so turning a page costs one page.

A chapter's pages come from all its paragraphs (cut to Discord's embed limit), so without this
a page turn in a 20,000-word chapter re-reads and re-cuts the whole chapter. Readers open a
chapter and turn its pages one after another; the last chapters opened are kept, within a
budget of text so that a library of epics can't fill memory. Keyed by the story's revision: a
story edited or re-analysed since is read afresh. Each story's list of chapters is kept too
(a few hundred rows at most), since every page turn needs it.
"""

from __future__ import annotations

from collections import OrderedDict

import aiosqlite

from bot.storage import queries
from bot.storage.models import StoredChapter, StoredStory
from bot.ui import render

# About 16 MB of page text at most (a 50,000-word epic is about 0.3 M characters).
BUDGET_CHARS = 8_000_000
# Chapter lists of this many stories at most.
CHAPTER_LISTS = 512


class PageCache:
    """The reader pages of the chapters opened last, within a budget of characters."""

    def __init__(self, budget_chars: int = BUDGET_CHARS) -> None:
        self._budget = budget_chars
        self._used = 0
        self._pages: OrderedDict[tuple[str, str, int], tuple[list[str], int]] = OrderedDict()
        self._chapters: OrderedDict[tuple[str, str], list[StoredChapter]] = OrderedDict()

    async def chapters(self, conn: aiosqlite.Connection, story: StoredStory) -> list[StoredChapter]:
        """The story's chapters in reading order (at least one for a story with any text)."""
        key = (story.id, story.revision)
        kept = self._chapters.get(key)
        if kept is not None:
            self._chapters.move_to_end(key)
            return kept
        found = await queries.story_chapters(conn, story.id)
        if story.revision:
            self._chapters[key] = found
            if len(self._chapters) > CHAPTER_LISTS:
                self._chapters.popitem(last=False)
        return found

    async def pages(
        self, conn: aiosqlite.Connection, story: StoredStory, chapter: StoredChapter
    ) -> list[str]:
        key = (story.id, story.revision, chapter.number)
        kept = self._pages.get(key)
        if kept is not None:
            self._pages.move_to_end(key)
            return kept[0]
        pages = render.book_pages(await queries.chapter_paragraphs(conn, story.id, chapter))
        size = sum(len(p) for p in pages)
        if size <= self._budget and story.revision:
            self._pages[key] = (pages, size)
            self._used += size
            while self._used > self._budget:
                _, (_, dropped) = self._pages.popitem(last=False)
                self._used -= dropped
        return pages

    def __len__(self) -> int:
        return len(self._pages)
