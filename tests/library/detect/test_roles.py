"""Roles: lead, supporting or mentioned, with each pronoun credited to the character behind it."""

from __future__ import annotations

from tests.library.support import parse, roles


def test_lead_named_once_and_called_he_for_pages() -> None:
    """Vincent is named in the notes and once in the story, then he is only ever "he"."""
    story = parse(
        """
        A/N: A little Vincent character study. He deserves more love!

        Vincent woke in the dark. He lay still and listened, as he had learned to, for a long while before he moved.

        He remembered the laboratory. He remembered her voice, and he remembered the last thing he had seen before the lid closed over him, and he wished he did not.

        Upstairs, somebody was shouting. Yuffie, he thought; it was always Yuffie. He had never met anyone so loud.

        He rose, and he climbed the stairs, and he opened the door on the morning.

        "Finally!" Yuffie said. "Cid's making breakfast. Cid can't cook. Come on!"
        """
    )
    cast = roles(story)
    assert cast["Vincent Valentine"] == "lead"
    assert cast["Yuffie Kisaragi"] in {"supporting", "lead"}
    assert cast["Cid Highwind"] in {"supporting", "mentioned"}
    assert story.characters[0].name == "Vincent Valentine"


def test_female_lead_by_pronouns() -> None:
    story = parse(
        """
        Tifa opened the bar at six. She wiped the counter, she set out the glasses, and she checked the till twice because she always did.

        She thought about the letter in her apron pocket. She had read it so often the paper had gone soft at the folds.

        When Barret came in, she poured his drink without asking, and he nodded his thanks, and she went back to her glasses.

        She did not mention the letter. She did not have to; Barret had eyes.
        """
    )
    cast = roles(story)
    assert cast["Tifa Lockhart"] == "lead"
    assert cast["Barret Wallace"] in {"supporting", "mentioned"}


def test_characters_named_in_notes_weigh_heavily() -> None:
    story = parse(
        """
        A/N: Zack and Cloud friendship fic, because I need more of these two in my life!

        The truck rattled over the road to Nibelheim, and the trooper in the back was sick again.

        "You okay there?" Zack asked. He handed over his canteen. He grinned. He told a terrible joke, and then another.

        The trooper, who was Cloud, laughed despite himself.

        Kunsel, driving, rolled his eyes. Kunsel had heard the jokes before. Kunsel had heard all of Zack's jokes, and twice. Kunsel sighed.
        """
    )
    cast = roles(story)
    assert cast["Zack Fair"] == "lead"
    assert cast["Cloud Strife"] == "lead"
    assert cast["Kunsel"] == "supporting"


def test_supporting_and_mentioned() -> None:
    story = parse(
        """
        Elena had never been to Junon before. Reno had promised to show her the sights, and Reno, for once, kept his word.

        "That's the cannon," Reno said. "And that's the other cannon. Ask Rude, he likes the cannons."

        Elena laughed. Reno grinned at her, and Elena decided the trip might be fun after all. Reno was not so bad, she thought, when he tried.

        Somewhere in Midgar, Tseng was doing their paperwork. Elena felt almost guilty.
        """
    )
    cast = roles(story)
    assert cast["Elena"] == "lead"
    assert cast["Reno"] == "lead"
    assert cast["Tseng"] == "mentioned"
    assert cast["Rude"] == "mentioned"


def test_pronouns_go_to_the_nearest_name_not_shared_out() -> None:
    """The "she" after "Marlene" is Marlene's; every other "she" is Tifa's. A beta reader
    thanked in the notes, who never appears in the story, is not in the cast."""
    story = parse(
        """
        A/N: Thanks to my beta Lunar, who loves Reno more than life itself. Fluff ahead!

        Cloud came home late, as he always did on Fridays, and found Tifa asleep at the bar with her head on her arms.

        He stood there a long moment. Then he lifted her, carefully, the way he had learned to lift Marlene when she fell asleep in the car, and carried her up the stairs.

        She woke halfway up. "You're back," she murmured against his neck.

        "I'm back." He kissed her hair. She smiled without opening her eyes, and he thought, not for the first time, that he did not deserve her, and that he would spend the rest of his life trying to.

        In the morning Barret called. Marlene wanted to know if Cloud could drive her to school. Cloud said yes before Tifa could tease him about it, and Tifa teased him anyway, and he kissed her to make her stop.
        """
    )
    assert roles(story) == {
        "Cloud Strife": "lead",
        "Tifa Lockhart": "lead",
        "Marlene Wallace": "supporting",
        "Barret Wallace": "mentioned",
    }


def test_pov_lead_named_only_in_the_notes() -> None:
    """Sephiroth named in the notes, then only "he": nobody else in the story could be that "he"."""
    story = parse(
        """
        A/N: Sephiroth's thoughts on the night before Nibelheim. Angst, obviously.

        He could not sleep. He sat by the window of the inn and watched the reactor on the mountain, and he thought of the files in the basement of the mansion, and of his mother, whose name he had only just learned.

        The village was quiet. Somewhere below, a dog barked once and was silent.

        He did not sleep at all.
        """
    )
    assert roles(story) == {"Sephiroth": "lead"}


def test_characters_field_confirms_the_cast() -> None:
    story = parse(
        """
        Title: Quiet
        Characters: Shelke, Vincent Valentine (Compilation of FFVII)

        Shelke sat at the window and counted the raindrops. She had been counting for an hour.

        Vincent, in the doorway, let her count.
        """
    )
    names = {c.name for c in story.characters}
    assert {"Shelke", "Vincent Valentine"} <= names
    assert all(c.confirmed for c in story.characters)


def test_cast_list_in_the_notes_is_not_a_focus() -> None:
    """Five characters name-checked in the notes are a cast list, not who the story is about."""
    story = parse(
        """
        A/N: Features Cloud, Tifa, Barret, Yuffie and Cid! Please review.

        Yuffie woke up first on the Highwind, which was unusual, and she went looking for breakfast, which was not.

        She found Cid in the galley. She stole his toast. She stole his coffee. Yuffie was very good at stealing.

        "Brat," Cid said, without heat.

        Yuffie grinned at him and ran, and Cid did not chase her. Yuffie was disappointed.
        """
    )
    cast = roles(story)
    assert cast["Yuffie Kisaragi"] == "lead"
    assert cast.get("Barret Wallace") != "lead"
    assert cast.get("Tifa Lockhart") != "lead"


TIED_PAIR = """Title: Two Quiet Men
Relationships: Vincent Valentine/Rude

Vincent Valentine waited by the door. Rude waited by the window.

He laughed at nothing. He ran the length of the hall and back.

He looked over his shoulder. He sighed, and the rain kept on.

He said nothing for a long time. He knew.
"""


def test_a_tie_between_two_leads_reads_the_same_in_every_process() -> None:
    """Two men the tags pair, named once each, then only "he": which one the pronouns stand
    for was decided by a set's order, which changes with each process's string hashing, so
    a reload in another worker could swap the leads."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from tests.library.support import parse\n"
        "s = parse(sys.stdin.read())\n"
        "print(json.dumps([(c.name, c.role, round(c.score, 3)) for c in s.characters]))\n"
    )
    seen = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=TIED_PAIR,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        seen.add(done.stdout)
    assert len(seen) == 1, seen
    cast = json.loads(seen.pop())
    assert [name for name, role, _ in cast if role == "lead"][:1] == ["Rude"]
