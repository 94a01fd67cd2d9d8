"""The library's fandoms: most stories first, found by name or a unique part of it."""

from __future__ import annotations

import aiosqlite
import pytest

from bot.storage import queries

pytestmark = pytest.mark.usefixtures("library")


@pytest.mark.parametrize("loading", [False, True])
async def test_most_stories_first(conn: aiosqlite.Connection, loading: bool) -> None:
    if loading:  # counted on the spot rather than read from the loader's counts
        await conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'stats_version'")
    assert await queries.list_fandoms(conn) == ["Final Fantasy VII", "Original Work"]


@pytest.mark.parametrize(
    ("typed", "fandom"),
    [
        ("final fantasy vii", "Final Fantasy VII"),
        ("  FINAL   fantasy VII ", "Final Fantasy VII"),
        ("original", "Original Work"),
        ("a", None),  # in both: ambiguous
        ("", None),
        ("Star Wars", None),
    ],
)
async def test_resolve_fandom(conn: aiosqlite.Connection, typed: str, fandom: str | None) -> None:
    assert await queries.resolve_fandom(conn, typed) == fandom


async def test_fandom_by_key(conn: aiosqlite.Connection) -> None:
    def key(name: str) -> str:
        return name[:3].lower()

    assert await queries.fandom_by_key(conn, "ori", key) == "Original Work"
    assert await queries.fandom_by_key(conn, "zzz", key) is None
