"""The SQL a load writes: the roster, batches of stories, withdrawals, the derived tables.

Each batch is one transaction, so a crash leaves every story whole or absent. Rows go in
through ``executemany`` calls whose row generators run on the connection's own thread: the
event loop only hands them over, and each row lives only until SQLite has it.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import aiosqlite

from bot.library.roster import Roster
from bot.storage.loader.parse_worker import Prepared
from bot.storage.migrations import STORY_TITLES_FILL, STORY_TITLES_TABLE
from bot.storage.tx import transaction


@dataclass(slots=True)
class ToWrite:
    """One parsed story on its way into the database."""

    story_id: str
    file: str  # relative to the story folder
    replaces: bool  # the story has a row already: its old content goes first
    prepared: Prepared
    # Held back by a librarian (not published yet, or withdrawn): written withdrawn, with its
    # cast for the librarian's preview but nothing a reader could come across (no passages).
    held: bool = False


async def sync_roster(conn: aiosqlite.Connection, roster: Roster) -> None:
    """Mirror the roster's characters and aliases into the database (cheap when unchanged)."""
    async with conn.execute("SELECT value FROM meta WHERE key = 'roster_digest'") as cur:
        row = await cur.fetchone()
    if row is not None and row[0] == roster.digest:
        return
    async with transaction(conn):
        await conn.executemany(
            "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, 1) "
            "ON CONFLICT (name, fandom) DO UPDATE SET confirmed = 1",
            [(char.name, char.fandom) for char in roster.characters],
        )
        await conn.execute("DELETE FROM character_aliases")
        await conn.executemany(
            "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
            "SELECT ?, ?, id FROM characters WHERE name = ? AND fandom = ?",
            [(a.casefold(), a, c.name, c.fandom) for c in roster.characters for a in c.aliases],
        )
        await conn.execute(
            "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
            "SELECT lower(name), name, id FROM characters WHERE confirmed = 0"
        )
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('roster_digest', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (roster.digest,),
        )
        await mark_changed(conn)


async def mark_changed(conn: aiosqlite.Connection) -> None:
    """Mark the library changed (inside the transaction that changes it): what queries cache
    in memory, and the character counts, are recomputed for the new version."""
    await conn.execute(
        "INSERT INTO meta (key, value) VALUES ('library_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (uuid.uuid4().hex,),
    )


async def refresh_derived(conn: aiosqlite.Connection, *, force: bool = False) -> bool:
    """Recount the stories featuring each character and of each fandom, and renumber the
    titles in title order, if the library changed since the last time (or a load was cut
    short after changing it). Returns whether it did."""
    async with conn.execute(
        "SELECT key, value FROM meta WHERE key IN ('library_version', 'stats_version')"
    ) as cur:
        meta = {r[0]: r[1] for r in await cur.fetchall()}
    if not force and meta.get("library_version") == meta.get("stats_version"):
        return False
    async with transaction(conn):
        await conn.execute("DELETE FROM character_stats")
        await conn.execute(
            "INSERT INTO character_stats (character_id, stories, general) "
            "SELECT sc.character_id, count(*), sum(s.adult = 0) "
            "FROM story_characters sc JOIN stories s ON s.id = sc.story_id "
            "WHERE s.status = 'active' GROUP BY sc.character_id"
        )
        await conn.execute("DELETE FROM fandom_stats")
        await conn.execute(
            "INSERT INTO fandom_stats (fandom, stories) "
            "SELECT fandom, count(*) FROM stories WHERE status = 'active' GROUP BY fandom"
        )
        # A new table rather than 100,000 deletions from the old one.
        await conn.execute("DROP TABLE story_titles")
        await conn.execute(STORY_TITLES_TABLE)
        await conn.execute(STORY_TITLES_FILL)
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('stats_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (meta.get("library_version", ""),),
        )
    return True


async def withdraw(conn: aiosqlite.Connection, ids: list[str]) -> None:
    """Withdrawn stories stop being served; their row (and everything readers attached) stays."""
    async with transaction(conn):
        args = [(sid,) for sid in ids]
        await conn.executemany("UPDATE stories SET status = 'withdrawn' WHERE id = ?", args)
        await _unindex_passages(conn, args)
        await conn.executemany("DELETE FROM passages WHERE story_id = ?", args)
        await mark_changed(conn)


@dataclass(slots=True)
class _Rows:
    """Everything a batch inserts, gathered by ``_write_story`` and written in a few calls."""

    stories: list[tuple[object, ...]] = field(default_factory=list)
    characters: list[tuple[object, ...]] = field(default_factory=list)
    pairings: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    # (story id, its first passage id, random keys of its passages, character ids by name)
    stories_written: list[tuple[str, Prepared, int, list[int], dict[str, int]]] = field(
        default_factory=list
    )


async def write_batch(
    conn: aiosqlite.Connection,
    batch: list[ToWrite],
    key: str,
    known: dict[tuple[str, str], int],
) -> None:
    """Write a batch of stories in one transaction. ``key``: their analysis key; ``known``:
    the character ids known so far by (name, fandom), extended with those the batch adds."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    async with transaction(conn):
        char_ids = await _character_ids(conn, batch, known)
        existing = [(w.story_id,) for w in batch if w.replaces]
        if existing:
            await _clear_content(conn, existing)
        async with conn.execute("SELECT coalesce(max(id), 0) FROM passages") as cur:
            row = await cur.fetchone()
        next_passage = (int(row[0]) if row else 0) + 1
        rows = _Rows()
        for written in batch:
            _write_story(written, key, now, char_ids, rows, next_passage)
            next_passage += len(written.prepared.passage_texts)
        await _flush(conn, rows)
        await mark_changed(conn)
    # Committed: the characters it added are known from now on.
    known.update(char_ids)


async def _character_ids(
    conn: aiosqlite.Connection, batch: list[ToWrite], known: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Ids of every character the batch names, adding the ones the database lacks."""
    ids: dict[tuple[str, str], int] = {}
    for written in batch:
        for name, fandom, confirmed, *_ in written.prepared.characters:
            key = (name, fandom)
            if key in ids:
                continue
            cid = known.get(key)
            if cid is None:
                async with conn.execute(
                    "SELECT id FROM characters WHERE name = ? AND fandom = ?", key
                ) as cur:
                    row = await cur.fetchone()
                if row is None:
                    cur2 = await conn.execute(
                        "INSERT INTO characters (name, fandom, confirmed) VALUES (?, ?, ?)",
                        (name, fandom, confirmed),
                    )
                    cid = int(cur2.lastrowid or 0)
                    await conn.execute(
                        "INSERT OR IGNORE INTO character_aliases (folded, alias, character_id) "
                        "VALUES (?, ?, ?)",
                        (name.casefold(), name, cid),
                    )
                else:
                    cid = int(row[0])
            ids[key] = cid
    return ids


async def _clear_content(conn: aiosqlite.Connection, ids: list[tuple[str]]) -> None:
    await _unindex_passages(conn, ids)
    for table in ("passages", "paragraphs", "chapters", "story_characters", "pairings"):
        await conn.executemany(f"DELETE FROM {table} WHERE story_id = ?", ids)


async def _unindex_passages(conn: aiosqlite.Connection, ids: list[tuple[str]]) -> None:
    """Take the stories' passages out of the full-text index (before deleting them): the
    index keeps no text of its own, so removing an entry needs the text it was built from."""
    await conn.executemany(
        "INSERT INTO passages_fts (passages_fts, rowid, text) "
        "SELECT 'delete', id, text FROM passages WHERE story_id = ?",
        ids,
    )


def _write_story(
    written: ToWrite,
    key: str,
    now: str,
    char_ids: dict[tuple[str, str], int],
    rows: _Rows,
    first_passage_id: int,
) -> None:
    """Gather one story's rows into the batch's (``_flush`` writes them all at once)."""
    p = written.prepared
    sid = written.story_id
    rows.stories.append(
        (
            sid,
            written.file,
            p.digest,
            key,
            "withdrawn" if written.held else "active",
            p.title,
            p.author,
            p.fandom,
            p.rating,
            p.adult,
            p.derived,
            p.summary,
            p.tags,
            p.words,
            p.reading_minutes,
            p.completion,
            p.chapters_posted,
            p.chapters_total,
            now,
            now,
            p.author_user_id,
        )
    )
    rows.characters.extend(
        (sid, char_ids[(name, fandom)], role, rank, mentions, score, called)
        for name, fandom, _confirmed, role, rank, mentions, score, called in p.characters
    )
    kinds = [*(["romantic"] * len(p.pairings)), *(["friendship"] * len(p.friendships))]
    rows.pairings.extend(
        (sid, i, a, b, kind)
        for i, ((a, b), kind) in enumerate(zip([*p.pairings, *p.friendships], kinds, strict=True))
    )
    if written.held:
        return
    keys = [random.getrandbits(62) for _ in p.passage_texts]
    by_name = {c[0]: char_ids[(c[0], c[1])] for c in p.characters}
    rows.stories_written.append((sid, p, first_passage_id, keys, by_name))


async def _flush(conn: aiosqlite.Connection, rows: _Rows) -> None:
    await conn.executemany(
        """
        INSERT INTO stories (id, file, content_hash, analysis_key, status, title, author, fandom,
                             rating, adult, derived, summary, tags, words, reading_minutes,
                             completion, chapters_posted, chapters_total, loaded_at, updated_at,
                             author_user_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            file = excluded.file, content_hash = excluded.content_hash,
            analysis_key = excluded.analysis_key, status = excluded.status, title = excluded.title,
            author = excluded.author, fandom = excluded.fandom, rating = excluded.rating,
            adult = excluded.adult, derived = excluded.derived, summary = excluded.summary,
            tags = excluded.tags, words = excluded.words,
            reading_minutes = excluded.reading_minutes, completion = excluded.completion,
            chapters_posted = excluded.chapters_posted, chapters_total = excluded.chapters_total,
            updated_at = excluded.updated_at, author_user_id = excluded.author_user_id
        """,
        rows.stories,
    )
    await conn.executemany(
        "INSERT INTO paragraphs (story_id, idx, section, kind, scene_start, text) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        _paragraph_rows(rows),
    )
    await conn.executemany(
        "INSERT INTO chapters (story_id, number, title, summary, notes, end_notes, first_para, "
        "last_para, text_first, text_last, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _chapter_rows(rows),
    )
    await conn.executemany(
        "INSERT INTO story_characters (story_id, character_id, role, role_rank, mentions, "
        "score, called) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows.characters,
    )
    await conn.executemany(
        "INSERT INTO pairings (story_id, pos, a, b, kind) VALUES (?, ?, ?, ?, ?)", rows.pairings
    )
    await conn.executemany(
        "INSERT INTO passages (id, story_id, seq, first_para, last_para, text, rnd, adult, "
        "fandom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _passage_rows(rows),
    )
    # The full-text index, in one statement: written from a trigger, row by row, FTS5 would
    # flush its pending terms for every row (see migration 3).
    await conn.executemany(
        "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
        (
            (first + seq, text)
            for _sid, p, first, _keys, _by_name in rows.stories_written
            for seq, text in enumerate(p.passage_texts)
        ),
    )
    await conn.executemany(
        "INSERT INTO passage_characters (character_id, adult, rnd, passage_id) VALUES (?, ?, ?, ?)",
        _passage_characters(rows),
    )


def _paragraph_rows(rows: _Rows) -> Iterator[tuple[str, int, str, str, int, str]]:
    for sid, p, _first, _keys, _by_name in rows.stories_written:
        yield from zip(
            itertools.repeat(sid),
            itertools.count(),
            p.sections,
            p.kinds,
            p.scene_starts,
            p.texts,
        )


def _chapter_rows(rows: _Rows) -> Iterator[tuple[object, ...]]:
    for sid, p, _first, _keys, _by_name in rows.stories_written:
        for number, chapter in enumerate(p.chapters, start=1):
            yield (sid, number, *chapter)


def _passage_rows(rows: _Rows) -> Iterator[tuple[int, str, int, int, int, str, int, int, str]]:
    for sid, p, first, keys, _by_name in rows.stories_written:
        for seq, (p_first, p_last, text, rnd) in enumerate(
            zip(p.passage_first, p.passage_last, p.passage_texts, keys, strict=True)
        ):
            yield (first + seq, sid, seq, p_first, p_last, text, rnd, p.adult, p.fandom)


def _passage_characters(rows: _Rows) -> Iterator[tuple[int, int, int, int]]:
    for _sid, p, first, keys, by_name in rows.stories_written:
        for seq, name in zip(p.featured_passage, p.featured_name, strict=True):
            if name in by_name:
                yield (by_name[name], p.adult, keys[seq], first + seq)
