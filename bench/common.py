"""What the benchmark's parts share: percentiles, memory, the bot under the harness, timing hooks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: p99 of 200 samples is the second worst."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p99 and max of a list of durations in seconds, in milliseconds."""
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 3),
        "p99_ms": round(percentile(seconds, 99) * 1000, 3),
        "max_ms": round(max(seconds) * 1000, 3) if seconds else math.nan,
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def db_bytes(path: Path) -> int:
    """The database's size on disk, with its write-ahead log."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def quiet_logging(level: int = logging.WARNING) -> None:
    logging.basicConfig(level=level, format="  [%(name)s] %(message)s", stream=sys.stderr)
    # The bot's start-up load says where it is every few seconds: keep that visible.
    logging.getLogger("bot.app.client").setLevel(logging.INFO)
    logging.getLogger("bot.storage.loader").setLevel(logging.ERROR)


def emit(result: dict[str, Any], out: Path | None) -> None:
    with contextlib.suppress(OSError):
        result["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(result, indent=2, sort_keys=True)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n")


class LoopProbe:
    """Wakes every ``interval`` seconds and records how late each wake-up was: the event
    loop's longest stall is the worst lateness (plus at most one interval of blind spot)."""

    def __init__(self, interval: float = 0.010) -> None:
        self.interval = interval
        self.lateness: list[float] = []
        self.started = 0.0
        self.worst_at = 0.0
        self.gc_worst = 0.0
        self.gc_worst_generation = 0
        self._gc_start = 0.0
        self._task: asyncio.Task[None] | None = None

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        # Garbage collections stop every thread: the worst ones are part of the story.
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start:
            took = time.perf_counter() - self._gc_start
            if took > self.gc_worst:
                self.gc_worst, self.gc_worst_generation = took, int(info["generation"])

    def start(self) -> None:
        import gc

        self.gc_worst, self.gc_worst_generation, self._gc_start = 0.0, 0, 0.0
        gc.callbacks.append(self._gc)
        self.started = time.perf_counter()
        self._task = asyncio.create_task(self._run(), name="ficbot-background-bench-probe")

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = time.perf_counter() - before - self.interval
            if late > max(self.lateness, default=0.0):
                self.worst_at = before - self.started
            self.lateness.append(late)

    async def stop(self) -> dict[str, float]:
        import gc

        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        worst = max(self.lateness, default=0.0)
        return {
            "wakeups": len(self.lateness),
            "stall_max_ms": round(worst * 1000, 2),
            "stall_max_at_s": round(self.worst_at, 2),
            "gc_max_ms": round(self.gc_worst * 1000, 2),
            "gc_max_generation": self.gc_worst_generation,
            "stall_p99_ms": round(percentile(self.lateness, 99) * 1000, 2)
            if self.lateness
            else 0.0,
            "stalls_over_100ms": sum(1 for x in self.lateness if x > 0.100),
            "stalls_over_50ms": sum(1 for x in self.lateness if x > 0.050),
        }


class GcPauses:
    """The garbage collector's pauses while it runs: they stop every thread of the bot."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._began = 0.0

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        elif self._began:
            self.pauses.append((int(info["generation"]), time.perf_counter() - self._began))

    def start(self) -> None:
        import gc

        gc.callbacks.append(self._gc)

    def stop(self) -> dict[str, float]:
        import gc

        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        full = [took for generation, took in self.pauses if generation == 2]
        return {
            "collections": len(self.pauses),
            "full_collections": len(full),
            "max_ms": round(max((t for _, t in self.pauses), default=0.0) * 1000, 2),
            "full_max_ms": round(max(full, default=0.0) * 1000, 2),
        }


@dataclass
class ExchangeTimes:
    """Wall-clock marks of one interaction: when discord.py was handed it, and every request
    the bot handed to the HTTP layer because of it (callback, follow-up, edit, post)."""

    dispatched: float
    requests: list[tuple[str, float]] = field(default_factory=list)

    def first_response(self) -> float | None:
        for kind, at in self.requests:
            if kind == "callback":
                return at - self.dispatched
        return None

    def answered(self) -> float | None:
        """Until the reader's answer: the first follow-up after a deferral, else the first
        response (later edits of the answer, such as a link added once posted, don't count)."""
        for kind, at in self.requests:
            if kind == "followup":
                return at - self.dispatched
        return self.first_response()

    def last_reply(self) -> float | None:
        """Until the last message to the reader (a deferred answer's follow-up, for one)."""
        marks = [
            at for kind, at in self.requests if kind in ("callback", "followup", "edit_original")
        ]
        return (marks[-1] - self.dispatched) if marks else None


class Stopwatch:
    """Times interactions through the harness on the real clock (``time.perf_counter``).

    The harness's own clock is real monotonic time plus an offset that its fake sleeps move
    forward (rate-limit waits): fine for Discord's rules, wrong for a benchmark. So the
    dispatch into discord.py and each request reaching the fake HTTP layer are stamped here.
    """

    def __init__(self, harness: Any) -> None:
        from fakediscord.records import current_exchange

        self._current = current_exchange
        self.times: dict[int, ExchangeTimes] = {}
        state = harness.bot._connection
        parse: Callable[[Any], Any] = state.parse_interaction_create
        handle: Callable[[Any], Any] = harness.fake.handle

        def timed_parse(data: Any) -> Any:
            exchange = self._current.get()
            if exchange is not None:
                self.times[id(exchange)] = ExchangeTimes(time.perf_counter())
            return parse(data)

        def timed_handle(request: Any) -> Any:
            at = time.perf_counter()
            record = handle(request)
            owner = self._owner(record)
            if owner is not None:
                owner.requests.append((record.kind, at))
            return record

        state.parse_interaction_create = timed_parse
        harness.fake.handle = timed_handle

    def _owner(self, record: Any) -> ExchangeTimes | None:  # noqa: ARG002 (same signature as the timed handler it stands beside)
        exchange = self._current.get()
        if exchange is None:
            return None
        return self.times.get(id(exchange))

    def of(self, exchange: Any) -> ExchangeTimes:
        return self.times[id(exchange)]


def forget(harness: Any) -> None:
    """Drop what the harness records about finished interactions (every request, message and
    token). It is test scaffolding, not the bot: kept, it grows with every sample and makes the
    garbage collector's passes, which stop the bot, longer and longer."""
    harness.exchanges.clear()
    harness.fake.log.clear()
    world = harness.world
    world.interactions.clear()
    world.messages_by_id.clear()
    for channel in world.channels.values():
        channel.messages.clear()


def machine() -> dict[str, Any]:
    """Where the figures come from: cores, CPU model, memory, Python and SQLite versions."""
    import platform
    import sqlite3

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gb": round(ram / 1024**3, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }
