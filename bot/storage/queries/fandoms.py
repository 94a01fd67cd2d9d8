"""The library's fandoms."""

from __future__ import annotations

from collections.abc import Callable

import aiosqlite

from bot.storage.db import fetch_all
from bot.storage.queries.memo import derived_fresh, library_version, memo


async def list_fandoms(conn: aiosqlite.Connection, *, allow_adult: bool = True) -> list[str]:
    """The library's fandoms, most stories first (kept in memory until the library changes).

    Without ``allow_adult`` (a channel that is not age-restricted), a fandom whose stories
    are all Mature or Explicit is left out.
    """
    if not allow_adult:
        return list(await memo(conn, "fandoms:general", lambda: _general_fandoms(conn)))
    return list(await memo(conn, "fandoms", lambda: _fandoms(conn)))


async def _general_fandoms(conn: aiosqlite.Connection) -> list[str]:
    # Read once per version of the library (memo), so counting here is affordable.
    sql = (
        "SELECT fandom FROM stories WHERE status = 'active' AND adult = 0 GROUP BY fandom "
        "ORDER BY count(*) DESC, fandom"
    )
    return [r[0] for r in await fetch_all(conn, sql)]


async def _fandoms(conn: aiosqlite.Connection) -> list[str]:
    # Counted by the loader at the end of a load; while one is under way, count them here.
    fresh = derived_fresh(await library_version(conn))
    sql = (
        "SELECT fandom FROM fandom_stats ORDER BY stories DESC, fandom"
        if fresh
        else "SELECT fandom FROM stories WHERE status = 'active' GROUP BY fandom "
        "ORDER BY count(*) DESC, fandom"
    )
    return [r[0] for r in await fetch_all(conn, sql)]


async def resolve_fandom(conn: aiosqlite.Connection, typed: str) -> str | None:
    """A fandom of the library by its name, case-insensitively, or by a unique partial name."""
    folded = " ".join(typed.split()).casefold()
    fandoms = await list_fandoms(conn)
    exact = [f for f in fandoms if f.casefold() == folded]
    if exact:
        return exact[0]
    partial = [f for f in fandoms if folded and folded in f.casefold()]
    return partial[0] if len(partial) == 1 else None


async def fandom_by_key(
    conn: aiosqlite.Connection, key: str, keyer: Callable[[str], str]
) -> str | None:
    """The fandom whose short key (as carried in a button's custom id) is ``key``."""
    for fandom in await list_fandoms(conn):
        if keyer(fandom) == key:
            return fandom
    return None
