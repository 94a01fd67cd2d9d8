"""Shared options: a story option is described, autocompleted and looked up in one place."""

from __future__ import annotations

from typing import Any

from bot.app import sync
from fakediscord import Harness

STORY_COMMANDS = {
    ("fic", "read"): "Title or id",
    ("fic", "story"): "Title or id",
    ("fic", "review"): "Title or id",
    ("fic", "reviews"): "Title or id",
    ("fic", "delete-review"): "Title or id",
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
