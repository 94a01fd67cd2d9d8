"""Where readers stopped, recorded cheaply: a page turn updates a map in memory, and the map is
written in one transaction every few seconds (and when the bot closes), so a reader paging
quickly through a story costs one row write per flush, not one per page."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiosqlite

from bot.storage import shelves
from bot.storage.shelves import Position

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0


class PositionRecorder:
    def __init__(self, conn: aiosqlite.Connection, *, every: float = FLUSH_SECONDS) -> None:
        self._conn = conn
        self._every = every
        self._pending: dict[tuple[int, int], tuple[Position, str]] = {}
        self._task: asyncio.Task[None] | None = None

    def record(self, guild_id: int, user_id: int, position: Position) -> None:
        self._pending[(guild_id, user_id)] = (position, shelves.now())

    def pending(self, guild_id: int, user_id: int) -> Position | None:
        found = self._pending.get((guild_id, user_id))
        return found[0] if found else None

    def forget(self, guild_id: int, user_id: int) -> None:
        """Drop a reader's unwritten position (they asked to be forgotten)."""
        self._pending.pop((guild_id, user_id), None)

    async def latest(self, guild_id: int, user_id: int) -> Position | None:
        return self.pending(guild_id, user_id) or await shelves.last_position(
            self._conn, guild_id, user_id
        )

    async def flush(self) -> None:
        batch, self._pending = self._pending, {}
        try:
            await shelves.write_positions(self._conn, batch)
        except Exception:
            # Put them back (newer turns win) and try at the next flush.
            self._pending = batch | self._pending
            raise

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="ficbot-positions-background")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self.flush()
            except Exception:
                log.exception("could not record reading positions; retrying")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()
