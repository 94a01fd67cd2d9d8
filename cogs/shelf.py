"""A reader's shelf and where they stopped: ``/fic save``, ``/fic shelf``, ``/fic mark``,
``/fic unsave``, ``/fic continue``; the **Save** button; page turns recorded for continue."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.common import allows_adult, check_adult, guild_id, story_for
from bot.app.groups import GroupedCog
from bot.app.options import ReviewedStory, Story
from bot.app.positions import PositionRecorder
from bot.app.reading import reader_reply
from bot.storage import queries, shelves
from bot.storage.models import StoredStory
from bot.storage.shelves import Position, ShelfStatus
from bot.ui import markdown, render
from bot.ui import shelf as shelf_ui
from bot.ui.ids import Action
from bot.ui.pager import Pager
from bot.ui.refusal import Refusal

STATUS_CHOICES = [app_commands.Choice(name=str(s), value=str(s)) for s in ShelfStatus]


class Shelf(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.positions = PositionRecorder(self.bot.db)
        self.bot.positions.start()
        self.bot.component_handlers.update(
            {
                Action.SAVE: self.on_save,
                Action.SHELF_PAGE: self.on_shelf_page,
                Action.SHELF_MOVE: self.on_move,
            }
        )

    async def cog_unload(self) -> None:
        await self.bot.positions.close()
        await super().cog_unload()

    @commands.Cog.listener()
    async def on_reader_page(
        self, guild: int | None, user: int, story_id: str, chapter: int, page: int
    ) -> None:
        """A reader was shown a page (``bot.dispatch`` from the reader): remember it."""
        if guild is not None:
            self.bot.positions.record(guild, user, Position(story_id, chapter, page))

    # --- /fic save, /fic mark, /fic unsave ----------------------------------------------------

    @app_commands.command(name="save", description="Put a story on your shelf, with a note")
    @app_commands.describe(note="A note to yourself (only you see it)")
    async def save(
        self,
        interaction: discord.Interaction[Any],
        story: Story,
        note: app_commands.Range[str, 1, shelves.NOTE_MAX] | None = None,
    ) -> None:
        await respond.send(interaction, await self._save(interaction, story, note))

    async def _save(
        self, interaction: discord.Interaction[Any], story: StoredStory, note: str | None
    ) -> render.Reply:
        gid = guild_id(interaction)
        new = await shelves.save(self.bot.db, gid, interaction.user.id, story.id, note=note)
        status = await shelves.status_of(self.bot.db, gid, interaction.user.id, story.id)
        return shelf_ui.saved(story.title, status or ShelfStatus.TO_READ, new=new)

    async def on_save(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        story = await story_for(interaction, params["story"])
        await respond.send(interaction, await self._save(interaction, story, None))

    @app_commands.command(
        name="mark", description="Mark a story to-read, reading, finished or dropped"
    )
    @app_commands.choices(status=STATUS_CHOICES)
    async def mark(
        self, interaction: discord.Interaction[Any], story: ReviewedStory, status: str
    ) -> None:
        gid = guild_id(interaction)
        chosen = self._status_param(status) or ShelfStatus.TO_READ
        new = await shelves.save(self.bot.db, gid, interaction.user.id, story.id, status=chosen)
        await respond.send(interaction, shelf_ui.saved(story.title, chosen, new=new))

    @app_commands.command(name="unsave", description="Take a story off your shelf")
    async def unsave(self, interaction: discord.Interaction[Any], story: ReviewedStory) -> None:
        gid = guild_id(interaction)
        name = markdown.escape_inline(story.title)
        if await shelves.unsave(self.bot.db, gid, interaction.user.id, story.id):
            await respond.send(interaction, render.notice(f"Took **{name}** off your shelf."))
        else:
            await respond.send(interaction, render.notice(f"**{name}** is not on your shelf."))

    # --- /fic shelf ---------------------------------------------------------------------------

    @app_commands.command(name="shelf", description="Your saved stories (only you see them)")
    @app_commands.describe(status="Only the stories with this status")
    @app_commands.choices(status=STATUS_CHOICES)
    async def shelf(self, interaction: discord.Interaction[Any], status: str | None = None) -> None:
        chosen = self._status_param(status or "")
        await respond.send(interaction, await self._shelf_page(interaction, chosen, 1))

    async def _shelf_page(
        self, interaction: discord.Interaction[Any], status: ShelfStatus | None, page: int
    ) -> render.Reply:
        gid = guild_id(interaction)
        adult = allows_adult(interaction)
        conn, user = self.bot.db, interaction.user.id
        total = await shelves.count(conn, gid, user, status, allow_adult=adult)
        if total == 0:
            return shelf_ui.empty_shelf(status)
        pager = Pager.at(page, total=total, per_page=shelf_ui.SHELF_PAGE)
        found = await shelves.entries(
            conn, gid, user, status, allow_adult=adult, limit=pager.per_page, offset=pager.offset
        )
        return shelf_ui.shelf(found, status=status, pager=pager, total=total, owner=user)

    @staticmethod
    def _status_param(raw: str) -> ShelfStatus | None:
        if not raw:
            return None
        try:
            return ShelfStatus(raw)
        except ValueError:
            choices = ", ".join(f"`{s}`" for s in ShelfStatus)
            raise Refusal(f"A shelf status is one of {choices}.") from None

    async def on_shelf_page(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        status = self._status_param(params.get("arg", ""))
        reply = await self._shelf_page(interaction, status, int(params["page"]))
        await respond.replace_or_answer(interaction, reply)

    async def on_move(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        shown = self._status_param(params.get("status", ""))
        story_id, _, target = params.get("value", "").partition(":")
        gid, user = guild_id(interaction), interaction.user.id
        if await shelves.status_of(self.bot.db, gid, user, story_id) is None:
            raise Refusal("That story is no longer on your shelf.")
        if target == shelf_ui.REMOVE:
            await shelves.unsave(self.bot.db, gid, user, story_id)
        else:
            try:
                status = ShelfStatus(target)
            except ValueError:
                raise Refusal("That choice is out of date. Ask again with `/fic shelf`.") from None
            await shelves.save(self.bot.db, gid, user, story_id, status=status)
        reply = await self._shelf_page(interaction, shown, int(params["page"]))
        await respond.replace_or_answer(interaction, reply)

    # --- /fic continue ------------------------------------------------------------------------

    @app_commands.command(
        name="continue", description="Reopen the story you were reading, where you stopped"
    )
    async def continue_(self, interaction: discord.Interaction[Any]) -> None:
        gid, user = guild_id(interaction), interaction.user.id
        position = await self.bot.positions.latest(gid, user)
        story = await queries.get_story(self.bot.db, position.story_id) if position else None
        if position is None or story is None:
            raise Refusal(
                "You haven't started a story here yet. Open one with `/fic read` or the "
                "**Read the story** button, and `/fic continue` will bring you back to it."
            )
        check_adult(interaction, story)
        reply = await reader_reply(
            interaction, story, position.chapter, position.page, ephemeral=True
        )
        await respond.send(interaction, reply)


async def setup(bot: Any) -> None:
    await bot.add_cog(Shelf(bot))
