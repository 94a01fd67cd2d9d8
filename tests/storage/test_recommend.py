"""Recommendations in the domain: signals, reasons, filters, servers kept apart."""

from __future__ import annotations

import aiosqlite

from bot.library import ratings
from bot.storage import feedback, recommend, shelves
from bot.storage.db import fetch_all
from bot.storage.queries.filters import Exclusions, StoryFilter
from bot.storage.recommend import ReasonKind

G, OTHER_G = 10, 20
ME, YOU, THEM, NEW = 1, 2, 3, 99
SEPH, AERITH, CLOUD, TIFA = 1, 2, 3, 4
NAMES = {
    SEPH: "Sephiroth",
    AERITH: "Aerith Gainsborough",
    CLOUD: "Cloud Strife",
    TIFA: "Tifa Lockhart",
}
EVERYWHERE = StoryFilter(allow_adult=True)
GENERAL = StoryFilter(allow_adult=False)


async def _library(conn: aiosqlite.Connection) -> None:
    await conn.executemany(
        "INSERT INTO characters (id, name, fandom) VALUES (?, ?, 'FFVII')", NAMES.items()
    )
    for cid in NAMES:
        await conn.execute(
            "INSERT INTO character_stats (character_id, stories, general) VALUES (?, 5, 5)", (cid,)
        )


async def _story(
    conn: aiosqlite.Connection,
    sid: str,
    *,
    leads: tuple[int, ...],
    pairing: bool = False,
    author: str = "someone",
    rating: str = ratings.TEEN,
    words: int = 3000,
) -> None:
    await conn.execute(
        "INSERT INTO stories (id, file, content_hash, analysis_key, title, author, fandom, rating, "
        "adult, words, reading_minutes, loaded_at, updated_at) "
        "VALUES (?, ?, ?, 'k', ?, ?, 'FFVII', ?, ?, ?, 10, 'now', 'now')",
        (sid, sid, sid, f"Title {sid}", author, rating, rating in ratings.ADULT_RATINGS, words),
    )
    for cid in leads:
        await conn.execute(
            "INSERT INTO story_characters (story_id, character_id, role, role_rank, mentions, "
            "score, called) VALUES (?, ?, 'lead', 0, 9, 1.0, ?)",
            (sid, cid, NAMES[cid]),
        )
    if pairing:
        await conn.execute(
            "INSERT INTO pairings (story_id, pos, a, b) VALUES (?, 0, ?, ?)",
            (sid, NAMES[leads[0]], NAMES[leads[1]]),
        )


async def _kudos(conn: aiosqlite.Connection, guild: int, user: int, *sids: str) -> None:
    for sid in sids:
        await feedback.add_kudos(conn, guild, sid, user)


async def _seph_aerith_world(conn: aiosqlite.Connection) -> None:
    await _library(conn)
    for n in range(1, 6):
        await _story(conn, f"sa{n}", leads=(SEPH, AERITH), pairing=True)
    for n in range(1, 6):
        await _story(conn, f"ct{n}", leads=(CLOUD, TIFA), pairing=True)


async def test_a_reader_with_kudos_gets_stories_of_their_pairing_and_says_why(
    conn: aiosqlite.Connection,
) -> None:
    await _seph_aerith_world(conn)
    await _kudos(conn, G, ME, "sa1", "sa2", "sa3")
    recs = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=2)
    assert recs.personal
    assert [r.story.id for r in recs.items] == ["sa4", "sa5"]
    reason = recs.items[0].reason
    assert reason.kind is ReasonKind.PAIRING
    assert reason.text() == "because you gave kudos to 3 Aerith Gainsborough/Sephiroth stories"


async def test_finished_stories_by_an_author_are_a_reason(conn: aiosqlite.Connection) -> None:
    await _library(conn)
    await _story(conn, "a1", leads=(CLOUD,), author="quill")
    await _story(conn, "a2", leads=(TIFA,), author="quill")
    await _story(conn, "a3", leads=(SEPH,), author="quill")
    await _story(conn, "x1", leads=(AERITH,), author="other")
    for sid in ("a1", "a2"):
        await shelves.save(conn, G, ME, sid, status=shelves.ShelfStatus.FINISHED)
    recs = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=1)
    assert [r.story.id for r in recs.items] == ["a3"]
    assert recs.items[0].reason.text() == "You finished 2 stories by this author"


async def test_nothing_the_reader_touched_comes_back(conn: aiosqlite.Connection) -> None:
    await _seph_aerith_world(conn)
    await _kudos(conn, G, ME, "sa1")
    await feedback.store_reviews(
        conn, [feedback.ReviewDraft(G, "sa2", ME, "me", 5, "loved it, truly", False)]
    )
    await shelves.save(conn, G, ME, "sa3")
    await shelves.write_positions(conn, {(G, ME): (shelves.Position("sa4", 0, 2), "now")})
    recs = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=20)
    ids = [r.story.id for r in recs.items]
    assert ids[0] == "sa5"
    assert not {"sa1", "sa2", "sa3", "sa4"} & set(ids)


async def test_a_new_reader_gets_the_best_loved_and_is_told(conn: aiosqlite.Connection) -> None:
    await _seph_aerith_world(conn)
    await _kudos(conn, G, YOU, "ct2", "ct3")
    await _kudos(conn, G, THEM, "ct3")
    recs = await recommend.recommend(conn, G, NEW, EVERYWHERE, limit=2)
    assert not recs.personal
    assert [r.story.id for r in recs.items] == ["ct3", "ct2"]
    assert recs.items[0].reason.kind is ReasonKind.BEST_LOVED
    assert (
        recs.items[0].reason.text()
        == "One of this server's best-loved stories (2 readers loved it)"
    )


async def test_co_readers_lead_to_a_story_named_by_title_never_by_reader(
    conn: aiosqlite.Connection,
) -> None:
    await _library(conn)
    await _story(conn, "x", leads=(CLOUD,))
    await _story(conn, "y", leads=(SEPH,))
    await _story(conn, "z", leads=(TIFA,))
    await _kudos(conn, G, YOU, "x", "y")
    await _kudos(conn, G, THEM, "x", "y")
    await _kudos(conn, G, ME, "x")
    recs = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=1)
    assert [r.story.id for r in recs.items] == ["y"]
    text = recs.items[0].reason.text()
    assert text == "Readers here who loved *Title x* also loved this"


async def test_servers_never_mix(conn: aiosqlite.Connection) -> None:
    await _library(conn)
    await _story(conn, "x", leads=(CLOUD,))
    await _story(conn, "y", leads=(SEPH,))
    await _story(conn, "z", leads=(TIFA,))
    for user in range(100, 110):  # another server loves x and y together, and y most of all
        await _kudos(conn, OTHER_G, user, "x", "y")
    await _kudos(conn, G, YOU, "z")
    await _kudos(conn, G, ME, "x")
    recs = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=5)
    assert all(r.reason.kind is not ReasonKind.CO_READERS for r in recs.items)
    assert recs.items[0].story.id == "z"  # this server's best-loved, not the other's
    fresh = await recommend.recommend(conn, G, NEW, EVERYWHERE, limit=5)
    assert [r.story.id for r in fresh.items] == ["x", "z"]  # loved here once each; y never


async def test_adult_excluded_and_withdrawn_stories_never_show(conn: aiosqlite.Connection) -> None:
    await _seph_aerith_world(conn)
    await _story(conn, "adult", leads=(SEPH, AERITH), pairing=True, rating=ratings.EXPLICIT)
    await _story(conn, "gone", leads=(SEPH, AERITH), pairing=True)
    await conn.execute("UPDATE stories SET status = 'withdrawn' WHERE id = 'gone'")
    await _story(conn, "tifa", leads=(SEPH, TIFA))
    await _kudos(conn, G, ME, "sa1", "sa2")
    await _kudos(conn, G, YOU, "adult", "gone", "tifa", "sa1")
    await _kudos(conn, G, THEM, "adult", "gone", "tifa", "sa1")
    no_tifa = StoryFilter(
        allow_adult=False, exclusions=Exclusions(characters=frozenset({"tifa lockhart"}))
    )
    shown = {r.story.id for r in (await recommend.recommend(conn, G, ME, no_tifa)).items}
    assert shown and not shown & {"adult", "gone", "tifa"}
    assert not any(s.startswith("ct") for s in shown)  # Cloud/Tifa stories have Tifa as a lead
    grown = {r.story.id for r in (await recommend.recommend(conn, G, ME, EVERYWHERE)).items}
    assert "adult" in grown and "gone" not in grown


async def test_an_adult_story_is_not_named_in_a_general_channel(
    conn: aiosqlite.Connection,
) -> None:
    await _library(conn)
    await _story(conn, "adult", leads=(CLOUD,), rating=ratings.EXPLICIT)
    await _story(conn, "y", leads=(SEPH,))
    await _kudos(conn, G, YOU, "adult", "y")
    await _kudos(conn, G, THEM, "adult", "y")
    await _kudos(conn, G, ME, "adult")
    general = await recommend.recommend(conn, G, ME, GENERAL, limit=1)
    assert general.items[0].story.id == "y"
    assert "Title adult" not in general.items[0].reason.text()
    grown = await recommend.recommend(conn, G, ME, EVERYWHERE, limit=1)
    assert "*Title adult*" in grown.items[0].reason.text()


async def test_story_love_follows_kudos_and_reviews(conn: aiosqlite.Connection) -> None:
    await _seph_aerith_world(conn)

    async def loves() -> list[tuple[int, str, int, int]]:
        rows = await fetch_all(
            conn, "SELECT guild_id, story_id, kudos, liked FROM story_love WHERE kudos + liked > 0"
        )
        return sorted((r[0], r[1], r[2], r[3]) for r in rows)

    await _kudos(conn, G, ME, "sa1")
    await _kudos(conn, G, ME, "sa1")  # again: no change
    await _kudos(conn, OTHER_G, ME, "sa1")
    draft = feedback.ReviewDraft(G, "sa1", YOU, "you", 5, "loved it, truly", False)
    await feedback.store_reviews(conn, [draft])
    assert await loves() == [(G, "sa1", 1, 1), (OTHER_G, "sa1", 1, 0)]
    await feedback.store_reviews(
        conn, [feedback.ReviewDraft(G, "sa1", YOU, "you", 2, "not for me, sorry", False)]
    )
    assert await loves() == [(G, "sa1", 1, 0), (OTHER_G, "sa1", 1, 0)]
    await feedback.store_reviews(
        conn, [feedback.ReviewDraft(G, "sa1", YOU, "you", 4, "grew on me, truly", False)]
    )
    review = await feedback.get_review(conn, G, "sa1", YOU)
    assert review is not None
    await feedback.delete_review(conn, G, review.id)
    await conn.execute("DELETE FROM kudos WHERE guild_id = ? AND user_id = ?", (OTHER_G, ME))
    assert await loves() == [(G, "sa1", 1, 0)]
