"""A reader's shelf in a server: saved stories with a status and a note; and where they
stopped reading each story (for ``/fic continue``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.tx import transaction

NOTE_MAX = 200


class ShelfStatus(StrEnum):
    TO_READ = "to-read"
    READING = "reading"
    FINISHED = "finished"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class ShelfEntry:
    story_id: str
    title: str
    author: str
    rating: str
    words: int
    status: ShelfStatus
    note: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Position:
    """Where a reader stopped: a chapter (0 for a story read as one) and a page in it."""

    story_id: str
    chapter: int
    page: int


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def save(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    story_id: str,
    *,
    note: str | None = None,
    status: ShelfStatus | None = None,
) -> bool:
    """Put a story on the shelf (to-read unless told) or update it; True if it is new there."""
    stamp = now()
    async with transaction(conn):
        old = await fetch_one(
            conn,
            "SELECT status, note FROM shelf WHERE guild_id = ? AND user_id = ? AND story_id = ?",
            (guild_id, user_id, story_id),
        )
        if old is None:
            await conn.execute(
                "INSERT INTO shelf (guild_id, user_id, story_id, status, note, added_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    user_id,
                    story_id,
                    status or ShelfStatus.TO_READ,
                    (note or "")[:NOTE_MAX],
                    stamp,
                    stamp,
                ),
            )
            return True
        await conn.execute(
            "UPDATE shelf SET status = ?, note = ?, updated_at = ? "
            "WHERE guild_id = ? AND user_id = ? AND story_id = ?",
            (
                status or old["status"],
                old["note"] if note is None else note[:NOTE_MAX],
                stamp,
                guild_id,
                user_id,
                story_id,
            ),
        )
        return False


async def unsave(conn: aiosqlite.Connection, guild_id: int, user_id: int, story_id: str) -> bool:
    async with transaction(conn):
        cur = await conn.execute(
            "DELETE FROM shelf WHERE guild_id = ? AND user_id = ? AND story_id = ?",
            (guild_id, user_id, story_id),
        )
        return cur.rowcount > 0


async def count(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    status: ShelfStatus | None = None,
    *,
    allow_adult: bool = True,
) -> int:
    where, args = _where(guild_id, user_id, status, allow_adult)
    row = await fetch_one(
        conn, f"SELECT count(*) FROM shelf sh JOIN stories s ON s.id = sh.story_id {where}", args
    )
    return int(row[0]) if row else 0


async def entries(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    status: ShelfStatus | None = None,
    *,
    allow_adult: bool = True,
    limit: int = 1000,
    offset: int = 0,
) -> list[ShelfEntry]:
    """The shelf, most recently changed first (withdrawn stories and, outside age-restricted
    channels, Mature and Explicit ones left out)."""
    where, args = _where(guild_id, user_id, status, allow_adult)
    rows = await fetch_all(
        conn,
        f"""SELECT sh.story_id, s.title, s.author, s.rating, s.words, sh.status, sh.note,
                   sh.updated_at
            FROM shelf sh JOIN stories s ON s.id = sh.story_id {where}
            ORDER BY sh.updated_at DESC, sh.story_id LIMIT ? OFFSET ?""",
        [*args, limit, offset],
    )
    return [ShelfEntry(r[0], r[1], r[2], r[3], r[4], ShelfStatus(r[5]), r[6], r[7]) for r in rows]


def _where(
    guild_id: int, user_id: int, status: ShelfStatus | None, allow_adult: bool
) -> tuple[str, list[object]]:
    where = "WHERE sh.guild_id = ? AND sh.user_id = ? AND s.status = 'active'"
    args: list[object] = [guild_id, user_id]
    if status is not None:
        where += " AND sh.status = ?"
        args.append(str(status))
    if not allow_adult:
        where += " AND s.adult = 0"
    return where, args


async def status_of(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, story_id: str
) -> ShelfStatus | None:
    row = await fetch_one(
        conn,
        "SELECT status FROM shelf WHERE guild_id = ? AND user_id = ? AND story_id = ?",
        (guild_id, user_id, story_id),
    )
    return ShelfStatus(row[0]) if row else None


# --- reading positions --------------------------------------------------------------------------


async def write_positions(
    conn: aiosqlite.Connection, positions: dict[tuple[int, int], tuple[Position, str]]
) -> None:
    """Record many readers' latest positions in one transaction: (guild, user) -> (position,
    when)."""
    if not positions:
        return
    async with transaction(conn):
        await conn.executemany(
            """INSERT INTO reading_positions (guild_id, user_id, story_id, chapter, page, updated_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (guild_id, user_id, story_id) DO UPDATE SET
                   chapter = excluded.chapter, page = excluded.page,
                   updated_at = excluded.updated_at""",
            [
                (g, u, p.story_id, p.chapter, p.page, when)
                for (g, u), (p, when) in positions.items()
            ],
        )


async def last_position(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, story_id: str | None = None
) -> Position | None:
    """Where the reader stopped in a story, or in the story they read last."""
    sql = "SELECT story_id, chapter, page FROM reading_positions WHERE guild_id = ? AND user_id = ?"
    args: list[object] = [guild_id, user_id]
    if story_id is not None:
        sql += " AND story_id = ?"
        args.append(story_id)
    row = await fetch_one(conn, sql + " ORDER BY updated_at DESC LIMIT 1", args)
    return Position(row[0], row[1], row[2]) if row else None
