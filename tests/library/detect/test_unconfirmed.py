"""Names that are not characters, and recurring names the roster does not know."""

from __future__ import annotations

from tests.library.support import parse, roles


def test_places_swords_organisations_and_ranks_are_never_characters() -> None:
    story = parse(
        """
        The General stood on the balcony of the Shinra building and looked out over Midgar. The Masamune hung at his side.

        Every Soldier in the Shinra army knew the General's name. Every Soldier in Midgar feared the Masamune. The Goddess, people said, had made him.

        Even Shinra feared him. Even the Turks. They prayed to the Goddess for him, and to the Goddess against him, in the slums of Midgar.

        The General did not care what Shinra thought, or what the Goddess thought, or what any Soldier thought. He cared only for the Masamune.
        """
    )
    names = {c.name for c in story.characters}
    assert not names & {"General", "Shinra", "Midgar", "Masamune", "Soldier", "Goddess", "Turks"}


def test_unconfirmed_recurring_names_are_kept() -> None:
    """An original character the roster does not know, named again and again, is kept."""
    story = parse(
        """
        Tifa met Mira at the market in Kalm. She liked Mira at once; everyone liked Mira.

        They walked together to the inn, where Mira ordered two drinks and paid for both, and Tifa laughed.

        "You're very generous," Tifa said, and Mira only shrugged, and later, when the lamps were lit, Tifa asked Mira where she came from.
        """
    )
    mira = next(c for c in story.characters if c.name == "Mira")
    assert not mira.confirmed
    assert mira.mentions >= 3
    assert roles(story)["Tifa Lockhart"] == "lead"


def test_parts_of_known_names_and_places_are_not_new_characters() -> None:
    """Parts of known names ("Valentine", "Sith"), of roster places ("Cosmo Canyon"),
    place-like runs ("the Mythril Mine"), a ship ("the Highwind") and a town ("in
    Lindblum") are never taken for unknown characters, however often they recur."""
    story = parse(
        """
        Vincent Valentine walked into Seventh Heaven and sat down at the bar, and Tifa poured him a drink without a word. Vincent Valentine never said much.

        Later Cait Sith came in, and they talked about Cosmo Canyon and the Mythril Mine and the Highwind until late. Cait Sith wanted to go to Cosmo Canyon, or to Lindblum, where the Highwind could land.

        In the end they went nowhere. Vincent Valentine walked home past the Seventh Heaven sign, and the Mythril Mine and Cosmo Canyon and Cait Sith's plans were forgotten. Nobody in Lindblum ever saw the Highwind, and the Mythril Mine stayed dark, and nobody went in Lindblum's gates.
        """
    )
    assert all(c.confirmed for c in story.characters)
    assert {c.name for c in story.characters} == {
        "Vincent Valentine",
        "Cait Sith",
        "Tifa Lockhart",
    }


def test_rare_capitalised_words_are_not_characters() -> None:
    story = parse(
        """
        Cloud rode through Kalm on his way to Junon. He stopped once, at a shop called Pickles, to buy water.

        The road to Junon was long. Cloud did not mind it. Tifa had said he needed the air.
        """
    )
    names = {c.name for c in story.characters}
    assert "Pickles" not in names
    assert "Junon" not in names
    assert "Kalm" not in names
