"""Autocomplete with the same nasty input: at most 25 choices, names 1..100, values up to 100,
never an exception, and only suggestions the command itself then accepts."""

from __future__ import annotations

from typing import Any

import discord
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from fakediscord import Exchange, Harness
from tests.abuse import commands
from tests.abuse.checks import assert_handled
from tests.abuse.nasty import NASTY, long_strings, nasty_text

RESPONSE = discord.InteractionResponseType

FUZZ = hsettings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_choices(ex: Exchange) -> list[dict[str, Any]]:
    assert ex.errors == [] and ex.violations == [] and ex.logs == [], ex.summary()
    assert ex.response_type == RESPONSE.autocomplete_result.value, ex.summary()
    choices = ex.choices
    assert choices is not None
    assert len(choices) <= 25
    for choice in choices:
        assert isinstance(choice["name"], str) and 1 <= len(choice["name"]) <= 100, choice
        assert isinstance(choice["value"], str) and 1 <= len(choice["value"]) <= 100, choice
        assert choice["name"].strip(), choice
    assert len({c["value"] for c in choices}) == len(choices), "duplicate values"
    return choices


def completed(h: Harness) -> list[commands.TextOption]:
    return [o for o in commands.text_options(h.bot) if o.autocomplete]  # type: ignore[arg-type]


async def test_every_autocomplete_survives_the_nasty_list(h: Harness) -> None:
    options = completed(h)
    assert {str(o) for o in options} >= {
        "/fic random character",
        "/fic random fandom",
        "/fic read story",
        "/fic by-character name",
        "/ficadmin export story",
    }
    tried = 0
    for option in options:
        for value in [*NASTY, *long_strings(option.max_length)]:
            ex = await h.autocomplete(option.command, option.option, value, user=option.user)
            assert_choices(ex)
            tried += 1
    assert tried >= len(options) * len(NASTY)


@FUZZ
@given(data=st.data())
async def test_generated_text_in_any_autocomplete(h: Harness, data: st.DataObject) -> None:
    option = data.draw(st.sampled_from(completed(h)), label="option")
    value = data.draw(nasty_text(option.max_length), label="value")
    assert_choices(await h.autocomplete(option.command, option.option, value, user=option.user))


async def test_every_suggestion_is_accepted_by_its_command(h: Harness) -> None:
    """A suggestion is only worth offering if the command then understands it."""
    for option in completed(h):
        for typed in ("", "a", "00", "seph", "Final"):
            ex = await h.autocomplete(option.command, option.option, typed, user=option.user)
            for choice in assert_choices(ex)[:3]:
                run = await h.slash(
                    option.command,
                    user=option.user,
                    channel="after-dark",
                    options=option.options(choice["value"]),
                )
                assert_handled(run)
                assert "can't find" not in (run.content or ""), (option, choice, run.content)
                assert "don't know" not in (run.content or ""), (option, choice, run.content)
