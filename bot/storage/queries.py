"""Reading the library: stories, characters, passages and search. Shared by the CLI and the bot.

Every query here is indexed, whatever the library's size: look-ups by id, by character
(story_characters' index), random passages (a seek into a random-key index), full-text search
(FTS5, ranked within a bounded window), titles by trigram. What would otherwise count or scan
the whole library (characters with their story counts, the fandoms, the alias list behind
suggestions) is counted by the loader or kept in memory until the library next changes.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import json
import random
import re
import weakref
from array import array
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiosqlite

from bot.library import fuzzy
from bot.library.detect import ROLE_ORDER
from bot.storage.db import fetch_all, fetch_one


@dataclass(frozen=True, slots=True)
class StoryCharacter:
    name: str
    role: str
    mentions: int
    called: str
    confirmed: bool = True


@dataclass(slots=True)
class StorySummary:
    id: str
    title: str
    title_derived: bool
    author: str
    fandom: str
    rating: str
    words: int
    reading_minutes: int
    status: str
    derived: list[str]
    summary: str = ""
    tags: dict[str, list[str]] = field(default_factory=dict)
    characters: list[StoryCharacter] = field(default_factory=list)
    pairings: list[tuple[str, str]] = field(default_factory=list)
    # Changes whenever the stored text may have (the file, or how it was analysed): caches of
    # a story's pages are keyed by it.
    revision: str = ""

    @property
    def adult(self) -> bool:
        return self.rating in ("Mature", "Explicit")

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "author": self.author,
            "author_derived": "author" in self.derived,
            "fandom": self.fandom,
            "fandom_derived": "fandom" in self.derived,
            "rating": self.rating,
            "rating_derived": "rating" in self.derived,
            "words": self.words,
            "reading_minutes": self.reading_minutes,
            "status": self.status,
            "summary": self.summary,
            "tags": self.tags,
            "characters": [
                {"name": c.name, "role": c.role, "mentions": c.mentions, "called": c.called}
                | ({} if c.confirmed else {"unconfirmed": True})
                for c in self.characters
            ],
            "pairings": [list(p) for p in self.pairings],
        }


# --- answers kept until the library changes ----------------------------------------------------

_T = TypeVar("_T")
_MEMO: weakref.WeakKeyDictionary[
    aiosqlite.Connection, tuple[tuple[tuple[str, str], ...], dict[str, Any]]
] = weakref.WeakKeyDictionary()


async def library_version(conn: aiosqlite.Connection) -> tuple[tuple[str, str], ...]:
    """Changes whenever a load changes the library, the roster or the character counts (the
    loader writes it in the same transaction as the change)."""
    rows = await fetch_all(
        conn,
        "SELECT key, value FROM meta WHERE key IN ('library_version', 'stats_version', "
        "'roster_digest') ORDER BY key",
    )
    return tuple((r[0], r[1]) for r in rows)


def _derived_fresh(version: tuple[tuple[str, str], ...]) -> bool:
    """Whether the loader's counts and title index are of the library as it is now (not so
    while a load is under way, between its first change and its end)."""
    values = dict(version)
    return values.get("library_version") == values.get("stats_version")


async def _memo(conn: aiosqlite.Connection, name: str, compute: Callable[[], Awaitable[_T]]) -> _T:
    """``compute()``, remembered per connection until ``library_version`` changes."""
    version = await library_version(conn)
    entry = _MEMO.get(conn)
    if entry is None or entry[0] != version:
        entry = (version, {})
        _MEMO[conn] = entry
    if name not in entry[1]:
        entry[1][name] = await compute()
    value: _T = entry[1][name]
    return value


_STORY_COLUMNS = (
    "id, title, author, fandom, rating, words, reading_minutes, status, derived, summary, tags, "
    "content_hash, analysis_key"
)


def _summary(row: aiosqlite.Row) -> StorySummary:
    derived = [d for d in row["derived"].split(",") if d]
    return StorySummary(
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
    )


async def _attach_cast(conn: aiosqlite.Connection, stories: list[StorySummary]) -> None:
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
        f"SELECT story_id, a, b FROM pairings WHERE story_id IN ({marks}) ORDER BY story_id, pos",
        list(by_id),
    ):
        by_id[row[0]].pairings.append((row[1], row[2]))


async def list_stories(
    conn: aiosqlite.Connection,
    *,
    include_withdrawn: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[StorySummary]:
    where = "" if include_withdrawn else "WHERE status = 'active'"
    sql = f"SELECT {_STORY_COLUMNS} FROM stories {where} ORDER BY id"
    args: list[object] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [limit, offset]
    stories = [_summary(r) for r in await fetch_all(conn, sql, args)]
    await _attach_cast(conn, stories)
    return stories


async def count_stories(conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "SELECT count(*) FROM stories WHERE status = 'active'")
    return int(row[0]) if row else 0


async def get_story(
    conn: aiosqlite.Connection,
    story_id: str,
    *,
    include_withdrawn: bool = False,
    with_cast: bool = True,
) -> StorySummary | None:
    """One story; ``with_cast=False`` leaves out its characters and pairings (two queries)
    for callers that only need the story itself."""
    row = await fetch_one(
        conn, f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id.strip(),)
    )
    if row is None or (row["status"] != "active" and not include_withdrawn):
        return None
    story = _summary(row)
    if with_cast:
        await _attach_cast(conn, [story])
    return story


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    section: str
    kind: str
    text: str
    scene_start: bool


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


_ID_SHAPE = re.compile(r"[\da-z-]+")  # what story_id makes: digits (any script), a-z, -


# Matches are listed by title. When fewer than this match an id prefix, they are fetched and
# sorted; more are read off the titles in order until enough match.
_FEW = 150


async def find_stories(
    conn: aiosqlite.Connection, text: str, limit: int = 25
) -> list[tuple[str, str]]:
    """(id, title) of active stories whose id or title matches what was typed: autocomplete.

    Stories whose id starts with what was typed come first (the exact id first of all), then
    those whose title contains it, each by title. The titles are read from ``story_titles``:
    a trigram index numbered in title order, so the first matches in title order are the
    first the index finds, whatever the library's size. While a load is changing the library
    (the index is rebuilt at its end), titles are read from the stories themselves instead.
    """
    typed = text.strip()
    if not typed:
        rows = await fetch_all(
            conn,
            "SELECT id, title FROM stories WHERE status = 'active' ORDER BY id LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1]) for r in rows]
    fresh = _derived_fresh(await library_version(conn))
    id_like = _escape_like(typed) + "%"
    title_like = "%" + _escape_like(typed) + "%"
    out: list[tuple[str, str]] = []
    # 1. The story with exactly this id, then ids starting with it (found through the primary
    #    key: ids are digits, lower-case letters and hyphens, so a GLOB range covers them).
    prefix = typed.lower()
    if _ID_SHAPE.fullmatch(prefix):
        glob = re.sub(r"([*?\[])", r"[\1]", prefix) + "*"
        where = "id GLOB ? AND id LIKE ? ESCAPE '\\'"
        rows = await fetch_all(
            conn,
            f"SELECT id, title FROM stories WHERE id = ? AND +status = 'active' AND {where}",
            (typed, glob, id_like),
        )
        out = [(r[0], r[1]) for r in rows]
        rows = await fetch_all(
            conn,
            f"SELECT rowid FROM stories WHERE {where} AND id IS NOT ? LIMIT ?",
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
        titles = await _memo(conn, "title_text", lambda: _title_text(conn))
        out += await _titles_containing(conn, titles, typed, id_like, limit - len(out))
        return out[:limit]
    where = "title LIKE ? ESCAPE '\\' AND NOT (id LIKE ? ESCAPE '\\')"
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
    reads them all when few match (about 40 ms at 100,000 stories for a typo). A substring
    search in one byte string runs at C speed (about 1 ms over 100,000 titles) and costs
    about as many bytes as the titles themselves. UTF-8 is self-synchronising, so a match
    always starts at a character.
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
    # Built off the event loop: 100,000 titles take a few hundred milliseconds of Python.
    return await asyncio.to_thread(_join_titles, [r[0] for r in rows])


def _join_titles(titles: list[str]) -> _TitleText:
    parts = [t.lower().replace("\n", " ").encode() + b"\n" for t in titles]
    starts = array("q", itertools.accumulate((len(p) for p in parts[:-1]), initial=0))
    return _TitleText(b"".join(parts), starts if parts else array("q"))


async def _titles_containing(
    conn: aiosqlite.Connection, titles: _TitleText, typed: str, id_like: str, limit: int
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
            f"""SELECT id, title FROM story_titles WHERE rowid IN ({marks})
                AND NOT (id LIKE ? ESCAPE '\\') ORDER BY rowid LIMIT ?""",
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
        f"""SELECT id, title FROM stories
            WHERE rowid IN ({marks}) AND +status = 'active' AND {where}
            ORDER BY title COLLATE NOCASE, id LIMIT ?""",
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
        f"SELECT id, title FROM story_titles WHERE {where} ORDER BY rowid LIMIT ?"
        if fresh
        else f"""SELECT id, title FROM stories INDEXED BY stories_title_order
                 WHERE status = 'active' AND {where} ORDER BY title COLLATE NOCASE, id LIMIT ?"""
    )
    return [(r[0], r[1]) for r in await fetch_all(conn, sql, (*args, limit))]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- characters -------------------------------------------------------------------------


@dataclass(slots=True)
class CharacterInfo:
    id: int
    name: str
    fandom: str
    aliases: list[str]
    stories: int
    confirmed: bool

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "fandom": self.fandom,
            "aliases": self.aliases,
            "stories": self.stories,
        }
        if not self.confirmed:
            out["unconfirmed"] = True
        return out


async def list_characters(
    conn: aiosqlite.Connection, *, only_featured: bool = False
) -> list[CharacterInfo]:
    """Every known character, with aliases and how many active stories feature them.

    The counts are the loader's (``character_stats``, recounted when a load changes the
    library); the whole list is kept in memory until the library next changes.
    """
    every = await _memo(conn, "characters", lambda: _characters(conn))
    return [c for c in every if not ((only_featured or not c.confirmed) and c.stories == 0)]


async def _characters(conn: aiosqlite.Connection) -> list[CharacterInfo]:
    rows = await fetch_all(
        conn,
        """SELECT c.id, c.name, c.fandom, c.confirmed, coalesce(cs.stories, 0) AS n
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


@dataclass(frozen=True, slots=True)
class ResolvedCharacter:
    id: int
    name: str
    fandom: str


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

    suggester = await _memo(conn, "suggester", read_aliases)
    return suggester.suggest(typed, limit)


@dataclass(frozen=True, slots=True)
class CharacterStory:
    id: str
    title: str
    role: str
    mentions: int
    called: str
    author: str
    fandom: str
    rating: str
    words: int
    pairings: list[tuple[str, str]]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "role": self.role,
            "mentions": self.mentions,
            "called": self.called,
            "author": self.author,
            "fandom": self.fandom,
            "rating": self.rating,
            "words": self.words,
            "pairings": [list(p) for p in self.pairings],
        }


async def stories_by_character(
    conn: aiosqlite.Connection,
    character_id: int,
    *,
    allow_adult: bool = True,
    limit: int = 1000,
    offset: int = 0,
) -> list[CharacterStory]:
    """Stories featuring a character, best first: leads, then supporting, then mentioned."""
    adult_clause = "" if allow_adult else "AND s.adult = 0"
    rows = await fetch_all(
        conn,
        f"""SELECT s.id, s.title, sc.role, sc.mentions, sc.called, s.author, s.fandom, s.rating, s.words
           FROM story_characters sc JOIN stories s ON s.id = sc.story_id
           WHERE sc.character_id = ? AND s.status = 'active' {adult_clause}
           ORDER BY sc.role_rank, sc.score DESC, s.id
           LIMIT ? OFFSET ?""",
        (character_id, limit, offset),
    )
    pairs: dict[str, list[tuple[str, str]]] = {r[0]: [] for r in rows}
    if pairs:
        marks = ",".join("?" * len(pairs))
        for r in await fetch_all(
            conn,
            f"SELECT story_id, a, b FROM pairings WHERE story_id IN ({marks}) ORDER BY story_id, pos",
            list(pairs),
        ):
            pairs[r[0]].append((r[1], r[2]))
    return [
        CharacterStory(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], pairs[r[0]])
        for r in rows
    ]


async def count_stories_by_character(
    conn: aiosqlite.Connection, character_id: int, *, allow_adult: bool = True
) -> int:
    """Active stories featuring the character (Mature and Explicit ones only if allowed), as
    the loader counted them at the end of the last load that changed the library."""
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


# --- passages -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Excerpt:
    passage_id: int
    story_id: str
    seq: int
    text: str
    characters: list[str]
    first_para: int
    last_para: int

    def as_json(self, title: str) -> dict[str, object]:
        return {
            "story": self.story_id,
            "title": title,
            "text": self.text,
            "characters": self.characters,
        }


_RND_MAX = 1 << 62


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


# --- search ------------------------------------------------------------------------------

HIGHLIGHT_OPEN = "\x02"
HIGHLIGHT_CLOSE = "\x03"
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


@dataclass(frozen=True, slots=True)
class SearchHit:
    story_id: str
    title: str
    snippet: str  # matches wrapped in HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE
    passage_id: int

    def as_json(self) -> dict[str, object]:
        return {"story": self.story_id, "title": self.title, "snippet": self.snippet}


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
) -> list[SearchHit]:
    query = await _index_query(conn, text)
    if query is None:
        return []
    adult_clause = "" if allow_adult else "AND p.adult = 0"
    # 1. The window: the first matches, in index order, that this channel may show.
    rows = await fetch_all(
        conn,
        f"""SELECT m.rowid FROM (
                SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?) m
            CROSS JOIN passages p ON p.id = m.rowid
            WHERE 1 {adult_clause}""",
        (query, SEARCH_RANK_WINDOW),
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
    conn: aiosqlite.Connection, text: str, *, allow_adult: bool = True, cap: int = 500
) -> int:
    """How many passages match, counting no further than ``cap`` (a page count needs no more)."""
    query = await _index_query(conn, text)
    if query is None:
        return 0
    adult_clause = "" if allow_adult else "AND p.adult = 0"
    row = await fetch_one(
        conn,
        f"""SELECT count(*) FROM (
                SELECT 1 FROM passages_fts CROSS JOIN passages p ON p.id = passages_fts.rowid
                WHERE passages_fts MATCH ? {adult_clause} LIMIT ?)""",
        (query, cap),
    )
    return int(row[0]) if row else 0


ROLE_RANK = ROLE_ORDER


# --- fandoms ---------------------------------------------------------------------------------


async def list_fandoms(conn: aiosqlite.Connection) -> list[str]:
    """The library's fandoms, most stories first (kept in memory until the library changes)."""
    return list(await _memo(conn, "fandoms", lambda: _fandoms(conn)))


async def _fandoms(conn: aiosqlite.Connection) -> list[str]:
    # Counted by the loader at the end of a load; while one is under way, count them here.
    fresh = _derived_fresh(await library_version(conn))
    sql = (
        "SELECT fandom FROM fandom_stats ORDER BY stories DESC, fandom"
        if fresh
        else "SELECT fandom FROM stories WHERE status = 'active' GROUP BY fandom "
        "ORDER BY count(*) DESC, fandom"
    )
    return [r[0] for r in await fetch_all(conn, sql)]


async def resolve_fandom(conn: aiosqlite.Connection, typed: str) -> str | None:
    """A fandom of the library by its name, case-insensitively, or by a unique partial name."""
    folded = " ".join(typed.split()).casefold()
    fandoms = await list_fandoms(conn)
    exact = [f for f in fandoms if f.casefold() == folded]
    if exact:
        return exact[0]
    partial = [f for f in fandoms if folded and folded in f.casefold()]
    return partial[0] if len(partial) == 1 else None


async def fandom_by_key(
    conn: aiosqlite.Connection, key: str, keyer: Callable[[str], str]
) -> str | None:
    """The fandom whose short key (as carried in a button's custom id) is ``key``."""
    for fandom in await list_fandoms(conn):
        if keyer(fandom) == key:
            return fandom
    return None
