"""Opening the database: migrations in order, refused when newer, statements split whole."""

from __future__ import annotations

import threading
from pathlib import Path

import aiosqlite
import pytest

from bot.storage import db
from bot.storage.migrations import MIGRATIONS


async def test_a_new_database_is_migrated_to_the_latest_version(
    conn: aiosqlite.Connection,
) -> None:
    row = await db.fetch_one(conn, "PRAGMA user_version")
    assert row is not None and row[0] == len(MIGRATIONS)
    assert await db.migrate(conn) == len(MIGRATIONS)  # again: nothing to do


def _open_connections() -> int:
    """aiosqlite connections whose thread runs (each has one until it is closed)."""
    return sum("_connection_worker_thread" in t.name for t in threading.enumerate())


async def test_a_newer_schema_is_refused_and_the_connection_closed(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    conn = await db.connect(path)
    await conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await conn.close()
    before = _open_connections()
    with pytest.raises(RuntimeError, match="newer than this ficbot"):
        await db.connect(path)
    # Left open, its thread would keep the process from exiting.
    assert _open_connections() == before


def test_statements_keep_trigger_bodies_whole() -> None:
    script = """
    CREATE TABLE t (x);
    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        INSERT INTO t (x) VALUES (1);
        DELETE FROM t WHERE x = 2;
    END;
    DROP TABLE t;
    """
    statements = db._statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


async def test_fetch_one_and_all(conn: aiosqlite.Connection) -> None:
    assert await db.fetch_one(conn, "SELECT 1 WHERE 0") is None
    rows = await db.fetch_all(conn, "SELECT value FROM (SELECT 1 AS value UNION SELECT 2)")
    assert [r[0] for r in rows] == [1, 2]
