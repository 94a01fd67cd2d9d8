"""Reader pages of the stories being read right now, so turning a page costs one page.

A story's pages come from all its paragraphs (cut to Discord's embed limit), so without this a
page turn in a 50,000-word epic re-reads and re-cuts the whole epic. Readers open a story and
turn its pages one after another; the last stories opened are kept, within a budget of text so
that a library of epics can't fill memory. Keyed by the story's revision: a story edited or
re-analysed since is read afresh.
"""

from __future__ import annotations

from collections import OrderedDict

import aiosqlite

from bot.storage import queries
from bot.storage.models import StoredStory
from bot.ui import render

# About 16 MB of page text at most (a 50,000-word epic is about 0.3 M characters).
BUDGET_CHARS = 8_000_000


class PageCache:
    """The reader pages of the stories opened last, within a budget of characters."""

    def __init__(self, budget_chars: int = BUDGET_CHARS) -> None:
        self._budget = budget_chars
        self._used = 0
        self._pages: OrderedDict[tuple[str, str], tuple[list[str], int]] = OrderedDict()

    async def pages(self, conn: aiosqlite.Connection, story: StoredStory) -> list[str]:
        key = (story.id, story.revision)
        kept = self._pages.get(key)
        if kept is not None:
            self._pages.move_to_end(key)
            return kept[0]
        pages = render.book_pages(await queries.story_paragraphs(conn, story.id))
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
