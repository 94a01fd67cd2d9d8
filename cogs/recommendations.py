"""Recommendations by character: ``/fic by-character`` and ``/fic characters``."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import respond
from bot.app.common import allows_adult, bot_of, owns
from bot.app.groups import GroupedCog
from bot.storage import feedback, queries
from bot.ui import limits, markdown, render


async def character_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """Canonical names, aliases and close matches; at most 25; one indexed query plus a scan of
    the alias list (a few hundred names), so it answers in milliseconds."""
    conn = bot_of(interaction).db
    typed = current.strip()
    if typed:
        names = await queries.suggest_characters(conn, typed, limit=limits.AUTOCOMPLETE_CHOICES)
    else:
        names = [c.name for c in await queries.list_characters(conn, only_featured=True)][
            : limits.AUTOCOMPLETE_CHOICES
        ]
    return [
        app_commands.Choice(name=limits.fit(n, limits.CHOICE_NAME), value=n[: limits.CHOICE_VALUE])
        for n in names
    ]


class Recommendations(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {"list:c": self.on_by_character_page, "list:r": self.on_characters_page}
        )

    @app_commands.command(
        name="by-character", description="Stories featuring a character, leads first"
    )
    @app_commands.describe(name="Any name or spelling: Aeris, Aerith, Seph…")
    @app_commands.autocomplete(name=character_choices)
    async def by_character(
        self, interaction: discord.Interaction[Any], name: app_commands.Range[str, 1, 100]
    ) -> None:
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
        total = await queries.count_stories_by_character(conn, character_id, allow_adult=adult)
        if total == 0:
            hint = (
                ""
                if adult
                else " (Mature and Explicit stories only show in age-restricted channels.)"
            )
            return render.notice(
                f"No stories feature **{markdown.escape_inline(name)}** yet.{hint}"
            )
        pages = render.paginate_count(total, render.BY_CHARACTER_PAGE)
        page = render.clamp_page(page, pages)
        stories = await queries.stories_by_character(
            conn,
            character_id,
            allow_adult=adult,
            limit=render.BY_CHARACTER_PAGE,
            offset=(page - 1) * render.BY_CHARACTER_PAGE,
        )
        stats = await feedback.stories_stats(conn, interaction.guild_id, [s.id for s in stories])
        return render.by_character(
            name,
            stories,
            stats,
            character_id=character_id,
            page=page,
            pages=pages,
            total=total,
            owner=interaction.user.id,
        )

    async def on_by_character_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        if not await _owns(interaction, params):
            return
        conn = self.bot.db
        arg = params.get("arg") or ""  # a character id, unless the custom id was forged
        valid = arg.isascii() and arg.isdigit() and len(arg) <= 18
        char = await queries.character_by_id(conn, int(arg)) if valid else None
        if char is None:
            await respond.send(
                interaction,
                render.notice("That list is out of date. Ask again with `/fic by-character`."),
            )
            return
        await respond.replace_or_answer(
            interaction, await self._page(interaction, char.id, char.name, int(params["page"]))
        )

    @app_commands.command(name="characters", description="Who is in the library, with story counts")
    async def characters(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, await self._characters(interaction, 1))

    async def _characters(self, interaction: discord.Interaction[Any], page: int) -> render.Reply:
        chars = await queries.list_characters(self.bot.db, only_featured=True)
        pages = render.paginate_count(len(chars), render.CHARACTERS_PAGE)
        page = render.clamp_page(page, pages)
        start = (page - 1) * render.CHARACTERS_PAGE
        return render.characters(
            chars[start : start + render.CHARACTERS_PAGE],
            page=page,
            pages=pages,
            total=len(chars),
            owner=interaction.user.id,
        )

    async def on_characters_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        if await _owns(interaction, params):
            await respond.replace_or_answer(
                interaction, await self._characters(interaction, int(params["page"]))
            )


async def _owns(interaction: discord.Interaction[Any], params: dict[str, str]) -> bool:
    """Pagers belong to whoever asked: others get a polite note, never someone else's view."""
    if owns(interaction, params.get("owner")):
        return True
    await respond.send(
        interaction,
        render.notice("Those buttons belong to whoever asked. Run the command yourself to browse."),
    )
    return False


async def setup(bot: Any) -> None:
    await bot.add_cog(Recommendations(bot))
