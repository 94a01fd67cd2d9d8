"""``/fic recommend``: what the reader might read next here, each with its reason (only they
see it: it is drawn from what they liked)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import filters, respond
from bot.app.common import allows_adult, guild_id
from bot.app.groups import GroupedCog
from bot.storage import recommend
from bot.ui import recommend as recommend_ui
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.reply import Reply


class Recommend(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers[Action.RECOMMEND_PAGE] = self.on_page

    @app_commands.command(
        name="recommend", description="Stories you might like next, and why (only you see them)"
    )
    async def recommend(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, await self._page(interaction, 1))

    async def _page(self, interaction: discord.Interaction[Any], page: int) -> Reply:
        # Recomputed at every page turn (a few ms): what the reader did since counts, and no
        # list has to be kept anywhere.
        found = await recommend.recommend(
            self.bot.db,
            guild_id(interaction),
            interaction.user.id,
            await filters.reader_filter(interaction),  # age rule, their and the server's exclusions
            limit=recommend_ui.RECOMMEND_MAX,
        )
        if not found.items:
            return recommend_ui.nothing_to_recommend(allows_adult(interaction))
        pager = Pager.at(page, total=len(found.items), per_page=recommend_ui.RECOMMEND_PAGE)
        return recommend_ui.recommendations(found, pager=pager, owner=interaction.user.id)

    async def on_page(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        await respond.replace_or_answer(
            interaction, await self._page(interaction, int(params["page"]))
        )


async def setup(bot: Any) -> None:
    await bot.add_cog(Recommend(bot))
