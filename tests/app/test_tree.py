"""The one error path: refusals, discord.py's own errors and surprises, for commands and
presses alike."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bot.app import tree
from bot.app.errors import APOLOGY
from bot.app.options import StoryTransformer
from bot.ui.ids import Action
from bot.ui.refusal import Refusal
from fakediscord import Harness


def test_unwrap_finds_the_refusal_inside_discord_pys_wrappers() -> None:
    refusal = Refusal("No.")
    wrapped = app_commands.TransformerError(
        "x", discord.AppCommandOptionType.string, StoryTransformer()
    )
    wrapped.__cause__ = refusal  # what ``raise ... from refusal`` leaves
    assert tree.unwrap(wrapped) is refusal
    invoked = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    invoked.original = refusal
    assert tree.unwrap(invoked) is refusal
    plain = app_commands.TransformerError(
        "x", discord.AppCommandOptionType.channel, StoryTransformer()
    )
    assert tree.unwrap(plain) is plain  # discord.py's own conversion failure: answered as such


async def test_a_story_refusal_from_the_option_reaches_the_reader(h: Harness) -> None:
    ex = await h.slash("fic read", story="no such story")
    assert ex.ephemeral and "I can't find a story called" in (ex.content or "")
    assert ex.logs == [] and ex.errors == []


async def test_a_surprise_in_the_option_is_logged_and_apologised_for(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: Any, interaction: Any, value: Any) -> Any:
        raise RuntimeError("the lookup broke")

    monkeypatch.setattr(StoryTransformer, "transform", broken)
    ex = await h.slash("fic story", story="004", strict=False)
    assert ex.ephemeral and ex.content == APOLOGY
    assert any("/fic story" in line for line in map(str, ex.logs)), ex.logs


async def test_a_refusal_from_a_button_reaches_the_presser(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(interaction: Any, params: dict[str, str]) -> None:
        raise Refusal("Not today.")

    card = await h.slash("fic story", story="004")
    monkeypatch.setitem(h.bot.component_handlers, Action.KUDOS, refuse)  # type: ignore[attr-defined]
    ex = await h.click(card, "fb:kudos:004")
    assert ex.ephemeral and ex.content == "Not today."
    assert ex.logs == []


async def test_a_surprise_in_a_button_is_logged_with_its_custom_id(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(interaction: Any, params: dict[str, str]) -> None:
        raise RuntimeError("kudos broke")

    card = await h.slash("fic story", story="004")
    monkeypatch.setitem(h.bot.component_handlers, Action.KUDOS, broken)  # type: ignore[attr-defined]
    ex = await h.click(card, "fb:kudos:004", strict=False)
    assert ex.ephemeral and ex.content == APOLOGY
    assert any("fb:kudos:004" in line for line in map(str, ex.logs)), ex.logs


async def test_a_refusal_after_the_first_answer_is_a_follow_up(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def late(interaction: discord.Interaction[Any], params: dict[str, str]) -> None:
        await interaction.response.defer(ephemeral=True)
        raise Refusal("Changed my mind.")

    card = await h.slash("fic story", story="004")
    monkeypatch.setitem(h.bot.component_handlers, Action.KUDOS, late)  # type: ignore[attr-defined]
    ex = await h.click(card, "fb:kudos:004")
    assert ex.content == "Changed my mind."
    assert [s.kind for s in ex.sent][-1] == "followup"
