"""/fic exclude, /fic exclusions, /ficadmin exclude: what is excluded never shows, one test per
surface (random, browse, search, by-character)."""

from __future__ import annotations

from fakediscord import Harness


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
