"""The loader's SQL: the roster mirror, withdrawals, and the tables derived from the stories."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.db import fetch_all, fetch_one
from bot.storage.loader import load_collection
from bot.storage.loader.writes import refresh_derived, sync_roster, withdraw
from bot.storage.migrations import STORY_TITLES_TABLE


async def _titles(conn: aiosqlite.Connection) -> list[tuple[int, str, str]]:
    rows = await fetch_all(conn, "SELECT rowid, title, id FROM story_titles ORDER BY rowid")
    return [(r[0], r[1], r[2]) for r in rows]


async def _titles_ddl(conn: aiosqlite.Connection) -> str:
    row = await fetch_one(conn, "SELECT sql FROM sqlite_master WHERE name = 'story_titles'")
    assert row is not None
    return str(row[0])


async def test_the_title_index_is_the_one_the_migration_made(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    assert await _titles_ddl(conn) == STORY_TITLES_TABLE
    await load_collection(conn, seeds_dir, roster)  # rebuilds it
    assert await _titles_ddl(conn) == STORY_TITLES_TABLE
    titles = await _titles(conn)
    assert [rowid for rowid, _, _ in titles] == [1, 2]
    assert [t for _, t, _ in titles] == sorted((t for _, t, _ in titles), key=str.casefold)


async def test_derived_tables_are_refreshed_only_when_the_library_changed(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    assert not await refresh_derived(conn)
    assert await refresh_derived(conn, force=True)
    # Withdrawing a story is a change: its title and counts go at the next refresh.
    await withdraw(conn, ["000"])
    before = await _titles(conn)
    assert await refresh_derived(conn)
    after = await _titles(conn)
    assert sorted(sid for _, _, sid in before) == ["000", "004"]
    assert [(rowid, sid) for rowid, _, sid in after] == [(1, "004")]
    assert await queries.list_fandoms(conn) == ["Final Fantasy VII"]


async def test_withdrawal_keeps_the_row_and_drops_the_passages_from_search(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    story = await queries.get_story(conn, "000")
    assert story is not None
    passages = await fetch_all(conn, "SELECT text FROM passages WHERE story_id = '000'")
    word = next(w for w in passages[0][0].split() if w.isalpha() and len(w) > 6)
    assert any(h.story_id == "000" for h in await queries.search(conn, word))
    await withdraw(conn, ["000"])
    assert all(h.story_id != "000" for h in await queries.search(conn, word))
    # The index still matches its passages (FTS5 raises if not).
    await conn.execute("INSERT INTO passages_fts (passages_fts) VALUES ('integrity-check')")
    withdrawn = await queries.get_story(conn, "000", include_withdrawn=True)
    assert withdrawn is not None and withdrawn.status == "withdrawn"


async def test_an_unchanged_roster_costs_no_writes(
    conn: aiosqlite.Connection, roster: Roster
) -> None:
    await sync_roster(conn, roster)
    changes = conn.total_changes
    version = await queries.library_version(conn)
    await sync_roster(conn, roster)
    assert conn.total_changes == changes
    assert await queries.library_version(conn) == version
    tifa = await queries.resolve_character(conn, "tifa")
    assert tifa is not None and tifa.name == "Tifa Lockhart"
