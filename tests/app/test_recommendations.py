"""/fic by-character and /fic characters."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from fakediscord import Harness
from tests.app import stories

RESPONSE = discord.InteractionResponseType


async def test_by_character_aeris_lists_the_story_with_her_as_lead(h: Harness) -> None:
    ex = await h.slash("fic by-character", name="Aeris")
    embed = ex.embed
    assert embed["title"] == "Stories featuring Aerith Gainsborough"
    assert "`004`" in embed["description"] and "lead as Aeris" in embed["description"]
    assert "Sephiroth/Aerith Gainsborough" in embed["description"]
    assert "words" in embed["description"] and "no reviews yet" in embed["description"]
    select = next(c for c in ex.custom_ids if c.startswith("fb:open:"))
    opened = await h.select(ex, select, ["004"])
    assert opened.ephemeral and opened.embed["title"].startswith("The field was littered")


async def test_by_character_sephiroth_is_lead_in_both(h: Harness) -> None:
    ex = await h.slash("fic by-character", name="sephiroth")
    text = ex.embed["description"]
    assert "`000`" in text and "`004`" in text and text.count("lead") == 2


async def test_unknown_character_gets_close_matches(h: Harness) -> None:
    ex = await h.slash("fic by-character", name="Aerth")
    assert ex.ephemeral and "Aerith Gainsborough" in ex.content


async def test_autocomplete_offers_names_aliases_and_typos(h: Harness) -> None:
    for typed in ("aer", "Aeris", "Sephirot", "gen"):
        ex = await h.autocomplete("fic by-character", "name", typed)
        assert ex.choices, typed
        assert len(ex.choices) <= 25
    names = [c["name"] for c in (await h.autocomplete("fic by-character", "name", "aer")).choices]
    assert "Aerith Gainsborough" in names
    empty = await h.autocomplete("fic by-character", "name", "")
    assert {c["name"] for c in empty.choices} >= {"Sephiroth", "Aerith Gainsborough"}


@pytest.fixture
def many_cloud_stories(seeds_dir: Path) -> None:
    for n in range(12):
        stories.add(seeds_dir, f"{100 + n}_road.txt", stories.cloud_story(n + 1))


@pytest.mark.usefixtures("many_cloud_stories")
async def test_long_lists_paginate_and_only_the_asker_turns_pages(h: Harness) -> None:
    ex = await h.slash("fic by-character", name="Cloud")
    footer = ex.embed["footer"]["text"]
    assert "page 1 of 2" in footer
    first_ids = set(_ids(ex.embed["description"]))
    nxt = next(c for c in ex.custom_ids if c.startswith("fb:list:c:n:"))
    refused = await h.click(ex, nxt, user="bram")
    assert refused.ephemeral and "belong" in refused.content
    page2 = await h.click(ex, nxt)
    assert (
        page2.response_type == RESPONSE.message_update.value
        and "page 2 of 2" in page2.embed["footer"]["text"]
    )
    assert not first_ids & set(_ids(page2.embed["description"]))
    assert len(first_ids | set(_ids(page2.embed["description"]))) == 13  # 12 road stories + 004


def _ids(text: str) -> list[str]:
    return [part.split("`")[0] for part in text.split("· `")[1:]]


async def test_characters_lists_who_is_in_the_library(h: Harness) -> None:
    ex = await h.slash("fic by-character")
    text = ex.embed["description"]
    assert "**Sephiroth**" in text and "2 stories" in text
    assert "Aeris" in text  # aliases shown
    assert "Vincent" not in text  # only characters found in a story


@pytest.fixture
def adult_stories(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "300_after.txt", stories.EXPLICIT)
    stories.add(seeds_dir, "301_coffin.txt", stories.MATURE_VINCENT)


@pytest.mark.usefixtures("many_cloud_stories", "adult_stories")
async def test_characters_counts_only_what_the_channel_may_show(h: Harness) -> None:
    """Issue 12, break 9: /fic characters counted adult stories in any channel (it said one
    more than /fic by-character listed)."""
    general = (await h.slash("fic by-character")).embed["description"]
    listed = (await h.slash("fic by-character", name="Cloud")).embed["footer"]["text"]
    restricted = (await h.slash("fic by-character", channel="after-dark")).embed["description"]
    cloud = next(line for line in general.splitlines() if line.startswith("**Cloud Strife**"))
    assert "13 stories" in cloud and "13 stories" in listed, (cloud, listed)
    assert "14 stories" in next(
        line for line in restricted.splitlines() if line.startswith("**Cloud Strife**")
    )
    assert "Vincent" not in general and "**Vincent Valentine**" in restricted
