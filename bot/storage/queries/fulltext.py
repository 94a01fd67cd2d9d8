"""Full-text search over the passages, ranked within bounds."""

from __future__ import annotations

import re

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, SearchHit
from bot.storage.queries.filters import StoryFilter

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn anything a reader types into a safe FTS5 query: every word quoted, all required.

    FTS5 syntax in the input (quotes, ``*``, ``NEAR(``, ``AND``, ``-``, ``:``) is treated as
    plain words, so no input can make the query fail. The last word also matches as a prefix.
    """
    words = _TOKEN.findall(text)[:16]
    if not words:
        return None
    parts = [f'"{w}"' for w in words]
    if len(words[-1]) >= 3:
        parts[-1] += "*"
    return " ".join(parts)


# Search is ranked by bm25 within bounds, so that it costs the same at any library size:
# - only the first SEARCH_RANK_WINDOW matching passages (in index order) are ranked: ranking
#   costs the same per match, and a common word ("rain") is in 300,000 passages;
# - bm25 weighs each word by how many passages contain it, and FTS5 counts them by reading
#   them all: a word in more than RANK_WORD_LIMIT passages is left out of the ranking (it
#   still has to match). bm25 gives such common words almost no weight anyway. A search made
#   only of common words lists its matches in index order.
SEARCH_RANK_WINDOW = 500
RANK_WORD_LIMIT = 20_000
_PHRASE = re.compile(r'"[^"]*"\*?')


async def _index_query(conn: aiosqlite.Connection, text: str) -> str | None:
    """``fts_query(text)``, except that the last word is taken as a prefix only when, as a
    whole word, it matches nothing: the reader is still typing it ("remem"). FTS5 expands a
    prefix by reading every passage containing any word it begins, which for a whole, common
    word ("rain*": rain, rainbow, raincoat...) is most of the library; stemming already finds
    its other forms (rains, rained)."""
    query = fts_query(text)
    if query is None or not query.endswith("*"):
        return query
    whole = query[:-1]
    found = await fetch_one(
        conn, "SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT 1", (whole,)
    )
    return whole if found is not None else query


async def search(
    conn: aiosqlite.Connection,
    text: str,
    *,
    allow_adult: bool = True,
    limit: int = 10,
    offset: int = 0,
    flt: StoryFilter | None = None,
) -> list[SearchHit]:
    query = await _index_query(conn, text)
    if query is None:
        return []
    adult_clause, filter_args = _filtered(allow_adult, flt)
    # 1. The window: the first matches, in index order, that this channel may show.
    rows = await fetch_all(
        conn,
        f"""SELECT m.rowid FROM (
                SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?) m
            CROSS JOIN passages p ON p.id = m.rowid
            WHERE 1 {adult_clause}""",
        (query, SEARCH_RANK_WINDOW, *filter_args),
    )
    window = [int(r[0]) for r in rows]
    if not window:
        return []
    # 2. Ranked by bm25 over the words it is cheap to weigh (see RANK_WORD_LIMIT).
    weighed = []
    for phrase in _PHRASE.findall(query):
        row = await fetch_one(
            conn,
            "SELECT count(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)",
            (phrase, RANK_WORD_LIMIT),
        )
        if row is not None and int(row[0]) < RANK_WORD_LIMIT:
            weighed.append(phrase)
    if weighed:
        # The window is the first matches: a range of rowids, which the index seeks to.
        allowed = set(window)
        rows = await fetch_all(
            conn,
            """SELECT rowid FROM passages_fts
               WHERE passages_fts MATCH ? AND rowid >= ? AND rowid <= ? ORDER BY rank""",
            (" ".join(weighed), min(window), max(window)),
        )
        window = [int(r[0]) for r in rows if int(r[0]) in allowed]
    page = window[offset : offset + limit]
    if not page:
        return []
    # 3. Their snippets, highlighted by the index.
    marks = ",".join("?" * len(page))
    rows = await fetch_all(
        conn,
        f"""SELECT p.story_id, s.title, snippet(passages_fts, 0, ?, ?, '…', 24), p.id
            FROM passages_fts CROSS JOIN passages p ON p.id = passages_fts.rowid
            CROSS JOIN stories s ON s.id = p.story_id
            WHERE passages_fts MATCH ? AND passages_fts.rowid IN ({marks})""",
        (HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, query, *page),
    )
    hits = {r[3]: SearchHit(r[0], r[1], r[2], r[3]) for r in rows}
    return [hits[pid] for pid in page if pid in hits]


async def count_search(
    conn: aiosqlite.Connection,
    text: str,
    *,
    allow_adult: bool = True,
    cap: int = 500,
    flt: StoryFilter | None = None,
) -> int:
    """How many passages match, counting no further than ``cap`` (a page count needs no more)."""
    query = await _index_query(conn, text)
    if query is None:
        return 0
    adult_clause, filter_args = _filtered(allow_adult, flt)
    row = await fetch_one(
        conn,
        f"""SELECT count(*) FROM (
                SELECT 1 FROM passages_fts CROSS JOIN passages p ON p.id = passages_fts.rowid
                WHERE passages_fts MATCH ? {adult_clause} LIMIT ?)""",
        (query, *filter_args, cap),
    )
    return int(row[0]) if row else 0


def _filtered(allow_adult: bool, flt: StoryFilter | None) -> tuple[str, list[object]]:
    """The passages' age rule, and the reader's filter (exclusions) over their stories."""
    clause = "" if allow_adult else "AND p.adult = 0"
    if flt is None or not flt.narrows:
        return clause, []
    where, args = flt.where("fs")
    return (
        f"{clause} AND EXISTS (SELECT 1 FROM stories fs WHERE fs.id = p.story_id{where})",
        args,
    )
