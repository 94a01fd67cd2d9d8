"""Where a reader is in a paged answer: the page shown, how many there are, and what each of
the four pager buttons leads to. Every pager (reader pages and every list) uses this one;
a reader's pager also knows its chapter (``ChapterPlace``), and leads on to the next one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.storage.models import StoredChapter
from bot.ui import ids, limits
from bot.ui.ids import Slot

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pager:
    page: int  # 1-based, always within 1..pages
    pages: int  # at least 1: an empty list still shows one (empty) page
    per_page: int

    @classmethod
    def at(cls, page: int, *, total: int, per_page: int) -> Pager:
        """The page asked for (a custom id can carry any number) clamped to the pages there are."""
        pages = max(1, -(-total // per_page))
        return cls(min(max(1, page), pages), pages, per_page)

    @property
    def offset(self) -> int:
        """How many items come before this page."""
        return (self.page - 1) * self.per_page

    @property
    def is_first(self) -> bool:
        return self.page == 1

    @property
    def is_last(self) -> bool:
        return self.page == self.pages

    def window(self, items: Sequence[T]) -> Sequence[T]:
        """This page's items, out of all of them."""
        return items[self.offset : self.offset + self.per_page]

    def target(self, slot: Slot) -> int:
        """The page a pager button leads to."""
        if slot is Slot.FIRST:
            return 1
        if slot is Slot.PREVIOUS:
            return max(1, self.page - 1)
        if slot is Slot.NEXT:
            return min(self.pages, self.page + 1)
        return self.pages

    def leads_nowhere(self, slot: Slot) -> bool:
        """Whether a button would stay on this page (it is shown disabled)."""
        if slot in (Slot.FIRST, Slot.PREVIOUS):
            return self.is_first
        return self.is_last


@dataclass(frozen=True, slots=True)
class ChapterPlace:
    """Where a reader is: which chapter of how many, and which page of it."""

    chapter: StoredChapter
    chapters: int
    pager: Pager

    @property
    def chaptered(self) -> bool:
        return self.chapters > 1

    @property
    def is_first_page(self) -> bool:
        return self.pager.is_first

    @property
    def at_story_end(self) -> bool:
        return self.pager.is_last and self.chapter.number == self.chapters

    def target(self, slot: Slot) -> tuple[int, int]:
        """(chapter, page) a pager button leads to: the page before the first is the previous
        chapter's last, the page after the last the next chapter's first."""
        number, pager = self.chapter.number, self.pager
        if slot is Slot.PREVIOUS and pager.is_first and number > 1:
            return number - 1, ids.LAST_PAGE
        if slot is Slot.NEXT and pager.is_last and number < self.chapters:
            return number + 1, 1
        return number, pager.target(slot)

    def leads_nowhere(self, slot: Slot) -> bool:
        return self.target(slot) == (self.chapter.number, self.pager.page)

    def heading(self) -> str:
        """ "Chapter 3: Title · page 2/5" (just "Page 2 of 5" for a one-chapter story)."""
        pager = self.pager
        if not self.chaptered:
            return f"Page {pager.page} of {pager.pages}"
        return f"{limits.fit(self.chapter.label, 200)} · page {pager.page}/{pager.pages}"
