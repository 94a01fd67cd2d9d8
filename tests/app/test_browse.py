"""/fic by-pairing, by-fandom, by-tag and their filters, through the command tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Harness
from tests.app import stories

TAGGED = """Title: Rain on the Church
Author: sprout
Fandom: Final Fantasy VII
Rating: General Audiences
Relationships: Cloud Strife/Tifa Lockhart
Additional Tags: Fluff, Hurt/Comfort
Archive Warnings: No Archive Warnings Apply

Cloud sat with Tifa in the ruined church while the rain came down through the broken roof, and neither of them said anything for a long while. The flowers were growing again, slowly, in the place where they had always grown.

Tifa leaned her head on his shoulder. Cloud let her, and after a while he put his arm around her, and the rain went on falling on the flowers.
"""


@pytest.fixture
def tagged(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "300_rain.txt", TAGGED)
    stories.add(seeds_dir, "301_after.txt", stories.EXPLICIT)


async def test_by_pairing_any_order_any_alias_any_joiner(h: Harness) -> None:
    for typed in ("Sephiroth/Aeris", "aerith x seph", "Aeris & Sephiroth"):
        ex = await h.slash("fic by-pairing", pairing=typed)
        assert "`004`" in ex.embed["description"], typed
        assert "`000`" not in ex.embed["description"]
    choices = (await h.autocomplete("fic by-pairing", "pairing", "aer")).choices
    assert any("Sephiroth" in c["name"] and "Aerith" in c["name"] for c in choices)


async def test_by_pairing_refuses_one_name_or_strangers(h: Harness) -> None:
    assert "two characters" in (await h.slash("fic by-pairing", pairing="Sephiroth")).content
    assert "Did you mean" in (await h.slash("fic by-pairing", pairing="Sephirot/Aerht")).content


@pytest.mark.usefixtures("tagged")
async def test_by_tag_with_autocomplete_and_age_rule(h: Harness) -> None:
    choices = (await h.autocomplete("fic by-tag", "tag", "flu")).choices
    assert [c["name"] for c in choices] == ["Fluff"]
    ex = await h.slash("fic by-tag", tag="fluff")
    assert "`300`" in ex.embed["description"] and ex.embed["title"] == "Stories tagged Fluff"
    assert "No story here is tagged" in (await h.slash("fic by-tag", tag="nope")).content


@pytest.mark.usefixtures("tagged")
async def test_by_fandom_with_rating_and_length_filters(h: Harness) -> None:
    everything = await h.slash("fic by-fandom", fandom="Final Fantasy VII", channel="after-dark")
    text = everything.embed["description"]
    assert "`301`" in text and "`300`" in text
    general = await h.slash(
        "fic by-fandom",
        fandom="Final Fantasy VII",
        channel="after-dark",
        rating="General Audiences",
    )
    assert "`300`" in general.embed["description"] and "`301`" not in general.embed["description"]
    assert "`004`" not in general.embed["description"]  # Not Rated passes only "at most Explicit"
    # A general channel never shows the Explicit story, whatever the filter.
    plain = await h.slash("fic by-fandom", fandom="Final Fantasy VII", rating="Explicit")
    assert "`301`" not in plain.embed["description"]
    drabbles = await h.slash("fic by-fandom", fandom="Final Fantasy VII", length="drabble")
    assert "`300`" in drabbles.embed["description"] and "`004`" not in drabbles.embed["description"]
    epic = await h.slash("fic by-fandom", fandom="Final Fantasy VII", length="epic")
    assert "No stories" in epic.content and "filters" in epic.content


@pytest.fixture
def many(seeds_dir: Path) -> None:
    for n in range(10):
        stories.add(seeds_dir, f"{400 + n}_road.txt", stories.cloud_story(n + 1))


@pytest.mark.usefixtures("many")
async def test_browse_pages_keep_their_filters_and_their_owner(h: Harness) -> None:
    ex = await h.slash("fic by-fandom", fandom="Final Fantasy VII", length="drabble")
    assert "page 1 of 2" in ex.embed["footer"]["text"]
    nxt = next(c for c in ex.custom_ids if c.startswith("fb:list:f:n:"))
    assert ":-d-:" in nxt
    assert "belong" in (await h.click(ex, nxt, user="bram")).content
    page2 = await h.click(ex, nxt)
    assert "page 2 of 2" in page2.embed["footer"]["text"]
    assert "`004`" not in page2.embed["description"]


@pytest.fixture
def shared_tags(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "300_rain.txt", TAGGED)
    again = TAGGED.replace("Rain on the Church", "Sun on the Church").replace(
        "Fluff, Hurt/Comfort", "fluff, FLUFF, Angst"
    )
    stories.add(seeds_dir, "302_sun.txt", again)


@pytest.mark.usefixtures("shared_tags")
async def test_stories_sharing_tags_load_reload_and_list_together(
    h: Harness, seeds_dir: Path
) -> None:
    ex = await h.slash("fic by-tag", tag="Fluff")
    text = ex.embed["description"]
    assert "`300`" in text and "`302`" in text
    assert "`302`" in (await h.slash("fic by-tag", tag="angst")).embed["description"]
    # A regression: a reload that changes a story's tags re-files them from a trigger fired
    # by the loader's upsert, which takes the upsert's conflict policy (abort): filing a tag
    # that was already there failed the whole load.
    stories.add(seeds_dir, "300_rain.txt", TAGGED.replace("Fluff, Hurt/Comfort", "Fluff, Angst"))
    bot = h.bot
    assert isinstance(bot, FicBot)
    report = await bot.load_library()
    assert report is not None
    assert "`300`" in (await h.slash("fic by-tag", tag="angst")).embed["description"]
