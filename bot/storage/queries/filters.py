"""What a reader may be shown: one filter, applied by every query that lists or draws stories.

A ``StoryFilter`` carries the channel's age rule, the filters a command was given (rating at
most, length, complete) and the exclusions of the reader and of their server. ``where`` turns
it into SQL over a ``stories`` row (alias ``s``), so random draws, browsing, search, by-character
and recommendations all leave out the same stories.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

import aiosqlite

from bot.library import ratings
from bot.library.completion import Completion
from bot.storage.db import fetch_one


class Length(StrEnum):
    """Story lengths in words, as fan fiction readers name them."""

    DRABBLE = "drabble"  # under 1,000 words
    SHORT = "short"  # 1,000 to 9,999
    LONG = "long"  # 10,000 to 49,999
    EPIC = "epic"  # 50,000 and more

    @property
    def words(self) -> tuple[int, int | None]:
        """[at least, under) in words."""
        return _LENGTH_WORDS[self]


_LENGTH_WORDS: dict[Length, tuple[int, int | None]] = {
    Length.DRABBLE: (0, 1_000),
    Length.SHORT: (1_000, 10_000),
    Length.LONG: (10_000, 50_000),
    Length.EPIC: (50_000, None),
}

# "At most" in AO3's order. Not Rated could be anything: it passes only "at most Explicit".
RATING_ORDER = (ratings.GENERAL, ratings.TEEN, ratings.MATURE, ratings.EXPLICIT)


def ratings_at_most(rating: str) -> list[str]:
    allowed = list(RATING_ORDER[: RATING_ORDER.index(rating) + 1])
    return [*allowed, ratings.NOT_RATED] if rating == ratings.EXPLICIT else allowed


class ExclusionKind(StrEnum):
    TAG = "tag"
    CHARACTER = "character"
    PAIRING = "pairing"
    WARNING = "warning"
    RATING = "rating"


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Folded values: tag and warning names, character names, pairing keys (see
    ``pairing_key``), rating names."""

    tags: frozenset[str] = frozenset()
    characters: frozenset[str] = frozenset()
    pairings: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    ratings: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.tags or self.characters or self.pairings or self.warnings or self.ratings)


def pairing_key(a: str, b: str) -> str:
    """Who is paired, in either order: "aerith gainsborough/sephiroth"."""
    return "/".join(sorted((a.lower(), b.lower())))  # lower(), as SQLite folds


@dataclass(frozen=True, slots=True)
class StoryFilter:
    allow_adult: bool = True
    max_rating: str | None = None
    length: Length | None = None
    complete: bool | None = None
    exclusions: Exclusions = field(default_factory=Exclusions)

    @property
    def narrows(self) -> bool:
        """Whether it leaves out more than the age rule does."""
        return bool(self.max_rating or self.length or self.complete is not None or self.exclusions)

    def where(self, alias: str = "s") -> tuple[str, list[object]]:
        """SQL conditions (joined with AND, starting with AND) and their arguments."""
        s = alias
        parts: list[str] = []
        args: list[object] = []
        if not self.allow_adult:
            parts.append(f"{s}.adult = 0")
        if self.max_rating is not None:
            allowed = ratings_at_most(self.max_rating)
            parts.append(f"{s}.rating IN ({_marks(allowed)})")
            args.extend(allowed)
        if self.length is not None:
            low, high = self.length.words
            parts.append(f"{s}.words >= ?")
            args.append(low)
            if high is not None:
                parts.append(f"{s}.words < ?")
                args.append(high)
        if self.complete is not None:
            # Only what is known: a story whose file says nothing of it (``unknown``) is in
            # neither list, so asking for finished works never brings a work in progress.
            parts.append(f"{s}.completion = ?")
            args.append(str(Completion.COMPLETE if self.complete else Completion.IN_PROGRESS))
        self._exclusions(s, parts, args)
        return "".join(f" AND {p}" for p in parts), args

    def _exclusions(self, s: str, parts: list[str], args: list[object]) -> None:
        ex = self.exclusions
        if ex.ratings:
            parts.append(f"{s}.rating NOT IN ({_marks(ex.ratings)})")
            args.extend(sorted(ex.ratings))
        for kind, values in (("tag", ex.tags), ("warning", ex.warnings)):
            if values:
                parts.append(
                    "NOT EXISTS (SELECT 1 FROM story_tags xt JOIN tags t ON t.id = xt.tag_id "
                    f"WHERE xt.story_id = {s}.id AND t.kind = ? AND t.folded IN ({_marks(values)}))"
                )
                args.extend([kind, *sorted(values)])
        if ex.characters:
            # A lead or supporting character; a story that only mentions them still shows.
            parts.append(
                "NOT EXISTS (SELECT 1 FROM story_characters xc JOIN characters c "
                "ON c.id = xc.character_id WHERE xc.story_id = "
                f"{s}.id AND xc.role_rank <= 1 AND lower(c.name) IN ({_marks(ex.characters)}))"
            )
            args.extend(sorted(ex.characters))
        if ex.pairings:
            marks = _marks(ex.pairings)
            parts.append(
                f"NOT EXISTS (SELECT 1 FROM pairings xp WHERE xp.story_id = {s}.id AND ("
                f"lower(xp.a) || '/' || lower(xp.b) IN ({marks}) "
                f"OR lower(xp.b) || '/' || lower(xp.a) IN ({marks})))"
            )
            args.extend([*sorted(ex.pairings), *sorted(ex.pairings)])


def _marks(values: Collection[object]) -> str:
    return ",".join("?" * len(values))


async def admits(conn: aiosqlite.Connection, story_id: str, flt: StoryFilter) -> bool:
    """Whether the filter lets this (active) story through."""
    clause, args = flt.where()
    row = await fetch_one(
        conn,
        f"SELECT 1 FROM stories s WHERE s.id = ? AND s.status = 'active'{clause}",
        [story_id, *args],
    )
    return row is not None
