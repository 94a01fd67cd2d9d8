"""Sending a Reply to an interaction: the initial response, or a follow-up once it is taken."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.ui.render import NO_PINGS, Reply

log = logging.getLogger(__name__)


async def send(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Answer with ``reply``: as the first response if none was sent yet, else as a follow-up.

    After a defer the first follow-up replaces the "thinking…" message, as Discord intends.
    A token past its 15 minutes (404 Unknown Webhook/Interaction) is logged, not raised.
    """
    kwargs = reply.send_kwargs()
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
        else:
            await interaction.followup.send(ephemeral=reply.ephemeral, wait=False, **kwargs)
    except discord.NotFound:
        log.warning("interaction %s expired before ficbot could answer", interaction.id)


async def update(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Replace the message a button sits on (page turns, "Another")."""
    kwargs = reply.send_kwargs()
    kwargs.pop("file", None)
    if not interaction.response.is_done():
        await interaction.response.edit_message(**kwargs)
    else:
        await interaction.edit_original_response(**kwargs)


async def replace_or_answer(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """A button's result: a new page or passage replaces the message the button sits on; a
    notice (nothing found, not yours, out of date) goes to the presser alone instead."""
    if reply.embeds:
        await update(interaction, reply)
    else:
        await send(interaction, reply)


async def defer(
    interaction: discord.Interaction[Any], *, ephemeral: bool = False, thinking: bool = True
) -> None:
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=thinking)


__all__ = ["NO_PINGS", "defer", "replace_or_answer", "send", "update"]
