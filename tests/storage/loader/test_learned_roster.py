"""The roster a load learns from the collection's tags, end to end through storage."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.library import learned
from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection
from tests.library.characters import stories


def _collection(folder: Path) -> Path:
    folder.mkdir()
    (folder / "001_hp_tagged.txt").write_text(stories.HP_TAGGED, encoding="utf-8")
    (folder / "002_hp_untagged.txt").write_text(stories.HP_UNTAGGED, encoding="utf-8")
    (folder / "003_naruto.txt").write_text(stories.NARUTO_UNTAGGED, encoding="utf-8")
    return folder


async def test_by_character_finds_a_tagged_character_of_any_fandom(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = _collection(tmp_path / "stories")
    report = await load_collection(conn, folder, roster)
    assert report.loaded == 3
    draco = await queries.resolve_character(conn, "draco")
    assert draco is not None
    assert (draco.name, draco.fandom) == ("Draco Malfoy", "Harry Potter - J. K. Rowling")
    assert await queries.resolve_character(conn, "Malfoy") == draco
    found = await queries.stories_by_character(conn, draco.id)
    # The untagged story is read with the roster the tagged one taught.
    assert {s.id for s in found} == {"001", "002"}
    assert await queries.resolve_character(conn, "original") is None


async def test_friendships_are_stored_apart_from_pairings(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = _collection(tmp_path / "stories")
    await load_collection(conn, folder, roster)
    story = await queries.get_story(conn, "001")
    assert story is not None
    assert story.pairings == [("Draco Malfoy", "Harry Potter")]
    assert story.friendships == [("Hermione Granger", "Harry Potter")]
    harry = await queries.resolve_character(conn, "harry")
    assert harry is not None
    listed = {s.id: s.pairings for s in await queries.stories_by_character(conn, harry.id)}
    assert listed["001"] == [("Draco Malfoy", "Harry Potter")]


async def test_a_correction_reanalyses_on_the_next_load(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = _collection(tmp_path / "stories")
    await load_collection(conn, folder, roster)
    again = await load_collection(conn, folder, roster)
    assert again.unchanged == 3
    corrections = learned.Corrections(aliases={"Draco Malfoy": ["Dray"]})
    corrections.save(learned.corrections_path(folder))
    after = await load_collection(conn, folder, roster)
    assert after.updated == 3, "the learned roster changed: every story is read again"
    dray = await queries.resolve_character(conn, "dray")
    assert dray is not None and dray.name == "Draco Malfoy"
