"""What the scale work added stays true to the library: the full-text index the loader now
writes itself, the title trigram index, the character counts, and the faster queries answer
exactly as the simple ones did."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection
from bot.storage.models import HIGHLIGHT_OPEN
from bot.storage.queries import titles

STORY = """A/N: Story {n} for the index tests. Please review!

{lead} walked through the rain to the station, where {other} was waiting with a {thing}.

"You came back," {other} said. {lead} nodded and sat down beside her, and for a long while neither of them said anything at all about the {thing} or the rain.

* * *

Later, {lead} remembered the {thing} and the platform and the last train out, and smiled.
"""
LEADS = ["Cloud", "Tifa", "Aerith", "Zack", "Vincent", "Yuffie", "Reno", "Genesis"]
THINGS = ["lantern", "letter", "silver bracelet", "chocobo feather", "broken sword"]


def _write_library(folder: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lead, other = rng.sample(LEADS, 2)
        title = f"Title: {rng.choice(['The', 'A', 'Rain and'])} {rng.choice(THINGS).title()} {n}"
        body = STORY.format(n=n, lead=lead, other=other, thing=rng.choice(THINGS))
        (folder / f"{100 + n}_s.txt").write_text(f"{title}\n\n{body}" if n % 3 else body)


async def _one(conn: aiosqlite.Connection, sql: str, *args: object) -> int:
    async with conn.execute(sql, args) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def _indexed_docs(conn: aiosqlite.Connection, table: str) -> int:
    await conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} USING fts5vocab(main, '{table}', 'instance')"
    )
    return await _one(conn, f"SELECT count(DISTINCT doc) FROM temp.v_{table}")


async def _check_indexes(conn: aiosqlite.Connection) -> None:
    """Every passage indexed once, nothing else; every story title indexed; counts exact."""
    for table in ("passages_fts", "story_titles"):
        await conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    assert await _indexed_docs(conn, "passages_fts") == await _one(
        conn, "SELECT count(*) FROM passages"
    )
    async with conn.execute("SELECT id, title FROM story_titles ORDER BY rowid") as cur:
        titles = [tuple(r) for r in await cur.fetchall()]
    async with conn.execute(
        "SELECT id, title FROM stories WHERE status = 'active' ORDER BY title COLLATE NOCASE, id"
    ) as cur:
        assert titles == [tuple(r) for r in await cur.fetchall()]
    async with conn.execute(
        """SELECT sc.character_id, count(*), sum(s.adult = 0)
           FROM story_characters sc JOIN stories s ON s.id = sc.story_id
           WHERE s.status = 'active' GROUP BY sc.character_id ORDER BY 1"""
    ) as cur:
        live = [tuple(r) for r in await cur.fetchall()]
    async with conn.execute(
        "SELECT character_id, stories, general FROM character_stats ORDER BY 1"
    ) as cur:
        stored = [tuple(r) for r in await cur.fetchall()]
    assert stored == live
    async with conn.execute(
        "SELECT fandom FROM stories WHERE status = 'active' GROUP BY fandom "
        "ORDER BY count(*) DESC, fandom"
    ) as cur:
        assert await queries.list_fandoms(conn) == [r[0] for r in await cur.fetchall()]


async def test_indexes_and_counts_follow_loads_edits_and_withdrawals(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, tmp_path: Path
) -> None:
    _write_library(seeds_dir, 40)
    await load_collection(conn, seeds_dir, roster)
    await _check_indexes(conn)
    assert [h.story_id for h in await queries.search(conn, "chocobo feather", limit=50)]
    # An edit replaces the story's passages in the index; a removal takes them out.
    edited = seeds_dir / "105_s.txt"
    edited.write_text(edited.read_text().replace("station", "harbour") + "\nThe end.\n")
    shutil.move(seeds_dir / "106_s.txt", tmp_path / "away.txt")
    report = await load_collection(conn, seeds_dir, roster)
    assert (report.updated, report.withdrawn) == (1, 1)
    await _check_indexes(conn)
    assert "106" not in {h.story_id for h in await queries.search(conn, "rain", limit=500)}
    assert "105" in {h.story_id for h in await queries.search(conn, "harbour", limit=50)}
    # ...and its return puts them back.
    shutil.move(tmp_path / "away.txt", seeds_dir / "106_s.txt")
    await load_collection(conn, seeds_dir, roster)
    await _check_indexes(conn)


async def test_character_answers_follow_the_library(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    before = {c.name: c.stories for c in await queries.list_characters(conn)}
    aerith = await queries.resolve_character(conn, "aeris")
    assert aerith is not None
    assert await queries.count_stories_by_character(conn, aerith.id) == before[aerith.name]
    assert (await queries.suggest_characters(conn, "aer"))[0] == "Aerith Gainsborough"
    _write_library(seeds_dir, 12)
    await load_collection(conn, seeds_dir, roster)
    after = {c.name: c.stories for c in await queries.list_characters(conn)}
    assert after["Aerith Gainsborough"] > before["Aerith Gainsborough"]
    assert await queries.count_stories_by_character(conn, aerith.id) == after[aerith.name]
    assert len(await queries.stories_by_character(conn, aerith.id)) == after[aerith.name]


async def _find_simply(conn: aiosqlite.Connection, typed: str, limit: int) -> list[tuple[str, str]]:
    """The original autocomplete query (with the id as tie-break, for a stable order)."""
    esc = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    async with conn.execute(
        """SELECT id, title FROM stories
           WHERE status = 'active' AND (id LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')
           ORDER BY (id = ?) DESC, (id LIKE ? ESCAPE '\\') DESC, title COLLATE NOCASE, id
           LIMIT ?""",
        (esc + "%", "%" + esc + "%", typed, esc + "%", limit),
    ) as cur:
        return [(r[0], r[1]) for r in await cur.fetchall()]


@pytest.mark.parametrize(
    "typed",
    [
        "1",
        "10",
        "101",
        "10x",
        "the",
        "The",
        "rain",
        "Rain and",
        "lant",
        "feather 1",
        "er",
        "e",
        "zz",
        "%",
        "_",
        "bracelet 13",
        "BRACELET",
        "silver bracelet 2",
        "sword 3",
    ],
)
async def test_title_autocomplete_matches_the_plain_query(
    conn: aiosqlite.Connection,
    tmp_path: Path,
    roster: Roster,
    typed: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "lib"
    _write_library(folder, 60)
    await load_collection(conn, folder, roster)
    # Each way to the answer: ids fetched and sorted or read in title order; titles read off
    # the title index, or (while a load is under way) off the stories.
    for stale in (False, True):
        if stale:
            await conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'stats_version'")
        for few in (10_000, 1, 2):
            monkeypatch.setattr(titles, "_FEW", few)
            for limit in (2, 25):
                assert await queries.find_stories(conn, typed, limit) == await _find_simply(
                    conn, typed, limit
                ), (typed, stale, few, limit)


def _write_sevens(folder: Path) -> None:
    """Stories 700-719 come first by title and contain "7" in it, as do 10 later stories
    whose ids don't start with 7."""
    folder.mkdir(parents=True, exist_ok=True)
    lead = LEADS[0]
    for n in range(20):
        body = STORY.format(n=n, lead=lead, other=LEADS[1], thing=THINGS[0])
        (folder / f"{700 + n}_s.txt").write_text(f"Title: A7 part {n:02}\n\n{body}")
    for n in range(10):
        body = STORY.format(n=n, lead=lead, other=LEADS[1], thing=THINGS[1])
        (folder / f"{800 + n}_s.txt").write_text(f"Title: Z7 part {n:02}\n\n{body}")


@pytest.mark.parametrize("typed", ["7", "A7", "z7", "7 "])
async def test_short_title_autocomplete_looks_past_stories_listed_by_id(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster, typed: str
) -> None:
    folder = tmp_path / "lib"
    _write_sevens(folder)
    await load_collection(conn, folder, roster)
    for limit in (5, 25):
        found = await queries.find_stories(conn, typed, limit)
        assert found == await _find_simply(conn, typed, limit), (typed, limit)
    assert [i for i, _ in await queries.find_stories(conn, "7", 25)][20:] == [
        str(800 + n) for n in range(5)
    ]


async def test_search_ranks_a_small_match_set_exactly_as_before(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    _write_library(seeds_dir, 30)
    await load_collection(conn, seeds_dir, roster)
    query = queries.fts_query("silver bracelet")
    async with conn.execute(
        """SELECT p.id FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
           WHERE passages_fts MATCH ? ORDER BY rank LIMIT 200""",
        (query,),
    ) as cur:
        full = [int(r[0]) for r in await cur.fetchall()]
    assert full and len(full) < queries.SEARCH_RANK_WINDOW
    hits = await queries.search(conn, "silver bracelet", limit=200)
    assert [h.passage_id for h in hits] == full
    assert all(HIGHLIGHT_OPEN in h.snippet for h in hits)
    assert await queries.count_search(conn, "silver bracelet") == len(full)
