"""Write transactions on a shared aiosqlite connection.

The bot has one connection for every coroutine. SQLite transactions belong to a connection,
not to a coroutine, so two coroutines that both ``BEGIN`` on it would collide ("cannot start a
transaction within a transaction") or, worse, commit each other's half-done work. Every write
goes through ``transaction(conn)``, which holds a per-connection asyncio lock for its whole
life; ``BEGIN IMMEDIATE`` takes SQLite's write lock up front, so waiting for another process
(``ficbot load`` in a terminal) happens at BEGIN, under the busy timeout, never mid-way.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


def write_lock(conn: aiosqlite.Connection) -> asyncio.Lock:
    lock = _locks.get(conn)
    if lock is None:
        lock = _locks[conn] = asyncio.Lock()
    return lock


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any error), one at a time per connection."""
    async with write_lock(conn):
        await conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
