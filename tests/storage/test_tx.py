"""Write transactions on a shared connection: one at a time, rolled back on error."""

from __future__ import annotations

import asyncio

import aiosqlite
import pytest

from bot.storage.db import fetch_one
from bot.storage.tx import transaction


async def _count(conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "SELECT count(*) FROM meta WHERE key LIKE 'tx-%'")
    assert row is not None
    return int(row[0])


async def _half_done(conn: aiosqlite.Connection) -> None:
    async with transaction(conn):
        await conn.execute("INSERT INTO meta (key, value) VALUES ('tx-a', '1')")
        raise RuntimeError("half-way")


async def test_an_error_rolls_the_whole_transaction_back(conn: aiosqlite.Connection) -> None:
    with pytest.raises(RuntimeError):
        await _half_done(conn)
    assert await _count(conn) == 0
    assert not conn.in_transaction


async def test_concurrent_transactions_take_turns(conn: aiosqlite.Connection) -> None:
    inside = 0
    most = 0

    async def write(k: int) -> None:
        nonlocal inside, most
        async with transaction(conn):
            inside += 1
            most = max(most, inside)
            await conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (f"tx-{k}",))
            await asyncio.sleep(0)
            inside -= 1

    await asyncio.gather(*(write(k) for k in range(20)))
    assert most == 1
    assert await _count(conn) == 20
