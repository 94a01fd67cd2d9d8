"""/fic exclude, /fic exclusions, /ficadmin exclude: what is excluded never shows, one test per
surface (random and its Another button, by-fandom, by-pairing, by-tag, search, by-character)
and kind (tag, character, pairing, warning, rating)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fakediscord import Harness
from tests.app import stories


async def test_excluding_a_character_empties_random_for_them_only(h: Harness) -> None:
    ex = await h.slash("fic exclude", kind="character", value="Aeris")
    assert ex.ephemeral and "Aerith Gainsborough" in ex.content
    for _ in range(5):
        drawn = await h.slash("fic random")
        assert drawn.embed["footer"]["text"].startswith("Story 000")  # 004 has Aerith as lead
    assert (
        "Story 004"
        in (await h.slash("fic random", character="Aeris", user="bram")).embed["footer"]["text"]
    )
    nothing = await h.slash("fic random", character="Aeris")
    assert nothing.ephemeral and not nothing.embeds


async def test_excluded_pairing_leaves_browse(h: Harness) -> None:
    await h.slash("fic exclude", kind="pairing", value="aeris x sephiroth")
    ex = await h.slash("fic by-fandom", fandom="Final Fantasy VII")
    assert "`004`" not in ex.embed["description"] and "`000`" in ex.embed["description"]
    assert "exclusions apply" in ex.embed["footer"]["text"]
    assert (
        "`004`"
        in (await h.slash("fic by-fandom", fandom="Final Fantasy VII", user="bram")).embed[
            "description"
        ]
    )


async def test_excluded_character_leaves_search_and_by_character(h: Harness) -> None:
    await h.slash("fic exclude", kind="character", value="Genesis")
    found = await h.slash("fic search", text="Genesis")
    assert "Nothing in the library" in found.content
    assert (await h.slash("fic search", text="Genesis", user="bram")).embeds
    listing = await h.slash("fic by-character", name="Sephiroth")
    assert "`000`" not in listing.embed["description"] and "`004`" in listing.embed["description"]


async def test_exclusions_list_and_remove_by_the_owner_only(h: Harness) -> None:
    await h.slash("fic exclude", kind="tag", value="Major Character Death")
    await h.slash("fic exclude", kind="rating", value="explicit")
    listed = await h.slash("fic exclusions")
    assert listed.ephemeral
    yours = listed.embed["fields"][0]["value"]
    assert "tag: Major Character Death" in yours and "rating: Explicit" in yours
    select = next(c for c in listed.custom_ids if c.startswith("fb:unexclude:"))
    assert "belong" in (await h.select(listed, select, ["rating:Explicit"], user="bram")).content
    after = await h.select(listed, select, ["rating:Explicit"])
    assert "rating: Explicit" not in after.embed["fields"][0]["value"]


async def test_server_exclusions_apply_to_everyone(h: Harness) -> None:
    ex = await h.slash("ficadmin exclude", user="cass", kind="character", value="Genesis")
    assert "anyone here" in ex.content
    for user in ("ayla", "bram"):
        listing = await h.slash("fic by-character", name="Sephiroth", user=user)
        assert "`000`" not in listing.embed["description"]
    listed = await h.slash("fic exclusions", user="bram")
    assert "character: Genesis" in listed.embed["fields"][1]["value"]


# --- one test per surface and per kind the issue names ------------------------------------

WARNED = """Title: Last Train
Author: sprout
Fandom: Final Fantasy VII
Rating: Teen And Up Audiences
Relationships: Cloud Strife/Tifa Lockhart
Additional Tags: Angst
Archive Warnings: Major Character Death

Cloud waited for Tifa on the platform at Sector Seven while the last train pulled in, and the station lights flickered over the rails. Tifa did not come, and Cloud kept waiting long after the train had gone.

In the morning Cloud went home alone and sat at the bar of Seventh Heaven. Barret poured him a drink and said nothing, and Barret did not ask him where Tifa was.
"""


@pytest.fixture
def warned(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "310_train.txt", WARNED)


def _listed(ex: Any) -> str:
    return str(ex.embed["description"]) if ex.embeds else str(ex.content)


@pytest.mark.usefixtures("warned")
async def test_excluded_tag_leaves_by_tag(h: Harness) -> None:
    assert "`310`" in _listed(await h.slash("fic by-tag", tag="Angst"))
    await h.slash("fic exclude", kind="tag", value="Angst")
    assert "`310`" not in _listed(await h.slash("fic by-tag", tag="Angst"))
    assert "`310`" in _listed(await h.slash("fic by-tag", tag="Angst", user="bram"))


@pytest.mark.usefixtures("warned")
async def test_excluded_pairing_leaves_by_pairing(h: Harness) -> None:
    assert "`310`" in _listed(await h.slash("fic by-pairing", pairing="Cloud/Tifa"))
    await h.slash("fic exclude", kind="pairing", value="tifa x cloud")
    assert "`310`" not in _listed(await h.slash("fic by-pairing", pairing="Cloud/Tifa"))
    assert "`310`" in _listed(await h.slash("fic by-pairing", pairing="Cloud/Tifa", user="bram"))


@pytest.mark.usefixtures("warned")
async def test_excluded_warning_and_rating_leave_random_and_browse(h: Harness) -> None:
    # Barret is only in 310: a draw of him is 310 or nothing.
    assert "Story 310" in (await h.slash("fic random", character="Barret")).embed["footer"]["text"]
    await h.slash("fic exclude", kind="warning", value="Major Character Death")
    assert not (await h.slash("fic random", character="Barret")).embeds
    fandom = "Final Fantasy VII"
    assert "`310`" not in _listed(await h.slash("fic by-fandom", fandom=fandom))
    await h.slash("fic exclude", kind="rating", value="Teen And Up Audiences", user="bram")
    assert "`310`" not in _listed(await h.slash("fic by-fandom", fandom=fandom, user="bram"))
    assert "`310`" in _listed(await h.slash("fic by-fandom", fandom=fandom, user="cass"))


@pytest.mark.usefixtures("warned")
async def test_another_button_keeps_to_the_pressers_exclusions(h: Harness) -> None:
    shown = await h.slash("fic random", character="Barret", user="bram")
    assert "Story 310" in shown.embed["footer"]["text"]  # Barret is only in 310
    another = next(c for c in shown.custom_ids if c.startswith("fb:another:"))
    await h.slash("fic exclude", kind="tag", value="Angst")
    drawn = await h.click(shown, another)  # ayla presses bram's Another: her exclusions hold
    assert not drawn.embeds
    assert "Story 310" in (await h.click(shown, another, user="bram")).embed["footer"]["text"]
