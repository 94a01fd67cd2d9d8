"""Your data: ``/fic my-data`` (everything ficbot keeps about the reader here, and the JSON
file of it), ``/fic forget-me``, and ``/ficadmin forget`` for a member (who may have left)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import respond
from bot.app.common import allows_adult, bot_of, guild_id
from bot.app.forgetting import forget_reader
from bot.app.groups import GroupedCog
from bot.app.tree import NotAllowed
from bot.storage import my_data
from bot.storage.my_data import Actor
from bot.ui import my_data as ui
from bot.ui.ids import Action
from bot.ui.reply import Reply


def _manage_guild(interaction: discord.Interaction[Any]) -> bool:
    """Checked in code too: a server admin may have changed the commands' default permissions."""
    if not (interaction.permissions.manage_guild or interaction.permissions.administrator):
        raise NotAllowed("Only members with the Manage Server permission can do that.")
    return True


async def _page(interaction: discord.Interaction[Any], page: int, *, first: bool) -> Reply:
    bot = bot_of(interaction)
    conn = bot.db
    if first:
        await bot.positions.flush()  # a page turn not written yet is kept data too
    exported = await my_data.export(conn, guild_id(interaction), interaction.user.id)
    labels = await my_data.story_labels(conn, my_data.story_ids(exported))
    return ui.my_data(
        exported,
        labels,
        page=page,
        owner=interaction.user.id,
        adult_ok=allows_adult(interaction),
        first=first,
    )


async def _confirm(interaction: discord.Interaction[Any], member: int | None) -> Reply:
    whom = interaction.user.id if member is None else member
    exported = await my_data.export(bot_of(interaction).db, guild_id(interaction), whom)
    return ui.confirm_forget(exported, owner=interaction.user.id, member=member)


class MyData(GroupedCog):
    async def cog_load(self) -> None:
        await super().cog_load()
        self.bot.component_handlers.update(
            {Action.MY_DATA_PAGE: self.on_page, Action.FORGET: self.on_forget}
        )

    @app_commands.command(
        name="my-data", description="Everything ficbot keeps about you here, and a file of it"
    )
    async def my_data_(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, await _page(interaction, 1, first=True))

    async def on_page(self, interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        reply = await _page(interaction, int(params["page"]), first=False)
        await respond.replace_or_answer(interaction, reply)

    @app_commands.command(
        name="forget-me", description="Delete everything ficbot keeps about you in this server"
    )
    async def forget_me(self, interaction: discord.Interaction[Any]) -> None:
        await respond.send(interaction, await _confirm(interaction, None))

    async def on_forget(
        self, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None:
        """A confirmation's button, pressed by whoever asked (the items' owner check)."""
        mode = params["mode"]
        if mode == "k":
            await respond.update(interaction, ui.cancelled())
            return
        member = int(params["member"]) if "member" in params else None
        by = None
        if member is not None:
            _manage_guild(interaction)  # a custom id can be forged: checked again
            by = Actor(interaction.user.id, interaction.user.display_name)
        # The data is committed before anything is said; the posts may take a while.
        await respond.defer(interaction, thinking=False)
        done, not_removed = await forget_reader(
            self.bot,
            guild_id(interaction),
            interaction.user.id if member is None else member,
            keep_reviews=mode == "a",
            by=by,
        )
        await respond.update(
            interaction, ui.forgotten(done, member=member is not None, not_removed=not_removed)
        )


class MyDataAdmin(GroupedCog):
    group_name = "ficadmin"

    @app_commands.command(
        name="forget", description="Delete everything ficbot keeps about a member here"
    )
    @app_commands.describe(member="The member, or the user id of one who has left the server")
    @app_commands.check(_manage_guild)
    async def forget(self, interaction: discord.Interaction[Any], member: discord.User) -> None:
        await respond.send(interaction, await _confirm(interaction, member.id))


async def setup(bot: Any) -> None:
    await bot.add_cog(MyData(bot))
    await bot.add_cog(MyDataAdmin(bot))
