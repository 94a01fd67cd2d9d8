"""Opening the database: pragmas, migrations, one connection per process."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.migrations import MIGRATIONS

log = logging.getLogger(__name__)

# The CLI may load while the bot serves: writers wait for each other rather than fail.
BUSY_TIMEOUT_MS = 10_000


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await migrate(conn)
    except BaseException:
        # The connection's thread would otherwise outlive the error and keep the process
        # from exiting (a database from a newer ficbot made ``ficbot`` hang).
        await conn.close()
        raise
    return conn


# Reading in one hop. Every call into aiosqlite is a round trip to its worker thread and
# back; ``async with conn.execute(...) as cur: await cur.fetchall()`` makes three or more
# (execute, fetch -- in chunks, for ``async for`` -- and close), each a wait on the event loop
# that grows under load. These run the statement and fetch its rows in a single call.


async def fetch_all(
    conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> list[aiosqlite.Row]:
    """Every row ``sql`` returns, in one round trip to the database thread."""
    rows = await conn.execute_fetchall(sql, params)
    return rows if isinstance(rows, list) else list(rows)


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> aiosqlite.Row | None:
    """The first row ``sql`` returns, or None, in one round trip to the database thread.

    All rows are fetched: meant for queries that return at most one (a primary key, an
    aggregate, ``LIMIT 1``)."""
    rows = await fetch_all(conn, sql, params)
    return rows[0] if rows else None


async def migrate(conn: aiosqlite.Connection) -> int:
    """Run the migrations this database has not seen yet; return the schema version."""
    row = await fetch_one(conn, "PRAGMA user_version")
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"database schema version {version} is newer than this ficbot ({len(MIGRATIONS)}); "
            "upgrade ficbot"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        log.info("migrating database to schema version %d", number)
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {number}")
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
