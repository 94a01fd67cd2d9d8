"""Everything ficbot keeps about one reader in one server: listed, exported, forgotten.

``READER_TABLES`` is the one list of the tables that hold a reader's user id. Export and forget
both walk it, and a test enumerates every column of the schema that looks like a user's id or
name and fails when one is in neither this list nor ``NOT_READER_DATA``: a new table can't be
left out of "your data" silently.

A reader's own rows (reviews, kudos, shelf, positions, exclusions, follows, settings) are
deleted. What a librarian did for the server (imports, withdrawals, the library log) stays,
anonymised: deleting an import or a withdrawal would change the library for everyone (a held
story would be shown), and the log is the server's record of what happened, not of whom.
Reviews are the reader's choice: deleted (their posts too, by the caller) or kept as by
"a reader", with no name or id.

Everything is per server: another server's rows are never read or touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import aiosqlite

from bot.storage import imports
from bot.storage.db import fetch_all
from bot.storage.tx import transaction

# Who a kept review (or a librarian's anonymised record) is by, once its reader is forgotten.
ANONYMOUS_READER = "a reader"
ANONYMOUS_MEMBER = "a former member"
# The user id left on anonymised imports, withdrawals and log entries (never a real account's).
NOBODY = 0


class OnForget(StrEnum):
    DELETE = "delete"  # the reader's own data: gone
    ANONYMISE = "anonymise"  # the server's record of what was done: kept, without who


@dataclass(frozen=True, slots=True)
class ReaderTable:
    """A table holding readers' rows by ``guild_id`` and ``user_id``."""

    table: str
    on_forget: OnForget
    order: str  # how its rows are listed in an export
    name_column: str | None = None  # a stored display name, anonymised with the id


READER_TABLES: tuple[ReaderTable, ...] = (
    # Deleted, or kept anonymised: the reader chooses (see ``forget``).
    ReaderTable("reviews", OnForget.DELETE, "updated_at DESC, id", name_column="user_name"),
    ReaderTable("kudos", OnForget.DELETE, "created_at, story_id"),
    ReaderTable("shelf", OnForget.DELETE, "updated_at DESC, story_id"),
    ReaderTable("reading_positions", OnForget.DELETE, "updated_at DESC, story_id"),
    ReaderTable("exclusions", OnForget.DELETE, "created_at, kind, value"),
    ReaderTable("follows", OnForget.DELETE, "created_at, kind, value"),
    ReaderTable("reader_settings", OnForget.DELETE, "guild_id"),
    ReaderTable("imports", OnForget.ANONYMISE, "id", name_column="user_name"),
    ReaderTable("story_holds", OnForget.ANONYMISE, "created_at, story_id"),
    ReaderTable("library_log", OnForget.ANONYMISE, "id", name_column="user_name"),
)

# Columns holding a user's id that are not a reader's data in a server, and why.
NOT_READER_DATA: dict[tuple[str, str], str] = {
    ("stories", "author_user_id"): (
        "a story's author link is the library's, shared by every server and set from the "
        "story's files or by a librarian; it is shown in an export, and only a librarian "
        "changes it (`/ficadmin set-author`)"
    ),
}


def handled_columns() -> set[tuple[str, str]]:
    """Every (table, column) naming a user that export and forget know about."""
    handled = {(t.table, "user_id") for t in READER_TABLES}
    handled |= {(t.table, t.name_column) for t in READER_TABLES if t.name_column}
    return handled | set(NOT_READER_DATA)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _rows(
    conn: aiosqlite.Connection, sql: str, params: tuple[Any, ...]
) -> list[dict[str, Any]]:
    cursor = await conn.execute(sql, params)
    try:
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in await cursor.fetchall()]
    finally:
        await cursor.close()


async def export(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> dict[str, Any]:
    """All of a reader's rows in this server, table by table, as JSON-ready dicts; and the
    stories linked to their account (library data, see ``NOT_READER_DATA``)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for t in READER_TABLES:
        tables[t.table] = await _rows(
            conn,
            f"SELECT * FROM {t.table} WHERE guild_id = ? AND user_id = ? ORDER BY {t.order}",
            (guild_id, user_id),
        )
    authored = await _rows(
        conn,
        "SELECT id, title FROM stories WHERE author_user_id = ? ORDER BY title COLLATE NOCASE, id",
        (user_id,),
    )
    return {
        "guild_id": guild_id,
        "user_id": user_id,
        "exported_at": _now(),
        "tables": tables,
        "stories_linked_to_you": authored,
    }


@dataclass(frozen=True, slots=True)
class StoryLabel:
    title: str
    adult: bool


def story_ids(exported: dict[str, Any]) -> set[str]:
    """The stories an export mentions."""
    found = {r["id"] for r in exported["stories_linked_to_you"]}
    for rows in exported["tables"].values():
        found |= {r["story_id"] for r in rows if r.get("story_id")}
    return found


async def story_labels(conn: aiosqlite.Connection, ids: set[str]) -> dict[str, StoryLabel]:
    """Titles of the stories an export mentions (withdrawn ones too), for showing it."""
    ordered = sorted(ids)
    labels: dict[str, StoryLabel] = {}
    for start in range(0, len(ordered), 500):  # within SQLite's limit of bound parameters
        chunk = ordered[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in await fetch_all(
            conn, f"SELECT id, title, adult FROM stories WHERE id IN ({marks})", chunk
        ):
            labels[r[0]] = StoryLabel(r[1], bool(r[2]))
    return labels


@dataclass(frozen=True, slots=True)
class Post:
    """Where a deleted review had been posted (the caller takes it down on Discord)."""

    channel_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class Forgotten:
    deleted: dict[str, int] = field(default_factory=dict)  # rows per table
    anonymised: dict[str, int] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)  # of deleted reviews
    reviews_kept: int = 0  # kept as by "a reader" (their posts are re-posted so)

    @property
    def total(self) -> int:
        return sum(self.deleted.values()) + sum(self.anonymised.values())


@dataclass(frozen=True, slots=True)
class Actor:
    """An admin forgetting a member: recorded in the library log (without the member)."""

    user_id: int
    user_name: str


async def forget(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    *,
    keep_reviews: bool,
    by: Actor | None = None,
) -> Forgotten:
    """Delete (or anonymise) all of a reader's rows in this server, in one transaction."""
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    posts: list[Post] = []
    kept = 0
    who = (guild_id, user_id)
    async with transaction(conn):
        if keep_reviews:
            kept = await _anonymise_reviews(conn, guild_id, user_id)
        else:
            posts = [
                Post(int(r[0]), int(r[1]))
                for r in await fetch_all(
                    conn,
                    "SELECT posted_channel_id, posted_message_id FROM reviews WHERE guild_id = ? "
                    "AND user_id = ? AND posted_message_id IS NOT NULL ORDER BY id",
                    who,
                )
            ]
        for t in READER_TABLES:
            if t.on_forget is OnForget.DELETE:
                cur = await conn.execute(
                    f"DELETE FROM {t.table} WHERE guild_id = ? AND user_id = ?", who
                )
                deleted[t.table] = cur.rowcount
            else:
                name = f", {t.name_column} = ?" if t.name_column else ""
                params = (NOBODY, ANONYMOUS_MEMBER) if t.name_column else (NOBODY,)
                cur = await conn.execute(
                    f"UPDATE {t.table} SET user_id = ?{name} WHERE guild_id = ? AND user_id = ?",
                    (*params, *who),
                )
                anonymised[t.table] = cur.rowcount
        if kept:
            anonymised["reviews"] = kept
        if by is not None:
            await imports.log_forget(
                conn, guild_id=guild_id, user_id=by.user_id, user_name=by.user_name
            )
    return Forgotten(
        {k: v for k, v in deleted.items() if v},
        {k: v for k, v in anonymised.items() if v},
        posts,
        kept,
    )


async def _anonymise_reviews(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> int:
    """Keep a reader's reviews as by "a reader". Each gets its own negative user id (a review
    is unique per reader and story, and two forgotten readers may have reviewed one story;
    no Discord account has a negative id). ``posted_version`` is cleared so that the posting
    worker edits each post to say "a reader" too."""
    cur = await conn.execute(
        """UPDATE reviews SET user_id = -id, user_name = ?, posted_version = NULL
           WHERE guild_id = ? AND user_id = ?""",
        (ANONYMOUS_READER, guild_id, user_id),
    )
    return cur.rowcount
