"""A real FicBot on a temporary database and seed copy, driven through the local Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import FicBot
from bot.config import Settings
from fakediscord import Harness, World


@pytest.fixture
def settings(tmp_path: Path, seeds_dir: Path) -> Settings:
    return Settings(
        token=None,
        db_path=tmp_path / "bot.sqlite3",
        seeds=seeds_dir,
        dev_guild=None,
        log_level="INFO",
    )


@pytest.fixture
def make_bot(settings: Settings) -> Callable[..., FicBot]:
    def make(**kwargs: Any) -> FicBot:
        return FicBot(kwargs.pop("settings", settings), **kwargs)

    return make


@pytest.fixture
async def world() -> World:
    return World()


@pytest.fixture
async def h(make_bot: Callable[..., FicBot], world: World) -> AsyncIterator[Harness]:
    bot = make_bot()
    async with Harness(bot, world) as harness:
        await bot.wait_until_loaded()
        yield harness


async def set_feedback_channel(h: Harness, name: str = "feedback") -> None:
    ex = await h.slash("ficadmin feedback-channel", user="cass", options={"channel": name})
    assert ex.ephemeral, ex
