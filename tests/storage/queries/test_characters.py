"""Characters: counts, look-ups by alias, suggestions, and the stories featuring them."""

from __future__ import annotations

import aiosqlite
import pytest

from bot.storage import queries

pytestmark = pytest.mark.usefixtures("library")


async def _id(conn: aiosqlite.Connection, name: str) -> int:
    found = await queries.resolve_character(conn, name)
    assert found is not None
    return found.id


async def test_featured_characters_with_story_counts(conn: aiosqlite.Connection) -> None:
    featured = await queries.list_characters(conn, only_featured=True)
    assert [(c.name, c.stories) for c in featured] == [
        ("Cloud Strife", 3),
        ("Tifa Lockhart", 2),
        ("Aerith Gainsborough", 1),
        ("Zack Fair", 1),
    ]
    tifa = featured[1]
    assert "Tifa" in tifa.aliases and "Tifa Lockhart" not in tifa.aliases
    # Every confirmed character of the roster is listed, featured or not.
    every = await queries.list_characters(conn)
    assert len(every) > len(featured)
    assert all(c.confirmed for c in every if c.stories == 0)


async def test_resolve_by_name_or_alias_case_insensitively(conn: aiosqlite.Connection) -> None:
    tifa = await queries.resolve_character(conn, "  tifa  ")
    assert tifa is not None and (tifa.name, tifa.fandom) == ("Tifa Lockhart", "Final Fantasy VII")
    aeris = await queries.resolve_character(conn, "AERIS")
    assert aeris is not None and aeris.name == "Aerith Gainsborough"
    assert await queries.resolve_character(conn, "Nobody At All") is None
    assert await queries.resolve_character(conn, "   ") is None
    assert await queries.character_by_id(conn, tifa.id) == tifa
    assert await queries.character_by_id(conn, 10**9) is None


async def test_suggestions_prefix_first_then_typos(conn: aiosqlite.Connection) -> None:
    assert await queries.suggest_characters(conn, "tif") == ["Tifa Lockhart"]
    assert (await queries.suggest_characters(conn, "aerth"))[0] == "Aerith Gainsborough"
    assert len(await queries.suggest_characters(conn, "a", limit=3)) == 3
    assert await queries.suggest_characters(conn, "") == []
    # Asked again, the same answer (kept).
    assert await queries.suggest_characters(conn, "tif") == ["Tifa Lockhart"]


async def test_stories_by_character_best_first(conn: aiosqlite.Connection) -> None:
    cloud = await _id(conn, "Cloud")
    stories = await queries.stories_by_character(conn, cloud)
    assert [(s.id, s.role) for s in stories][-1] == ("104", "mentioned")
    assert {s.id for s in stories} == {"101", "103", "104"}
    bar = next(s for s in stories if s.id == "101")
    assert bar.pairings == [("Cloud Strife", "Tifa Lockhart")]
    assert (bar.title, bar.called) == ("Last Orders", "Cloud")
    assert bar.as_json()["pairings"] == [["Cloud Strife", "Tifa Lockhart"]]
    general = await queries.stories_by_character(conn, cloud, allow_adult=False)
    assert {s.id for s in general} == {"101", "103"}
    page = await queries.stories_by_character(conn, cloud, limit=1, offset=1)
    assert [s.id for s in page] == [stories[1].id]


async def test_story_counts_by_character(conn: aiosqlite.Connection) -> None:
    cloud = await _id(conn, "Cloud")
    assert await queries.count_stories_by_character(conn, cloud) == 3
    assert await queries.count_stories_by_character(conn, cloud, allow_adult=False) == 2
    assert await queries.count_stories_by_character(conn, 10**9) == 0
