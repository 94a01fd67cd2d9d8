"""What readers follow (characters, authors) and who is told when a story appears; which
Discord account wrote a story (migration 8).

Follows are per server. A value is a character's or author's name as the library shows it,
matched without regard to case, so a follow made before a story exists still matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import StoredStory
from bot.storage.tx import transaction

Kind = Literal["character", "author"]
KINDS: tuple[Kind, ...] = ("character", "author")
# A reader follows at most this many things per server (a DM per story is plenty).
MAX_FOLLOWS = 100
# The roles that make a story "feature" a character (a passing mention does not).
FEATURED_ROLES = ("lead", "supporting")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Follow:
    kind: Kind
    value: str


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    notify: bool = True
    review_dms: bool = False


async def follow(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, kind: Kind, value: str
) -> bool:
    """Follow ``value``; False if it was followed already. Raises ``ValueError`` past the cap."""
    async with transaction(conn):
        row = await fetch_one(
            conn,
            "SELECT count(*) FROM follows WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is not None and int(row[0]) >= MAX_FOLLOWS:
            raise ValueError(f"at most {MAX_FOLLOWS} follows")
        cur = await conn.execute(
            "INSERT OR IGNORE INTO follows (guild_id, user_id, kind, value, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (guild_id, user_id, kind, value, _now()),
        )
        return bool(cur.rowcount)


async def unfollow(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, kind: Kind, value: str
) -> bool:
    async with transaction(conn):
        cur = await conn.execute(
            "DELETE FROM follows WHERE guild_id = ? AND user_id = ? AND kind = ? AND value = ?",
            (guild_id, user_id, kind, value),
        )
        return bool(cur.rowcount)


async def following(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> list[Follow]:
    rows = await fetch_all(
        conn,
        "SELECT kind, value FROM follows WHERE guild_id = ? AND user_id = ? ORDER BY kind, value",
        (guild_id, user_id),
    )
    return [Follow(r[0], r[1]) for r in rows]


async def reader_settings(
    conn: aiosqlite.Connection, guild_id: int, user_id: int
) -> ReaderSettings:
    row = await fetch_one(
        conn,
        "SELECT notify, review_dms FROM reader_settings WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )
    return ReaderSettings(bool(row[0]), bool(row[1])) if row else ReaderSettings()


async def set_reader_settings(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    *,
    notify: bool | None = None,
    review_dms: bool | None = None,
) -> ReaderSettings:
    current = await reader_settings(conn, guild_id, user_id)
    new = ReaderSettings(
        current.notify if notify is None else notify,
        current.review_dms if review_dms is None else review_dms,
    )
    async with transaction(conn):
        await conn.execute(
            "INSERT INTO reader_settings (guild_id, user_id, notify, review_dms) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
            "notify = excluded.notify, review_dms = excluded.review_dms",
            (guild_id, user_id, int(new.notify), int(new.review_dms)),
        )
    return new


def featured(story: StoredStory) -> list[str]:
    """The characters a follow of whom hears of this story: its leads and supporting cast."""
    return [c.name for c in story.characters if c.role in FEATURED_ROLES]


@dataclass(frozen=True, slots=True)
class Match:
    """A reader to tell of a story, and why (the first of their follows it matches)."""

    user_id: int
    kind: Kind
    value: str


async def followers_of(
    conn: aiosqlite.Connection, guild_id: int, story: StoredStory
) -> list[Match]:
    """Readers of this server who follow the story's author or one of its featured
    characters, and have not turned notifications off; each once."""
    names = featured(story)
    marks = ", ".join("?" for _ in names) or "NULL"
    rows = await fetch_all(
        conn,
        "SELECT f.user_id, f.kind, f.value FROM follows f "
        "LEFT JOIN reader_settings r ON r.guild_id = f.guild_id AND r.user_id = f.user_id "
        "WHERE f.guild_id = ? AND coalesce(r.notify, 1) = 1 AND ("
        "(f.kind = 'author' AND f.value = ?) OR "
        f"(f.kind = 'character' AND f.value IN ({marks}))) "
        "ORDER BY f.user_id, f.kind = 'character', f.value",
        (guild_id, story.author, *names),
    )
    seen: set[int] = set()
    found: list[Match] = []
    for r in rows:
        if int(r[0]) not in seen:
            seen.add(int(r[0]))
            found.append(Match(int(r[0]), r[1], r[2]))
    return found


async def library_authors(
    conn: aiosqlite.Connection, typed: str, limit: int, *, allow_adult: bool
) -> list[str]:
    """Authors of shown stories whose name contains ``typed`` (for autocomplete; of Mature and
    Explicit stories only where they may be shown)."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT author FROM stories WHERE status = 'active' AND (? OR adult = 0) "
        "AND author LIKE ? ESCAPE '\\' ORDER BY author COLLATE NOCASE LIMIT ?",
        (int(allow_adult), f"%{_like(typed)}%", limit),
    )
    return [r[0] for r in rows]


async def library_characters(
    conn: aiosqlite.Connection, typed: str, limit: int, *, allow_adult: bool
) -> list[str]:
    """Characters featured in shown stories whose name contains ``typed``."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT c.name FROM characters c "
        "JOIN story_characters sc ON sc.character_id = c.id "
        "JOIN stories s ON s.id = sc.story_id "
        "WHERE s.status = 'active' AND (? OR s.adult = 0) AND sc.role IN ('lead', 'supporting') "
        "AND c.name LIKE ? ESCAPE '\\' ORDER BY c.name COLLATE NOCASE LIMIT ?",
        (int(allow_adult), f"%{_like(typed)}%", limit),
    )
    return [r[0] for r in rows]


async def known_name(conn: aiosqlite.Connection, kind: Kind, value: str) -> str | None:
    """The name as the library writes it, or None if no shown story has it."""
    if kind == "author":
        row = await fetch_one(
            conn,
            "SELECT author FROM stories WHERE status = 'active' AND author = ? COLLATE NOCASE "
            "LIMIT 1",
            (value,),
        )
    else:
        row = await fetch_one(
            conn,
            "SELECT c.name FROM characters c JOIN story_characters sc "
            "ON sc.character_id = c.id JOIN stories s ON s.id = sc.story_id "
            "WHERE s.status = 'active' AND c.name = ? COLLATE NOCASE LIMIT 1",
            (value,),
        )
    return str(row[0]) if row else None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- authors' Discord accounts ---------------------------------------------------------------


async def set_author_user(conn: aiosqlite.Connection, story_id: str, user_id: int | None) -> None:
    async with transaction(conn):
        await conn.execute(
            "UPDATE stories SET author_user_id = ? WHERE id = ?", (user_id, story_id)
        )


async def author_user(conn: aiosqlite.Connection, story_id: str) -> int | None:
    row = await fetch_one(conn, "SELECT author_user_id FROM stories WHERE id = ?", (story_id,))
    return int(row[0]) if row and row[0] is not None else None


async def stories_by_user(conn: aiosqlite.Connection, user_id: int) -> list[tuple[str, str]]:
    """(id, title) of the shown stories this account wrote."""
    rows = await fetch_all(
        conn,
        "SELECT id, title FROM stories WHERE author_user_id = ? AND status = 'active' "
        "ORDER BY title COLLATE NOCASE",
        (user_id,),
    )
    return [(r[0], r[1]) for r in rows]


@dataclass(frozen=True, slots=True)
class AuthorReview:
    """A review of one of an author's stories, for ``/fic my-stories``."""

    story_title: str
    user_name: str
    rating: int
    body: str
    spoiler: bool


async def author_review_count(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> int:
    row = await fetch_one(
        conn,
        "SELECT count(*) FROM reviews r JOIN stories s ON s.id = r.story_id "
        "WHERE r.guild_id = ? AND s.author_user_id = ?",
        (guild_id, user_id),
    )
    return int(row[0]) if row else 0


async def author_reviews(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, *, limit: int, offset: int
) -> list[AuthorReview]:
    """This server's reviews of the stories this account wrote, newest first."""
    rows = await fetch_all(
        conn,
        "SELECT s.title, r.user_name, r.rating, r.body, r.spoiler FROM reviews r "
        "JOIN stories s ON s.id = r.story_id WHERE r.guild_id = ? AND s.author_user_id = ? "
        "ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?",
        (guild_id, user_id, limit, offset),
    )
    return [AuthorReview(r[0], r[1], int(r[2]), r[3], bool(r[4])) for r in rows]
