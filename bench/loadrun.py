"""One load of a story folder inside the live bot, in its own process (so its memory is its own).

``python -m bench.loadrun --folder F --db D [--fresh] [--out FILE]`` starts a real ``FicBot``
under the local Discord harness, runs ``FicBot.load_library`` (exactly what the bot does at
start-up) while a probe task measures how late the event loop wakes it, and prints JSON: the
load report, wall and CPU time, the loop's longest stall, peak RSS, database size.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.common import (
    LoopProbe,
    cpu_seconds,
    db_bytes,
    emit,
    peak_rss_mb,
    quiet_logging,
    remove_db,
)


async def run(folder: Path, db: Path, *, fresh: bool) -> dict[str, Any]:
    from bot.app.client import FicBot
    from bot.config import Settings
    from fakediscord import Harness, World

    if fresh:
        remove_db(db)
    settings = Settings(token=None, db_path=db, seeds=folder, dev_guild=None, log_level="WARNING")
    bot = FicBot(settings, sync_commands=False, load_on_start=False, freeze_memory=True)
    result: dict[str, Any] = {}
    async with Harness(bot, World()):
        probe = LoopProbe()
        probe.start()
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        report = await bot.load_library(folder)
        wall = time.perf_counter() - t0
        cpu = cpu_seconds() - cpu0
        loop = await probe.stop()
    if report is None:
        raise SystemExit("the load failed: see the log above")
    con = sqlite3.connect(db)
    try:
        stories, words = con.execute(
            "SELECT count(*), coalesce(sum(words), 0) FROM stories WHERE status = 'active'"
        ).fetchone()
        passages = con.execute("SELECT count(*) FROM passages").fetchone()[0]
        paragraphs = con.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    finally:
        con.close()
    result.update(
        {
            "report": {k: v for k, v in report.as_json().items() if k not in ("warnings",)}
            | {"skipped": len(report.skipped), "warnings": len(report.warnings)},
            "wall_s": round(wall, 3),
            "cpu_main_s": round(cpu, 2),
            "loop": loop,
            "rss_main_peak_mb": peak_rss_mb(),
            "db_bytes": db_bytes(db),
            "stories_active": stories,
            "words_active": words,
            "passages": passages,
            "paragraphs": paragraphs,
        }
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--out", type=Path, help="write the JSON here (default: stdout)")
    args = parser.parse_args()
    quiet_logging()
    emit(asyncio.run(run(args.folder, args.db, fresh=args.fresh)), args.out)


if __name__ == "__main__":
    main()
