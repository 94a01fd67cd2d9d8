"""500 readers submit reviews at the same moment, through the real bot.

``python -m bench.concurrency --db D --folder F [--readers 500]``: a real ``FicBot`` under the
local Discord harness with a feedback channel set; every reader opens the review form of a
story, then all the forms are submitted at once (one task each, released together). Each
submission's latency is the wall time from its dispatch to the answer that thanks the reader,
which the bot sends only after the review is committed; with a feedback channel, the server's
posting worker then posts each review in its story's thread and edits the reader's answer to
link it ("all done in" is the time until every review is posted and every answer linked). Then the database is checked: every review stored, none lost or merged.

It runs twice: first with no feedback channel set (the review is stored and the reader thanked;
posting waits for a channel), then with one (stored, posted in the story's thread, thanked),
with a fresh set of readers each time. Then the floor: the same 500 submissions of the same
form, through the same harness, to a bare discord.py bot that answers each with one fixed
message and does nothing else (no validation, no database): what discord.py and the harness
cost on this machine, before ficbot does anything. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

from bench.common import Stopwatch, emit, forget, percentile, quiet_logging, summary_ms

TEXT = "Reader {n} says: the ending landed, and the second scene break is perfect."


async def run(db: Path, folder: Path, readers: int, stories: int, seed: int) -> dict[str, Any]:
    from bot.app.client import FicBot
    from bot.config import Settings
    from fakediscord import Exchange, Harness, World

    settings = Settings(token=None, db_path=db, seeds=folder, dev_guild=None, log_level="WARNING")
    bot = FicBot(settings, sync_commands=False, load_on_start=False, freeze_memory=True)
    world = World()
    con = sqlite3.connect(db)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT id FROM stories WHERE status = 'active' AND adult = 0 ORDER BY id"
        ).fetchall()
    ]
    rng = random.Random(seed)
    targets = rng.sample(ids, min(stories, len(ids)))
    names = [f"reader{n:04d}" for n in range(2 * readers)]
    for name in names:
        world.add_user(name, global_name=name.title())
    out: dict[str, Any] = {"readers": readers, "stories": len(targets)}
    async with Harness(bot, world, settle_timeout=300) as h:
        watch = Stopwatch(h)
        forms_seen: list[dict[str, Any]] = []
        guild = world.default_guild
        assert guild is not None

        async def wave(who: list[str]) -> dict[str, Any]:
            before = con.execute(
                "SELECT count(*) FROM reviews WHERE guild_id = ?", (guild.id,)
            ).fetchone()[0]
            forms = [
                await h.slash("fic review", story=targets[n % len(targets)], user=name)
                for n, name in enumerate(who)
            ]
            if forms[0].modal is not None:
                forms_seen.append(forms[0].modal)
            gate = asyncio.Event()

            async def submit(n: int) -> Exchange:
                await gate.wait()
                return await h.submit_modal(
                    forms[n],
                    {"rating": [str(1 + n % 5)], "text": TEXT.format(n=n), "spoiler": False},
                    user=who[n],
                )

            tasks = [asyncio.create_task(submit(n)) for n in range(len(who))]
            await asyncio.sleep(0)
            t0 = time.perf_counter()
            gate.set()
            done = await asyncio.gather(*tasks, return_exceptions=True)
            wall = time.perf_counter() - t0
            failures = [repr(d)[:300] for d in done if isinstance(d, BaseException)]
            latencies = []
            thanked = linked = 0
            for exchange in done:
                if isinstance(exchange, BaseException):
                    continue
                took = watch.of(exchange).answered()
                if took is not None:
                    latencies.append(took)
                if "Thanks for" in (exchange.content or ""):
                    thanked += 1
                if "It's posted here" in (exchange.content or ""):
                    linked += 1
            posted = sum(len(h.world.messages(t)) for t in h.world.threads("feedback"))
            stored, distinct = con.execute(
                "SELECT count(*), count(DISTINCT user_id) FROM reviews WHERE guild_id = ?",
                (guild.id,),
            ).fetchone()
            forget(h)
            watch.times.clear()
            return {
                "stored": stored - before,
                "distinct_readers": distinct,
                "thanked": thanked,
                "posted": posted,
                "linked": linked,
                "failures": failures[:3],
                "wall_s": round(wall, 3),
                "latency": summary_ms(latencies),
                "latency_p90_ms": round(percentile(latencies, 90) * 1000, 2) if latencies else None,
            }

        # 1. No feedback channel yet: each review is stored, committed and the reader thanked
        #    (posting waits for a channel). 2. With the channel: stored, posted, thanked.
        out["stored_only"] = await wave(names[:readers])
        await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "feedback"})
        forget(h)
        out["posted"] = await wave(names[readers:])
        form = forms_seen[0]
    con.close()
    out["floor"] = await floor(form, readers)
    for kind in ("stored_only", "posted"):
        if out["floor"]["latency"]["p99_ms"]:
            out[kind]["p99_vs_floor"] = round(
                out[kind]["latency"]["p99_ms"] / out["floor"]["latency"]["p99_ms"], 2
            )
    return out


class _Bare(commands.Bot):
    """The least a bot can do with a submitted form: answer it."""

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await interaction.response.send_message("Thanks!", ephemeral=True)


async def floor(form: dict[str, Any], readers: int) -> dict[str, Any]:
    from fakediscord import Harness, World

    bot = _Bare(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.none(),
        allowed_mentions=discord.AllowedMentions.none(),
    )
    world = World()
    names = [f"floor{n:04d}" for n in range(readers)]
    for name in names:
        world.add_user(name)
    async with Harness(bot, world, settle_timeout=300) as h:
        watch = Stopwatch(h)
        gate = asyncio.Event()

        async def submit(n: int) -> Any:
            await gate.wait()
            return await h.submit_modal(
                form,
                {"rating": [str(1 + n % 5)], "text": TEXT.format(n=n), "spoiler": False},
                user=names[n],
            )

        tasks = [asyncio.create_task(submit(n)) for n in range(readers)]
        await asyncio.sleep(0)
        t0 = time.perf_counter()
        gate.set()
        done = await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
        latencies = [t for t in (watch.of(d).answered() for d in done) if t is not None]
    return {"answered": len(latencies), "wall_s": round(wall, 3), "latency": summary_ms(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--stories", type=int, default=100, help="how many stories they review")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    quiet_logging()
    emit(asyncio.run(run(args.db, args.folder, args.readers, args.stories, args.seed)), args.out)


if __name__ == "__main__":
    main()
