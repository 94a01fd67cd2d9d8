"""Story ids from older databases that buttons can't carry, given valid ones at load time.

Before ids were made ASCII and short (``bot.library.story.story_id``), a file such as
``００８_x.txt`` or a 50-digit number was stored under an id no custom id can hold: every
button for that story failed. A load gives such a story the id its file name gives now, and
moves everything attached to the old id with it (reviews, kudos, threads, and any table that
refers to stories by ``story_id``), in one transaction.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

import aiosqlite

from bot.library.story import is_story_id, story_id
from bot.storage.loader.decide import new_id
from bot.storage.loader.writes import mark_changed
from bot.storage.tx import transaction

log = logging.getLogger(__name__)


async def repair_story_ids(conn: aiosqlite.Connection) -> dict[str, str]:
    """Give every story whose id is not a valid one a new id; returns {old: new}."""
    async with conn.execute("SELECT id, file FROM stories") as cur:
        rows = [(str(r[0]), str(r[1])) for r in await cur.fetchall()]
    taken = {sid for sid, _ in rows}
    renamed: dict[str, str] = {}
    for sid, file in rows:
        if not is_story_id(sid):
            renamed[sid] = new_id(story_id(PurePosixPath(file).stem), taken)
            taken.add(renamed[sid])
    if not renamed:
        return renamed
    tables = await _tables_with_story_id(conn)
    async with transaction(conn):
        # The children's foreign keys are checked at commit, once both sides carry the new id.
        await conn.execute("PRAGMA defer_foreign_keys = ON")
        pairs = [(new, old) for old, new in renamed.items()]
        await conn.executemany("UPDATE stories SET id = ? WHERE id = ?", pairs)
        for table in tables:
            await conn.executemany(f'UPDATE "{table}" SET story_id = ? WHERE story_id = ?', pairs)
        await mark_changed(conn)  # the title index holds ids: rebuilt at the end of the load
    for old, new in renamed.items():
        log.warning("story id %r could not be carried by buttons: it is now %r", old, new)
    return renamed


async def _tables_with_story_id(conn: aiosqlite.Connection) -> list[str]:
    """Every ordinary table with a ``story_id`` column (found, so that tables added later are
    never forgotten)."""
    async with conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ) as cur:
        names = [str(r[0]) for r in await cur.fetchall()]
    out = []
    for name in names:
        async with conn.execute(f'PRAGMA table_info("{name}")') as cur:
            if any(col[1] == "story_id" for col in await cur.fetchall()):
                out.append(name)
    return out
