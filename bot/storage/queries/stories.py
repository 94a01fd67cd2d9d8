"""Stories by id and in id order, with their cast; their stored paragraphs."""

from __future__ import annotations

import json

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import StoredParagraph, StoredStory, StoryCharacter

_STORY_COLUMNS = (
    "id, title, author, fandom, rating, words, reading_minutes, status, derived, summary, tags, "
    "content_hash, analysis_key, completion, chapters_posted, chapters_total"
)


def _stored_story(row: aiosqlite.Row) -> StoredStory:
    derived = [d for d in row["derived"].split(",") if d]
    return StoredStory(
        id=row["id"],
        title=row["title"],
        title_derived="title" in derived,
        author=row["author"],
        fandom=row["fandom"],
        rating=row["rating"],
        words=row["words"],
        reading_minutes=row["reading_minutes"],
        status=row["status"],
        derived=derived,
        summary=row["summary"],
        tags=json.loads(row["tags"]),
        revision=f"{row['content_hash']}:{row['analysis_key']}",
        completion=row["completion"],
        chapters_posted=row["chapters_posted"],
        chapters_total=row["chapters_total"],
    )


async def _attach_cast(conn: aiosqlite.Connection, stories: list[StoredStory]) -> None:
    if not stories:
        return
    by_id = {s.id: s for s in stories}
    marks = ",".join("?" * len(by_id))
    for row in await fetch_all(
        conn,
        f"""SELECT sc.story_id, c.name, sc.role, sc.mentions, sc.called, c.confirmed
            FROM story_characters sc JOIN characters c ON c.id = sc.character_id
            WHERE sc.story_id IN ({marks})
            ORDER BY sc.story_id, sc.role_rank, sc.score DESC, c.name""",
        list(by_id),
    ):
        by_id[row[0]].characters.append(
            StoryCharacter(row[1], row[2], row[3], row[4], bool(row[5]))
        )
    for row in await fetch_all(
        conn,
        f"SELECT story_id, a, b, kind FROM pairings WHERE story_id IN ({marks}) "
        "ORDER BY story_id, pos",
        list(by_id),
    ):
        story = by_id[row[0]]
        (story.friendships if row[3] == "friendship" else story.pairings).append((row[1], row[2]))


async def list_stories(
    conn: aiosqlite.Connection,
    *,
    include_withdrawn: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredStory]:
    where = "" if include_withdrawn else "WHERE status = 'active'"
    sql = f"SELECT {_STORY_COLUMNS} FROM stories {where} ORDER BY id"
    args: list[object] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [limit, offset]
    stories = [_stored_story(r) for r in await fetch_all(conn, sql, args)]
    await _attach_cast(conn, stories)
    return stories


async def get_story(
    conn: aiosqlite.Connection,
    story_id: str,
    *,
    include_withdrawn: bool = False,
    with_cast: bool = True,
) -> StoredStory | None:
    """One story; ``with_cast=False`` leaves out its characters and pairings (two queries)
    for callers that only need the story itself."""
    row = await fetch_one(
        conn, f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id.strip(),)
    )
    if row is None or (row["status"] != "active" and not include_withdrawn):
        return None
    story = _stored_story(row)
    if with_cast:
        await _attach_cast(conn, [story])
    return story


async def story_paragraphs(conn: aiosqlite.Connection, story_id: str) -> list[StoredParagraph]:
    rows = await fetch_all(
        conn,
        "SELECT section, kind, text, scene_start FROM paragraphs WHERE story_id = ? ORDER BY idx",
        (story_id,),
    )
    return [StoredParagraph(r[0], r[1], r[2], bool(r[3])) for r in rows]


async def story_sections(conn: aiosqlite.Connection, story_id: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {
        "header": [],
        "notes": [],
        "disclaimer": [],
        "body": [],
        "end_notes": [],
    }
    for p in await story_paragraphs(conn, story_id):
        sections.setdefault(p.section, []).append(p.text)
    return sections


# For queries elsewhere that read stories their own way (browse): the same rows, the same cast.
STORY_COLUMNS_AS_S = ", ".join(f"s.{c.strip()}" for c in _STORY_COLUMNS.split(","))
stored_story = _stored_story
attach_cast = _attach_cast
