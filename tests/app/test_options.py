"""Shared options: a story option is described, autocompleted and looked up in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app import sync
from fakediscord import Harness
from tests.app import stories

STORY_COMMANDS = {
    ("fic", "read"): "Title or id",
    ("fic", "story"): "Title or id",
    ("fic", "review"): "Title or id",
    ("fic", "reviews"): "Title or id",
    ("ficadmin", "remove-review"): "Title or id",
    ("ficadmin", "export"): "A story, or all",
}


def _story_option(payload: list[dict[str, Any]], group: str, name: str) -> dict[str, Any]:
    top = next(c for c in payload if c["name"] == group)
    sub = next(o for o in top["options"] if o["name"] == name)
    return next(o for o in sub["options"] if o["name"] == "story")


async def test_every_story_option_is_described_and_autocompleted(h: Harness) -> None:
    payload = sync.commands_payload(h.bot.tree, None)
    for (group, name), description in STORY_COMMANDS.items():
        option = _story_option(payload, group, name)
        assert option["description"] == description, (group, name)
        assert option["autocomplete"] is True, (group, name)
        assert (option["type"], option["min_length"], option["max_length"]) == (3, 1, 200)


async def test_story_autocomplete_offers_stories(h: Harness) -> None:
    ex = await h.autocomplete("fic read", "story", "00")
    assert ex.choices and all(c["value"] for c in ex.choices)


async def test_export_autocomplete_offers_all_stories_first(h: Harness) -> None:
    ex = await h.autocomplete("ficadmin export", "story", "", user="cass")
    assert ex.choices[0] == {"name": "All stories", "value": "all"}
    assert len(ex.choices) > 1


@pytest.fixture
def adult_story(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "300_after.txt", stories.EXPLICIT)
    stories.add(seeds_dir, "301_coffin.txt", stories.MATURE_VINCENT)
    stories.add(seeds_dir, "302_thedas.txt", stories.EXPLICIT_ELSEWHERE)


@pytest.mark.usefixtures("adult_story")
async def test_story_autocomplete_offers_adult_stories_only_in_age_restricted_channels(
    h: Harness,
) -> None:
    """Issue 12, break 8: Explicit titles were suggested in any channel."""
    for typed in ("", "30", "300", "Af", "After", "hours"):
        general = await h.autocomplete("fic read", "story", typed)
        assert not any(c["value"] in ("300", "301", "302") for c in general.choices), typed
        restricted = await h.autocomplete("fic read", "story", typed, channel="after-dark")
        assert any(c["value"] == "300" for c in restricted.choices) or typed == "Af", typed
    assert await _values(h, "ficadmin export", "", "general") >= {"all", "000", "004"}
    assert not await _values(h, "ficadmin export", "", "general") & {"300", "301", "302"}


async def _values(h: Harness, command: str, typed: str, channel: str) -> set[str]:
    ex = await h.autocomplete(command, "story", typed, user="cass", channel=channel)
    return {c["value"] for c in ex.choices}


@pytest.mark.usefixtures("adult_story")
async def test_names_found_only_in_adult_stories_are_not_suggested_outside_them(
    h: Harness,
) -> None:
    """Issue 12, break 8: a fandom or character known only from adult stories is not named."""
    fandoms = await h.autocomplete("fic random", "fandom", "")
    assert "Dragon Age" not in {c["value"] for c in fandoms.choices}
    there = await h.autocomplete("fic random", "fandom", "", channel="after-dark")
    assert "Dragon Age" in {c["value"] for c in there.choices}
    for typed in ("", "Vinc", "Vincent"):
        names = await h.autocomplete("fic by-character", "name", typed)
        assert "Vincent Valentine" not in {c["value"] for c in names.choices}, typed
    for typed in ("", "Vincent"):
        names = await h.autocomplete("fic by-character", "name", typed, channel="after-dark")
        assert "Vincent Valentine" in {c["value"] for c in names.choices}, typed
