"""A collection's own roster, else the bundled one, else none."""

from __future__ import annotations

from pathlib import Path

from bot.library.roster_file import BUNDLED_ROSTER, ROSTER_FILE, load_roster


def test_the_collections_own_roster_wins(tmp_path: Path) -> None:
    (tmp_path / ROSTER_FILE).write_text(
        '[[fandom]]\nname = "F"\n[[fandom.character]]\nname = "Ann"\n', encoding="utf-8"
    )
    assert [c.name for c in load_roster(tmp_path).characters] == ["Ann"]


def test_the_bundled_roster_otherwise(tmp_path: Path) -> None:
    roster = load_roster(tmp_path)
    assert BUNDLED_ROSTER.is_file()
    assert roster.resolve("Aeris") is not None
