"""At most one review per reader per server every ``COOLDOWN_SECONDS``.

Each reader's window is a discord.py ``app_commands.Cooldown`` (one use per window), kept per
(server, reader) here rather than by ``app_commands.checks.cooldown``: the window is checked
when the form opens (so nobody writes a review only to have it refused) but only used up when
a review is accepted, and the two happen in different interactions. A refusal raises
``CommandOnCooldown``, which the command tree's error handler answers (``bot.app.tree``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from discord import app_commands

COOLDOWN_SECONDS = 30.0

# Readers whose window has long passed are forgotten once this many are kept.
_FORGET_AFTER = 10_000


class ReviewCooldown:
    def __init__(
        self, seconds: float = COOLDOWN_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._windows: dict[tuple[int, int], app_commands.Cooldown] = {}

    def retry_after(self, guild_id: int, user_id: int) -> float:
        """Seconds left before this reader may submit again (0 when they may now)."""
        window = self._windows.get((guild_id, user_id))
        if window is None or self.seconds <= 0:
            return 0.0
        return max(0.0, window.get_retry_after(self._clock()))

    def hit(self, guild_id: int, user_id: int) -> float:
        """Record a submission; returns 0 if allowed, else the seconds to wait (not recorded)."""
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        key = (guild_id, user_id)
        window = self._windows.get(key)
        if window is None or window.per != self.seconds:
            window = self._windows[key] = app_commands.Cooldown(1, self.seconds)
        wait = window.update_rate_limit(now)
        if wait:  # refused: the window it is in stays as it was
            return wait
        if len(self._windows) > _FORGET_AFTER:
            self._windows = {k: w for k, w in self._windows.items() if w.get_retry_after(now) > 0}
        return 0.0

    def check(self, guild_id: int, user_id: int) -> None:
        """Raise ``CommandOnCooldown`` if this reader may not submit a review now."""
        wait = self.retry_after(guild_id, user_id)
        if wait > 0:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, self.seconds), wait)

    def use(self, guild_id: int, user_id: int) -> None:
        """Record a submission, or raise ``CommandOnCooldown`` (and record nothing)."""
        wait = self.hit(guild_id, user_id)
        if wait > 0:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, self.seconds), wait)
