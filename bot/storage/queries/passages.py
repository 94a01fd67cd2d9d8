"""Random passages: the excerpts /fic random and friends quote."""

from __future__ import annotations

import random

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import Excerpt
from bot.storage.queries.filters import StoryFilter, admits

# Draws from stories a filter leaves out are drawn again this many times before the draw
# turns to the stories the filter lets through.
REDRAWS = 30


async def random_passage(
    conn: aiosqlite.Connection,
    *,
    character_id: int | None = None,
    story_id: str | None = None,
    fandom: str | None = None,
    allow_adult: bool = True,
    rng: random.Random | None = None,
) -> Excerpt | None:
    """A random passage, optionally featuring a character, from a story or a fandom.

    Each passage carries a random key; we seek to a random point of the right index and take
    the next passage, wrapping around at the end. One index seek, whatever the library's size.
    """
    point = (rng or random).getrandbits(62)
    adults = (0, 1) if allow_adult else (0,)
    best: tuple[int, int] | None = None  # (rnd, passage id)
    for wrap in (False, True):
        for adult in adults:
            found = await _seek(
                conn, point if not wrap else 0, adult, character_id, story_id, fandom
            )
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        if best is not None:
            break
    if best is None:
        return None
    return await _excerpt(conn, best[1])


async def draw_passage(
    conn: aiosqlite.Connection,
    flt: StoryFilter,
    *,
    character_id: int | None = None,
    fandom: str | None = None,
    redraws: int = REDRAWS,
) -> Excerpt | None:
    """A random passage from a story the filter lets through (its age rule, options and
    exclusions), optionally featuring a character, from a fandom; None when there is none.

    Most draws pass the filter at once: the random-key seek is tried a few times. When few
    stories pass (a rare rating, the one work in progress), the draw picks one of them
    directly (a scan of the stories, but only then), so "nothing matches" is always true.
    """

    async def draw() -> Excerpt | None:
        return await random_passage(
            conn, character_id=character_id, fandom=fandom, allow_adult=flt.allow_adult
        )

    passage = await draw()
    if passage is None or not flt.narrows:
        return passage
    for _ in range(redraws):
        if await admits(conn, passage.story_id, flt):
            return passage
        passage = await draw()
        if passage is None:
            return None
    story_id = await _random_admitted_story(conn, flt, character_id, fandom)
    if story_id is None:
        return None
    return await random_passage(
        conn, story_id=story_id, character_id=character_id, allow_adult=flt.allow_adult
    )


async def _random_admitted_story(
    conn: aiosqlite.Connection, flt: StoryFilter, character_id: int | None, fandom: str | None
) -> str | None:
    clause, args = flt.where()
    if character_id is not None:
        clause += (
            " AND EXISTS (SELECT 1 FROM passage_characters pc JOIN passages p"
            " ON p.id = pc.passage_id WHERE pc.character_id = ? AND p.story_id = s.id)"
        )
        args.append(character_id)
    else:
        clause += " AND EXISTS (SELECT 1 FROM passages p WHERE p.story_id = s.id)"
    if fandom is not None:
        clause += " AND s.fandom = ?"
        args.append(fandom)
    row = await fetch_one(
        conn,
        f"SELECT s.id FROM stories s WHERE s.status = 'active'{clause} ORDER BY random() LIMIT 1",
        args,
    )
    return str(row[0]) if row else None


async def _seek(
    conn: aiosqlite.Connection,
    point: int,
    adult: int,
    character_id: int | None,
    story_id: str | None,
    fandom: str | None,
) -> tuple[int, int] | None:
    if story_id is not None and character_id is not None:
        sql = """SELECT p.rnd, p.id FROM passage_characters pc JOIN passages p ON p.id = pc.passage_id
                 WHERE pc.character_id = ? AND pc.adult = ? AND pc.rnd >= ? AND p.story_id = ?
                 ORDER BY pc.rnd LIMIT 1"""
        args: tuple[object, ...] = (character_id, adult, point, story_id)
    elif story_id is not None:
        sql = "SELECT rnd, id FROM passages WHERE story_id = ? AND adult = ? AND rnd >= ? ORDER BY rnd LIMIT 1"
        args = (story_id, adult, point)
    elif character_id is not None and fandom is not None:
        sql = """SELECT p.rnd, p.id FROM passage_characters pc JOIN passages p ON p.id = pc.passage_id
                 WHERE pc.character_id = ? AND pc.adult = ? AND pc.rnd >= ? AND p.fandom = ?
                 ORDER BY pc.rnd LIMIT 1"""
        args = (character_id, adult, point, fandom)
    elif character_id is not None:
        sql = """SELECT rnd, passage_id FROM passage_characters
                 WHERE character_id = ? AND adult = ? AND rnd >= ? ORDER BY rnd LIMIT 1"""
        args = (character_id, adult, point)
    elif fandom is not None:
        sql = "SELECT rnd, id FROM passages WHERE fandom = ? AND adult = ? AND rnd >= ? ORDER BY rnd LIMIT 1"
        args = (fandom, adult, point)
    else:
        sql = "SELECT rnd, id FROM passages WHERE adult = ? AND rnd >= ? ORDER BY rnd LIMIT 1"
        args = (adult, point)
    row = await fetch_one(conn, sql, args)
    return (int(row[0]), int(row[1])) if row else None


async def _excerpt(conn: aiosqlite.Connection, passage_id: int) -> Excerpt | None:
    row = await fetch_one(
        conn,
        "SELECT id, story_id, seq, text, first_para, last_para FROM passages WHERE id = ?",
        (passage_id,),
    )
    if row is None:
        return None
    rows = await fetch_all(
        conn,
        """SELECT c.name FROM passage_characters pc JOIN characters c ON c.id = pc.character_id
           WHERE pc.passage_id = ? ORDER BY c.name""",
        (passage_id,),
    )
    names = [r[0] for r in rows]
    return Excerpt(row[0], row[1], row[2], row[3], names, row[4], row[5])
