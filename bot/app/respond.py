"""Sending a Reply to an interaction: the initial response, or a follow-up once it is taken."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeVar

import discord

from bot.ui.render import NO_PINGS, Reply

log = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds of work after which an interaction is deferred: well inside Discord's 3, leaving room
# for the event loop being busy and the request's own trip.
DEFER_AFTER = 1.0


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


async def edit_original(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Change the first answer later (a thank-you that now links to the post). Best effort:
    past the token's 15 minutes, or if Discord refuses, the answer stays as it was."""
    if interaction.is_expired():
        return
    kwargs = reply.send_kwargs()
    kwargs.pop("file", None)
    try:
        await interaction.edit_original_response(**kwargs)
    except discord.HTTPException as exc:
        log.warning("could not update the answer to interaction %s: %s", interaction.id, exc)


async def after_deferring_if_slow(
    interaction: discord.Interaction[Any], work: asyncio.Future[T], *, ephemeral: bool
) -> T:
    """Wait for ``work``, answering with a deferral first if it takes more than ``DEFER_AFTER``.

    Discord gives up on an interaction not answered within 3 seconds. Deferring costs a call
    and shows "thinking…", so only slow work (the database busy with a load) pays for it.
    ``work`` is a future, not a coroutine: it is shared work (a group commit) that goes on even
    if this interaction's handler is cancelled.
    """
    done, _ = await asyncio.wait({work}, timeout=DEFER_AFTER)
    if not done:
        await defer(interaction, ephemeral=ephemeral)
    return await asyncio.shield(work)


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


__all__ = [
    "NO_PINGS",
    "after_deferring_if_slow",
    "defer",
    "edit_original",
    "replace_or_answer",
    "send",
    "update",
]
