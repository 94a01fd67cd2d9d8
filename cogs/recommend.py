"""``/fic recommend``: stories picked for the reader from their own history here and what this
server's readers loved alongside it, each with its reason (bot.storage.recommend decides)."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from bot.app import filters, respond
from bot.app.common import allows_adult, guild_id
from bot.app.groups import GroupedCog
from bot.storage import recommend as picks
from bot.ui import recommend as ui


class Recommend(GroupedCog):
    @app_commands.command(
        name="recommend", description="Stories picked for you from what you loved here, with why"
    )
    async def recommend(self, interaction: discord.Interaction[Any]) -> None:
        gid = guild_id(interaction)
        # The reader's exclusions and this channel's age rule, as everywhere else.
        flt = await filters.reader_filter(interaction)
        # Measured well under a second at 100,000 stories (BENCHMARKS.md), but a busy database
        # can stall: defer rather than risk Discord's three seconds.
        found = await respond.after_deferring_if_slow(
            interaction,
            asyncio.ensure_future(
                picks.recommend(self.bot.db, gid, interaction.user.id, flt, limit=ui.SHOWN)
            ),
            ephemeral=True,
        )
        await respond.send(
            interaction,
            ui.recommendations(
                found, owner=interaction.user.id, adult_channel=allows_adult(interaction)
            ),
        )


async def setup(bot: Any) -> None:
    await bot.add_cog(Recommend(bot))
