"""/fic random's filters (rating at most, length, complete), the Another button keeping them,
browse's ``complete`` on the stored value, and the story card's status: through the tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakediscord import Exchange, Harness
from tests.app import stories

DRAWS = 8  # random draws per check: a filter that let anything else through would show


def _story(title: str, rating: str, status_line: str, text: str) -> str:
    return f"""Title: {title}
Author: sprout
Fandom: Final Fantasy VII
Rating: {rating}
{status_line}

{text}
"""


WIP_CLOUD = _story(
    "Roads",
    "General Audiences",
    "Chapters: 1/?",
    "Cloud rode the old road south with the wind at his back, and Cloud did not stop until the lights of Kalm showed over the hill.\n\n"
    "He slept in the stable that night, and in the morning he rode on, because the road went on.",
)
DONE_CLOUD = _story(
    "Harbour Lights",
    "Teen And Up Audiences",
    "Status: Complete",
    "Cloud stood on the pier at Junon with Tifa beside him, and the harbour lights came on one by one across the water.\n\n"
    "Tifa laughed at something he did not say, and Cloud found that he was smiling too.",
)
DONE_EXPLICIT_VINCENT = _story(
    "Red Cloak",
    "Explicit",
    "Status: Complete",
    "Vincent Valentine came in out of the rain and Vincent did not take off the red cloak until the door was locked behind him.\n\n"
    "What happened after that was nobody's business but theirs.",
)


@pytest.fixture(autouse=True)
def library(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "310_roads.txt", WIP_CLOUD)
    stories.add(seeds_dir, "311_harbour.txt", DONE_CLOUD)
    stories.add(seeds_dir, "312_cloak.txt", DONE_EXPLICIT_VINCENT)


def drawn(ex: Exchange) -> str:
    assert ex.embed is not None, ex.content
    return str(ex.embed["footer"]["text"]).split(" · ")[0].removeprefix("Story ")


async def draws(h: Harness, **options: object) -> set[str]:
    return {drawn(await h.slash("fic random", **options)) for _ in range(DRAWS)}


def field(ex: Exchange, name: str) -> str | None:
    assert ex.embed is not None
    return next((f["value"] for f in ex.embed["fields"] if f["name"] == name), None)


async def test_complete_yes_is_only_known_complete_and_no_only_in_progress(h: Harness) -> None:
    # The seed stories say nothing of it: neither list has them.
    assert await draws(h, complete=True) == {"311"}
    assert await draws(h, complete=False) == {"310"}
    wip = await h.slash("fic random", complete=False)
    assert field(wip, "Status") == "In progress · chapters 1/?"


async def test_rating_at_most_and_length(h: Harness) -> None:
    # Not Rated passes only "at most Explicit", so the seeds are out too.
    assert await draws(h, rating="General Audiences") == {"310"}
    assert await draws(h, rating="Teen And Up Audiences") <= {"310", "311"}
    assert await draws(h, length="drabble", rating="Teen And Up Audiences") <= {"310", "311"}
    epic = await h.slash("fic random", length="epic")
    assert epic.ephemeral and not epic.embeds
    assert epic.content == "No story here is epic (50,000 words or more)."


async def test_filters_combine_with_character_and_fandom(h: Harness) -> None:
    assert await draws(h, character="Cloud", fandom="Final Fantasy VII", complete=True) == {"311"}
    assert await draws(h, character="Tifa", rating="Teen And Up Audiences") == {"311"}
    none = await h.slash("fic random", character="Tifa", complete=False)
    assert none.ephemeral and none.content == (
        "No story featuring that character here is a work in progress."
    )


async def test_no_match_names_the_filters_in_one_sentence(h: Harness) -> None:
    ex = await h.slash("fic random", rating="General Audiences", complete=True)
    assert ex.ephemeral and not ex.embeds
    assert ex.content == "No story here is rated at most General Audiences and complete."


async def test_adult_never_in_a_general_channel_whatever_the_rating_filter(h: Harness) -> None:
    assert await draws(h, rating="Explicit", complete=True) == {"311"}
    vincent = await h.slash("fic random", character="Vincent", rating="Explicit")
    assert vincent.ephemeral and not vincent.embeds
    assert "age-restricted" in vincent.content and "rated at most Explicit" in vincent.content
    assert await draws(h, channel="after-dark", character="Vincent", rating="Explicit") == {"312"}


async def test_another_keeps_the_filters(h: Harness) -> None:
    ex = await h.slash("fic random", complete=False, rating="General Audiences")
    another = next(c for c in ex.custom_ids if c.startswith("fb:another:"))
    assert another == "fb:another:0::g-n" and len(another) <= 100
    for _ in range(DRAWS):
        ex = await h.click(ex, another)
        assert drawn(ex) == "310"
    # Someone else's press: the same filters, on their own passage.
    theirs = await h.click(ex, another, user="bram")
    assert theirs.ephemeral and drawn(theirs) == "310"
    # A button from before the filters (no code) draws from everything, as it always did.
    plain = next(c for c in (await h.slash("fic random")).custom_ids if "another" in c)
    assert plain == "fb:another:0:"


async def test_browse_complete_reads_the_stored_value(h: Harness) -> None:
    done = await h.slash("fic by-fandom", fandom="Final Fantasy VII", complete=True)
    assert done.embed is not None
    text = done.embed["description"]
    assert "`311`" in text and "`310`" not in text and "`004`" not in text and "`000`" not in text
    wip = await h.slash("fic by-fandom", fandom="Final Fantasy VII", complete=False)
    assert wip.embed is not None
    assert "`310`" in wip.embed["description"] and "`311`" not in wip.embed["description"]


async def test_the_story_card_shows_it(h: Harness) -> None:
    assert field(await h.slash("fic story", story="310"), "Status") == "In progress · chapters 1/?"
    assert field(await h.slash("fic story", story="311"), "Status") == "Complete"
    assert field(await h.slash("fic story", story="004"), "Status") is None  # nobody knows
