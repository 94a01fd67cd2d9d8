"""Answers kept per connection until the library changes."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection
from bot.storage.queries.memo import derived_fresh, memo


async def test_kept_until_the_library_changes(
    conn: aiosqlite.Connection, library: Path, roster: Roster
) -> None:
    calls = 0

    async def compute() -> int:
        nonlocal calls
        calls += 1
        return calls

    assert await memo(conn, "n", compute) == 1
    assert await memo(conn, "n", compute) == 1
    unchanged = await queries.library_version(conn)
    await load_collection(conn, library, roster)  # nothing changed: nothing recomputed
    assert await queries.library_version(conn) == unchanged
    assert await memo(conn, "n", compute) == 1
    (library / "104_letters.txt").unlink()
    await load_collection(conn, library, roster)
    assert await queries.library_version(conn) != unchanged
    assert await memo(conn, "n", compute) == 2


@pytest.mark.usefixtures("library")
async def test_derived_tables_are_fresh_only_after_a_finished_load(
    conn: aiosqlite.Connection,
) -> None:
    assert derived_fresh(await queries.library_version(conn))
    await conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'stats_version'")
    assert not derived_fresh(await queries.library_version(conn))
