"""Opening the database: migrations in order, refused when newer, statements split whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


async def test_a_newer_schema_is_refused_and_the_connection_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "newer.sqlite3"
    conn = await db.connect(path)
    await conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await conn.close()
    opened: list[aiosqlite.Connection] = []
    real_connect = aiosqlite.connect

    def recording(*args: Any, **kwargs: Any) -> aiosqlite.Connection:
        made = real_connect(*args, **kwargs)
        opened.append(made)
        return made

    monkeypatch.setattr(aiosqlite, "connect", recording)
    with pytest.raises(RuntimeError, match="newer than this ficbot"):
        await db.connect(path)
    # Left open, its thread would keep the process from exiting.
    assert len(opened) == 1
    opened[0]._thread.join(timeout=5)  # its worker thread ends once it is closed
    assert not opened[0]._thread.is_alive()


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
