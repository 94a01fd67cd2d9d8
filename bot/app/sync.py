"""Syncing slash commands only when they changed.

Discord allows 200 command creations a day per guild, and ``on_ready`` fires on every
reconnect, so ficbot syncs once in ``setup_hook`` and only when the hash of the command payload
differs from the last sync's (kept in the database), plus ``ficbot sync`` to force it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import aiosqlite
import discord
from discord import app_commands

from bot.storage.tx import transaction

log = logging.getLogger(__name__)


def commands_payload(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> list[dict[str, Any]]:
    return [c.to_dict(tree) for c in tree.get_commands(guild=guild)]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _key(guild_id: int | None) -> str:
    return f"sync_hash:{guild_id or 'global'}"


async def sync_if_changed(
    conn: aiosqlite.Connection,
    tree: app_commands.CommandTree[Any],
    guild_id: int | None,
    *,
    force: bool = False,
) -> bool:
    """Sync to ``guild_id`` (or globally) when the payload changed; returns True if it synced."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = payload_hash(commands_payload(tree, guild))
    async with conn.execute("SELECT value FROM meta WHERE key = ?", (_key(guild_id),)) as cur:
        row = await cur.fetchone()
    if row is not None and row[0] == digest and not force:
        log.info("slash commands unchanged since the last sync; not syncing")
        return False
    synced = await tree.sync(guild=guild)
    async with transaction(conn):
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_key(guild_id), digest),
        )
    where = f"guild {guild_id}" if guild_id else "globally (may take up to an hour to appear)"
    log.info("synced %d slash commands %s", len(synced), where)
    return True


async def clear(
    conn: aiosqlite.Connection, tree: app_commands.CommandTree[Any], guild_id: int | None
) -> None:
    guild = discord.Object(id=guild_id) if guild_id else None
    tree.clear_commands(guild=guild)
    await tree.sync(guild=guild)
    async with transaction(conn):
        await conn.execute("DELETE FROM meta WHERE key = ?", (_key(guild_id),))
