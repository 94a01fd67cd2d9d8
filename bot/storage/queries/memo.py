"""Answers kept in memory until the library changes (per connection)."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiosqlite

from bot.storage.db import fetch_all

_T = TypeVar("_T")
_MEMO: weakref.WeakKeyDictionary[
    aiosqlite.Connection, tuple[tuple[tuple[str, str], ...], dict[str, Any]]
] = weakref.WeakKeyDictionary()


async def library_version(conn: aiosqlite.Connection) -> tuple[tuple[str, str], ...]:
    """Changes whenever a load changes the library, the roster or the character counts (the
    loader writes it in the same transaction as the change)."""
    rows = await fetch_all(
        conn,
        "SELECT key, value FROM meta WHERE key IN ('library_version', 'stats_version', "
        "'roster_digest') ORDER BY key",
    )
    return tuple((r[0], r[1]) for r in rows)


def derived_fresh(version: tuple[tuple[str, str], ...]) -> bool:
    """Whether the loader's counts and title index are of the library as it is now (not so
    while a load is under way, between its first change and its end)."""
    values = dict(version)
    return values.get("library_version") == values.get("stats_version")


async def memo(conn: aiosqlite.Connection, name: str, compute: Callable[[], Awaitable[_T]]) -> _T:
    """``compute()``, remembered per connection until ``library_version`` changes."""
    version = await library_version(conn)
    entry = _MEMO.get(conn)
    if entry is None or entry[0] != version:
        entry = (version, {})
        _MEMO[conn] = entry
    if name not in entry[1]:
        entry[1][name] = await compute()
    value: _T = entry[1][name]
    return value
