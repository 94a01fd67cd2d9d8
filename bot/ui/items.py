"""Persistent buttons and selects: ``DynamicItem``s whose custom ids carry what they need.

discord.py rebuilds these from the custom id on every press, so they keep working after a
restart. The item parses its id, checks that a pager is pressed by its owner (in
``interaction_check``, as discord.py's ``examples/views/dynamic_counter.py`` does), and hands
over to the client (a ``ComponentHost``), which runs the handler a cog registered for the
item's ``Action`` and answers any failure the way every command's failure is answered.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, Self, cast

import discord

from bot.ui import ids
from bot.ui.ids import Action, ListKind
from bot.ui.refusal import NOT_YOURS, Refusal

Handler = Callable[[discord.Interaction[Any], dict[str, str]], Awaitable[None]]


class ComponentHost(Protocol):
    """What the client does for a press: run its action's handler; answer a failure."""

    async def run_component(
        self, action: Action, interaction: discord.Interaction[Any], params: dict[str, str]
    ) -> None: ...

    async def answer_error(
        self, interaction: discord.Interaction[Any], error: BaseException
    ) -> None: ...


def host(interaction: discord.Interaction[Any]) -> ComponentHost:
    return cast(ComponentHost, interaction.client)


def owns(interaction: discord.Interaction[Any], owner: str | None) -> bool:
    """Whether the reader pressing a pager's button is the one it belongs to.

    The owner travels in the custom id, which a client can forge; so the message must also have
    been made by that reader's own command or button press (Discord records who, and a message
    can't be made to say otherwise).
    """
    if owner is None or str(interaction.user.id) != owner:
        return False
    message = interaction.message
    made_by = getattr(getattr(message, "interaction_metadata", None), "user", None)
    return made_by is None or made_by.id == interaction.user.id


def _params(match: re.Match[str]) -> dict[str, str]:
    """What a custom id carries, by the names of its template's groups."""
    return {k: v for k, v in match.groupdict().items() if v is not None}


class _FromCustomId:
    """Rebuilds an item from its custom id alone, keeping the id's named parts as ``params``."""

    params: dict[str, str]

    @classmethod
    async def from_custom_id(  # discord.py's DynamicItem signature; only the match matters
        cls,
        _interaction: discord.Interaction[Any],
        _item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        made: Self = cast(Any, cls)(match.group(0))  # each subclass is built from its custom id
        made.params = _params(match)
        return made


class _Dynamic(
    _FromCustomId,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"^fb:__abstract__$",
):
    action: Action

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

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await host(interaction).run_component(self.action, interaction, self.params)


class _Owned(_Dynamic, template=r"^fb:__abstract_owned__$"):
    """A pager: it belongs to whoever asked, and others get a polite note, never their view."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if owns(interaction, self.params.get("owner")):
            return True
        # discord.py drops a press whose check says no (or raises) without a word: answer here.
        await host(interaction).answer_error(interaction, Refusal(NOT_YOURS))
        return False


class AnotherButton(_Dynamic, template=ids.ANOTHER):
    action = Action.ANOTHER


class ReadButton(_Dynamic, template=ids.READ):
    action = Action.READ


class ReviewButton(_Dynamic, template=ids.REVIEW):
    action = Action.REVIEW


class KudosButton(_Dynamic, template=ids.KUDOS):
    action = Action.KUDOS


class PublishButton(_Dynamic, template=ids.PUBLISH):
    action = Action.PUBLISH


class FixButton(_Dynamic, template=ids.FIX):
    action = Action.FIX


class FollowButton(_Dynamic, template=ids.FOLLOW):
    action = Action.FOLLOW


class NavButton(_Owned, template=ids.NAV):
    action = Action.TURN_PAGE


class ListPageButton(_Owned, template=ids.LIST):
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Each list (by-character, characters, search, reviews) has its own handler.
        action = ListKind(self.params["kind"]).action
        await host(interaction).run_component(action, interaction, self.params)


class OpenStorySelect(
    _FromCustomId, discord.ui.DynamicItem[discord.ui.Select[Any]], template=ids.OPEN
):
    """The select under a list of stories: choosing one opens its card."""

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

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: Any = interaction.data or {}
        values = data.get("values") or []
        params = dict(self.params)
        params["value"] = str(values[0]) if values else ""
        await host(interaction).run_component(Action.OPEN_STORY, interaction, params)


class SaveButton(_Dynamic, template=ids.SAVE):
    action = Action.SAVE


class ForgetButton(_Owned, template=ids.FORGET):
    action = Action.FORGET


class _OwnedSelect(
    _FromCustomId,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"^fb:__abstract_sel__$",
):
    """A select that belongs to whoever asked (a shelf, a list of exclusions); its chosen value
    goes to the handler as ``value``."""

    action: Action

    def __init__(
        self,
        custom_id: str,
        options: list[discord.SelectOption] | None = None,
        placeholder: str = "",
    ) -> None:
        # No row: discord.py's DynamicItem reads a select's row where Select does not keep
        # it, so a row given here would be lost; selects go below the rows buttons name.
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                options=options or [discord.SelectOption(label="-", value="-")],
                placeholder=placeholder or None,
                min_values=1,
                max_values=1,
            )
        )
        self.params: dict[str, str] = {}

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if owns(interaction, self.params.get("owner")):
            return True
        await host(interaction).answer_error(interaction, Refusal(NOT_YOURS))
        return False

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: Any = interaction.data or {}
        values = data.get("values") or []
        params = dict(self.params)
        params["value"] = str(values[0]) if values else ""
        await host(interaction).run_component(self.action, interaction, params)


class MoveSelect(_OwnedSelect, template=ids.MOVE):
    action = Action.SHELF_MOVE


class UnexcludeSelect(_OwnedSelect, template=ids.UNEXCLUDE):
    action = Action.UNEXCLUDE


ALL_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnotherButton,
    ReadButton,
    ReviewButton,
    KudosButton,
    NavButton,
    ListPageButton,
    OpenStorySelect,
    PublishButton,
    FixButton,
    SaveButton,
    ForgetButton,
    MoveSelect,
    UnexcludeSelect,
    FollowButton,
)


def on_message(message: discord.Message | None, custom_id: str) -> bool:
    """Whether a component with ``custom_id`` is on ``message`` (as Discord delivered it)."""
    if message is None:
        return False
    todo: list[Any] = list(message.components)
    while todo:
        component = todo.pop()
        if getattr(component, "custom_id", None) == custom_id:
            return True
        todo.extend(getattr(component, "children", None) or [])
        accessory = getattr(component, "accessory", None)
        if accessory is not None:
            todo.append(accessory)
        inner = getattr(component, "component", None)
        if inner is not None:
            todo.append(inner)
    return False
