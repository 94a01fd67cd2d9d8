"""Reviews, kudos and settings in the database: per server, committed, safe under concurrency."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite
import pytest

from bot.library.roster import Roster
from bot.storage import db, feedback
from bot.storage.loader import load_collection


async def _submit(
    conn: aiosqlite.Connection, user: int, *, guild: int = 1, story: str = "004", rating: int = 4
) -> feedback.SubmitResult:
    return await feedback.submit_review(
        conn,
        guild_id=guild,
        story_id=story,
        user_id=user,
        user_name=f"reader{user}",
        rating=rating,
        body="A lovely, sad little story.",
        spoiler=False,
    )


async def test_one_review_per_reader_per_story_per_server(conn: aiosqlite.Connection) -> None:
    first = await _submit(conn, 7, rating=5)
    again = await _submit(conn, 7, rating=2)
    assert not first.edited and again.edited and again.review.id == first.review.id
    elsewhere = await _submit(conn, 7, guild=2)
    assert elsewhere.review.id != first.review.id
    stats = await feedback.story_stats(conn, 1, "004")
    assert (stats.reviews, stats.average) == (1, 2.0)


async def test_many_concurrent_reviews_on_one_connection_are_all_stored(
    conn: aiosqlite.Connection,
) -> None:
    results = await asyncio.gather(*(_submit(conn, user) for user in range(200)))
    assert len({r.review.id for r in results}) == 200
    stats = await feedback.story_stats(conn, 1, "004")
    assert stats.reviews == 200


async def test_reviews_are_written_while_a_load_holds_its_own_connection(
    tmp_path: Path, seeds_dir: Path, roster: Roster
) -> None:
    path = tmp_path / "shared.sqlite3"
    bot_conn = await db.connect(path)
    load_conn = await db.connect(path)
    try:
        load = asyncio.create_task(load_collection(load_conn, seeds_dir, roster))
        reviews = await asyncio.gather(*(_submit(bot_conn, u) for u in range(50)))
        await load
        assert len(reviews) == 50
        assert (await feedback.story_stats(bot_conn, 1, "004")).reviews == 50
    finally:
        await bot_conn.close()
        await load_conn.close()


async def test_kudos_once_per_reader(conn: aiosqlite.Connection) -> None:
    assert (await feedback.add_kudos(conn, 1, "000", 5)).added
    again = await feedback.add_kudos(conn, 1, "000", 5)
    assert not again.added and again.total == 1
    assert (await feedback.add_kudos(conn, 2, "000", 5)).total == 1


async def test_unposted_reviews_until_marked(conn: aiosqlite.Connection) -> None:
    result = await _submit(conn, 1)
    assert [r.id for r in await feedback.unposted_reviews(conn, 1)] == [result.review.id]
    await feedback.mark_posted(conn, result.review, channel_id=10, message_id=20)
    assert await feedback.unposted_reviews(conn, 1) == []
    edited = await _submit(conn, 1, rating=1)
    assert [r.id for r in await feedback.unposted_reviews(conn, 1)] == [edited.review.id]


@pytest.mark.parametrize(
    ("rating", "text", "ok"),
    [
        ("5", "Wonderful story!", True),
        ("0", "Wonderful story!", False),
        ("6", "Wonderful story!", False),
        ("x", "Wonderful story!", False),
        ("3", "short", False),
        ("3", "y" * 2001, False),
        (" 4 ", "  padded text ok  ", True),
    ],
)
def test_validate_review(rating: str, text: str, ok: bool) -> None:
    if ok:
        assert feedback.validate_review(rating, text)[0] in range(1, 6)
    else:
        with pytest.raises(feedback.ReviewError):
            feedback.validate_review(rating, text)


def _draft(
    user: int, *, rating: int = 4, guild: int = 1, story: str = "004"
) -> feedback.ReviewDraft:
    return feedback.ReviewDraft(
        guild, story, user, f"reader{user}", rating, "Lovely and sad.", False
    )


async def test_a_burst_of_reviews_shares_a_few_commits(conn: aiosqlite.Connection) -> None:
    commits = 0

    def trace(sql: str) -> None:
        nonlocal commits
        commits += sql.strip().upper() == "COMMIT"

    await conn.set_trace_callback(trace)
    writer = feedback.ReviewWriter(conn)
    await writer.submit(_draft(0))  # the reader's earlier review: the burst edits it
    results = await asyncio.gather(*(writer.submit(_draft(user, rating=3)) for user in range(300)))
    await conn.set_trace_callback(None)
    assert [r.review.user_id for r in results] == list(range(300)), "each gets its own result"
    assert results[0].edited and not any(r.edited for r in results[1:])
    assert all(r.review.rating == 3 for r in results)
    assert commits <= 4, f"{commits} commits for 301 reviews"
    stored = await conn.execute_fetchall("SELECT count(*) FROM reviews")
    assert [tuple(r) for r in stored] == [(300,)]


async def test_a_bad_review_in_a_burst_fails_alone(conn: aiosqlite.Connection) -> None:
    writer = feedback.ReviewWriter(conn)
    drafts = [_draft(user, rating=9 if user == 5 else 4) for user in range(20)]
    results = await asyncio.gather(*(writer.submit(d) for d in drafts), return_exceptions=True)
    failed = [n for n, r in enumerate(results) if isinstance(r, BaseException)]
    assert failed == [5]
    assert isinstance(results[5], aiosqlite.IntegrityError)
    stored = await conn.execute_fetchall("SELECT user_id FROM reviews ORDER BY user_id")
    assert [r[0] for r in stored] == [n for n in range(20) if n != 5]
