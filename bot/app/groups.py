"""The shared slash-command groups, and the cog base that files its commands under them.

Three cogs (excerpts, recommendations, feedback) all add subcommands to ``/fic``; discord.py
gives each ``GroupCog`` its own group, so the groups are made once per bot here and each cog
moves its commands into the group it names. Groups are per bot instance (not module globals)
so that several bots in one process (tests, a restart) never share command objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.options import describe_options

if TYPE_CHECKING:
    from bot.app.client import FicBot


def make_groups() -> dict[str, app_commands.Group]:
    fic = app_commands.Group(
        name="fic",
        description="Read, discover and review the server's fan-fiction library",
        guild_only=True,
    )
    ficadmin = app_commands.Group(
        name="ficadmin",
        description="Set up ficbot for this server (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    return {"fic": fic, "ficadmin": ficadmin}


class GroupedCog(commands.Cog):
    """A cog whose slash commands live under a shared group (``/fic`` unless told otherwise)."""

    group_name: ClassVar[str] = "fic"

    def __init__(self, bot: FicBot) -> None:
        self.bot = bot
        self._moved: list[app_commands.Command[Any, ..., Any]] = []

    async def cog_load(self) -> None:
        group = self.bot.command_groups[self.group_name]
        for command in self.__cog_app_commands__:
            if isinstance(command, app_commands.Command) and command.parent is None:
                describe_options(command)
                command.parent = group
                group.add_command(command)
                self._moved.append(command)
        # Cog._inject adds every command left in this list to the tree as a top-level command;
        # ours now live in the group, so the list is emptied (cog_unload takes them out again).
        self.__cog_app_commands__ = []
        if self.bot.tree.get_command(group.name) is None:
            self.bot.tree.add_command(group)

    async def cog_unload(self) -> None:
        group = self.bot.command_groups[self.group_name]
        for command in self._moved:
            group.remove_command(command.name)
        self._moved.clear()
