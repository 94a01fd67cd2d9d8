"""Injectable clocks for the harness.

Discord's interaction rules are about time: the first answer must arrive within 3 seconds and the
interaction token dies after 15 minutes. A test cannot wait 15 minutes, and a test that really
sleeps 3.5 seconds makes the suite slow. So every time-based rule in the harness reads a `Clock`,
and a test can move that clock forward (`advance`) or hand the bot a `sleep` that only moves the
clock (`clock.sleep`) instead of waiting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time


class Clock:
    """Real monotonic time plus an offset that tests can push forward.

    `now()` keeps moving with real time, so genuinely slow code is still measured; `advance()`
    adds fake time on top, so "16 minutes later" costs nothing.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    @property
    def offset(self) -> float:
        """Seconds of fake time added so far."""
        return self._offset

    def now(self) -> float:
        """Current time in seconds (monotonic, only differences are meaningful)."""
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward by `seconds` of fake time."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._offset += seconds

    async def sleep(self, seconds: float) -> None:
        """A drop-in for `asyncio.sleep` that advances the clock instead of waiting.

        It still yields to the event loop once, so other tasks run as they would during a sleep.
        """
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)

    def utcnow(self) -> dt.datetime:
        """Wall-clock UTC time shifted by the fake offset (used for timestamps and snowflakes)."""
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset)


class ManualClock(Clock):
    """A clock that only moves when told to: real elapsed time is ignored.

    Useful when a test wants exact, deterministic latencies ("the first answer came 3.5 s later").
    """

    def __init__(self, start: float = 0.0, *, epoch: dt.datetime | None = None) -> None:
        super().__init__()
        self._start = start
        # A fixed epoch makes the World's snowflake ids repeatable across processes.
        self._epoch = epoch or dt.datetime.now(dt.UTC)

    def now(self) -> float:
        return self._start + self._offset

    def utcnow(self) -> dt.datetime:
        return self._epoch + dt.timedelta(seconds=self._offset)
