"""The command tree, and the one way every failure reaches the reader.

A refusal (``Refusal``, raised wherever the answer is "no") is sent as it is; discord.py's own
errors (a check, a cooldown, an option it could not convert) get a short sentence; anything
unexpected is logged with the command (or the pressed custom id) and its options, and the
reader gets an apology (``errors.describe``). The same function answers slash commands (the
tree's ``on_error``), buttons and selects (``FicBot.run_component``) and the review form.
Always a notice only the reader sees: the first response if none was sent, else a follow-up.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.app import errors
from bot.app.respond import send
from bot.ui import markdown, style
from bot.ui.refusal import Refusal
from bot.ui.reply import notice

log = logging.getLogger(__name__)


_PICKED = (
    discord.AppCommandOptionType.channel,
    discord.AppCommandOptionType.user,
    discord.AppCommandOptionType.role,
    discord.AppCommandOptionType.mentionable,
    discord.AppCommandOptionType.attachment,
)

# Every cooldown ficbot keeps is on reviews (``bot.app.cooldown``), so its answer says so.
COOLDOWN = "You just sent a review. Try again in {seconds:.0f} s."


class NotAllowed(app_commands.CheckFailure):
    """A check failed; the message says why, for the reader."""


def unwrap(error: BaseException) -> BaseException:
    """What actually went wrong, out of the wrappers discord.py puts around it."""
    if isinstance(error, app_commands.CommandInvokeError):
        return unwrap(error.original)
    if isinstance(error, app_commands.TransformerError) and error.__cause__ is not None:
        # A Transformer's own failure (a refusal that was not an AppCommandError, or a bug).
        return unwrap(error.__cause__)
    return error


def _text(error: BaseException) -> str | None:
    """The reader's sentence for an error that is nobody's fault on our side (None if it is)."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return COOLDOWN.format(seconds=error.retry_after)
    if isinstance(error, app_commands.MissingPermissions | app_commands.BotMissingPermissions):
        who = "You need" if isinstance(error, app_commands.MissingPermissions) else "I need"
        return f"{who} {style.permissions(error.missing_permissions)} for that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That only works in a server."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use that here."
    if isinstance(error, app_commands.TransformerError):
        # Channels, users and roles Discord did not resolve (a deleted channel, a forged
        # id): the raw value means nothing to the reader, so say what it should have been.
        if error.type in _PICKED:
            what = error.type.name.replace("_", " ")
            return f"I couldn't use that {what}: pick one from the list Discord offers."
        return f"I couldn't understand **{markdown.typed(str(error.value))}** there."
    return None


def _log_unexpected(interaction: discord.Interaction[Any], error: BaseException) -> None:
    data: Any = interaction.data or {}
    if interaction.command is not None:
        log.error(
            "error in /%s (options=%r, user=%s, guild=%s)",
            interaction.command.qualified_name,
            data.get("options"),
            interaction.user.id,
            interaction.guild_id,
            exc_info=error,
        )
    else:
        log.error(
            "error handling custom_id=%r (user=%s, guild=%s)",
            str(data.get("custom_id", ""))[:120],
            interaction.user.id,
            interaction.guild_id,
            exc_info=error,
        )


async def answer_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the reader why their command, press or form did not work (see the module doc)."""
    cause = unwrap(error)
    if isinstance(cause, Refusal):
        reply = cause.reply
    else:
        text = _text(cause)
        if text is None:
            _log_unexpected(interaction, error)  # as raised: the wrapper names the command
            text = errors.describe(cause)
        reply = notice(text)
    reply.ephemeral = True
    try:
        await send(interaction, reply)
    except discord.HTTPException:
        log.warning("could not send the error answer for interaction %s", interaction.id)


class FicTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await answer_error(interaction, error)
