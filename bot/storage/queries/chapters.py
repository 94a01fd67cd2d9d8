"""A story's chapters, and the paragraphs of one of them."""

from __future__ import annotations

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import StoredChapter, StoredParagraph

# A story loaded before chapters were stored reads as one chapter spanning every paragraph.
_EVERYTHING = 2**62


async def story_chapters(conn: aiosqlite.Connection, story_id: str) -> list[StoredChapter]:
    """The story's chapters in reading order; [] for a story the library does not have."""
    rows = await fetch_all(
        conn,
        "SELECT number, title, words, first_para, last_para, text_first, text_last, summary, "
        "notes, end_notes FROM chapters WHERE story_id = ? ORDER BY number",
        (story_id,),
    )
    if rows:
        return [StoredChapter(*tuple(r)) for r in rows]
    story = await fetch_one(conn, "SELECT words FROM stories WHERE id = ?", (story_id,))
    if story is None:
        return []
    return [StoredChapter(1, "", int(story[0]), 0, _EVERYTHING, 0, _EVERYTHING)]


async def chapter_paragraphs(
    conn: aiosqlite.Connection, story_id: str, chapter: StoredChapter
) -> list[StoredParagraph]:
    """The paragraphs of the chapter's text (its heading and notes left out), in order."""
    rows = await fetch_all(
        conn,
        "SELECT section, kind, text, scene_start FROM paragraphs "
        "WHERE story_id = ? AND idx BETWEEN ? AND ? ORDER BY idx",
        (story_id, chapter.text_first, chapter.text_last),
    )
    return [StoredParagraph(r[0], r[1], r[2], bool(r[3])) for r in rows]
