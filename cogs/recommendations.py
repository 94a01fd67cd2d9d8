"""Recommendations by character: ``/fic by-character`` (with no name: who is in the library)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import filters, respond
from bot.app.common import allows_adult
from bot.app.groups import GroupedCog
from bot.app.options import character_choices
from bot.storage import feedback, queries
from bot.ui import markdown, render
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal


class Recommendations(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {
                Action.BY_CHARACTER_PAGE: self.on_by_character_page,
                Action.CHARACTERS_PAGE: self.on_characters_page,
            }
        )

    @app_commands.command(
        name="by-character", description="Stories featuring a character, leads first"
    )
    @app_commands.describe(
        name="Any name or spelling: Aeris, Aerith, Seph… Leave it out to see who is in the library"
    )
    @app_commands.autocomplete(name=character_choices)
    async def by_character(
        self,
        interaction: discord.Interaction[Any],
        name: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        if name is None:
            # Without a name the reader is asking who there is to choose from. This was once
            # its own /fic characters command; /fic has room for only 25 subcommands.
            await respond.send(interaction, await self._characters(interaction, 1))
            return
        conn = self.bot.db
        found = await queries.resolve_character(conn, name)
        if found is None:
            await respond.send(
                interaction,
                render.unknown_character(name, await queries.suggest_characters(conn, name)),
            )
            return
        await respond.send(interaction, await self._page(interaction, found.id, found.name, 1))

    async def _page(
        self, interaction: discord.Interaction[Any], character_id: int, name: str, page: int
    ) -> render.Reply:
        conn = self.bot.db
        adult = allows_adult(interaction)
        flt = await filters.reader_filter(interaction)  # the reader's exclusions
        total = await queries.count_stories_by_character(
            conn, character_id, allow_adult=adult, flt=flt
        )
        if total == 0:
            hint = (
                ""
                if adult
                else " (Mature and Explicit stories only show in age-restricted channels.)"
            )
            return render.notice(
                f"No stories feature **{markdown.escape_inline(name)}** yet.{hint}"
            )
        pager = Pager.at(page, total=total, per_page=render.BY_CHARACTER_PAGE)
        stories = await queries.stories_by_character(
            conn,
            character_id,
            allow_adult=adult,
            limit=pager.per_page,
            offset=pager.offset,
            flt=flt,
        )
        stats = await feedback.stories_stats(conn, interaction.guild_id, [s.id for s in stories])
        return render.by_character(
            name,
            stories,
            stats,
            character_id=character_id,
            pager=pager,
            total=total,
            owner=interaction.user.id,
        )

    async def on_by_character_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        conn = self.bot.db
        arg = params.get("arg") or ""  # a character id, unless the custom id was forged
        valid = arg.isascii() and arg.isdigit() and len(arg) <= 18
        char = await queries.character_by_id(conn, int(arg)) if valid else None
        if char is None:
            raise Refusal("That list is out of date. Ask again with `/fic by-character`.")
        await respond.replace_or_answer(
            interaction, await self._page(interaction, char.id, char.name, int(params["page"]))
        )

    async def _characters(self, interaction: discord.Interaction[Any], page: int) -> render.Reply:
        chars = await queries.list_characters(
            self.bot.db, only_featured=True, allow_adult=allows_adult(interaction)
        )
        pager = Pager.at(page, total=len(chars), per_page=render.CHARACTERS_PAGE)
        return render.characters(
            list(pager.window(chars)), pager=pager, total=len(chars), owner=interaction.user.id
        )

    async def on_characters_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        await respond.replace_or_answer(
            interaction, await self._characters(interaction, int(params["page"]))
        )


async def setup(bot: Any) -> None:
    await bot.add_cog(Recommendations(bot))
