"""Pairings: from the metadata, the author's notes, and romance between the leads."""

from __future__ import annotations

from tests.library.support import parse


def test_pairing_from_relationships_field() -> None:
    story = parse(
        """
        Relationships: Sephiroth/Aerith Gainsborough

        The church was empty. Aerith knelt among her flowers and waited.

        When the door opened she did not turn. She knew his step.
        """
    )
    assert story.pairings == [("Sephiroth", "Aerith Gainsborough")]


def test_pairing_from_notes_slash() -> None:
    story = parse(
        """
        A/N: Sephiroth/Aeris, because I am trash for this ship. Don't like, don't read!

        The church was empty. Aeris knelt among her flowers and waited.

        When the door opened she did not turn. She knew his step. "You came," she said, and Sephiroth smiled.
        """
    )
    assert story.pairings == [("Sephiroth", "Aerith Gainsborough")]


def test_pairing_from_notes_x() -> None:
    story = parse(
        """
        A/N: Cloud x Tifa fluff for the soul. Enjoy!

        Snow fell on Edge. Tifa watched it from the window while Cloud slept on the couch.

        She put a blanket over him. He did not wake.
        """
    )
    assert story.pairings == [("Cloud Strife", "Tifa Lockhart")]


def test_pairing_from_romance_between_the_two_leads() -> None:
    story = parse(
        """
        Zack kissed her in the church among the flowers, and Aerith laughed against his lips.

        "I love you," he said. She kissed him back. Zack held her close, her head on his shoulder, and they stayed together like that until the light faded.

        Aerith would remember that kiss for the rest of her life. Zack would remember her laugh. They were in love, and for a while that was enough.
        """
    )
    assert story.pairings == [("Zack Fair", "Aerith Gainsborough")] or story.pairings == [
        ("Aerith Gainsborough", "Zack Fair")
    ]


def test_no_pairing_between_rivals() -> None:
    story = parse(
        """
        Sephiroth and Genesis circled each other in the training room, swords drawn, and neither smiled.

        Genesis struck first. Sephiroth parried. Genesis struck again, harder, and Sephiroth stepped aside and let him stumble.

        "Again," Genesis said. Sephiroth only raised an eyebrow.
        """
    )
    assert story.pairings == []
