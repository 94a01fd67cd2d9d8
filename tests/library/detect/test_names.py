"""Mentions: a roster character found by any alias, and a name told from an ordinary word."""

from __future__ import annotations

from bot.library.detect import Detector
from tests.library.support import ROSTER, parse, roles

DETECTOR = Detector(ROSTER)


def found(text: str) -> list[str]:
    return [m.character.name for m in DETECTOR.find(text) if m.confident]


def test_possessives_are_mentions() -> None:
    assert found("It was Genesis' dream, and Sephiroth's sword, and Zack’s fault.") == [
        "Genesis Rhapsodos",
        "Sephiroth",
        "Zack Fair",
    ]


def test_full_names_and_aliases_resolve_to_one_character() -> None:
    assert found("Cloud Strife met Aeris in the church. Later Aerith Gainsborough smiled.") == [
        "Cloud Strife",
        "Aerith Gainsborough",
        "Aerith Gainsborough",
    ]


def test_word_boundaries() -> None:
    assert found("The renovations at Renown Tower left Tifa-shaped dents; Zackary shrugged.") == []
    assert found("Reno. Reno! (Reno) “Reno,” she said, and “Tifa?”") == ["Reno"] * 4 + [
        "Tifa Lockhart"
    ]


def test_stutters_and_honorifics_are_mentions() -> None:
    assert found("“T-Tifa?” he stammered. “S-Sephiroth…” Aerith-san and Seph-chan laughed.") == [
        "Tifa Lockhart",
        "Sephiroth",
        "Aerith Gainsborough",
        "Sephiroth",
    ]


def test_hyphenated_words_are_not_mentions() -> None:
    assert found("The anti-Tifa faction wore Cloud-grey coats; a Reno-style haircut.") == []


def test_vocative_common_word_name_in_dialogue() -> None:
    """A line of dialogue opening "Cloud?" or "Cloud, wait!" can only be someone's name."""
    mentions = DETECTOR.find('"Cloud?" she called. "Cloud, wait!" "Red!"')
    assert [(m.character.name, m.confident) for m in mentions] == [
        ("Cloud Strife", True),
        ("Cloud Strife", True),
        ("Red XIII", True),
    ]


def test_ordinary_words_are_not_characters() -> None:
    text = (
        "A cloud of dust rose from the road, and the cloud hung there for an hour. "
        "It was the genesis of a legend, a genesis nobody saw. Her coat was red, "
        "and that was rude of her. The Cloud of Unknowing lay on the shelf."
    )
    assert found(text) == []


def test_capitalised_common_word_at_sentence_start_is_uncertain() -> None:
    mentions = DETECTOR.find("It rained. Cloud cover hid the moon. Red light spilled out.")
    assert [(m.character.name, m.confident) for m in mentions] == [
        ("Cloud Strife", False),
        ("Red XIII", False),
    ]


def test_capitalised_common_word_mid_sentence_is_a_name() -> None:
    assert found("She turned to Cloud and smiled, and Red XIII yawned, and Red wagged.") == [
        "Cloud Strife",
        "Red XIII",
        "Red XIII",
    ]


def test_sentence_start_common_word_not_counted_without_confirmation() -> None:
    story = parse(
        """
        Cloud after cloud rolled over the mountains above Cosmo Canyon, and Bugenhagen watched them pass from his observatory.

        Red light from the sunset filled the room. Bugenhagen hummed to himself.
        """
    )
    names = {c.name for c in story.characters}
    assert "Cloud Strife" not in names
    assert "Red XIII" not in names
    assert "Bugenhagen" in names


def test_sentence_start_common_word_counts_once_confirmed() -> None:
    """Red XIII is named mid-sentence once ("said Nanaki"), so "Red padded..." is him too."""
    story = parse(
        """
        The fire crackled in Cosmo Canyon. "Grandfather was right," said Nanaki quietly.

        Red padded to the edge of the cliff. Red looked down at the valley for a long time.
        """
    )
    red = next(c for c in story.characters if c.name == "Red XIII")
    assert red.mentions == 3


def test_sentence_start_common_word_with_a_persons_verb_is_a_name() -> None:
    """Sentence-start "Cloud nodded." can only be Cloud, whatever else the story says."""
    story = parse(
        """
        The clouds were low over Edge. Tifa poured two glasses and pushed one across the bar.

        Cloud nodded his thanks. Cloud drank. Cloud's eyes never left the door.
        """
    )
    cloud = next(c for c in story.characters if c.name == "Cloud Strife")
    assert cloud.mentions == 3


def test_sentence_start_common_word_before_a_verb_when_never_an_ordinary_word() -> None:
    """Sentence-start "Genesis read the letter": a name, since the story never uses "genesis" as a word.

    Ambiguous by nature. "Red crept up his neck" is a blush in a story that also writes "red"
    in lower case, so there the capital at a sentence start proves nothing; but a word the
    story never uses in lower case, followed by a verb, is read as the name a fan would see.
    """
    story = parse(
        """
        Chapter 1

        Genesis read the letter twice before he burned it.

        Angeal watched the ashes drift and said nothing.
        """
    )
    cast = roles(story)
    assert cast["Genesis Rhapsodos"] == "lead"
    assert "Angeal Hewley" in cast
    blush = parse(
        """
        Zack grinned at him, and the tips of his ears went red.

        Red crept up his neck. He looked away, and Zack laughed.
        """
    )
    assert "Red XIII" not in roles(blush)


def test_sentence_start_common_word_and_the_same_word_in_lower_case() -> None:
    story = parse(
        """
        Tifa poured two glasses and watched the weather through the window.

        Cloud drifted over the mountains all night. The clouds never broke.
        """
    )
    assert "Cloud Strife" not in roles(story)


def test_lower_case_red_and_the_red_never_count() -> None:
    story = parse(
        """
        Vincent's cloak was red, the red of old blood, and the Red of his eyes was worse.

        Nanaki did not mind it. Nanaki had seen worse things than a red cloak in his five hundred years.
        """
    )
    red = next(c for c in story.characters if c.name == "Red XIII")
    assert red.mentions == 2
    assert red.called == "Nanaki"
