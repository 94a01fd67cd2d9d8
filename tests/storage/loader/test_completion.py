"""Completion through the loader: stored on load, and a database from before it upgrades
(its stories re-parsed, because the parser version changed with it)."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.library.story import PARSER_VERSION, content_hash
from bot.storage import db, queries
from bot.storage.loader import load_collection
from bot.storage.migrations import MIGRATIONS
from bot.storage.queries.filters import StoryFilter

WIP = """Title: The Long Road
Author: sprout
Chapters: 1/?

Cloud walked the road to Kalm with the sun on his back and the sword heavier than ever.

Tifa was waiting at the gate, and she said nothing, and he said nothing, and it was enough.
"""
DONE = WIP.replace("The Long Road", "The Short Road").replace("Chapters: 1/?", "Status: Complete")
SAYS_NOTHING = WIP.replace("The Long Road", "The Open Road").replace("Chapters: 1/?\n", "")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, text in (
        ("700_wip.txt", WIP),
        ("701_done.txt", DONE),
        ("702_open.txt", SAYS_NOTHING),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


async def test_the_load_stores_it_and_the_filter_reads_it(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    await load_collection(conn, _folder(tmp_path), roster)
    stories = {s.id: s for s in await queries.list_stories(conn)}
    assert (stories["700"].completion, stories["700"].chapters_posted) == ("in-progress", 1)
    assert stories["700"].chapters_total is None
    assert (stories["701"].completion, stories["702"].completion) == ("complete", "unknown")

    async def admitted(complete: bool) -> list[str]:
        return [
            s
            for s in ("700", "701", "702")
            if await queries.admits(conn, s, StoryFilter(complete=complete))
        ]

    # Unknown is in neither list: asking for finished works never brings a work in progress.
    assert await admitted(True) == ["701"]
    assert await admitted(False) == ["700"]


async def test_a_database_from_before_upgrades_and_its_stories_reparse(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = next(i for i, script in enumerate(MIGRATIONS) if "ADD COLUMN completion" in script)
    folder = _folder(tmp_path)
    # The key the story had under the parser before: same roster, the previous version.
    fresh = await db.connect(tmp_path / "fresh.sqlite3")
    await load_collection(fresh, folder, roster)
    row = await db.fetch_one(fresh, "SELECT analysis_key FROM stories WHERE id = '700'")
    await fresh.close()
    assert row is not None and row[0].startswith(f"{PARSER_VERSION}:")
    older_key = f"{PARSER_VERSION - 1}:{row[0].split(':', 1)[1]}"
    path = tmp_path / "old.sqlite3"
    monkeypatch.setattr(db, "MIGRATIONS", MIGRATIONS[:before])
    old = await db.connect(path)
    await old.execute(
        "INSERT INTO stories (id, file, content_hash, analysis_key, status, title, author, "
        "fandom, rating, adult, derived, summary, tags, words, reading_minutes, loaded_at, "
        "updated_at) VALUES ('700', '700_wip.txt', ?, ?, 'active', "
        "'The Long Road', 'sprout', 'Final Fantasy VII', 'Not Rated', 0, '', '', '{}', 30, 1, "
        "'2020-01-01', '2020-01-01')",
        (content_hash(WIP.encode()), older_key),
    )
    await old.close()
    monkeypatch.undo()

    conn = await db.connect(path)
    try:
        row = await db.fetch_one(conn, "PRAGMA user_version")
        assert row is not None and row[0] == len(MIGRATIONS)
        story = await queries.get_story(conn, "700")
        assert story is not None and story.completion == "unknown"  # until the next load
        report = await load_collection(conn, folder, roster)
        assert report.updated == 1 and report.loaded == 2
        story = await queries.get_story(conn, "700")
        assert story is not None and story.completion == "in-progress"
    finally:
        await conn.close()
