"""Browsing the library the way fan fiction is browsed: by pairing, by fandom, by tag; every
list through the reader's ``StoryFilter``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import StoredStory
from bot.storage.queries.filters import StoryFilter
from bot.storage.queries.memo import memo
from bot.storage.queries.stories import STORY_COLUMNS_AS_S, attach_cast, stored_story

COUNT_CAP = 1000  # a page count needs no more; "1000+" beyond


@dataclass(frozen=True, slots=True)
class Scope:
    """Which stories a browse lists: SQL over the ``stories`` row ``s``, and its arguments."""

    sql: str
    args: tuple[object, ...]


def by_pairing(a: str, b: str) -> Scope:
    return Scope(
        "EXISTS (SELECT 1 FROM pairings bp WHERE bp.story_id = s.id AND "
        "((bp.a = ? AND bp.b = ?) OR (bp.a = ? AND bp.b = ?)))",
        (a, b, b, a),
    )


def by_fandom(fandom: str) -> Scope:
    return Scope("s.fandom = ?", (fandom,))


def by_tag(tag_id: int) -> Scope:
    return Scope(
        "EXISTS (SELECT 1 FROM story_tags bt WHERE bt.story_id = s.id AND bt.tag_id = ?)",
        (tag_id,),
    )


EVERYTHING = Scope("1", ())


async def count_stories(conn: aiosqlite.Connection, scope: Scope, flt: StoryFilter) -> int:
    clause, args = flt.where()
    row = await fetch_one(
        conn,
        f"""SELECT count(*) FROM (SELECT 1 FROM stories s
            WHERE s.status = 'active' AND {scope.sql}{clause} LIMIT ?)""",
        [*scope.args, *args, COUNT_CAP],
    )
    return int(row[0]) if row else 0


async def list_stories(
    conn: aiosqlite.Connection, scope: Scope, flt: StoryFilter, *, limit: int, offset: int = 0
) -> list[StoredStory]:
    """The stories in scope the filter lets through, in title order, with their cast."""
    clause, args = flt.where()
    rows = await fetch_all(
        conn,
        f"""SELECT {STORY_COLUMNS_AS_S} FROM stories s
            WHERE s.status = 'active' AND {scope.sql}{clause}
            ORDER BY s.title COLLATE NOCASE, s.id LIMIT ? OFFSET ?""",
        [*scope.args, *args, limit, offset],
    )
    stories = [stored_story(r) for r in rows]
    await attach_cast(conn, stories)
    return stories


# --- tags -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    kind: str
    name: str


async def find_tags(
    conn: aiosqlite.Connection, typed: str, *, kind: str = "tag", limit: int = 25
) -> list[Tag]:
    """Tags starting with what was typed, then containing it (by their folded name)."""
    folded = " ".join(typed.split()).lower()
    rows = await fetch_all(
        conn,
        "SELECT id, kind, name FROM tags WHERE kind = ? AND folded >= ? AND folded < ? "
        "ORDER BY folded LIMIT ?",
        (kind, folded, folded + "\U0010ffff", limit),
    )
    found = [Tag(r[0], r[1], r[2]) for r in rows]
    if len(found) < limit and folded:
        seen = {t.id for t in found}
        more = await fetch_all(
            conn,
            "SELECT id, kind, name FROM tags WHERE kind = ? AND instr(folded, ?) > 0 "
            "ORDER BY folded LIMIT ?",
            (kind, folded, limit),
        )
        found += [Tag(r[0], r[1], r[2]) for r in more if r[0] not in seen]
    return found[:limit]


async def resolve_tag(conn: aiosqlite.Connection, typed: str, *, kind: str = "tag") -> Tag | None:
    folded = " ".join(typed.split()).lower()
    row = await fetch_one(
        conn, "SELECT id, kind, name FROM tags WHERE kind = ? AND folded = ?", (kind, folded)
    )
    return Tag(row[0], row[1], row[2]) if row else None


async def tag_by_id(conn: aiosqlite.Connection, tag_id: int) -> Tag | None:
    row = await fetch_one(conn, "SELECT id, kind, name FROM tags WHERE id = ?", (tag_id,))
    return Tag(row[0], row[1], row[2]) if row else None


# --- pairings -------------------------------------------------------------------------------


async def list_pairings(conn: aiosqlite.Connection) -> list[tuple[str, str, int]]:
    """Every pairing of the active stories (each pair once, in its commonest order) with its
    story count, most stories first; kept in memory until the library changes."""

    async def compute() -> list[tuple[str, str, int]]:
        rows = await fetch_all(
            conn,
            """SELECT min(p.a, p.b), max(p.a, p.b), count(DISTINCT p.story_id) AS n
               FROM pairings p JOIN stories s ON s.id = p.story_id
               WHERE s.status = 'active' GROUP BY 1, 2 ORDER BY n DESC, 1, 2""",
        )
        return [(r[0], r[1], int(r[2])) for r in rows]

    return list(await memo(conn, "pairings", compute))


_PAIR_SPLIT = re.compile(r"\s*(?:/|\bx\b|×|&|\+)\s*", re.IGNORECASE)


def split_pairing(text: str) -> tuple[str, str, bool] | None:
    """ "Sephiroth/Aeris", "seph x aeris", "Cloud & Tifa" -> the two names, and whether it is
    a friendship (``&``, as AO3 writes them); None unless it names exactly two."""
    parts = [p.strip() for p in _PAIR_SPLIT.split(text) if p.strip()]
    if len(parts) != 2:
        return None
    return parts[0], parts[1], "&" in text
