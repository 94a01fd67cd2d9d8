"""Loading a collection: idempotent, incremental, crash-safe, and tolerant of bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import queries
from bot.storage.loader import load_collection, run, writes

STORY = """A/N: My first fic, please review!

Cloud walked into the bar and ordered a drink. Tifa looked up from the glass she was polishing and smiled at him, the way she always did when he came home late.

"You're back," she said. Cloud nodded and sat down, and for a while neither of them said anything at all, which was how they liked it.
"""


async def _count(conn: aiosqlite.Connection, sql: str, *args: object) -> int:
    async with conn.execute(sql, args) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_seeds_load_and_second_load_writes_nothing(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    first = await load_collection(conn, seeds_dir, roster)
    assert (first.loaded, first.updated, first.unchanged, first.withdrawn) == (2, 0, 0, 0)
    assert first.skipped == []
    changes = conn.total_changes
    second = await load_collection(conn, seeds_dir, roster)
    assert (second.loaded, second.updated, second.unchanged, second.withdrawn) == (0, 0, 2, 0)
    assert conn.total_changes == changes, "an unchanged collection must cost no writes"


async def test_edited_story_keeps_its_id_and_content_is_replaced(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    path = seeds_dir / "000_b328c468dee5ffa1.txt"
    path.write_text(
        path.read_text() + "\n\nHe walked away, and did not look back at the kneeling man."
    )
    report = await load_collection(conn, seeds_dir, roster)
    assert (report.loaded, report.updated, report.unchanged) == (0, 1, 1)
    story = await queries.get_story(conn, "000")
    assert story is not None and story.status == "active"
    sections = await queries.story_sections(conn, "000")
    assert sections["body"][-1].startswith("He walked away")
    assert await _count(conn, "SELECT count(*) FROM stories") == 2


async def test_removed_story_is_withdrawn_not_deleted_and_comes_back(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, tmp_path: Path
) -> None:
    await load_collection(conn, seeds_dir, roster)
    path = seeds_dir / "004_ce5a30b05ee326c2.txt"
    kept = tmp_path / "kept.txt"
    shutil.move(path, kept)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.withdrawn == 1
    assert await queries.get_story(conn, "004") is None
    withdrawn = await queries.get_story(conn, "004", include_withdrawn=True)
    assert withdrawn is not None and withdrawn.status == "withdrawn"
    assert [s.id for s in await queries.list_stories(conn)] == ["000"]
    for _ in range(20):  # never served again while withdrawn
        excerpt = await queries.random_passage(conn)
        assert excerpt is not None and excerpt.story_id == "000"
    shutil.move(kept, path)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.updated == 1
    assert (await queries.get_story(conn, "004")) is not None


async def test_renamed_file_keeps_its_story(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    (seeds_dir / "004_ce5a30b05ee326c2.txt").rename(seeds_dir / "a-new-name.txt")
    report = await load_collection(conn, seeds_dir, roster)
    assert report.withdrawn == 0 and report.loaded == 0 and report.updated == 1
    assert [s.id for s in await queries.list_stories(conn)] == ["000", "004"]


async def test_same_text_under_two_names_loads_once_with_a_warning(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(seeds_dir / "000_b328c468dee5ffa1.txt", seeds_dir / "copy-of-drabble.txt")
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 2
    assert any("same text" in w for w in report.warnings)
    assert "same text" in caplog.text
    assert [s.id for s in await queries.list_stories(conn)] == ["000", "004"]


async def test_ids_from_leading_numbers_and_slugs_and_collisions(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "017_first.txt").write_text(STORY)
    (folder / "017_second.txt").write_text(STORY.replace("Cloud", "Zack"))
    (folder / "My Story (Final!).txt").write_text(STORY.replace("bar", "church"))
    await load_collection(conn, folder, roster)
    ids = sorted(s.id for s in await queries.list_stories(conn))
    assert ids == ["017", "017-2", "my-story-final"]
    # Ids survive a reload untouched.
    await load_collection(conn, folder, roster)
    assert sorted(s.id for s in await queries.list_stories(conn)) == ids


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n\t\n", "empty"),
        (
            "notes-only.txt",
            b"A/N: Story coming soon, please review!\n\nDisclaimer: I don't own FF7.",
            "no story text",
        ),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    ],
)
async def test_bad_file_is_skipped_with_reason_and_the_rest_loads(
    conn: aiosqlite.Connection,
    seeds_dir: Path,
    roster: Roster,
    caplog: pytest.LogCaptureFixture,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    (seeds_dir / name).write_bytes(content)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 2
    assert [(s.file, reason in s.reason) for s in report.skipped] == [(name, True)]
    assert name in caplog.text and reason in caplog.text


async def test_oversized_file_is_skipped_without_reading_it(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "MAX_FILE_BYTES", 5000)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 1
    assert [s.file for s in report.skipped] == ["004_ce5a30b05ee326c2.txt"]
    assert "size limit" in report.skipped[0].reason


async def test_non_story_files_are_not_loaded(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    (seeds_dir / "README.md").write_text(STORY)
    (seeds_dir / ".hidden.txt").write_text(STORY)
    (seeds_dir / ".drafts").mkdir()
    (seeds_dir / ".drafts" / "draft.txt").write_text(STORY)
    (seeds_dir / "notes.toml").write_text('title = "x"')
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 2 and report.skipped == []


async def test_sidecar_metadata_is_used(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "bar.txt").write_text(STORY)
    (folder / "bar.toml").write_text(
        'title = "Last Orders"\nauthor = "seventh_heaven"\nrating = "Teen And Up Audiences"\n'
        'relationships = ["Cloud Strife/Tifa Lockhart"]\n'
    )
    await load_collection(conn, folder, roster)
    story = await queries.get_story(conn, "bar")
    assert story is not None
    assert (story.title, story.author, story.rating) == (
        "Last Orders",
        "seventh_heaven",
        "Teen And Up Audiences",
    )
    assert not story.title_derived and "author" not in story.derived
    assert ("Cloud Strife", "Tifa Lockhart") in story.pairings


async def test_broken_sidecar_is_reported_and_story_still_loads(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "bar.txt").write_text(STORY)
    (folder / "bar.toml").write_text("title = [unclosed")
    report = await load_collection(conn, folder, roster)
    assert report.loaded == 1
    assert any("bar.txt" in w and "sidecar" in w for w in report.warnings)


async def _account(conn: aiosqlite.Connection, story_id: str) -> int | None:
    async with conn.execute("SELECT author_user_id FROM stories WHERE id = ?", (story_id,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    return None if row[0] is None else int(row[0])


async def test_sidecar_names_the_authors_discord_account(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("quoted", "number", "typo", "words"):
        (folder / f"{name}.txt").write_text(STORY.replace("first fic", f"{name} fic"))
    (folder / "quoted.toml").write_text('discord_user_id = "123456789012345678"\n')
    (folder / "number.toml").write_text('title = "N"\ndiscord_user_id = 223456789012345678\n')
    (folder / "typo.toml").write_text('discord_user_id = "12345"\n')
    (folder / "words.toml").write_text('discord_user_id = "@wren"\n')
    report = await load_collection(conn, folder, roster)
    assert report.loaded == 4 and report.skipped == []
    assert await _account(conn, "quoted") == 123456789012345678
    assert await _account(conn, "number") == 223456789012345678
    # Not a snowflake: the story loads with no account, and the load says why.
    assert await _account(conn, "typo") is None
    assert await _account(conn, "words") is None
    bad = [w for w in report.warnings if "discord_user_id" in w]
    assert len(bad) == 2 and any(w.startswith("typo.txt") for w in bad)
    assert all("not a Discord account id" in w for w in bad)

    # The sidecar is the source of truth: changed (and the story re-read), the account follows.
    (folder / "quoted.toml").write_text('discord_user_id = "323456789012345678"\n')
    await conn.execute("UPDATE stories SET analysis_key = 'stale' WHERE id = 'quoted'")
    await conn.commit()
    await load_collection(conn, folder, roster)
    assert await _account(conn, "quoted") == 323456789012345678


async def test_a_crash_mid_batch_leaves_every_story_whole_or_absent(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = writes._write_story

    def failing(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("power cut")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writes, "_write_story", failing)
    with pytest.raises(RuntimeError):
        await load_collection(conn, seeds_dir, roster)
    for table in ("stories", "paragraphs", "passages", "story_characters"):
        assert await _count(conn, f"SELECT count(*) FROM {table}") == 0, table
    monkeypatch.setattr(writes, "_write_story", real)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 2
    integrity = await (await conn.execute("PRAGMA integrity_check")).fetchone()
    assert integrity is not None and integrity[0] == "ok"


async def test_roster_change_reanalyses_unchanged_files(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster
) -> None:
    await load_collection(conn, seeds_dir, roster)
    roster_file = seeds_dir / "characters.toml"
    roster_file.write_text(roster_file.read_text() + "\n# edited\n")
    edited = Roster.load(roster_file)
    report = await load_collection(conn, seeds_dir, edited)
    assert report.updated == 2 and report.unchanged == 0


async def test_missing_folder_is_an_error(
    conn: aiosqlite.Connection, tmp_path: Path, roster: Roster
) -> None:
    with pytest.raises(FileNotFoundError):
        await load_collection(conn, tmp_path / "nope", roster)


async def test_html_and_epub_stories_load_and_broken_ones_are_skipped(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.library.formats import builders
    from tests.library.formats.test_downloads import WORK

    (seeds_dir / "ledger.html").write_bytes(builders.ao3_html(WORK))
    (seeds_dir / "ledger-book.epub").write_bytes(builders.ao3_epub(WORK))
    (seeds_dir / "torn.epub").write_bytes(builders.ao3_epub(WORK)[:200])
    (seeds_dir / "picture.htm").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 4  # the two seeds, the HTML and the EPUB
    skipped = {s.file: s.reason for s in report.skipped}
    assert set(skipped) == {"torn.epub", "picture.htm"}
    assert "not a valid EPUB" in skipped["torn.epub"]
    assert "not an HTML file" in skipped["picture.htm"]
    for name, reason in skipped.items():
        assert f"skipped {name}: {reason}" in caplog.text
    async with conn.execute(
        "SELECT title, rating, adult FROM stories WHERE file IN ('ledger.html', 'ledger-book.epub')"
    ) as cur:
        rows = {tuple(r) for r in await cur.fetchall()}
    assert rows == {("The Lamplighter's Ledger", "Mature", 1)}


async def test_a_rating_not_understood_is_adult_and_logged(
    conn: aiosqlite.Connection, seeds_dir: Path, roster: Roster, caplog: pytest.LogCaptureFixture
) -> None:
    (seeds_dir / "odd.txt").write_text("Title: Odd\nRating: spicy-ish\n\n" + STORY)
    report = await load_collection(conn, seeds_dir, roster)
    assert report.loaded == 3
    assert "odd.txt: rating 'spicy-ish' not understood: treated as Explicit (adult)" in caplog.text
    assert any("odd.txt" in w and "spicy-ish" in w for w in report.warnings)
    async with conn.execute("SELECT rating, adult FROM stories WHERE file = 'odd.txt'") as cur:
        row = await cur.fetchone()
    assert row is not None and tuple(row) == ("Explicit", 1)
