"""Story autocomplete: stories by id prefix, then by title, in title order."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import re
from array import array
from dataclasses import dataclass

import aiosqlite

from bot.storage.db import fetch_all
from bot.storage.queries.memo import derived_fresh, library_version, memo

_ID_SHAPE = re.compile(r"[\da-z-]+")  # what story_id makes: digits (any script), a-z, -


# A story a channel that is not age-restricted may show (stories.adult, by primary key).
# ``{t}`` is the table the row is read from (see _on).
_NOT_ADULT = "NOT EXISTS (SELECT 1 FROM stories a WHERE a.id = {t}.id AND a.adult)"

# Matches are listed by title. When fewer than this match an id prefix, they are fetched and
# sorted; more are read off the titles in order until enough match.
_FEW = 150


async def find_stories(
    conn: aiosqlite.Connection, text: str, limit: int = 25, *, allow_adult: bool = True
) -> list[tuple[str, str]]:
    """(id, title) of active stories whose id or title matches what was typed: autocomplete.

    Stories whose id starts with what was typed come first (the exact id first of all), then
    those whose title contains it, each by title. The titles are read from ``story_titles``:
    a trigram index numbered in title order, so the first matches in title order are the
    first the index finds, whatever the library's size. Without ``allow_adult`` (a channel
    that is not age-restricted) Mature and Explicit stories are left out. While a load is changing the library
    (the index is rebuilt at its end), titles are read from the stories themselves instead.
    """
    typed = text.strip()
    # The WHEREs below are read from ``stories`` or from ``story_titles``: the adult check
    # looks the story up by its primary key, whichever table the row comes from.
    general = "" if allow_adult else f" AND {_NOT_ADULT}"
    if not typed:
        rows = await fetch_all(
            conn,
            _on(
                f"SELECT id, title FROM stories WHERE status = 'active'{general} ORDER BY id LIMIT ?"
            ),
            (limit,),
        )
        return [(r[0], r[1]) for r in rows]
    fresh = derived_fresh(await library_version(conn))
    id_like = _escape_like(typed) + "%"
    title_like = "%" + _escape_like(typed) + "%"
    out: list[tuple[str, str]] = []
    # 1. The story with exactly this id, then ids starting with it (found through the primary
    #    key: ids are digits, lower-case letters and hyphens, so a GLOB range covers them).
    prefix = typed.lower()
    if _ID_SHAPE.fullmatch(prefix):
        glob = re.sub(r"([*?\[])", r"[\1]", prefix) + "*"
        where = "id GLOB ? AND id LIKE ? ESCAPE '\\'" + general
        rows = await fetch_all(
            conn,
            _on(f"SELECT id, title FROM stories WHERE id = ? AND +status = 'active' AND {where}"),
            (typed, glob, id_like),
        )
        out = [(r[0], r[1]) for r in rows]
        rows = await fetch_all(
            conn,
            _on(f"SELECT rowid FROM stories WHERE {where} AND id IS NOT ? LIMIT ?"),
            (glob, id_like, typed, _FEW),
        )
        found = [int(r[0]) for r in rows]
        more_where, more_args = f"{where} AND id IS NOT ?", (glob, id_like, typed)
        if len(found) < _FEW:
            out += await _sorted(conn, found, more_where, more_args, limit - len(out))
        else:
            out += await _in_title_order(conn, fresh, more_where, more_args, limit - len(out))
    if len(out) >= limit:
        return out[:limit]
    # 2. Titles containing it (but not ids starting with it: those are listed already).
    if fresh and len(typed) < 3:
        # Too short for the trigram index: searched in memory (see _TitleText).
        titles = await memo(conn, "title_text", lambda: _title_text(conn))
        out += await _titles_containing(conn, titles, typed, id_like, limit - len(out), general)
        return out[:limit]
    where = "title LIKE ? ESCAPE '\\' AND NOT (id LIKE ? ESCAPE '\\')" + general
    args: tuple[object, ...] = (title_like, id_like)
    if fresh and len(typed) >= 3 and not re.search(r"[%_\\]", typed):
        # The plain LIKE is the one the trigram index answers; the one with ESCAPE decides.
        where = "title LIKE ? AND " + where
        args = (title_like, *args)
    out += await _in_title_order(conn, fresh, where, args, limit - len(out))
    return out[:limit]


@dataclass(frozen=True, slots=True)
class _TitleText:
    """Every title, lower-cased UTF-8, in title order, in one byte string.

    One or two typed letters are too few for the trigram index, and a LIKE over every title
    reads them all when few match (a typo). A substring search in one byte string runs at C
    speed (see BENCHMARKS.md) and costs about as many bytes as the titles themselves. UTF-8
    is self-synchronising, so a match always starts at a character.
    """

    text: bytes
    starts: array[int]  # where each title starts; title k is story_titles' rowid k + 1

    def rowids(self, typed: str, limit: int) -> list[int]:
        needle = typed.lower().encode()
        found: list[int] = []
        if b"\n" in needle:  # the separator between titles: no title contains it
            return found
        pos = 0
        while len(found) < limit:
            at = self.text.find(needle, pos)
            if at < 0:
                break
            k = bisect.bisect_right(self.starts, at) - 1
            found.append(k + 1)
            pos = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        return found


async def _title_text(conn: aiosqlite.Connection) -> _TitleText:
    rows = await fetch_all(conn, "SELECT title FROM story_titles ORDER BY rowid")
    # Built off the event loop: joining every title is long for the loop to wait on.
    return await asyncio.to_thread(_join_titles, [r[0] for r in rows])


def _join_titles(titles: list[str]) -> _TitleText:
    parts = [t.lower().replace("\n", " ").encode() + b"\n" for t in titles]
    starts = array("q", itertools.accumulate((len(p) for p in parts[:-1]), initial=0))
    return _TitleText(b"".join(parts), starts if parts else array("q"))


async def _titles_containing(
    conn: aiosqlite.Connection,
    titles: _TitleText,
    typed: str,
    id_like: str,
    limit: int,
    general: str,
) -> list[tuple[str, str]]:
    """The first ``limit`` titles containing ``typed``, in title order, leaving out stories
    whose id starts with it (listed already)."""
    wanted = 2 * limit
    while limit > 0:
        rowids = titles.rowids(typed, wanted)
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = await fetch_all(
            conn,
            _on(
                f"""SELECT id, title FROM story_titles WHERE rowid IN ({marks})
                AND NOT (id LIKE ? ESCAPE '\\'){general} ORDER BY rowid LIMIT ?""",
                "story_titles",
            ),
            (*rowids, id_like, limit),
        )
        if len(rows) == limit or len(rowids) < wanted:  # enough, or every match seen
            return [(r[0], r[1]) for r in rows]
        wanted *= 4  # most candidates were stories listed already by id: look further
    return []


async def _sorted(
    conn: aiosqlite.Connection,
    rowids: list[int],
    where: str,
    args: tuple[object, ...],
    limit: int,
) -> list[tuple[str, str]]:
    """The active stories among ``rowids`` matching ``where``, by title."""
    if not rowids or limit <= 0:
        return []
    marks = ",".join("?" * len(rowids))
    # +status: look the rows up by rowid; the status index would read every title instead.
    rows = await fetch_all(
        conn,
        _on(
            f"""SELECT id, title FROM stories
            WHERE rowid IN ({marks}) AND +status = 'active' AND {where}
            ORDER BY title COLLATE NOCASE, id LIMIT ?"""
        ),
        (*rowids, *args, limit),
    )
    return [(r[0], r[1]) for r in rows]


async def _in_title_order(
    conn: aiosqlite.Connection,
    fresh: bool,
    where: str,
    args: tuple[object, ...],
    limit: int,
) -> list[tuple[str, str]]:
    """Active stories matching ``where``, the first ``limit`` by title: read off
    ``story_titles`` in order when it is up to date, else off the stories' title index
    (which holds status, title and id: no row is read)."""
    if limit <= 0:
        return []
    sql = (
        _on(
            f"SELECT id, title FROM story_titles WHERE {where} ORDER BY rowid LIMIT ?",
            "story_titles",
        )
        if fresh
        else _on(
            f"""SELECT id, title FROM stories INDEXED BY stories_title_order
                 WHERE status = 'active' AND {where} ORDER BY title COLLATE NOCASE, id LIMIT ?"""
        )
    )
    return [(r[0], r[1]) for r in await fetch_all(conn, sql, (*args, limit))]


def _on(sql: str, table: str = "stories") -> str:
    """``sql`` with the adult check (if any) reading the story of the row from ``table``."""
    return sql.replace("{t}", table)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
