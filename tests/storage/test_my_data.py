"""A reader's data in one server: every user-keyed table known, exported, forgotten."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.storage import db, exclusions, feedback, follows, imports, my_data, shelves
from bot.storage.db import fetch_all
from bot.storage.migrations import MIGRATIONS
from bot.storage.my_data import READER_TABLES
from bot.storage.queries.filters import ExclusionKind
from bot.storage.shelves import Position

# A column that names a Discord account or its display name.
USER_LIKE = re.compile(r"user|member|reader|owner", re.IGNORECASE)

ME, OTHER = 7, 8
HERE, ELSEWHERE = 1, 2


async def _user_columns(conn: aiosqlite.Connection) -> set[tuple[str, str]]:
    found = set()
    for (table,) in await fetch_all(
        conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ):
        for column in await fetch_all(conn, f"PRAGMA table_info({table})"):
            if USER_LIKE.search(column[1]):
                found.add((table, column[1]))
    return found


async def test_every_user_column_in_the_schema_is_exported_and_forgotten(
    conn: aiosqlite.Connection,
) -> None:
    columns = await _user_columns(conn)
    assert ("reviews", "user_id") in columns and ("stories", "author_user_id") in columns
    unhandled = columns - my_data.handled_columns()
    assert not unhandled, f"add these to bot/storage/my_data.READER_TABLES: {sorted(unhandled)}"
    # And the list names no table or column the schema does not have.
    assert my_data.handled_columns() <= columns


async def _seed(conn: aiosqlite.Connection, guild: int, user: int) -> None:
    """One row (at least) in every reader table, for this reader in this server."""
    await feedback.submit_review(
        conn,
        guild_id=guild,
        story_id="004",
        user_id=user,
        user_name=f"reader{user}",
        rating=4,
        body="A lovely, sad little story.",
        spoiler=False,
    )
    await feedback.add_kudos(conn, guild, "004", user)
    await shelves.save(conn, guild, user, "004", note=f"note of {user}")
    await shelves.write_positions(conn, {(guild, user): (Position("004", 1, 2), shelves.now())})
    await exclusions.add(conn, guild, user, ExclusionKind.TAG, "angst", "Angst")
    await follows.follow(conn, guild, user, "author", "Someone")
    await follows.set_reader_settings(conn, guild, user, review_dms=True)
    await imports.begin_import(
        conn,
        guild_id=guild,
        user_id=user,
        user_name=f"reader{user}",
        file=f"f{user}.txt",
        digest="d",
    )
    await imports.hold_story(
        conn, f"S{guild}{user}", guild_id=guild, user_id=user, user_name=f"reader{user}"
    )


async def _snapshot(conn: aiosqlite.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        t.table: [tuple(r) for r in await fetch_all(conn, f"SELECT * FROM {t.table} ORDER BY 1, 2")]
        for t in READER_TABLES
    }


async def _seeded(conn: aiosqlite.Connection) -> None:
    for guild in (HERE, ELSEWHERE):
        for user in (ME, OTHER):
            await _seed(conn, guild, user)


async def test_export_holds_every_table_of_this_reader_in_this_server_only(
    conn: aiosqlite.Connection,
) -> None:
    await _seeded(conn)
    data = await my_data.export(conn, HERE, ME)
    assert (data["guild_id"], data["user_id"]) == (HERE, ME)
    for t in READER_TABLES:
        rows = data["tables"][t.table]
        assert rows, t.table
        assert {(r["guild_id"], r["user_id"]) for r in rows} == {(HERE, ME)}, t.table
    assert data["tables"]["shelf"][0]["note"] == f"note of {ME}"
    assert data["tables"]["reviews"][0]["body"] == "A lovely, sad little story."


async def _rows_of(conn: aiosqlite.Connection, guild: int, user: int) -> dict[str, int]:
    counts = {}
    for t in READER_TABLES:
        row = await fetch_all(
            conn,
            f"SELECT count(*) FROM {t.table} WHERE guild_id = ? AND user_id = ?",
            (guild, user),
        )
        counts[t.table] = int(row[0][0])
    return counts


async def _names_left(conn: aiosqlite.Connection, name: str) -> list[str]:
    left = []
    for t in READER_TABLES:
        if t.name_column:
            rows = await fetch_all(
                conn, f"SELECT 1 FROM {t.table} WHERE {t.name_column} = ?", (name,)
            )
            left += [t.table] * len(rows)
    return left


async def test_forget_leaves_no_row_of_the_reader_and_touches_no_one_else(
    conn: aiosqlite.Connection,
) -> None:
    await _seeded(conn)
    before = await _snapshot(conn)
    others = {(g, u): await _rows_of(conn, g, u) for g, u in ((HERE, OTHER), (ELSEWHERE, ME))}
    done = await my_data.forget(conn, HERE, ME, keep_reviews=False)
    assert await _rows_of(conn, HERE, ME) == {t.table: 0 for t in READER_TABLES}
    for (g, u), counts in others.items():
        assert await _rows_of(conn, g, u) == counts
    assert done.deleted["reviews"] == 1 and done.deleted["shelf"] == 1
    # The server's record stays, without whom: the import and the withdrawal still hold.
    assert done.anonymised["imports"] == 1 and done.anonymised["story_holds"] == 1
    assert "S17" in (await imports.read_holds(conn)).story_ids
    after = await _snapshot(conn)
    for table in ("imports", "story_holds", "library_log"):
        assert len(after[table]) == len(before[table])
    # No name of the reader anywhere in this server; another server's rows keep theirs.
    for t in READER_TABLES:
        if t.name_column:
            here = await fetch_all(
                conn,
                f"SELECT count(*) FROM {t.table} WHERE guild_id = ? AND {t.name_column} = ?",
                (HERE, f"reader{ME}"),
            )
            assert here[0][0] == 0, t.table
    assert len(await _names_left(conn, f"reader{ME}")) >= 3  # the other server's rows


async def test_forget_can_keep_the_reviews_as_by_a_reader(conn: aiosqlite.Connection) -> None:
    await _seeded(conn)
    # A second forgotten reader of the same story: both reviews are kept, side by side.
    done = await my_data.forget(conn, HERE, ME, keep_reviews=True)
    again = await my_data.forget(conn, HERE, OTHER, keep_reviews=True)
    assert done.reviews_kept == 1 and again.reviews_kept == 1 and not done.posts
    kept = await feedback.list_reviews(conn, HERE, "004")
    assert [r.user_name for r in kept] == [my_data.ANONYMOUS_READER] * 2
    assert all(r.user_id < 0 for r in kept) and len({r.user_id for r in kept}) == 2
    assert all(r.needs_posting for r in kept), "their posts are edited to say 'a reader'"
    assert (await _rows_of(conn, HERE, ME))["reviews"] == 0


async def test_forget_returns_the_posts_of_deleted_reviews(conn: aiosqlite.Connection) -> None:
    await _seed(conn, HERE, ME)
    review = await feedback.get_review(conn, HERE, "004", ME)
    assert review is not None
    await feedback.mark_posted(conn, review, channel_id=50, message_id=60)
    done = await my_data.forget(conn, HERE, ME, keep_reviews=False)
    assert done.posts == [my_data.Post(50, 60)]


async def test_an_admin_forgetting_is_logged_without_the_member(
    conn: aiosqlite.Connection,
) -> None:
    await _seed(conn, HERE, ME)
    await my_data.forget(conn, HERE, ME, keep_reviews=False, by=my_data.Actor(99, "Cass"))
    entries = await imports.log_entries(conn, HERE)
    assert entries[0].action == "forget" and entries[0].user_name == "Cass"
    assert str(ME) not in entries[0].detail
    assert all(e.user_id != ME and e.user_name != f"reader{ME}" for e in entries)


async def test_the_log_keeps_its_rows_when_it_learns_to_record_forgetting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "MIGRATIONS", MIGRATIONS[:9])
    old = await db.connect(tmp_path / "old.sqlite3")
    try:
        await imports.begin_import(
            old, guild_id=HERE, user_id=ME, user_name="Ayla", file="a.txt", digest="d"
        )
    finally:
        await old.close()
    monkeypatch.setattr(db, "MIGRATIONS", MIGRATIONS)
    new = await db.connect(tmp_path / "old.sqlite3")
    try:
        await my_data.forget(new, HERE, OTHER, keep_reviews=False, by=my_data.Actor(9, "Cass"))
        entries = await imports.log_entries(new, HERE)
        assert [(e.action, e.user_name) for e in entries] == [
            ("forget", "Cass"),
            ("import", "Ayla"),
        ]
    finally:
        await new.close()
