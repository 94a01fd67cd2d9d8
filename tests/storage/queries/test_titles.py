"""Story autocomplete: ids first, then titles containing what was typed, by title."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection

pytestmark = pytest.mark.usefixtures("library")

EVERY = [
    ("102", "Flowers in the Church"),
    ("101", "Last Orders"),
    ("103", "Last Rain in Midgar"),
    ("104", "Letters"),
]


async def _while_loading(conn: aiosqlite.Connection) -> None:
    """As between a load's first change and its end: the title index is not yet rebuilt."""
    await conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'stats_version'")


async def test_nothing_typed_lists_stories_by_id(conn: aiosqlite.Connection) -> None:
    assert await queries.find_stories(conn, "  ", limit=2) == [
        ("101", "Last Orders"),
        ("102", "Flowers in the Church"),
    ]


@pytest.mark.parametrize("loading", [False, True])
async def test_exact_id_first_then_ids_by_title(conn: aiosqlite.Connection, loading: bool) -> None:
    if loading:
        await _while_loading(conn)
    assert await queries.find_stories(conn, "10") == EVERY
    assert (await queries.find_stories(conn, "104"))[0] == ("104", "Letters")
    assert await queries.find_stories(conn, "10", limit=2) == EVERY[:2]


@pytest.mark.parametrize("loading", [False, True])
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("la", ["101", "103"]),  # too short for the trigram index
        ("LAST", ["101", "103"]),
        ("rain in", ["103"]),
        ("church", ["102"]),
        ("e", ["102", "101", "104"]),
        ("%", []),  # LIKE's wildcards are plain characters
        ("_", []),
        ("zzz", []),
    ],
)
async def test_titles_containing_what_was_typed(
    conn: aiosqlite.Connection, loading: bool, typed: str, found: list[str]
) -> None:
    if loading:
        await _while_loading(conn)
    assert [sid for sid, _ in await queries.find_stories(conn, typed)] == found


async def test_withdrawn_stories_are_not_offered(
    conn: aiosqlite.Connection, library: Path, roster: Roster
) -> None:
    (library / "103_rain.txt").unlink()
    await load_collection(conn, library, roster)
    assert await queries.find_stories(conn, "last") == [("101", "Last Orders")]
    assert await queries.find_stories(conn, "la") == [("101", "Last Orders")]
    assert "103" not in [sid for sid, _ in await queries.find_stories(conn, "103")]


@pytest.mark.parametrize("loading", [False, True])
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("", ["101", "103"]),
        ("10", ["101", "103"]),
        ("102", []),
        ("e", ["101"]),  # too short for the trigram index
        ("church", []),
        ("let", []),
        ("last", ["101", "103"]),
    ],
)
async def test_adult_stories_are_left_out_when_not_allowed(
    conn: aiosqlite.Connection, loading: bool, typed: str, found: list[str]
) -> None:
    """Issue 12, break 8: autocomplete outside age-restricted channels (102 is Explicit, 104
    Mature)."""
    if loading:
        await _while_loading(conn)
    got = await queries.find_stories(conn, typed, allow_adult=False)
    assert [sid for sid, _ in got] == found
