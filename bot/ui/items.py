"""Persistent buttons and selects: ``DynamicItem``s whose custom ids carry what they need.

discord.py rebuilds these from the custom id on every press, so they keep working after a
restart. The item only parses its id and hands over to a handler that the cogs register on
the bot (``bot.component_handlers``); the handler does the work. Any exception is answered
with a short apology instead of Discord's "This interaction failed".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, Self

import discord

from bot.app import errors
from bot.ui import ids

log = logging.getLogger(__name__)

Handler = Callable[[discord.Interaction[Any], dict[str, str]], Awaitable[None]]


class HasHandlers(Protocol):
    component_handlers: dict[str, Handler]


APOLOGY = errors.APOLOGY


async def run_handler(
    kind: str, interaction: discord.Interaction[Any], params: dict[str, str]
) -> None:
    client: Any = interaction.client
    handlers: dict[str, Handler] = getattr(client, "component_handlers", {})
    handler = handlers.get(kind)
    try:
        if handler is None:
            raise LookupError(f"no handler registered for {kind!r}")
        await handler(interaction, params)
    except Exception as exc:
        log.exception(
            "error handling %s (custom_id=%r, user=%s)",
            kind,
            _custom_id(interaction),
            interaction.user.id,
        )
        await send_apology(interaction, errors.describe(exc))


async def send_apology(interaction: discord.Interaction[Any], text: str = APOLOGY) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("could not even apologise for interaction %s", interaction.id)


def _params(match: re.Match[str]) -> dict[str, str]:
    """What a custom id carries, by the names of its template's groups."""
    return {k: v for k, v in match.groupdict().items() if v is not None}


def _custom_id(interaction: discord.Interaction[Any]) -> str:
    data: Any = interaction.data or {}
    return str(data.get("custom_id", ""))


class _Dynamic(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"^fb:__abstract__$"):
    kind = ""

    def __init__(
        self,
        custom_id: str,
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        emoji: str | None = None,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or None,
                style=style,
                custom_id=custom_id,
                emoji=emoji,
                disabled=disabled,
            ),
            row=row,
        )
        self.params: dict[str, str] = {}

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        made = cls(match.group(0))
        made.params = _params(match)
        return made

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_handler(self.kind, interaction, self.params)


class AnotherButton(_Dynamic, template=ids.ANOTHER):
    kind = "another"


class ReadButton(_Dynamic, template=ids.READ):
    kind = "read"


class ReviewButton(_Dynamic, template=ids.REVIEW):
    kind = "review"


class KudosButton(_Dynamic, template=ids.KUDOS):
    kind = "kudos"


class NavButton(_Dynamic, template=ids.NAV):
    kind = "nav"


class ListPageButton(_Dynamic, template=ids.LIST):
    kind = "list"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Each list (by-character, characters, search, reviews) has its own handler.
        await run_handler(f"list:{self.params.get('kind', '')}", interaction, self.params)


class OpenStorySelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=ids.OPEN):
    """The select under a list of stories: choosing one opens its card."""

    kind = "open"

    def __init__(
        self,
        custom_id: str,
        options: list[discord.SelectOption] | None = None,
        placeholder: str = "Open a story…",
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                options=options or [discord.SelectOption(label="-", value="-")],
                placeholder=placeholder,
                min_values=1,
                max_values=1,
            )
        )
        self.params: dict[str, str] = {}

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        made = cls(match.group(0))
        made.params = _params(match)
        return made

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: Any = interaction.data or {}
        values = data.get("values") or []
        params = dict(self.params)
        params["value"] = str(values[0]) if values else ""
        await run_handler(self.kind, interaction, params)


ALL_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnotherButton,
    ReadButton,
    ReviewButton,
    KudosButton,
    NavButton,
    ListPageButton,
    OpenStorySelect,
)
