"""/fic recommend through the command tree: reasons, new readers, filters, servers, privacy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.client import FicBot
from fakediscord import Exchange, Harness
from tests.app import stories


def seph_aerith(title: str, rating: str = "General Audiences", tags: str = "Romance") -> str:
    return f"""Title: {title}
Author: petals
Fandom: Final Fantasy VII
Rating: {rating}
Relationships: Sephiroth/Aerith Gainsborough
Additional Tags: {tags}

Aerith knelt among the flowers in the church, and Sephiroth watched her from the doorway. "{title}," Aerith said, without turning around, as if the words were a name for the day. Sephiroth did not answer her at first.

Sephiroth came in at last and knelt beside Aerith, and she showed him how to tend the flowers, and for an hour the world outside did not matter to either of them.
"""


STORIES = {
    "500_flowers.txt": seph_aerith("Flowers in the Slums"),
    "501_plate.txt": seph_aerith("Under the Plate", "Teen And Up Audiences"),
    "502_bloom.txt": seph_aerith("The Last Bloom", tags="Angst"),
    "503_night.txt": seph_aerith("Night Garden", "Explicit"),
    "504_sunday.txt": seph_aerith("A Quiet Sunday"),
}


@pytest.fixture
def library(seeds_dir: Path) -> None:
    for name, text in STORIES.items():
        stories.add(seeds_dir, name, text)
    for n in range(6):
        stories.add(seeds_dir, f"{400 + n}_road.txt", stories.cloud_story(n + 1))


pytestmark = pytest.mark.usefixtures("library")


async def kudos(h: Harness, user: str, *ids: str, **where: object) -> None:
    for sid in ids:
        card = await h.slash("fic story", story=sid, user=user, **where)
        pressed = await h.click(card, f"fb:kudos:{sid}", user=user)
        assert "Kudos" in pressed.content, pressed.content


def listed(ex: Exchange) -> str:
    return str(ex.embed["description"])


async def ids_by_title(h: Harness) -> dict[str, str]:
    """The stories' ids (the loader names them), by title."""
    assert isinstance(h.bot, FicBot)
    rows = await h.bot.db.execute_fetchall("SELECT title, id FROM stories")
    return {r[0]: r[1] for r in rows}


async def roads(h: Harness) -> list[str]:
    assert isinstance(h.bot, FicBot)
    rows = await h.bot.db.execute_fetchall(
        "SELECT id FROM stories WHERE file LIKE '40%' ORDER BY id"
    )
    return [r[0] for r in rows]


async def test_a_reader_with_kudos_is_told_which_pairing_led_there(h: Harness) -> None:
    ids = await ids_by_title(h)
    await kudos(h, "ayla", "004", ids["Flowers in the Slums"], ids["Under the Plate"])
    ex = await h.slash("fic recommend")
    assert ex.ephemeral
    text = listed(ex)
    first = text.split("\n\n")[0] if "\n\n" in text else text.split("**2.")[0]
    assert "A Quiet Sunday" in text and "The Last Bloom" in text
    assert "because you gave kudos to 3 Aerith Gainsborough/Sephiroth stories" in text
    assert "A Quiet Sunday" in first or "The Last Bloom" in first
    for seen in ("Flowers in the Slums", "Under the Plate", "`004`"):
        assert seen not in text
    assert "only you can see this" in ex.embed["footer"]["text"]
    assert any(c.startswith("fb:open:") for c in ex.custom_ids)


async def test_a_new_reader_gets_the_best_loved_and_is_told_so(h: Harness) -> None:
    ids = await ids_by_title(h)
    await kudos(h, "bram", ids["A Quiet Sunday"], "000")
    ex = await h.slash("fic recommend", user="cass")
    text = listed(ex)
    assert "these are this server's best-loved stories" in text
    assert "A Quiet Sunday" in text and "`000`" in text
    assert "One of this server's best-loved stories (1 reader loved it)" in text


async def test_excluded_and_adult_stories_never_show_in_a_general_channel(h: Harness) -> None:
    ids = await ids_by_title(h)
    await kudos(h, "ayla", "004", ids["Flowers in the Slums"], ids["Under the Plate"])
    await kudos(h, "bram", ids["Night Garden"], ids["The Last Bloom"], channel="after-dark")
    excluded = await h.slash("fic exclude", kind="tag", value="Angst")
    assert excluded.ephemeral
    general = listed(await h.slash("fic recommend"))
    assert "A Quiet Sunday" in general
    assert "Night Garden" not in general and "The Last Bloom" not in general
    grown = listed(await h.slash("fic recommend", channel="after-dark"))
    assert "Night Garden" in grown and "The Last Bloom" not in grown


async def test_recommendations_never_cross_servers(h: Harness) -> None:
    ids = await ids_by_title(h)
    road = (await roads(h))[0]
    other = await h.add_guild("Elsewhere")
    lobby = await h.add_channel("lobby", guild=other)
    for user in ("dana", "eve", "fay"):
        await h.add_user(user, guild=other)
    # Elsewhere, readers love 004 and a road story together; here, bram loves A Quiet Sunday.
    for user in ("dana", "eve"):
        await kudos(h, user, "004", road, channel=lobby)
    await kudos(h, "bram", ids["A Quiet Sunday"])
    await kudos(h, "ayla", "004")
    here = listed(await h.slash("fic recommend"))
    assert "Readers here who loved" not in here
    new_here = listed(await h.slash("fic recommend", user="cass"))
    assert "A Quiet Sunday" in new_here and f"`{road}`" not in new_here
    new_there = listed(await h.slash("fic recommend", user="fay", channel=lobby))
    assert f"`{road}`" in new_there and "A Quiet Sunday" not in new_there


async def test_co_readers_are_counted_never_named(h: Harness) -> None:
    ids = await ids_by_title(h)
    for user in ("bram", "cass"):
        await kudos(h, user, "000", ids["A Quiet Sunday"])
    await kudos(h, "ayla", "000")
    ex = await h.slash("fic recommend")
    text = listed(ex)
    assert "Readers here who loved *" in text and "also loved this" in text
    payload = json.dumps(ex.embed) + json.dumps(ex.custom_ids)
    for other in ("bram", "cass"):
        assert other not in payload.lower()
        assert str(h.world.user(other).id) not in payload


async def test_the_pager_belongs_to_the_reader(h: Harness) -> None:
    await kudos(h, "bram", "000", *await roads(h))
    ex = await h.slash("fic recommend", user="cass")
    assert "page 1 of 2" in ex.embed["footer"]["text"]
    nxt = next(c for c in ex.custom_ids if c.startswith("fb:list:w:n:"))
    assert "belong" in (await h.click(ex, nxt, user="ayla")).content
    page2 = await h.click(ex, nxt, user="cass")
    assert "page 2 of 2" in page2.embed["footer"]["text"]
