"""Stories by id and in id order, with their cast; their paragraphs."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection

pytestmark = pytest.mark.usefixtures("library")


async def test_list_stories_in_id_order_with_cast_and_pairings(conn: aiosqlite.Connection) -> None:
    stories = await queries.list_stories(conn)
    assert [s.id for s in stories] == ["101", "102", "103", "104"]
    bar = stories[0]
    assert (bar.title, bar.rating, bar.fandom) == (
        "Last Orders",
        "General Audiences",
        "Final Fantasy VII",
    )
    assert [(c.name, c.role) for c in bar.characters] == [
        ("Cloud Strife", "lead"),
        ("Tifa Lockhart", "lead"),
    ]
    assert bar.pairings == [("Cloud Strife", "Tifa Lockhart")]
    # Leads before those only mentioned.
    assert [c.role for c in stories[3].characters] == ["lead", "mentioned"]


async def test_list_stories_pages(conn: aiosqlite.Connection) -> None:
    page = await queries.list_stories(conn, limit=2, offset=1)
    assert [s.id for s in page] == ["102", "103"]


async def test_get_story_by_id_with_or_without_cast(conn: aiosqlite.Connection) -> None:
    story = await queries.get_story(conn, "  103 ")
    assert story is not None and story.title == "Last Rain in Midgar"
    assert {c.name for c in story.characters} == {"Cloud Strife", "Zack Fair"}
    bare = await queries.get_story(conn, "103", with_cast=False)
    assert bare is not None and bare.characters == [] and bare.pairings == []
    assert bare.revision == story.revision != ""
    assert await queries.get_story(conn, "999") is None


async def test_adult_is_mature_or_explicit(conn: aiosqlite.Connection) -> None:
    adult = {s.id: s.adult for s in await queries.list_stories(conn)}
    assert adult == {"101": False, "102": True, "103": False, "104": True}


async def test_as_json_says_which_fields_were_given(conn: aiosqlite.Connection) -> None:
    story = await queries.get_story(conn, "101")
    assert story is not None
    data = story.as_json()
    assert data["title"] == "Last Orders" and data["title_derived"] is False
    assert data["rating_derived"] is False and data["author_derived"] is True
    assert data["pairings"] == [["Cloud Strife", "Tifa Lockhart"]]
    assert data["characters"] == [
        {"name": "Cloud Strife", "role": "lead", "mentions": 2, "called": "Cloud"},
        {"name": "Tifa Lockhart", "role": "lead", "mentions": 1, "called": "Tifa"},
    ]


async def test_withdrawn_stories_only_when_asked(
    conn: aiosqlite.Connection, library: Path, roster: Roster
) -> None:
    (library / "102_church.txt").unlink()
    await load_collection(conn, library, roster)
    assert await queries.get_story(conn, "102") is None
    withdrawn = await queries.get_story(conn, "102", include_withdrawn=True)
    assert withdrawn is not None and withdrawn.status == "withdrawn"
    assert [s.id for s in await queries.list_stories(conn)] == ["101", "103", "104"]
    every = await queries.list_stories(conn, include_withdrawn=True)
    assert [s.id for s in every] == ["101", "102", "103", "104"]


async def test_revision_changes_with_the_text(
    conn: aiosqlite.Connection, library: Path, roster: Roster
) -> None:
    before = await queries.get_story(conn, "101")
    path = library / "101_bar.txt"
    path.write_text(
        path.read_text() + "\nTifa poured him another and said nothing more about it.\n"
    )
    await load_collection(conn, library, roster)
    after = await queries.get_story(conn, "101")
    assert before is not None and after is not None
    assert before.revision != after.revision


async def test_paragraphs_and_sections_in_order(conn: aiosqlite.Connection) -> None:
    paragraphs = await queries.story_paragraphs(conn, "101")
    body = [p for p in paragraphs if p.section == "body"]
    assert len(body) == 2
    assert body[0].text.startswith("Cloud walked into the bar")
    assert body[1].text.startswith('"You\'re back,"')
    sections = await queries.story_sections(conn, "101")
    assert list(sections)[:5] == ["header", "notes", "disclaimer", "body", "end_notes"]
    assert sections["body"] == [p.text for p in body]
    assert await queries.story_paragraphs(conn, "999") == []
