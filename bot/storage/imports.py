"""What librarians do to the library from Discord: imports waiting to be published, stories
they withdrew, and the log of who did what (migration 5).

A story held back (an import not yet published, a story a librarian withdrew) is written by
the loader with ``status = 'withdrawn'``: the one filter every reader query already applies,
so nothing held is shown anywhere. ``Holds`` is what the loader asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.tx import transaction

LOG_PAGE = 10


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Holds:
    """Files whose import is not published yet, and stories a librarian withdrew."""

    files: frozenset[str]
    story_ids: frozenset[str]

    def held(self, story_id: str | None, file: str) -> bool:
        return file in self.files or (story_id is not None and story_id in self.story_ids)


NO_HOLDS = Holds(frozenset(), frozenset())


async def read_holds(conn: aiosqlite.Connection) -> Holds:
    files = await fetch_all(conn, "SELECT file FROM imports WHERE state = 'pending'")
    ids = await fetch_all(conn, "SELECT story_id FROM story_holds")
    return Holds(frozenset(r[0] for r in files), frozenset(r[0] for r in ids))


@dataclass(frozen=True, slots=True)
class Import:
    id: int
    guild_id: int
    user_id: int
    file: str
    story_id: str | None
    state: str


_IMPORT_COLUMNS = "id, guild_id, user_id, file, story_id, state"


def _import(row: aiosqlite.Row) -> Import:
    return Import(int(row[0]), int(row[1]), int(row[2]), row[3], row[4], row[5])


async def begin_import(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    user_id: int,
    user_name: str,
    file: str,
    digest: str,
) -> int:
    """Record an import as pending, committed *before* its file is put in place."""
    async with transaction(conn):
        cur = await conn.execute(
            "INSERT INTO imports (guild_id, user_id, user_name, file, content_hash, state, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (guild_id, user_id, user_name, file, digest, _now()),
        )
        import_id = int(cur.lastrowid or 0)
        await _log(conn, guild_id, user_id, user_name, "import", "", file)
    return import_id


async def imported(conn: aiosqlite.Connection, import_id: int, story_id: str | None) -> None:
    """The import's file was loaded (``story_id``) or could not be (None: it failed, and
    holds nothing back any more)."""
    async with transaction(conn):
        if story_id is None:
            await conn.execute("UPDATE imports SET state = 'failed' WHERE id = ?", (import_id,))
        else:
            await conn.execute(
                "UPDATE imports SET story_id = ? WHERE id = ?", (story_id, import_id)
            )


async def get_import(conn: aiosqlite.Connection, import_id: int) -> Import | None:
    row = await fetch_one(conn, f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE id = ?", (import_id,))
    return _import(row) if row else None


async def pending_file(conn: aiosqlite.Connection, file: str) -> Import | None:
    row = await fetch_one(
        conn,
        f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE file = ? AND state = 'pending'",
        (file,),
    )
    return _import(row) if row else None


async def publish(
    conn: aiosqlite.Connection, import_id: int, *, user_id: int, user_name: str
) -> bool:
    """Lift an import's hold (the next load shows its story). False if it was not pending."""
    async with transaction(conn):
        row = await fetch_one(
            conn,
            "SELECT guild_id, story_id FROM imports WHERE id = ? AND state = 'pending'",
            (import_id,),
        )
        if row is None:
            return False
        await conn.execute(
            "UPDATE imports SET state = 'published', published_at = ? WHERE id = ?",
            (_now(), import_id),
        )
        await _log(conn, int(row[0]), user_id, user_name, "publish", row[1] or "", "")
    return True


async def forget_unplaced(conn: aiosqlite.Connection, existing: set[str]) -> int:
    """Pending imports whose file never made it into the folder (the bot was killed between
    recording and placing it) are marked failed; returns how many."""
    rows = await fetch_all(conn, "SELECT id, file FROM imports WHERE state = 'pending'")
    gone = [(int(r[0]),) for r in rows if r[1] not in existing]
    if gone:
        async with transaction(conn):
            await conn.executemany("UPDATE imports SET state = 'failed' WHERE id = ?", gone)
    return len(gone)


async def hold_story(
    conn: aiosqlite.Connection, story_id: str, *, guild_id: int, user_id: int, user_name: str
) -> bool:
    """Record a librarian's withdrawal (the caller then withdraws the story). False if it
    was withdrawn already."""
    async with transaction(conn):
        cur = await conn.execute(
            "INSERT OR IGNORE INTO story_holds (story_id, guild_id, user_id, created_at) "
            "VALUES (?, ?, ?, ?)",
            (story_id, guild_id, user_id, _now()),
        )
        if not cur.rowcount:
            return False
        await _log(conn, guild_id, user_id, user_name, "withdraw", story_id, "")
    return True


async def release_story(
    conn: aiosqlite.Connection, story_id: str, *, guild_id: int, user_id: int, user_name: str
) -> bool:
    """Lift a librarian's withdrawal (the next load shows the story again, if its file is
    there). False if it was not withdrawn by a librarian."""
    async with transaction(conn):
        cur = await conn.execute("DELETE FROM story_holds WHERE story_id = ?", (story_id,))
        if not cur.rowcount:
            return False
        await _log(conn, guild_id, user_id, user_name, "restore", story_id, "")
    return True


async def is_held(conn: aiosqlite.Connection, story_id: str) -> bool:
    row = await fetch_one(conn, "SELECT 1 FROM story_holds WHERE story_id = ?", (story_id,))
    return row is not None


async def log_fix(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    user_id: int,
    user_name: str,
    story_id: str,
    detail: str,
) -> None:
    async with transaction(conn):
        await _log(conn, guild_id, user_id, user_name, "fix", story_id, detail)
        # The sidecar changed, not the file: mark the analysis stale so the next load
        # re-reads it (a load skips files whose text and analysis are unchanged).
        await conn.execute(
            "UPDATE stories SET analysis_key = 'sidecar-changed' WHERE id = ?", (story_id,)
        )


async def log_forget(
    conn: aiosqlite.Connection, *, guild_id: int, user_id: int, user_name: str
) -> None:
    """Record, inside the caller's transaction, that an admin forgot a member's data: who did
    it, never whom (that would keep what was forgotten)."""
    await _log(conn, guild_id, user_id, user_name, "forget", "", "a member's data")


async def _log(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    user_name: str,
    action: str,
    story_id: str,
    detail: str,
) -> None:
    await conn.execute(
        "INSERT INTO library_log (guild_id, user_id, user_name, action, story_id, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (guild_id, user_id, user_name, action, story_id, detail, _now()),
    )


@dataclass(frozen=True, slots=True)
class LogEntry:
    user_id: int
    user_name: str
    action: str
    story_id: str
    detail: str
    created_at: str


async def log_size(conn: aiosqlite.Connection, guild_id: int) -> int:
    row = await fetch_one(conn, "SELECT count(*) FROM library_log WHERE guild_id = ?", (guild_id,))
    return int(row[0]) if row else 0


async def log_entries(
    conn: aiosqlite.Connection, guild_id: int, *, limit: int = LOG_PAGE, offset: int = 0
) -> list[LogEntry]:
    """A server's log, newest first."""
    rows = await fetch_all(
        conn,
        "SELECT user_id, user_name, action, story_id, detail, created_at FROM library_log "
        "WHERE guild_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
        (guild_id, limit, offset),
    )
    return [LogEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]


@dataclass(frozen=True, slots=True)
class LibrarySettings:
    librarian_role_id: int | None
    announce_channel_id: int | None
    adult_announce_channel_id: int | None


async def library_settings(conn: aiosqlite.Connection, guild_id: int) -> LibrarySettings:
    row = await fetch_one(
        conn,
        "SELECT librarian_role_id, announce_channel_id, adult_announce_channel_id "
        "FROM guild_settings WHERE guild_id = ?",
        (guild_id,),
    )
    if row is None:
        return LibrarySettings(None, None, None)
    return LibrarySettings(*(int(v) if v is not None else None for v in row))


async def set_library_setting(
    conn: aiosqlite.Connection, guild_id: int, **values: int | None
) -> None:
    """Set ``librarian_role_id``, ``announce_channel_id`` or ``adult_announce_channel_id``."""
    allowed = {"librarian_role_id", "announce_channel_id", "adult_announce_channel_id"}
    if not values or set(values) - allowed:
        raise ValueError(f"unknown settings: {sorted(set(values) - allowed)}")
    columns = sorted(values)
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
    async with transaction(conn):
        await conn.execute(
            f"INSERT INTO guild_settings (guild_id, {names}, updated_at) VALUES (?, {marks}, ?) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            (guild_id, *(values[c] for c in columns), _now()),
        )
