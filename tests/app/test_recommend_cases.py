"""More /fic recommend cases through the command tree: reasons, the no-history answer, the age
rule, one server's readers only, and no reader named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage import feedback
from fakediscord import Harness
from tests.app import stories
from tests.fixtures.bot import guild_id, user_id

PAIRED = """Title: Under the Plate
Author: lumen
Fandom: Final Fantasy VII
Rating: General Audiences
Relationships: Sephiroth/Aerith Gainsborough

Sephiroth found Aerith in the church under the plate, tending the flowers as if nothing in the world could touch them. Aerith looked up at Sephiroth and smiled, and Sephiroth did not know what to do with that.

Aerith gave Sephiroth a flower before he left. Sephiroth kept it long after it had dried.
"""

ELSEWHERE = """Title: Quiet Harbour
Author: tide
Fandom: Original Work
Rating: General Audiences

Mara kept the lighthouse alone through the winter, and Mara liked it that way. The ships went past far out and never came in, and Mara wrote their names in her book every night.
"""


@pytest.fixture
def library(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "320_plate.txt", PAIRED)
    stories.add(seeds_dir, "321_harbour.txt", ELSEWHERE)
    stories.add(seeds_dir, "322_after.txt", stories.EXPLICIT)


async def _kudos(h: Harness, user: str, *story_ids: str, guild: int | None = None) -> None:
    for sid in story_ids:
        await feedback.add_kudos(h.bot.db, guild or guild_id(h), sid, user_id(h, user))  # type: ignore[attr-defined]


@pytest.mark.usefixtures("library")
async def test_a_reader_with_kudos_gets_stories_like_them_with_the_reason(h: Harness) -> None:
    await _kudos(h, "ayla", "004")  # Sephiroth/Aerith
    ex = await h.slash("fic recommend")
    assert ex.ephemeral and ex.embed["title"] == "What to read next"
    text = ex.embed["description"]
    assert "`320`" in text and "`004`" not in text  # never what she already loved
    line = text.split("`320`", 1)[1].split("\n**", 1)[0]
    assert "because you gave kudos to 1" in line
    assert "Sephiroth" in line or "Aerith" in line
    menu = next(c for c in ex.custom_ids if c.startswith("fb:open:"))
    opened = await h.select(ex, menu, ["320"])
    assert "Under the Plate" in str(opened.embed)


@pytest.mark.usefixtures("library")
async def test_a_new_reader_gets_the_best_loved_and_is_told_so(h: Harness) -> None:
    await _kudos(h, "bram", "321")
    await _kudos(h, "cass", "321")
    ex = await h.slash("fic recommend", user="ayla")
    assert "best-loved" in str(ex.embed)
    first = ex.embed["description"].split("\n**2.", 1)[0]
    assert "`321`" in first and "best-loved" in first and "2 readers" in first
    # The other readers are counted, never named.
    assert "bram" not in str(ex.embed) and "cass" not in str(ex.embed)


@pytest.mark.usefixtures("library")
async def test_exclusions_and_the_age_rule_hold(h: Harness) -> None:
    await _kudos(h, "bram", "322", "320")
    await _kudos(h, "cass", "322", "320")
    await _kudos(h, "ayla", "004")
    general = await h.slash("fic recommend")
    assert "`322`" not in general.embed["description"]  # Explicit: not in #general
    restricted = await h.slash("fic recommend", channel="after-dark")
    assert "`322`" in restricted.embed["description"]
    await h.slash("fic exclude", kind="pairing", value="Sephiroth/Aeris")
    assert "`320`" not in (await h.slash("fic recommend")).embed["description"]


@pytest.mark.usefixtures("library")
async def test_another_servers_readers_never_count(h: Harness) -> None:
    other = await h.add_guild("Elsewhere")
    lobby = await h.add_channel("lobby", guild=other)
    await h.add_user("dana", guild=other)
    h.world.join("ayla", guild=other)
    # There, readers of 004 loved 321; here, bram loved 004 and 320.
    for who in ("dana", "ayla"):
        await _kudos(h, who, "004", "321", guild=int(other.id))
    await _kudos(h, "bram", "004", "320")
    await _kudos(h, "ayla", "004")
    here = (await h.slash("fic recommend")).embed["description"]
    assert "`320`" in here and "`321`" not in here
    # A server where nobody has loved anything yet says so, whatever other servers love.
    third = await h.add_guild("Third")
    hall = await h.add_channel("hall", guild=third)
    h.world.join("ayla", guild=third)
    empty = await h.slash("fic recommend", channel=hall)
    assert empty.ephemeral and not empty.embeds and "nothing new to suggest" in empty.content
    assert "`321`" not in (await h.slash("fic recommend", user="dana", channel=lobby)).content
