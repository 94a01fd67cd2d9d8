"""What readers give back, per server: reviews, kudos, and the server's feedback settings.

Everything here commits before it returns, so a caller that thanks the reader afterwards never
thanks them for something that could still be lost. Every query is scoped by guild: one server
never sees another's reviews, kudos or settings.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiosqlite

from bot.storage.db import fetch_all, fetch_one
from bot.storage.tx import transaction

REVIEW_MIN_CHARS = 10
REVIEW_MAX_CHARS = 2000


class ReviewError(ValueError):
    """A review that cannot be accepted; the message is for the reader."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def validate_review(rating: str | int, text: str) -> tuple[int, str]:
    """Check a submitted rating and text; returns them cleaned or raises ReviewError."""
    try:
        value = int(str(rating).strip())
    except ValueError:
        raise ReviewError("Pick a rating from 1 to 5 stars.") from None
    if not 1 <= value <= 5:
        raise ReviewError("Pick a rating from 1 to 5 stars.")
    body = text.strip()
    if len(body) < REVIEW_MIN_CHARS:
        raise ReviewError(
            f"Say a little more: a review needs at least {REVIEW_MIN_CHARS} characters."
        )
    if len(body) > REVIEW_MAX_CHARS:
        raise ReviewError(
            f"That review is too long: at most {REVIEW_MAX_CHARS} characters, please."
        )
    return value, body


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    guild_id: int
    story_id: str
    user_id: int
    user_name: str
    rating: int
    body: str
    spoiler: bool
    created_at: str
    updated_at: str
    posted_channel_id: int | None
    posted_message_id: int | None
    posted_version: str | None
    attempt: PostAttempt | None = None  # a send of the current version not yet recorded

    @property
    def needs_posting(self) -> bool:
        return self.posted_version != self.updated_at

    @property
    def nonce(self) -> str:
        """The nonce every send of this version carries: the same on every retry (and after a
        restart), so Discord can answer a repeat with the message it already made."""
        return post_nonce(self.id, self.updated_at)


def post_nonce(review_id: int, version: str) -> str:
    # Discord takes nonces of at most 25 characters.
    digest = hashlib.blake2s(f"{review_id}:{version}".encode(), digest_size=10).hexdigest()
    return f"rv-{digest}"


@dataclass(frozen=True, slots=True)
class PostAttempt:
    """A post that was sent, maybe accepted, and not recorded: where and since when to look."""

    nonce: str
    thread_id: int
    started_at: str  # ISO time, before the send


_REVIEW_COLUMNS = (
    "id, guild_id, story_id, user_id, user_name, rating, body, spoiler, created_at, updated_at, "
    "posted_channel_id, posted_message_id, posted_version, post_nonce, post_thread_id, "
    "post_started_at"
)


def _review(row: aiosqlite.Row) -> Review:
    return Review(
        id=row[0],
        guild_id=row[1],
        story_id=row[2],
        user_id=row[3],
        user_name=row[4],
        rating=row[5],
        body=row[6],
        spoiler=bool(row[7]),
        created_at=row[8],
        updated_at=row[9],
        posted_channel_id=row[10],
        posted_message_id=row[11],
        posted_version=row[12],
        attempt=(
            PostAttempt(row[13], row[14], row[15])
            if row[13] is not None and row[14] is not None and row[15] is not None
            else None
        ),
    )


@dataclass(frozen=True, slots=True)
class SubmitResult:
    review: Review
    edited: bool  # True when this replaced the reader's earlier review of the story


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    """A validated review on its way to the database."""

    guild_id: int
    story_id: str
    user_id: int
    user_name: str
    rating: int
    body: str
    spoiler: bool

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.guild_id, self.story_id, self.user_id)


# Reviews stored in one statement at most: 3 bound values each, far under SQLite's limit.
_CHUNK = 200

_UPSERT = """INSERT INTO reviews (guild_id, story_id, user_id, user_name, rating, body, spoiler,
                                  created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (guild_id, story_id, user_id) DO UPDATE SET
                 user_name = excluded.user_name, rating = excluded.rating, body = excluded.body,
                 spoiler = excluded.spoiler, updated_at = excluded.updated_at"""


async def _stored(
    conn: aiosqlite.Connection, keys: list[tuple[int, str, int]]
) -> dict[tuple[int, str, int], Review]:
    """The stored reviews with these (guild, story, reader) keys, one statement per chunk."""
    found: dict[tuple[int, str, int], Review] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        values = ",".join(["(?, ?, ?)"] * len(chunk))
        # A join from the listed keys (not "IN (VALUES …)", which scans every review).
        rows = await conn.execute_fetchall(
            f"SELECT {_REVIEW_COLUMNS} FROM (VALUES {values}) AS k CROSS JOIN reviews "
            "ON guild_id = k.column1 AND story_id = k.column2 AND user_id = k.column3",
            [v for key in chunk for v in key],
        )
        for row in rows:
            review = _review(row)
            found[(review.guild_id, review.story_id, review.user_id)] = review
    return found


async def store_reviews(
    conn: aiosqlite.Connection, drafts: Sequence[ReviewDraft]
) -> list[SubmitResult]:
    """Store reviews (each replacing its reader's earlier one), all in one transaction that is
    committed before returning. Results are in the order of ``drafts``."""
    if not drafts:
        return []
    now = _now()
    keys = [d.key for d in drafts]
    async with transaction(conn):
        before = await _stored(conn, keys)
        await conn.executemany(
            _UPSERT,
            [(*d.key, d.user_name, d.rating, d.body, int(d.spoiler), now, now) for d in drafts],
        )
        after = await _stored(conn, keys)
    return [SubmitResult(after[key], key in before) for key in keys]


async def submit_review(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    story_id: str,
    user_id: int,
    user_name: str,
    rating: int,
    body: str,
    spoiler: bool,
) -> SubmitResult:
    """Store a review (or replace the reader's earlier one), committed before returning."""
    draft = ReviewDraft(guild_id, story_id, user_id, user_name, rating, body, spoiler)
    return (await store_reviews(conn, [draft]))[0]


class ReviewWriter:
    """Group commit for the bot's reviews.

    Readers who submit at the same moment share one transaction: while one batch is being
    written, the next ones queue up and go in together, so a burst of 500 costs a few
    transactions instead of 500 (each waits its turn for the connection's write lock).
    Every caller still gets its own result only after its review is committed. A batch that
    fails is retried one review at a time, so one bad review never sinks the others.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._queue: list[tuple[ReviewDraft, asyncio.Future[SubmitResult]]] = []
        self._writer: asyncio.Task[None] | None = None

    def enqueue(self, draft: ReviewDraft) -> asyncio.Future[SubmitResult]:
        """Queue a review; the future resolves once it is committed (or fails)."""
        future: asyncio.Future[SubmitResult] = asyncio.get_running_loop().create_future()
        self._queue.append((draft, future))
        if self._writer is None or self._writer.done():
            # Named as background work: it outlives the interaction that started it.
            self._writer = asyncio.create_task(self._drain(), name="ficbot-background-reviews")
        return future

    async def submit(self, draft: ReviewDraft) -> SubmitResult:
        # Shielded: a reader's task being cancelled must not cancel a write others share.
        return await asyncio.shield(self.enqueue(draft))

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:_BATCH], self._queue[_BATCH:]
            try:
                results = await store_reviews(self._conn, [d for d, _ in batch])
            except Exception:
                if len(batch) == 1:
                    _settle(batch[0][1], error=sys.exc_info()[1])
                    continue
                for draft, future in batch:
                    try:
                        (one,) = await store_reviews(self._conn, [draft])
                    except Exception as exc:
                        _settle(future, error=exc)
                    else:
                        _settle(future, result=one)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result=result)


# The most reviews one group commit takes; a bigger burst is written in several.
_BATCH = 1000


def _settle(
    future: asyncio.Future[SubmitResult],
    *,
    result: SubmitResult | None = None,
    error: BaseException | None = None,
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    elif result is not None:
        future.set_result(result)


async def get_review(
    conn: aiosqlite.Connection, guild_id: int, story_id: str, user_id: int
) -> Review | None:
    row = await fetch_one(
        conn,
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE guild_id = ? AND story_id = ? AND user_id = ?",
        (guild_id, story_id, user_id),
    )
    return _review(row) if row else None


async def review_by_id(conn: aiosqlite.Connection, guild_id: int, review_id: int) -> Review | None:
    row = await fetch_one(
        conn,
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE guild_id = ? AND id = ?",
        (guild_id, review_id),
    )
    return _review(row) if row else None


async def delete_review(conn: aiosqlite.Connection, guild_id: int, review_id: int) -> Review | None:
    """Remove a review; returns what was removed (to take its post down too), or None."""
    review = await review_by_id(conn, guild_id, review_id)
    if review is None:
        return None
    async with transaction(conn):
        await conn.execute(
            "DELETE FROM reviews WHERE guild_id = ? AND id = ?", (guild_id, review_id)
        )
    return review


async def list_reviews(
    conn: aiosqlite.Connection, guild_id: int, story_id: str, *, limit: int = 10, offset: int = 0
) -> list[Review]:
    rows = await fetch_all(
        conn,
        f"""SELECT {_REVIEW_COLUMNS} FROM reviews WHERE guild_id = ? AND story_id = ?
            ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?""",
        (guild_id, story_id, limit, offset),
    )
    return [_review(r) for r in rows]


@dataclass(frozen=True, slots=True)
class StoryStats:
    reviews: int
    average: float | None
    kudos: int


async def story_stats(
    conn: aiosqlite.Connection, guild_id: int | None, story_id: str
) -> StoryStats:
    stats = await stories_stats(conn, guild_id, [story_id])
    return stats[story_id]


async def stories_stats(
    conn: aiosqlite.Connection, guild_id: int | None, story_ids: list[str]
) -> dict[str, StoryStats]:
    """Review count, average rating and kudos of each story in this server (none outside one)."""
    out = {sid: StoryStats(0, None, 0) for sid in story_ids}
    if guild_id is None or not story_ids:
        return out
    marks = ",".join("?" * len(story_ids))
    reviews: dict[str, tuple[int, float]] = {}
    for row in await fetch_all(
        conn,
        f"""SELECT story_id, count(*), avg(rating) FROM reviews
            WHERE guild_id = ? AND story_id IN ({marks}) GROUP BY story_id""",
        (guild_id, *story_ids),
    ):
        reviews[row[0]] = (int(row[1]), float(row[2]))
    kudos: dict[str, int] = {}
    for row in await fetch_all(
        conn,
        f"""SELECT story_id, count(*) FROM kudos WHERE guild_id = ? AND story_id IN ({marks})
            GROUP BY story_id""",
        (guild_id, *story_ids),
    ):
        kudos[row[0]] = int(row[1])
    for sid in story_ids:
        count, avg = reviews.get(sid, (0, 0.0))
        out[sid] = StoryStats(count, round(avg, 2) if count else None, kudos.get(sid, 0))
    return out


async def begin_post(conn: aiosqlite.Connection, review: Review, *, thread_id: int) -> Review:
    """Record, before sending, that this version is being posted in this thread (see
    PostAttempt). A repeat attempt in the same thread keeps the first one's start time."""
    attempt = review.attempt
    if attempt is None or attempt.nonce != review.nonce or attempt.thread_id != thread_id:
        attempt = PostAttempt(review.nonce, thread_id, _now())
    async with transaction(conn):
        await conn.execute(
            """UPDATE reviews SET post_nonce = ?, post_thread_id = ?, post_started_at = ?
               WHERE id = ? AND updated_at = ?""",
            (attempt.nonce, attempt.thread_id, attempt.started_at, review.id, review.updated_at),
        )
    return replace(review, attempt=attempt)


async def mark_posted(
    conn: aiosqlite.Connection, review: Review, *, channel_id: int, message_id: int
) -> bool:
    """Record where a version of a review was posted, so it is never posted twice. False when
    the review is gone (deleted while it was being posted): its post should go too."""
    async with transaction(conn):
        cur = await conn.execute(
            """UPDATE reviews SET posted_channel_id = ?, posted_message_id = ?, posted_version = ?,
                   post_nonce = NULL, post_thread_id = NULL, post_started_at = NULL
               WHERE id = ? AND updated_at = ?""",
            (channel_id, message_id, review.updated_at, review.id, review.updated_at),
        )
        if cur.rowcount == 1:
            return True
        row = await fetch_one(conn, "SELECT 1 FROM reviews WHERE id = ?", (review.id,))
    # Edited meanwhile: the newer version is still to be posted (over this post).
    return row is not None


async def unposted_reviews(conn: aiosqlite.Connection, guild_id: int) -> list[Review]:
    rows = await fetch_all(
        conn,
        f"""SELECT {_REVIEW_COLUMNS} FROM reviews
            WHERE guild_id = ? AND posted_version IS NOT updated_at ORDER BY id""",
        (guild_id,),
    )
    return [_review(r) for r in rows]


async def guilds_with_unposted(conn: aiosqlite.Connection) -> list[int]:
    rows = await fetch_all(
        conn, "SELECT DISTINCT guild_id FROM reviews WHERE posted_version IS NOT updated_at"
    )
    return [int(r[0]) for r in rows]


@dataclass(frozen=True, slots=True)
class KudosResult:
    added: bool  # False: this reader had already left kudos
    total: int


async def add_kudos(
    conn: aiosqlite.Connection, guild_id: int, story_id: str, user_id: int
) -> KudosResult:
    async with transaction(conn):
        cur = await conn.execute(
            "INSERT OR IGNORE INTO kudos (guild_id, story_id, user_id, created_at) VALUES (?, ?, ?, ?)",
            (guild_id, story_id, user_id, _now()),
        )
        added = cur.rowcount == 1
    stats = await story_stats(conn, guild_id, story_id)
    return KudosResult(added, stats.kudos)


@dataclass(frozen=True, slots=True)
class FeedbackChannels:
    """Where a server's reviews go: adult stories' reviews only to an age-restricted channel."""

    general: int | None
    adult: int | None

    def for_story(self, adult: bool) -> int | None:
        return self.adult if adult else self.general


async def feedback_channels(conn: aiosqlite.Connection, guild_id: int) -> FeedbackChannels:
    row = await fetch_one(
        conn,
        "SELECT feedback_channel_id, adult_feedback_channel_id FROM guild_settings "
        "WHERE guild_id = ?",
        (guild_id,),
    )
    if row is None:
        return FeedbackChannels(None, None)
    return FeedbackChannels(
        int(row[0]) if row[0] is not None else None, int(row[1]) if row[1] is not None else None
    )


async def set_feedback_channels(
    conn: aiosqlite.Connection, guild_id: int, channel_id: int, adult_channel_id: int | None
) -> None:
    async with transaction(conn):
        await conn.execute(
            """INSERT INTO guild_settings
                   (guild_id, feedback_channel_id, adult_feedback_channel_id, updated_at)
               VALUES (?, ?, ?, ?)
               ON CONFLICT (guild_id) DO UPDATE SET
                   feedback_channel_id = excluded.feedback_channel_id,
                   adult_feedback_channel_id = excluded.adult_feedback_channel_id,
                   updated_at = excluded.updated_at""",
            (guild_id, channel_id, adult_channel_id, _now()),
        )


async def feedback_channel(conn: aiosqlite.Connection, guild_id: int) -> int | None:
    row = await fetch_one(
        conn, "SELECT feedback_channel_id FROM guild_settings WHERE guild_id = ?", (guild_id,)
    )
    return int(row[0]) if row and row[0] is not None else None


async def set_feedback_channel(
    conn: aiosqlite.Connection, guild_id: int, channel_id: int | None
) -> None:
    async with transaction(conn):
        await conn.execute(
            """INSERT INTO guild_settings (guild_id, feedback_channel_id, updated_at) VALUES (?, ?, ?)
               ON CONFLICT (guild_id) DO UPDATE SET
                   feedback_channel_id = excluded.feedback_channel_id, updated_at = excluded.updated_at""",
            (guild_id, channel_id, _now()),
        )


async def story_thread(
    conn: aiosqlite.Connection, guild_id: int, story_id: str, channel_id: int
) -> int | None:
    row = await fetch_one(
        conn,
        "SELECT thread_id FROM story_threads WHERE guild_id = ? AND story_id = ? AND channel_id = ?",
        (guild_id, story_id, channel_id),
    )
    return int(row[0]) if row else None


async def set_story_thread(
    conn: aiosqlite.Connection, guild_id: int, story_id: str, channel_id: int, thread_id: int | None
) -> None:
    async with transaction(conn):
        if thread_id is None:
            await conn.execute(
                "DELETE FROM story_threads WHERE guild_id = ? AND story_id = ?",
                (guild_id, story_id),
            )
        else:
            await conn.execute(
                """INSERT INTO story_threads (guild_id, story_id, channel_id, thread_id) VALUES (?, ?, ?, ?)
                   ON CONFLICT (guild_id, story_id) DO UPDATE SET
                       channel_id = excluded.channel_id, thread_id = excluded.thread_id""",
                (guild_id, story_id, channel_id, thread_id),
            )


EXPORT_COLUMNS = (
    "story_id",
    "story_title",
    "rating",
    "review",
    "spoiler",
    "reader",
    "created_at",
    "updated_at",
)


async def export_csv(
    conn: aiosqlite.Connection, guild_id: int, story_id: str | None
) -> tuple[str, int]:
    """This server's reviews as CSV (of one story, or all); returns the text and the row count."""
    where = "r.guild_id = ?" + (" AND r.story_id = ?" if story_id else "")
    args: tuple[object, ...] = (guild_id, story_id) if story_id else (guild_id,)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    async with conn.execute(
        f"""SELECT r.story_id, coalesce(s.title, ''), r.rating, r.body, r.spoiler, r.user_name,
                   r.created_at, r.updated_at
            FROM reviews r LEFT JOIN stories s ON s.id = r.story_id
            WHERE {where} ORDER BY r.story_id, r.created_at""",
        args,
    ) as cur:
        async for row in cur:
            writer.writerow([_csv_safe(str(v)) if isinstance(v, str) else v for v in row])
            count += 1
    return buf.getvalue(), count


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
