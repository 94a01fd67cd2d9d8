"""Finding the roster file for a collection."""

from __future__ import annotations

from pathlib import Path

from bot.library.roster import Roster

# A collection's own roster: this file in its folder.
ROSTER_FILE = "characters.toml"
# The roster that ships with ficbot, used when a collection folder has none of its own.
BUNDLED_ROSTER = Path(__file__).resolve().parents[2] / "seeds" / ROSTER_FILE


def load_roster(seeds: Path) -> Roster:
    """The collection's own ``characters.toml``, else the bundled roster, else an empty one."""
    for candidate in (seeds / ROSTER_FILE, BUNDLED_ROSTER):
        if candidate.is_file():
            return Roster.load(candidate)
    return Roster.empty()
