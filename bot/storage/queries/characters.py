"""Characters: the list with story counts, look-ups by name or alias, suggestions, their
stories."""

from __future__ import annotations

import aiosqlite

from bot.library import fuzzy
from bot.storage.db import fetch_all, fetch_one
from bot.storage.models import CharacterInfo, CharacterStory, ResolvedCharacter
from bot.storage.queries.filters import StoryFilter
from bot.storage.queries.memo import memo


async def list_characters(
    conn: aiosqlite.Connection, *, only_featured: bool = False, allow_adult: bool = True
) -> list[CharacterInfo]:
    """Every known character, with aliases and how many active stories feature them.

    Without ``allow_adult`` (a channel that is not age-restricted) the counts leave out
    Mature and Explicit stories, and so does ``only_featured``: a name found only in adult
    stories is not shown there. The counts are the loader's (``character_stats``, recounted
    when a load changes the library); both lists are kept in memory until the library next
    changes.
    """
    column = "stories" if allow_adult else "general"
    every = await memo(conn, f"characters:{column}", lambda: _characters(conn, column))
    return [c for c in every if not ((only_featured or not c.confirmed) and c.stories == 0)]


async def _characters(conn: aiosqlite.Connection, column: str) -> list[CharacterInfo]:
    rows = await fetch_all(
        conn,
        f"""SELECT c.id, c.name, c.fandom, c.confirmed, coalesce(cs.{column}, 0) AS n
           FROM characters c LEFT JOIN character_stats cs ON cs.character_id = c.id
           ORDER BY n DESC, c.name""",
    )
    aliases: dict[int, list[str]] = {}
    for row in await fetch_all(
        conn, "SELECT character_id, alias FROM character_aliases ORDER BY alias"
    ):
        aliases.setdefault(row[0], []).append(row[1])
    out = []
    for r in rows:
        names = [a for a in aliases.get(r["id"], []) if a != r["name"]]
        out.append(
            CharacterInfo(r["id"], r["name"], r["fandom"], names, r["n"], bool(r["confirmed"]))
        )
    return out


async def resolve_character(conn: aiosqlite.Connection, typed: str) -> ResolvedCharacter | None:
    """A character by canonical name, alias or spelling variant, case-insensitively."""
    folded = " ".join(typed.split()).casefold()
    if not folded:
        return None
    row = await fetch_one(
        conn,
        """SELECT c.id, c.name, c.fandom FROM character_aliases a JOIN characters c ON c.id = a.character_id
           WHERE a.folded = ? ORDER BY c.confirmed DESC, c.id LIMIT 1""",
        (folded,),
    )
    if row is None:
        return None
    return ResolvedCharacter(row[0], row[1], row[2])


async def suggest_characters(conn: aiosqlite.Connection, typed: str, limit: int = 5) -> list[str]:
    """Canonical names close to what was typed (``bot.library.fuzzy``).

    The alias list is read once per version of the library, and the suggester keeps each
    answer: an autocomplete asks the same few prefixes over and over.
    """
    if not fuzzy.fold(typed):
        return []

    async def read_aliases() -> fuzzy.NameSuggester:
        rows = await fetch_all(
            conn,
            "SELECT a.folded, c.name FROM character_aliases a JOIN characters c ON c.id = a.character_id",
        )
        return fuzzy.NameSuggester((r[0], r[1]) for r in rows)

    suggester = await memo(conn, "suggester", read_aliases)
    return suggester.suggest(typed, limit)


async def stories_by_character(
    conn: aiosqlite.Connection,
    character_id: int,
    *,
    allow_adult: bool = True,
    limit: int = 1000,
    offset: int = 0,
    flt: StoryFilter | None = None,
) -> list[CharacterStory]:
    """Stories featuring a character, best first: leads, then supporting, then mentioned."""
    adult_clause = "" if allow_adult else "AND s.adult = 0"
    filter_clause, filter_args = flt.where() if flt is not None else ("", [])
    rows = await fetch_all(
        conn,
        f"""SELECT s.id, s.title, sc.role, sc.mentions, sc.called, s.author, s.fandom, s.rating, s.words
           FROM story_characters sc JOIN stories s ON s.id = sc.story_id
           WHERE sc.character_id = ? AND s.status = 'active' {adult_clause}{filter_clause}
           ORDER BY sc.role_rank, sc.score DESC, s.id
           LIMIT ? OFFSET ?""",
        (character_id, *filter_args, limit, offset),
    )
    pairs: dict[str, list[tuple[str, str]]] = {r[0]: [] for r in rows}
    if pairs:
        marks = ",".join("?" * len(pairs))
        for r in await fetch_all(
            conn,
            f"SELECT story_id, a, b FROM pairings WHERE story_id IN ({marks}) "
            "AND kind = 'romantic' ORDER BY story_id, pos",
            list(pairs),
        ):
            pairs[r[0]].append((r[1], r[2]))
    return [
        CharacterStory(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], pairs[r[0]])
        for r in rows
    ]


async def count_stories_by_character(
    conn: aiosqlite.Connection,
    character_id: int,
    *,
    allow_adult: bool = True,
    flt: StoryFilter | None = None,
) -> int:
    """Active stories featuring the character (Mature and Explicit ones only if allowed), as
    the loader counted them at the end of the last load that changed the library; with a
    filter that narrows (exclusions), counted here."""
    if flt is not None and flt.narrows:
        clause, args = flt.where()
        row = await fetch_one(
            conn,
            f"""SELECT count(*) FROM story_characters sc JOIN stories s ON s.id = sc.story_id
                WHERE sc.character_id = ? AND s.status = 'active'{clause}""",
            (character_id, *args),
        )
        return int(row[0]) if row else 0
    column = "stories" if allow_adult else "general"
    row = await fetch_one(
        conn, f"SELECT {column} FROM character_stats WHERE character_id = ?", (character_id,)
    )
    return int(row[0]) if row else 0


async def character_by_id(
    conn: aiosqlite.Connection, character_id: int
) -> ResolvedCharacter | None:
    row = await fetch_one(
        conn, "SELECT id, name, fandom FROM characters WHERE id = ?", (character_id,)
    )
    return ResolvedCharacter(row[0], row[1], row[2]) if row else None
