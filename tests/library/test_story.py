"""The parse of a whole story: what each passage knows about who is in it."""

from __future__ import annotations

from .support import parse


def test_passage_characters_include_the_lead_behind_the_pronouns() -> None:
    story = parse(
        """
        A/N: Vincent-centric. Enjoy!

        Vincent woke in the dark and lay still, listening to the old house settle around his coffin. He did not know how long he had slept. He did not want to know. The dust on the lid was thick enough to write in.

        He rose at last and climbed the stairs, one hand on the rail, the other on the gun he still wore out of a habit older than he cared to count. The mansion was silent. The portraits watched him from the walls, and he did not look back at them, because he knew their faces well enough and liked none of them.

        He stopped at the window on the landing and looked out at Nibelheim. The village had been rebuilt. It looked exactly as it had before, and that was the worst of it, he thought: that it could look the same, after everything, and nobody in it remember a thing. He stood there until the sun came up.
        """
    )
    assert story.passages
    for names in story.passage_characters:
        assert "Vincent Valentine" in names
