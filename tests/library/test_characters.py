"""Who a story is about: mentions, roles, pairings, and the names that are not characters."""

from __future__ import annotations

from bot.library.detect import Detector

from .support import ROSTER, parse, roles

DETECTOR = Detector(ROSTER)


def found(text: str) -> list[str]:
    return [m.character.name for m in DETECTOR.find(text) if m.confident]


def role_of(story_text: str, name: str) -> str | None:
    return roles(parse(story_text)).get(name)


# ---------------------------------------------------------------- mentions


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


# ---------------------------------------------------------------- roles


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


# ---------------------------------------------------------------- not characters


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


# ---------------------------------------------------------------- pairings


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


# ---------------------------------------------------------------- passages know who is in them


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
