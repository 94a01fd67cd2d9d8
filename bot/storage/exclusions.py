"""What a reader, or a whole server, never wants to be shown (``/fic exclude``,
``/ficadmin exclude``); read into the ``Exclusions`` every query's filter applies."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.db import fetch_all
from bot.storage.queries.filters import ExclusionKind, Exclusions
from bot.storage.shelves import now
from bot.storage.tx import transaction

SERVER = 0  # the user id of a server's own exclusions
VALUE_MAX = 90  # it travels in a select option's value (100 characters) with its kind


@dataclass(frozen=True, slots=True)
class Exclusion:
    kind: ExclusionKind
    value: str  # folded: what the filter compares
    label: str  # as the reader typed or as the library names it
    server: bool


async def add(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    kind: ExclusionKind,
    value: str,
    label: str,
) -> bool:
    """True if it is new."""
    async with transaction(conn):
        cur = await conn.execute(
            "INSERT OR IGNORE INTO exclusions (guild_id, user_id, kind, value, label, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, user_id, str(kind), value[:VALUE_MAX], label[:200], now()),
        )
        return cur.rowcount > 0


async def remove(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, kind: str, value: str
) -> bool:
    async with transaction(conn):
        cur = await conn.execute(
            "DELETE FROM exclusions WHERE guild_id = ? AND user_id = ? AND kind = ? AND value = ?",
            (guild_id, user_id, kind, value),
        )
        return cur.rowcount > 0


async def listed(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> list[Exclusion]:
    """The reader's own, then their server's (user_id SERVER: the server's alone)."""
    rows = await fetch_all(
        conn,
        "SELECT kind, value, label, user_id FROM exclusions "
        "WHERE guild_id = ? AND user_id IN (?, ?) ORDER BY user_id = 0, kind, value",
        (guild_id, user_id, SERVER),
    )
    return [Exclusion(ExclusionKind(r[0]), r[1], r[2], r[3] == SERVER) for r in rows]


async def load(conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> Exclusions:
    """The reader's and their server's exclusions, as the filter applies them."""
    if guild_id is None:
        return Exclusions()
    found: dict[ExclusionKind, set[str]] = {k: set() for k in ExclusionKind}
    for e in await listed(conn, guild_id, user_id):
        found[e.kind].add(e.value)
    return Exclusions(
        tags=frozenset(found[ExclusionKind.TAG]),
        characters=frozenset(found[ExclusionKind.CHARACTER]),
        pairings=frozenset(found[ExclusionKind.PAIRING]),
        warnings=frozenset(found[ExclusionKind.WARNING]),
        ratings=frozenset(found[ExclusionKind.RATING]),
    )
