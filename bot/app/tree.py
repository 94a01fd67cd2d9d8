"""The command tree: errors become short answers instead of "This interaction failed"."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.app import errors
from bot.app.respond import send
from bot.ui import markdown, render

log = logging.getLogger(__name__)


_PICKED = (
    discord.AppCommandOptionType.channel,
    discord.AppCommandOptionType.user,
    discord.AppCommandOptionType.role,
    discord.AppCommandOptionType.mentionable,
    discord.AppCommandOptionType.attachment,
)


class NotAllowed(app_commands.CheckFailure):
    """A check failed; the message says why, for the reader."""


class FicTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            text = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(
            error, app_commands.MissingPermissions | app_commands.BotMissingPermissions
        ):
            what = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
            who = "You need" if isinstance(error, app_commands.MissingPermissions) else "I need"
            text = f"{who} the {what} permission for that."
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = "That only works in a server."
        elif isinstance(error, app_commands.CheckFailure):
            text = str(error) or "You can't use that here."
        elif isinstance(error, app_commands.TransformerError):
            # Channels, users and roles Discord did not resolve (a deleted channel, a forged
            # id): the raw value means nothing to the reader, so say what it should have been.
            if error.type in _PICKED:
                what = error.type.name.replace("_", " ")
                text = f"I couldn't use that {what}: pick one from the list Discord offers."
            else:
                text = f"I couldn't understand **{markdown.typed(str(error.value))}** there."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            data: Any = interaction.data or {}
            log.error(
                "error in /%s (options=%r, user=%s, guild=%s)",
                command,
                data.get("options"),
                interaction.user.id,
                interaction.guild_id,
                exc_info=error,
            )
            original = (
                error.original if isinstance(error, app_commands.CommandInvokeError) else error
            )
            text = errors.describe(original)
        try:
            await send(interaction, render.notice(text))
        except discord.HTTPException:
            log.warning("could not send the error answer for interaction %s", interaction.id)
