"""Full-text search: any input is a safe query; matches highlighted, adult ones kept back."""

from __future__ import annotations

import aiosqlite
import pytest

from bot.storage import queries
from bot.storage.models import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("rain", '"rain"*'),
        ("in the rain", '"in" "the" "rain"*'),
        ("umbrella at", '"umbrella" "at"'),  # a short last word is not a prefix
        ('"quoted" NEAR(x) AND -y col:z', '"quoted" "NEAR" "x" "AND" "y" "col" "z"'),
        ("  ", None),
        ("***", None),
        ("ça été", '"ça" "été"*'),
    ],
)
def test_fts_query(typed: str, query: str | None) -> None:
    assert queries.fts_query(typed) == query


def test_fts_query_keeps_sixteen_words() -> None:
    query = queries.fts_query(" ".join(f"w{i}" for i in range(40)))
    assert query is not None and query.count('"') == 32


@pytest.mark.usefixtures("library")
async def test_search_finds_and_highlights(conn: aiosqlite.Connection) -> None:
    (hit,) = await queries.search(conn, "umbrella")
    assert (hit.story_id, hit.title) == ("103", "Last Rain in Midgar")
    assert f"{HIGHLIGHT_OPEN}umbrella{HIGHLIGHT_CLOSE}" in hit.snippet
    assert hit.as_json()["story"] == "103"


@pytest.mark.usefixtures("library")
async def test_search_keeps_adult_stories_back_when_asked(conn: aiosqlite.Connection) -> None:
    assert {h.story_id for h in await queries.search(conn, "rain")} == {"102", "103"}
    assert [h.story_id for h in await queries.search(conn, "rain", allow_adult=False)] == ["103"]
    assert await queries.count_search(conn, "rain") == 2
    assert await queries.count_search(conn, "rain", allow_adult=False) == 1


@pytest.mark.usefixtures("library")
async def test_search_pages(conn: aiosqlite.Connection) -> None:
    every = await queries.search(conn, "rain")
    assert await queries.search(conn, "rain", limit=1) == every[:1]
    assert await queries.search(conn, "rain", limit=1, offset=1) == every[1:2]
    assert await queries.search(conn, "rain", offset=2) == []
    assert await queries.count_search(conn, "rain", cap=1) == 1


@pytest.mark.usefixtures("library")
async def test_a_word_still_being_typed_matches_as_a_prefix(conn: aiosqlite.Connection) -> None:
    assert [h.story_id for h in await queries.search(conn, "umbr")] == ["103"]
    assert await queries.count_search(conn, "umbr") == 1


@pytest.mark.usefixtures("library")
async def test_nothing_searchable_finds_nothing(conn: aiosqlite.Connection) -> None:
    assert await queries.search(conn, "?!") == []
    assert await queries.count_search(conn, "") == 0
    assert await queries.search(conn, "xylophone") == []
