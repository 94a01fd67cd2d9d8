"""Command latency through the real command tree, beside the bare SQL that fetches the same answer.

``python -m bench.commands --db D --folder F [--samples N]`` starts a real ``FicBot`` on a
loaded database under the local Discord harness and runs each scenario ``N`` times as a reader
would (slash commands, autocomplete, a button press, a review form). Each sample is the wall
time from the interaction's dispatch into discord.py to the bot handing its response payload
to the HTTP layer (see ``bench.common.Stopwatch``); for the review, to the answer that
thanks the reader (sent once the review is committed; ``bot_until_linked`` is the time until
that answer is edited to link the review's post in the feedback thread). Beside each, the same data is
fetched with bare ``sqlite3`` queries, timed the same way. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.common import (
    GcPauses,
    Stopwatch,
    emit,
    forget,
    peak_rss_mb,
    quiet_logging,
    summary_ms,
)
from bench.corpus import POPULAR, RARE

WARMUP = 3
POPULAR_TYPED = "Cloud"  # an alias of POPULAR, as a reader types it
RARE_TYPED = "shelke"
AUTOCOMPLETE_TYPED = ("", "c", "cl", "ae", "aeris", "seph", "ti", "vinc", "zz", "shel")
SEARCH_TEXTS = ("rain", "silver bracelet", "chocobo feather", "remembered the station", "ember")
REVIEW_TEXT = "Read it twice. The quiet middle section is the best thing in the library."


class Bare:
    """The bare SQL behind each command: plain ``sqlite3``, no bot, no rendering."""

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(db, isolation_level=None)
        self.con.execute("PRAGMA busy_timeout = 10000")

    def close(self) -> None:
        self.con.close()

    def _story(self, story_id: str) -> None:
        con = self.con
        con.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        con.execute(
            "SELECT c.name, sc.role FROM story_characters sc JOIN characters c "
            "ON c.id = sc.character_id WHERE sc.story_id = ? ORDER BY sc.role_rank, sc.score DESC",
            (story_id,),
        ).fetchall()
        con.execute(
            "SELECT a, b FROM pairings WHERE story_id = ? ORDER BY pos", (story_id,)
        ).fetchall()

    def random(self, character_id: int | None, rng: random.Random) -> None:
        con = self.con
        point = rng.getrandbits(62)
        if character_id is None:
            row = con.execute(
                "SELECT rnd, id FROM passages WHERE adult = 0 AND rnd >= ? ORDER BY rnd LIMIT 1",
                (point,),
            ).fetchone()
        else:
            row = con.execute(
                "SELECT rnd, passage_id FROM passage_characters WHERE character_id = ? "
                "AND adult = 0 AND rnd >= ? ORDER BY rnd LIMIT 1",
                (character_id, point),
            ).fetchone()
        if row is None:
            return
        passage = con.execute(
            "SELECT story_id, text FROM passages WHERE id = ?", (row[1],)
        ).fetchone()
        con.execute(
            "SELECT c.name FROM passage_characters pc JOIN characters c ON c.id = pc.character_id "
            "WHERE pc.passage_id = ?",
            (row[1],),
        ).fetchall()
        self._story(passage[0])

    def resolve(self, typed: str) -> int:
        row = self.con.execute(
            "SELECT character_id FROM character_aliases WHERE folded = ? LIMIT 1",
            (typed.casefold(),),
        ).fetchone()
        return int(row[0])

    def by_character(self, typed: str) -> None:
        con = self.con
        cid = self.resolve(typed)
        con.execute("SELECT general FROM character_stats WHERE character_id = ?", (cid,)).fetchone()
        rows = con.execute(
            "SELECT s.id, s.title, sc.role FROM story_characters sc JOIN stories s "
            "ON s.id = sc.story_id WHERE sc.character_id = ? AND s.status = 'active' "
            "AND s.adult = 0 ORDER BY sc.role_rank, sc.score DESC, s.id LIMIT 10",
            (cid,),
        ).fetchall()
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        con.execute(
            f"SELECT story_id, a, b FROM pairings WHERE story_id IN ({marks})", ids
        ).fetchall()

    def autocomplete(self, typed: str) -> None:
        folded = typed.casefold()
        self.con.execute(
            "SELECT DISTINCT c.name FROM character_aliases a JOIN characters c "
            "ON c.id = a.character_id WHERE a.folded >= ? AND a.folded < ? LIMIT 25",
            (folded, folded + "\U0010ffff"),
        ).fetchall()

    def story_card(self, story_id: str, guild: int) -> None:
        self._story(story_id)
        self.con.execute(
            "SELECT count(*), avg(rating) FROM reviews WHERE guild_id = ? AND story_id = ?",
            (guild, story_id),
        ).fetchone()
        self.con.execute(
            "SELECT count(*) FROM kudos WHERE guild_id = ? AND story_id = ?", (guild, story_id)
        ).fetchone()

    def read_page(self, story_id: str) -> None:
        self._story(story_id)
        self.con.execute(
            "SELECT section, kind, text, scene_start FROM paragraphs WHERE story_id = ? "
            "ORDER BY idx",
            (story_id,),
        ).fetchall()

    def search(self, text: str) -> None:
        """The statements /fic search runs (see bot.storage.queries.search), one by one."""
        from bot.storage.queries.fulltext import (
            _PHRASE,
            RANK_WORD_LIMIT,
            SEARCH_RANK_WINDOW,
            fts_query,
        )

        con = self.con
        query = fts_query(text)
        assert query is not None
        if query.endswith("*"):
            whole = query[:-1]
            if con.execute(
                "SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT 1", (whole,)
            ).fetchone():
                query = whole
        con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM passages_fts CROSS JOIN passages p "
            "ON p.id = passages_fts.rowid WHERE passages_fts MATCH ? AND p.adult = 0 LIMIT 500)",
            (query,),
        ).fetchone()
        window = [
            r[0]
            for r in con.execute(
                "SELECT m.rowid FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? "
                "LIMIT ?) m CROSS JOIN passages p ON p.id = m.rowid WHERE p.adult = 0",
                (query, SEARCH_RANK_WINDOW),
            ).fetchall()
        ]
        if not window:
            return
        weighed = [
            phrase
            for phrase in _PHRASE.findall(query)
            if con.execute(
                "SELECT count(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? "
                "LIMIT ?)",
                (phrase, RANK_WORD_LIMIT),
            ).fetchone()[0]
            < RANK_WORD_LIMIT
        ]
        if weighed:
            allowed = set(window)
            window = [
                r[0]
                for r in con.execute(
                    "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? AND rowid >= ? "
                    "AND rowid <= ? ORDER BY rank",
                    (" ".join(weighed), min(window), max(window)),
                ).fetchall()
                if r[0] in allowed
            ]
        page = window[:5]
        marks = ",".join("?" * len(page)) or "NULL"
        con.execute(
            "SELECT p.story_id, s.title, snippet(passages_fts, 0, '[', ']', '…', 24) "
            "FROM passages_fts CROSS JOIN passages p ON p.id = passages_fts.rowid "
            "CROSS JOIN stories s ON s.id = p.story_id WHERE passages_fts MATCH ? "
            f"AND passages_fts.rowid IN ({marks})",
            (query, *page),
        ).fetchall()

    def story_autocomplete(self, typed: str) -> None:
        like = "%" + typed + "%"
        self.con.execute(
            "SELECT id, title FROM stories WHERE status = 'active' AND "
            "(id LIKE ? OR title LIKE ?) LIMIT 25",
            (typed + "%", like),
        ).fetchall()

    def review(self, guild: int, story_id: str, user: int) -> None:
        con = self.con
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO reviews (guild_id, story_id, user_id, user_name, rating, body, spoiler, "
            "created_at, updated_at) VALUES (?, ?, ?, 'bench', 4, ?, 0, ?, ?) "
            "ON CONFLICT (guild_id, story_id, user_id) DO UPDATE SET body = excluded.body, "
            "updated_at = excluded.updated_at",
            (guild, story_id, user, REVIEW_TEXT, str(now), str(now)),
        )
        con.execute(
            "SELECT * FROM reviews WHERE guild_id = ? AND story_id = ? AND user_id = ?",
            (guild, story_id, user),
        ).fetchone()
        con.execute("COMMIT")


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


async def run(  # noqa: C901 (one timed scenario after another, in the order the report prints them)
    db: Path, folder: Path, samples: int, seed: int, only: set[str] | None = None
) -> dict[str, Any]:
    from bot.app.client import FicBot
    from bot.config import Settings
    from fakediscord import Exchange, Harness, World
    from fakediscord.records import walk_components

    settings = Settings(token=None, db_path=db, seeds=folder, dev_guild=None, log_level="WARNING")
    bot = FicBot(settings, sync_commands=False, load_on_start=False, freeze_memory=True)
    world = World()
    rng = random.Random(seed)
    bare = Bare(db)
    ids = [
        r[0]
        for r in bare.con.execute(
            "SELECT id FROM stories WHERE status = 'active' AND adult = 0 ORDER BY id"
        ).fetchall()
    ]
    picks = [rng.choice(ids) for _ in range(samples + WARMUP)]
    long_ids = [
        r[0]
        for r in bare.con.execute(
            "SELECT id FROM stories WHERE status = 'active' AND adult = 0 AND words >= 2500 "
            "ORDER BY id"
        ).fetchall()
    ] or ids
    long_picks = [rng.choice(long_ids) for _ in range(samples + WARMUP)]
    marks = ",".join("?" * len(picks[:20]))
    titles = [
        r[0][:5]
        for r in bare.con.execute(
            f"SELECT title FROM stories WHERE id IN ({marks})", picks[:20]
        ).fetchall()
    ]
    shares = {}
    total = bare.con.execute("SELECT count(*) FROM stories WHERE status = 'active'").fetchone()[0]
    for name in (POPULAR, RARE):
        n = bare.con.execute(
            "SELECT count(DISTINCT sc.story_id) FROM story_characters sc JOIN characters c "
            "ON c.id = sc.character_id JOIN stories s ON s.id = sc.story_id "
            "WHERE c.name = ? AND s.status = 'active'",
            (name,),
        ).fetchone()[0]
        shares[name] = round(n / total, 4) if total else 0.0
    popular_id = bare.resolve(POPULAR_TYPED)

    results: dict[str, Any] = {}
    async with Harness(bot, world) as h:
        watch = Stopwatch(h)
        guild = world.default_guild
        assert guild is not None
        await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "feedback"})
        bot.review_cooldown.seconds = 0

        async def scenario(
            name: str,
            action: Callable[[int], Awaitable[Exchange]],
            bare_action: Callable[[int], object],
            *,
            final: bool = False,
        ) -> None:
            if only and name not in only:
                return
            times: list[float] = []
            bare_times: list[float] = []
            pauses = GcPauses()
            until_linked: list[float] = []
            for k in range(samples + WARMUP):
                if k == WARMUP:
                    pauses.start()
                exchange = await action(k)
                marks = watch.of(exchange)
                # A review's answer (the thanks, after the commit) is what the reader waits
                # for; the edit that adds the post's link comes later and is timed apart.
                took = marks.answered() if final else marks.first_response()
                if final and k >= WARMUP:
                    linked = marks.last_reply()
                    if linked is not None:
                        until_linked.append(linked)
                if took is None:
                    raise RuntimeError(f"{name}: no response\n{exchange.summary()}")
                forget(h)
                watch.times.clear()
                spent = _timed(lambda k=k: bare_action(k))  # type: ignore[misc]
                if k >= WARMUP:
                    times.append(took)
                    bare_times.append(spent)
            results[name] = {
                "bot": summary_ms(times),
                "sql": summary_ms(bare_times),
                "gc": pauses.stop(),
            }
            if until_linked:
                results[name]["bot_until_linked"] = summary_ms(until_linked)
            print(
                f"  {name:<24} p50 {results[name]['bot']['p50_ms']:7.2f} ms  "
                f"p99 {results[name]['bot']['p99_ms']:7.2f} ms   "
                f"(SQL p50 {results[name]['sql']['p50_ms']:.2f}, p99 {results[name]['sql']['p99_ms']:.2f})",
                flush=True,
            )

        await scenario(
            "random",
            lambda _k: h.slash("fic random"),
            lambda _k: bare.random(None, rng),
        )
        await scenario(
            "random_character",
            lambda _k: h.slash("fic random", character=POPULAR_TYPED),
            lambda _k: bare.random(popular_id, rng),
        )
        await scenario(
            "by_character_popular",
            lambda _k: h.slash("fic by-character", name=POPULAR_TYPED),
            lambda _k: bare.by_character(POPULAR_TYPED),
        )
        await scenario(
            "by_character_rare",
            lambda _k: h.slash("fic by-character", name=RARE_TYPED),
            lambda _k: bare.by_character(RARE_TYPED),
        )
        await scenario(
            "character_autocomplete",
            lambda k: h.autocomplete(
                "fic by-character", "name", AUTOCOMPLETE_TYPED[k % len(AUTOCOMPLETE_TYPED)]
            ),
            lambda k: bare.autocomplete(AUTOCOMPLETE_TYPED[k % len(AUTOCOMPLETE_TYPED)]),
        )
        await scenario(
            "story_autocomplete",
            lambda k: h.autocomplete("fic story", "story", titles[k % len(titles)]),
            lambda k: bare.story_autocomplete(titles[k % len(titles)]),
        )
        await scenario(
            "story",
            lambda k: h.slash("fic story", story=picks[k]),
            lambda k: bare.story_card(picks[k], guild.id),
        )

        async def page_turn(k: int) -> Exchange:
            opened = await h.slash("fic read", story=long_picks[k])
            forward = [
                c["custom_id"]
                for c in walk_components(opened.components)
                if str(c.get("custom_id", "")).startswith("fb:nav:n:") and not c.get("disabled")
            ]
            if not forward:
                raise RuntimeError(f"story {long_picks[k]} has one page: no page to turn to")
            return await h.click(opened, forward[0])

        await scenario("read_page_turn", page_turn, lambda k: bare.read_page(long_picks[k]))
        await scenario(
            "search",
            lambda k: h.slash("fic search", text=SEARCH_TEXTS[k % len(SEARCH_TEXTS)]),
            lambda k: bare.search(SEARCH_TEXTS[k % len(SEARCH_TEXTS)]),
        )

        async def review(k: int) -> Exchange:
            opened = await h.slash("fic review", story=picks[k], user="bram")
            return await h.submit_modal(
                opened, {"rating": ["4"], "text": REVIEW_TEXT, "spoiler": False}, user="bram"
            )

        await scenario(
            "review_submit",
            review,
            lambda k: bare.review(guild.id + 1, picks[k], 1000 + k),
            final=True,
        )
    bare.close()
    return {
        "samples": samples,
        "commands": results,
        "character_shares": shares,
        "rss_main_peak_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help="comma-separated scenarios to run (default: all)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    quiet_logging()
    only = {s.strip() for s in args.only.split(",")} if args.only else None
    emit(asyncio.run(run(args.db, args.folder, args.samples, args.seed, only)), args.out)


if __name__ == "__main__":
    main()
