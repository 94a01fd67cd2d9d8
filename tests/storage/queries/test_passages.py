"""Random passages, by character, story and fandom, kept out of general channels when adult."""

from __future__ import annotations

import random

import aiosqlite
import pytest

from bot.storage import queries

pytestmark = pytest.mark.usefixtures("library")


async def _character(conn: aiosqlite.Connection, name: str) -> int:
    found = await queries.resolve_character(conn, name)
    assert found is not None
    return found.id


class _AtEach(random.Random):
    """Draws that land exactly on each passage's random key in turn, so every passage the
    filters allow is drawn once: what the query can reach, without depending on luck."""

    def __init__(self, points: list[int]) -> None:
        super().__init__(0)
        self.points = iter(points)

    def getrandbits(self, k: int, /) -> int:
        return next(self.points)


async def _stories_drawn(conn: aiosqlite.Connection, **filters: object) -> set[str]:
    async with conn.execute("SELECT rnd FROM passages ORDER BY rnd") as cur:
        points = [row[0] for row in await cur.fetchall()]
    assert points
    rng = _AtEach(points)
    drawn = set()
    for _ in points:
        excerpt = await queries.random_passage(conn, rng=rng, **filters)  # type: ignore[arg-type]
        assert excerpt is not None
        drawn.add(excerpt.story_id)
    return drawn


async def test_any_passage_of_any_active_story(conn: aiosqlite.Connection) -> None:
    assert await _stories_drawn(conn) == {"101", "102", "103", "104"}
    assert await _stories_drawn(conn, allow_adult=False) == {"101", "103"}


async def test_by_story_character_and_fandom(conn: aiosqlite.Connection) -> None:
    zack = await _character(conn, "Zack")
    tifa = await _character(conn, "Tifa")
    assert await _stories_drawn(conn, story_id="102") == {"102"}
    assert await _stories_drawn(conn, character_id=zack) == {"103"}
    assert await _stories_drawn(conn, character_id=tifa, story_id="104") == {"104"}
    assert await _stories_drawn(conn, fandom="Original Work") == {"104"}
    assert await _stories_drawn(conn, character_id=tifa, fandom="Final Fantasy VII") == {"101"}


async def test_nothing_to_draw_is_none(conn: aiosqlite.Connection) -> None:
    aerith = await _character(conn, "Aerith")
    assert await queries.random_passage(conn, character_id=aerith, allow_adult=False) is None
    assert await queries.random_passage(conn, story_id="999") is None
    assert await queries.random_passage(conn, fandom="Original Work", allow_adult=False) is None


async def test_an_excerpt_names_its_story_place_and_cast(conn: aiosqlite.Connection) -> None:
    zack = await _character(conn, "Zack")
    excerpt = await queries.random_passage(conn, character_id=zack)
    assert excerpt is not None
    assert excerpt.story_id == "103"
    assert "Zack Fair" in excerpt.characters
    assert excerpt.characters == sorted(excerpt.characters)
    assert 0 <= excerpt.first_para <= excerpt.last_para
    assert excerpt.text.startswith("Zack held the umbrella")
    assert excerpt.as_json("Last Rain in Midgar")["title"] == "Last Rain in Midgar"


async def test_the_same_seed_draws_the_same_passage(conn: aiosqlite.Connection) -> None:
    first = await queries.random_passage(conn, rng=random.Random(42))
    again = await queries.random_passage(conn, rng=random.Random(42))
    assert first == again
