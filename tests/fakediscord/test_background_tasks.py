"""Which of a bot's tasks an exchange waits for: a "background" word in the name opts out."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from fakediscord import Harness, World

NO_PINGS = discord.AllowedMentions.none()


class TickerBot(discord.Client):
    """Answers /tick, then leaves a task running forever under the name it was given."""

    def __init__(self, task_name: str) -> None:
        super().__init__(intents=discord.Intents.default(), allowed_mentions=NO_PINGS)
        self.tree = app_commands.CommandTree(self)
        self.ticker: asyncio.Task[None] | None = None

        @self.tree.command(name="tick", description="Start a ticker")
        async def tick(interaction: discord.Interaction) -> None:
            self.ticker = asyncio.create_task(asyncio.Event().wait(), name=task_name)
            await interaction.response.send_message("ticking", ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def close(self) -> None:
        if self.ticker is not None:
            self.ticker.cancel()
        await super().close()


async def unsettled(task_name: str) -> list[str]:
    async with Harness(TickerBot(task_name), World(), settle_timeout=0.2, strict=False) as h:
        exchange = await h.slash("tick")
        assert exchange.content == "ticking"
        return [v.detail for v in exchange.violations if v.rule == "harness.unsettled"]


async def test_a_background_word_in_the_name_is_not_waited_for() -> None:
    assert await unsettled("mybot-background-ticker") == []
    assert await unsettled("background") == []
    assert await unsettled("poller.background:1") == []


async def test_other_long_lived_tasks_are_reported_with_the_naming_rule() -> None:
    (message,) = await unsettled("backgrounded-ticker")
    assert "backgrounded-ticker" in message
    assert "'background'" in message
