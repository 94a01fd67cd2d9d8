"""The review cooldown: one review per reader per server per window."""

from __future__ import annotations

import pytest
from discord import app_commands

from bot.app.cooldown import COOLDOWN_SECONDS, ReviewCooldown


def test_cooldown() -> None:
    now = [100.0]
    cd = ReviewCooldown(30, clock=lambda: now[0])
    assert cd.hit(1, 1) == 0
    assert cd.hit(1, 1) == pytest.approx(30)
    assert cd.hit(1, 2) == 0 and cd.hit(2, 1) == 0
    now[0] += 31
    assert cd.hit(1, 1) == 0


def test_a_refused_hit_does_not_move_the_window() -> None:
    now = [100.0]
    cd = ReviewCooldown(clock=lambda: now[0])
    cd.hit(1, 1)
    now[0] += 10
    assert cd.hit(1, 1) == pytest.approx(COOLDOWN_SECONDS - 10)
    assert cd.retry_after(1, 1) == pytest.approx(COOLDOWN_SECONDS - 10)
    now[0] += COOLDOWN_SECONDS - 9
    assert cd.retry_after(1, 1) == 0 and cd.hit(1, 1) == 0


def test_check_and_use_raise_discord_pys_cooldown_error() -> None:
    now = [100.0]
    cd = ReviewCooldown(clock=lambda: now[0])
    cd.check(1, 1)
    cd.use(1, 1)
    with pytest.raises(app_commands.CommandOnCooldown) as raised:
        cd.check(1, 1)
    assert raised.value.retry_after == pytest.approx(COOLDOWN_SECONDS)
    with pytest.raises(app_commands.CommandOnCooldown):
        cd.use(1, 1)


def test_no_cooldown_when_switched_off() -> None:
    cd = ReviewCooldown(clock=lambda: 100.0)
    cd.seconds = 0
    assert cd.hit(1, 1) == 0 and cd.hit(1, 1) == 0 and cd.retry_after(1, 1) == 0
