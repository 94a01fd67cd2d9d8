"""Splitting a story into author's notes, disclaimer, body and closing notes, as posted."""

from __future__ import annotations

import textwrap

import pytest

from bot.library.sections import Kind, Section
from bot.library.story import MAX_FILE_BYTES, StoryError

from .support import kinds, parse, parse_bytes, roles, seed, starts

NOTES, DISCLAIMER, BODY, END = Section.NOTES, Section.DISCLAIMER, Section.BODY, Section.END_NOTES


# ---------------------------------------------------------------- the seeds


def test_seed_000_split() -> None:
    story = parse_bytes(seed("000").read_bytes(), stem=seed("000").stem)
    assert starts(story, NOTES) == ["A/N: Quick drabble.", "Oh, and I"]
    assert story.section(DISCLAIMER) == []
    assert story.section(END) == []
    body = story.section(BODY)
    assert body[0].startswith("Sephiroth thought he knew his best friend.")
    assert body[-1].startswith("He was not Genesis.")
    assert len(body) == 6
    assert all(k is Kind.TEXT for k in kinds(story))


def test_seed_000_roles() -> None:
    story = parse_bytes(seed("000").read_bytes(), stem=seed("000").stem)
    assert {c.name for c in story.characters if c.role == "lead"} == {
        "Genesis Rhapsodos",
        "Sephiroth",
    }
    assert story.meta.fandom == "Final Fantasy VII"
    names = {c.name for c in story.characters}
    assert not names & {"Soldier", "General", "Goddess", "Masamune", "Rhapsodos"}


def test_seed_004_split() -> None:
    story = parse_bytes(seed("004").read_bytes(), stem=seed("004").stem)
    assert starts(story, NOTES) == ["A/N: Oh, this"]
    assert starts(story, DISCLAIMER) == ["Disclaimer: I do"]
    body = story.section(BODY)
    assert body[0].startswith("The field was littered")
    assert body[-1].startswith("But he was the wind")
    assert starts(story, END) == ["Like it, hate"]
    assert all(k is Kind.TEXT for k in kinds(story))


def test_seed_004_roles_and_pairing() -> None:
    story = parse_bytes(seed("004").read_bytes(), stem=seed("004").stem)
    cast = roles(story)
    assert cast["Aerith Gainsborough"] == "lead"
    assert cast["Sephiroth"] == "lead"
    assert cast["Cloud Strife"] == "supporting"
    aerith = next(c for c in story.characters if c.name == "Aerith Gainsborough")
    assert aerith.called == "Aeris"
    assert story.pairings == [("Sephiroth", "Aerith Gainsborough")]


# ---------------------------------------------------------------- notes before the story


@pytest.mark.parametrize(
    "label",
    [
        "A/N:",
        "AN:",
        "A/N -",
        "Author's Note:",
        "Author's notes -",
        "Authors Note:",
        "Notes:",
        "(A/N:",
        "[A/N",
        "**A/N:**",
    ],
)
def test_note_label_forms(label: str) -> None:
    close = {"(": ")", "[": "]"}.get(label[0], "")
    story = parse(
        f"""
        {label} This was written for the Crisis Core week prompt "rain". Hope you enjoy it!{close}

        Rain fell on Midgar the way it always did, slow and grey and without much conviction. Zack stood under the awning of the station and watched it come down.

        He had an umbrella. He just did not feel like opening it.
        """
    )
    assert len(story.section(NOTES)) == 1
    assert story.section(NOTES)[0].startswith(label)
    assert starts(story, BODY) == ["Rain fell on", "He had an"]


def test_label_alone_on_its_line_takes_the_next_paragraph() -> None:
    story = parse(
        """
        A/N:

        So this happened at two in the morning. Blame my sister, she made me watch Advent Children again.

        The church smelled of flowers and dust. Cloud knelt by the water and did not look up when the door creaked behind him.

        "You came back," Tifa said.
        """
    )
    assert starts(story, NOTES) == ["A/N:", "So this happened"]
    assert starts(story, BODY) == ["The church smelled", '"You came back,"']


def test_notes_run_on_for_several_paragraphs() -> None:
    story = parse(
        """
        A/N: Hello everyone! This is my first FF7 fic, so please be gentle with me.

        I've been reading fanfiction for years and finally worked up the courage to post something. Thanks so much to my beta, Lunar, who fixed all my commas.

        Also, I know Reno is a bit OOC here, but I think he has a softer side. Let me know what you think!

        Reno hated paperwork. He hated it more than hangovers, more than Rude's silences, more than the stairs in the Shinra building when the elevators were down.

        Tseng dropped another folder on his desk anyway.

        "Boss, have a heart," Reno groaned.
        """
    )
    assert starts(story, NOTES) == ["A/N: Hello everyone!", "I've been reading", "Also, I know"]
    assert starts(story, BODY) == [
        "Reno hated paperwork.",
        "Tseng dropped another",
        '"Boss, have a',
    ]


def test_first_person_story_after_notes_is_body() -> None:
    """A first-person narrator is not the author: "I" alone does not continue the notes."""
    story = parse(
        """
        A/N: A little piece from Cloud's point of view. Enjoy!

        I never wanted to be a hero. I wanted to be SOLDIER, which is not the same thing, though it took me years to understand the difference.

        My mother used to say I had my head in the clouds. She meant it kindly. I think she always meant everything kindly.

        I hope she knew that I tried.
        """
    )
    assert starts(story, NOTES) == ["A/N: A little"]
    assert starts(story, BODY) == ["I never wanted", "My mother used", "I hope she"]
    assert story.section(END) == []


def test_first_person_story_without_notes_is_all_body() -> None:
    story = parse(
        """
        I remember the day the reactor blew. I was seven, and my father held my hand so hard it hurt, and I did not cry because he told me not to.

        I write this now so that somebody remembers. My hands shake when I hold the pen.

        I hope you never see a sky like that one.
        """
    )
    assert story.section(NOTES) == []
    assert story.section(END) == []
    assert len(story.section(BODY)) == 3


def test_unlabelled_opening_note_in_the_authors_voice() -> None:
    story = parse(
        """
        Hi everyone! This is my first fanfic ever, so please review and let me know if I should keep writing. Thanks!

        The sun rose over Costa del Sol and Yuffie Kisaragi was already awake, already plotting, already halfway through somebody else's breakfast.

        "That's mine," Cid said.
        """
    )
    assert starts(story, NOTES) == ["Hi everyone! This"]
    assert starts(story, BODY) == ["The sun rose", '"That\'s mine," Cid']


# ---------------------------------------------------------------- disclaimers


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Disclaimer: I don't own Final Fantasy VII. Square Enix does.",
        "Disclaimer - Not mine. Never will be. Sadly.",
        "DISCLAIMER: All characters belong to Square Enix.",
        "I do not own Final Fantasy VII or any of its characters.",
        "(Disclaimer: FF7 belongs to Square Enix, I'm just playing in their sandbox.)",
    ],
)
def test_disclaimer_forms(disclaimer: str) -> None:
    story = parse(
        f"""
        {disclaimer}

        Vincent woke in the dark, as he always did, and lay still for a long while listening to the house settle around the coffin.

        Somewhere above him, a door opened.
        """
    )
    assert story.section(DISCLAIMER) == [disclaimer]
    assert starts(story, BODY) == ["Vincent woke in", "Somewhere above him,"]


def test_story_opening_about_ownership_is_not_a_disclaimer() -> None:
    story = parse(
        """
        The sword belongs to my father. I carry it anyway, because he cannot, and because somebody has to.

        Nibelheim burned the year I turned fourteen.
        """
    )
    assert story.section(DISCLAIMER) == []
    assert len(story.section(BODY)) == 2


def test_disclaimer_label_alone_on_its_line() -> None:
    story = parse(
        """
        Disclaimer:

        Final Fantasy VII and all its characters are the property of Square Enix. No money is being made from this.

        Cid lit his cigarette off the engine block and squinted at the sky.

        "She'll fly," he said. "She'll damn well fly."
        """
    )
    assert starts(story, DISCLAIMER) == ["Disclaimer:", "Final Fantasy VII"]
    assert starts(story, BODY) == ["Cid lit his", '"She\'ll fly," he']


def test_notes_then_disclaimer_then_story() -> None:
    story = parse(
        """
        Author's Note: Written for my friend's birthday. Happy birthday, Kat!

        Disclaimer: Not mine.

        Tifa counted the glasses twice, and then a third time, because counting was easier than thinking.

        The door opened and the bell rang and she did not look up.
        """
    )
    assert starts(story, NOTES) == ["Author's Note: Written"]
    assert starts(story, DISCLAIMER) == ["Disclaimer: Not mine."]
    assert starts(story, BODY) == ["Tifa counted the", "The door opened"]


def test_disclaimer_then_notes_then_story() -> None:
    story = parse(
        """
        Disclaimer: Square Enix owns everything, I own nothing.

        A/N: Set after Advent Children. Slight spoilers for Dirge of Cerberus!

        The WRO headquarters never really slept. Reeve walked its corridors at three in the morning and found them as busy as at noon.

        He liked it that way.
        """
    )
    assert starts(story, DISCLAIMER) == ["Disclaimer: Square Enix"]
    assert starts(story, NOTES) == ["A/N: Set after"]
    assert starts(story, BODY) == ["The WRO headquarters", "He liked it"]


def test_stacked_label_lines_without_blank_lines() -> None:
    story = parse(
        """
        A/N: Short one today.
        Disclaimer: I don't own FFVII.

        Elena practised her salute in the mirror until it was perfect, and then once more for luck.

        Tseng, passing the open door, pretended not to see.
        """
    )
    assert story.section(NOTES) == ["A/N: Short one today."]
    assert story.section(DISCLAIMER) == ["Disclaimer: I don't own FFVII."]
    assert starts(story, BODY) == ["Elena practised her", "Tseng, passing the"]


def test_rule_after_front_matter_belongs_to_it() -> None:
    story = parse(
        """
        A/N: Thanks for all the reviews on the last fic, you guys are amazing!

        ~~~~~~~~~~

        Barret lifted Marlene onto his shoulders so she could see the parade over the crowd.

        She waved at everyone. Everyone waved back.
        """
    )
    assert starts(story, NOTES) == ["A/N: Thanks for", "~~~~~~~~~~"]
    assert [p.kind for p in story.paragraphs if p.section is NOTES] == [Kind.TEXT, Kind.BREAK]
    assert starts(story, BODY) == ["Barret lifted Marlene", "She waved at"]


def test_title_line_above_the_notes() -> None:
    story = parse(
        """
        Lost in the Lifestream

        A/N: Angst ahead, you have been warned.

        Aerith walked through the green light and did not know where she was going, only that someone was waiting.

        She walked faster.
        """
    )
    assert story.meta.title == "Lost in the Lifestream"
    assert "title" not in story.meta.derived
    assert story.section(Section.HEADER) == ["Lost in the Lifestream"]
    assert starts(story, NOTES) == ["A/N: Angst ahead,"]
    assert starts(story, BODY) == ["Aerith walked through", "She walked faster."]


# ---------------------------------------------------------------- closing notes


def test_unlabelled_closing_note_asking_for_reviews() -> None:
    story = parse(
        """
        Cloud parked the bike outside the bar and sat for a moment with the engine ticking as it cooled.

        Then he went inside, because she had left the light on for him.

        Thanks for reading! Please review, it really makes my day. :)
        """
    )
    assert starts(story, BODY) == ["Cloud parked the", "Then he went"]
    assert starts(story, END) == ["Thanks for reading!"]


@pytest.mark.parametrize(
    "closing",
    [
        "End notes: That's all for now, thank you for reading!",
        "A/N: Sorry it's so short! Next chapter will be longer, I promise.",
        "R&R please!",
        "Please R&R!",
        "(A/N: This was my first try at angst. Was it too much? Let me know!)",
        "[A/N: Reviews are love!]",
        "**A/N:** Kudos and comments feed the writer!",
        "Notes: I might write a sequel if people want one.",
    ],
)
def test_closing_note_forms(closing: str) -> None:
    story = parse(
        f"""
        Zack ran the last mile with the puppy's leash wrapped twice round his wrist, laughing the whole way.

        Angeal was waiting at the gate, arms folded, and Zack knew he was in trouble and did not care at all.

        {closing}
        """
    )
    assert story.section(END) == [closing]
    assert starts(story, BODY) == ["Zack ran the", "Angeal was waiting"]


def test_closing_notes_run_several_paragraphs() -> None:
    story = parse(
        """
        The Highwind rose over the northern continent, and for once nobody on board said anything at all.

        Cid kept his hands on the wheel and his eyes on the clouds, and he flew them home.

        End Notes:

        Whew, that one took forever. Thank you all so much for sticking with this story through the long hiatus.

        Special thanks to everyone who reviewed. I read every single one!
        """
    )
    assert starts(story, BODY) == ["The Highwind rose", "Cid kept his"]
    assert starts(story, END) == ["End Notes:", "Whew, that one", "Special thanks to"]


def test_closing_notes_after_a_rule() -> None:
    story = parse(
        """
        Denzel fell asleep on the couch with the lamp still on, a book open on his chest.

        Cloud took the book, marked the page, and turned out the light.

        * * *

        Hope you liked this little fluff piece! Let me know if you want more of Cloud being a dad.
        """
    )
    assert starts(story, BODY) == ["Denzel fell asleep", "Cloud took the"]
    assert starts(story, END) == ["* * *", "Hope you liked"]
    assert kinds(story, END) == [Kind.BREAK, Kind.TEXT]


def test_final_dialogue_with_i_stays_in_the_body() -> None:
    story = parse(
        """
        Aerith tucked the flower behind his ear before he could stop her, and stepped back to admire it.

        "You look ridiculous," she said.

        "I hope you're happy. I really do. Thank you, for everything."
        """
    )
    assert story.section(END) == []
    assert len(story.section(BODY)) == 3


def test_final_first_person_paragraph_stays_in_the_body() -> None:
    story = parse(
        """
        I buried him under the tree by the church, where the flowers grow even in winter.

        Nobody asked me where he had gone. Nobody in the slums asks questions like that.

        I still go there every week. I sit with him and I tell him about my day, and I think, sometimes, that he hears me.
        """
    )
    assert story.section(END) == []
    assert len(story.section(BODY)) == 3


def test_final_dialogue_about_reading_and_writing_stays_in_body() -> None:
    """Characters may talk about letters and stories; quoted speech is never the author's."""
    story = parse(
        """
        Elmyra folded the letter and put it back in the drawer with the others.

        "Thank you for reading it to me," Aerith said. "I hope you'll write back to him. Please? Let me know what he says."
        """
    )
    assert story.section(END) == []
    assert len(story.section(BODY)) == 2


@pytest.mark.parametrize(
    "mark", ["The End", "THE END", "TBC", "To be continued...", "Fin", "~Fin~"]
)
def test_ending_marks_stay_in_the_body_as_headings(mark: str) -> None:
    story = parse(
        f"""
        Sephiroth closed the book. The library in the Shinra Mansion was silent but for the rain.

        He did not open it again.

        {mark}

        Thank you for reading! Reviews are always appreciated.
        """
    )
    assert story.section(BODY)[-1] == mark
    assert kinds(story)[-1] is Kind.HEADING
    assert starts(story, END) == ["Thank you for"]


def test_end_mark_as_the_last_line() -> None:
    story = parse(
        """
        Reno and Rude watched the sun go down over the Plate from the roof of the Shinra building.

        Neither of them said a word. They never needed to.

        The End.
        """
    )
    assert story.section(END) == []
    assert kinds(story) == [Kind.TEXT, Kind.TEXT, Kind.HEADING]


# ---------------------------------------------------------------- inside the body


def test_mid_story_author_note_is_a_note_in_the_body() -> None:
    story = parse(
        """
        Chapter One

        Kadaj stood on the cliff above the Forgotten City and called for his brothers.

        Loz came first, as he always did. Yazoo came when he felt like it.

        A/N: Sorry for the long wait between chapters, real life got in the way!

        Chapter Two

        The city was quiet when they came down into it.
        """
    )
    body = [p for p in story.paragraphs if p.section is BODY]
    assert [p.kind for p in body] == [
        Kind.HEADING,
        Kind.TEXT,
        Kind.TEXT,
        Kind.NOTE,
        Kind.HEADING,
        Kind.TEXT,
    ]
    assert story.section(NOTES) == []


def test_mid_story_note_label_alone_and_its_run_on() -> None:
    story = parse(
        """
        Rufus watched the city burn from the window of his office and did not move for a long time.

        A/N:

        Quick note: I know the timeline is off here, sorry! I wanted to write this scene anyway, hope you don't mind.

        And thanks to everyone who reviewed the first part of this fic, you are all wonderful!

        When the fires finally died, Rufus called for Tseng and his car, in that order.

        The streets were empty all the way to the gates of the Plate.
        """
    )
    assert kinds(story) == [Kind.TEXT, Kind.NOTE, Kind.NOTE, Kind.NOTE, Kind.TEXT, Kind.TEXT]
    assert story.section(END) == []


def test_unlabelled_notes_around_chapter_headings() -> None:
    """A multi-chapter file: the chapter's closing and opening chatter are notes, not prose."""
    story = parse(
        """
        Chapter 1

        Yuffie stole the materia at noon and was caught by a quarter past, which she felt was unfair.

        Vincent, who had caught her, said nothing at all.

        Thanks for reading! Please review and I'll update soon with chapter two :)

        Chapter 2

        Sorry for the wait, guys! Writer's block is the worst. Anyway, enjoy this chapter!

        The cell in Wutai was small and smelled of old straw.

        Yuffie had escaped from worse. She was sure of it.
        """
    )
    assert kinds(story) == [
        Kind.HEADING,
        Kind.TEXT,
        Kind.TEXT,
        Kind.NOTE,
        Kind.HEADING,
        Kind.NOTE,
        Kind.TEXT,
        Kind.TEXT,
    ]


@pytest.mark.parametrize(
    "rule", ["* * *", "***", "~~~", "-x-x-", "oOo", "OoOoOo", "----", "____", "xXx", "=-=-=-="]
)
def test_scene_break_forms(rule: str) -> None:
    story = parse(
        f"""
        Tifa locked the bar at midnight and climbed the stairs to bed.

        She did not sleep.

        {rule}

        Morning came grey and wet over Edge, and Cloud was already gone.
        """
    )
    body = [p for p in story.paragraphs if p.section is BODY]
    assert [p.kind for p in body] == [Kind.TEXT, Kind.TEXT, Kind.BREAK, Kind.TEXT]
    assert [p.scene_start for p in body] == [True, False, False, True]


def test_extra_blank_lines_are_a_scene_break() -> None:
    story = parse(
        """
        Tifa locked the bar at midnight and climbed the stairs to bed.

        She did not sleep.



        Morning came grey and wet over Edge, and Cloud was already gone.

        He had left a note.
        """
    )
    body = [p for p in story.paragraphs if p.section is BODY]
    assert all(p.kind is Kind.TEXT for p in body)
    assert [p.scene_start for p in body] == [True, False, True, False]


def test_prose_that_looks_a_little_like_a_rule_is_text() -> None:
    story = parse(
        """
        "Ooo," Yuffie said, staring at the materia.

        "No," said Vincent.

        ...

        "Oh."
        """
    )
    assert kinds(story)[:2] == [Kind.TEXT, Kind.TEXT]
    assert story.section(BODY)[0] == '"Ooo," Yuffie said, staring at the materia.'


def test_chapter_headings_are_headings() -> None:
    story = parse(
        """
        Prologue

        The Nibelheim reactor hummed in the dark.

        Chapter 1: Homecoming

        Cloud stepped off the truck and looked at the water tower.
        """
    )
    assert kinds(story) == [Kind.HEADING, Kind.TEXT, Kind.HEADING, Kind.TEXT]


# ---------------------------------------------------------------- file layouts


def test_one_paragraph_per_line_story_with_notes() -> None:
    story = parse(
        """
        A/N: First time posting here, be nice! Reviews appreciated.
        Cloud rode out of Edge before the sun was up, the engine of the bike loud in the empty streets and the wind cold on his face.
        "You're leaving again," Tifa had said the night before, and it had not been a question. He had not answered.
        He had no answer for her then, and he had none now, only the road and the long grey line of the wasteland ahead.
        Thanks for reading! Let me know what you think.
        """
    )
    assert starts(story, NOTES) == ["A/N: First time"]
    assert starts(story, BODY) == ["Cloud rode out", '"You\'re leaving again,"', "He had no"]
    assert starts(story, END) == ["Thanks for reading!"]


def test_hard_wrapped_story_keeps_paragraphs_whole() -> None:
    paragraphs = [
        "Author's Note: This was sitting in my drafts for a year. Finally finished it! "
        "Please let me know what you think, reviews keep me going.",
        "The Turks' office on the sixty-eighth floor was never quiet, not even at "
        "night, when the cleaning crews had gone and only the hum of the servers "
        "and the city below filled the silence between one phone call and the next.",
        "Tseng sat at his desk with a pen in his hand and did not write. Across the "
        "room Elena pretended to file reports, and Reno pretended to sleep, and all "
        "three of them waited for the call they knew would come before morning.",
        "It came at four.",
    ]
    raw = "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
    story = parse(raw)
    flat = [" ".join(t.split()) for t in story.section(NOTES) + story.section(BODY)]
    assert flat == paragraphs
    assert story.section(END) == []


def test_indented_paragraphs_without_blank_lines() -> None:
    """Old-school files: hard-wrapped lines, each paragraph starting with an indent."""
    story = parse(
        """
            Vincent Valentine had slept for thirty years, and he would have
        slept thirty more if the boy with the yellow hair had not opened the
        lid of his coffin and asked him, rudely, who he was.
            He had not answered at first. Names were for the living, and he
        was not sure he counted himself among them any longer.
            "Vincent," he said at last.
        """
    )
    body = story.section(BODY)
    assert len(body) == 3
    assert body[2].strip() == '"Vincent," he said at last.'


def test_notes_before_and_after_with_multi_scene_body() -> None:
    story = parse(
        """
        A/N: Written for the FF7 Secret Santa exchange! Merry Christmas, Ami!

        Disclaimer: I don't own Final Fantasy VII, it belongs to Square Enix.

        Snow fell on Icicle Inn, and Cloud was cold, and Zack was not, which seemed unfair.

        "You're a SOLDIER," Cloud said. "You're supposed to be cold too."

        oOoOoOo

        By evening the snow had stopped, and they sat by the fire with their boots steaming on the hearth.

        Zack fell asleep first. Cloud watched him for a while before he followed.

        oOoOoOo

        A/N: Hope you enjoyed it, Ami! And thanks to everyone else for reading. Reviews are always welcome.
        """
    )
    assert starts(story, NOTES) == ["A/N: Written for"]
    assert starts(story, DISCLAIMER) == ["Disclaimer: I don't"]
    assert starts(story, BODY) == [
        "Snow fell on",
        '"You\'re a SOLDIER,"',
        "oOoOoOo",
        "By evening the",
        "Zack fell asleep",
    ]
    assert starts(story, END) == ["oOoOoOo", "A/N: Hope you"]


def test_sections_keep_every_paragraph_in_order() -> None:
    source = """
        A/N: Hi!! Please enjoy this little fic, reviews welcome.

        Disclaimer: Not mine.

        Cid swore at the engine. The engine, as usual, did not care.

        Shera brought him tea anyway.

        Thanks for reading, let me know what you thought!
        """
    story = parse(source)
    expected = [b.strip() for b in textwrap.dedent(source).strip().split("\n\n") if b.strip()]
    assert [p.text for p in story.paragraphs] == expected
    assert [p.section for p in story.paragraphs] == [NOTES, DISCLAIMER, BODY, BODY, END]


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n\t\r\n  \n", "empty"),
        (b"A/N: Coming soon! Please review.\n\nDisclaimer: Not mine.\n", "no story"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\xff\xfe\x00\x00" + b"\x00" * 64, "binary|empty"),
        (b"Story text. " * (MAX_FILE_BYTES // 12 + 1), "size limit"),
    ],
    ids=["empty", "whitespace", "only-notes", "binary", "utf32ish", "too-big"],
)
def test_bad_files_raise_story_error(raw: bytes, reason: str) -> None:
    with pytest.raises(StoryError, match=reason):
        parse_bytes(raw)


def test_header_only_file_is_refused() -> None:
    with pytest.raises(StoryError, match="no story"):
        parse(
            """
            Title: Coming Soon
            Author: someone
            Fandom: Final Fantasy VII
            """
        )


# ---------------------------------------------------------------- more shapes from the wild


def test_title_and_byline_block_above_the_notes() -> None:
    story = parse(
        """
        Wings of Ash
        by silverfeather

        A/N: Written for the Genesis appreciation week. Enjoy!

        Genesis stood on the cliff above Banora and let the wind take the pages of the book, one by one.

        He did not watch them go.
        """
    )
    assert story.meta.title == "Wings of Ash"
    assert story.meta.author == "silverfeather"
    assert story.section(Section.HEADER) == ["Wings of Ash\nby silverfeather"]
    assert starts(story, NOTES) == ["A/N: Written for"]
    assert starts(story, BODY) == ["Genesis stood on", "He did not"]


def test_title_and_byline_as_separate_lines_without_notes() -> None:
    story = parse(
        """
        The Long Road Home

        By: wanderer_7

        Cloud rode for three days without stopping, and on the fourth day he saw the lights of Edge.

        He did not stop there either.
        """
    )
    assert story.meta.title == "The Long Road Home"
    assert story.meta.author == "wanderer_7"
    assert starts(story, BODY) == ["Cloud rode for", "He did not"]


def test_field_lines_after_the_notes_are_header_fields() -> None:
    story = parse(
        """
        A/N: My entry for the Zerith week challenge! Enjoy.

        Pairing: Zack/Aerith
        Rating: K+
        Warning: tooth-rotting fluff

        Dedicated to my best friend Sam, who made me play Crisis Core in the first place.

        On with the story!

        Zack bought her a ribbon at the market, a pink one, and Aerith wore it every day after that.

        He never told her what it had cost him. She never asked.
        """
    )
    assert starts(story, NOTES) == ["A/N: My entry", "Dedicated to my", "On with the"]
    assert starts(story, BODY) == ["Zack bought her", "He never told"]
    assert story.meta.relationships == ["Zack/Aerith"]
    assert story.meta.rating == "General Audiences"
    assert story.meta.warnings == ["tooth-rotting fluff"]
    assert story.pairings == [("Zack Fair", "Aerith Gainsborough")]


def test_first_person_opening_about_this_story_is_body() -> None:
    """A narrator who says "this story" is still the narrator, not the author."""
    story = parse(
        """
        This story doesn't have a happy ending. I should tell you that now, before you get attached to any of us.

        I was sixteen when I joined the Shinra army, and I was seventeen when I met him.
        """
    )
    assert story.section(NOTES) == []
    assert len(story.section(BODY)) == 2


@pytest.mark.parametrize(
    "last",
    [
        "That was the last chapter of my life in Midgar. I never went back, and I never told you why.",
        "I watched the ship pull away from Junon until I couldn't see it any more. My hands were shaking.",
        "I still remember the flames. I remember his face in them, and I think I always will.",
        "It was my first kiss. I was nineteen, and I thought my heart would stop.",
        "And that's my story. I never told it to anyone before you.",
    ],
)
def test_first_person_final_paragraph_stays_in_the_body(last: str) -> None:
    story = parse(
        f"""
        The rain came down over Sector 7 for three days straight, and on the third day the Plate came down with it.

        I got out. Most people didn't.

        {last}
        """
    )
    assert story.section(END) == []
    assert story.section(BODY)[-1] == last


@pytest.mark.parametrize(
    "closing",
    [
        "Review?",
        "Reviews are appreciated.",
        "Should I continue this? Let me know in a review!",
        "Please review!",
    ],
)
def test_short_closing_requests(closing: str) -> None:
    story = parse(
        f"""
        Reeve shut down the last of the Cait Sith units and sat back in his chair.

        The robot cat looked at him from the desk. He could have sworn it looked disappointed.

        {closing}
        """
    )
    assert story.section(END) == [closing]


def test_closing_notes_with_a_sign_off() -> None:
    story = parse(
        """
        Marlene fell asleep before the end of the story, so Barret finished it for Denzel instead.

        Denzel pretended to be asleep too. Barret knew, and kept reading anyway.

        ~*~*~*~

        A/N: Aww, Papa Barret. Thanks for reading, everyone!

        ~Kat
        """
    )
    assert starts(story, END) == ["~*~*~*~", "A/N: Aww, Papa", "~Kat"]


def test_trailing_disclaimer_is_the_disclaimer() -> None:
    """Some authors put the disclaimer last; it is still the disclaimer, after the story."""
    story = parse(
        """
        Tseng signed the report and set it on the pile, and the pile, for once, was finished.

        He went home. It was the first time in a month.

        Thanks for reading!

        Disclaimer: Final Fantasy VII belongs to Square Enix.
        """
    )
    assert starts(story, BODY) == ["Tseng signed the", "He went home."]
    assert starts(story, END) == ["Thanks for reading!"]
    assert starts(story, DISCLAIMER) == ["Disclaimer: Final Fantasy"]


def test_one_paragraph_per_line_with_scene_break_lines() -> None:
    story = parse(
        """
        Tifa opened the bar at six and closed it at two, and in between she did not sit down once, not even when the Turks came in.
        Reno tipped well. Rude tipped better. Elena left a note on a napkin that said thank you, which was nicest of all.
        * * *
        At two she locked the door and counted the till and climbed the stairs, and Cloud was asleep in the chair by the window.
        She left him there.
        """
    )
    assert kinds(story) == [Kind.TEXT, Kind.TEXT, Kind.BREAK, Kind.TEXT, Kind.TEXT]


def test_chapter_heading_before_the_notes() -> None:
    """A note after a leading chapter heading is a note inside the story; the title comes
    from the first line of prose, not from the heading or the note."""
    story = parse(
        """
        Chapter 1: Homecoming

        A/N: Hi guys, new story! Please review.

        Nibelheim had not changed. Cloud had hoped it would have, and was ashamed of hoping.
        """
    )
    assert kinds(story) == [Kind.HEADING, Kind.NOTE, Kind.TEXT]
    assert story.meta.title.startswith("Nibelheim had not changed.")
    assert all("A/N" not in p.text for p in story.passages)


def test_ao3_chapter_notes_labels() -> None:
    story = parse(
        """
        Chapter 1: Flight

        Chapter Notes

        Sorry this took so long!

        The Highwind shook in the storm, and Cid laughed like a madman at the wheel.

        Chapter End Notes

        More soon, I promise.

        Chapter 2: Landing

        They came down in a field of chocobo greens, and nobody was hurt, which Cid said was the point.
        """
    )
    assert kinds(story) == [
        Kind.HEADING,
        Kind.NOTE,
        Kind.NOTE,
        Kind.TEXT,
        Kind.NOTE,
        Kind.NOTE,
        Kind.HEADING,
        Kind.TEXT,
    ]


def test_multi_chapter_file_with_per_chapter_notes() -> None:
    story = parse(
        """
        Title: Two Wings
        Author: feathers
        Rating: T

        Chapter 1

        A/N: New multi-chapter! Be gentle.

        Disclaimer: Not mine, Square Enix's.

        Genesis read the letter twice before he burned it.

        Angeal watched the ashes drift and said nothing.

        Chapter 2

        A/N: Thanks for all the reviews, you guys!

        The train to Banora left at dawn, and they were both on it.

        Neither of them had slept.

        A/N: That's it for now! Review and let me know what you think.
        """
    )
    assert (story.meta.title, story.meta.author) == ("Two Wings", "feathers")
    assert kinds(story) == [
        Kind.HEADING,
        Kind.NOTE,
        Kind.NOTE,
        Kind.TEXT,
        Kind.TEXT,
        Kind.HEADING,
        Kind.NOTE,
        Kind.TEXT,
        Kind.TEXT,
    ]
    assert starts(story, END) == ["A/N: That's it"]
    assert all("A/N" not in p.text and "Disclaimer" not in p.text for p in story.passages)


@pytest.mark.parametrize(
    "front",
    [
        "Requested by moonlit_fern!",
        "(Y/N) = your name",
        "Y/N means your name, L/N your last name.",
        "Comments are love!",
        "TABLE OF CONTENTS",
    ],
)
def test_unlabelled_front_matter_that_talks_to_readers(front: str) -> None:
    # Issue 11: front matter without a label is still front matter when it talks to readers.
    story = parse(
        f"""
        {front}

        The rain came down on Sector 7 all night, and Tifa kept the bar open until the last
        of the regulars had gone home to their beds.

        She wiped the counter twice and turned the lamps down one by one.
        """
    )
    assert story.section(Section.NOTES) == [front]
    assert starts(story, Section.BODY) == ["The rain came", "She wiped the"]


@pytest.mark.parametrize("closing", ["End file.", "Comments are love!", "R&R"])
def test_unlabelled_closing_lines_are_end_notes(closing: str) -> None:
    story = parse(
        f"""
        The rain came down on Sector 7 all night, and Tifa kept the bar open until the last
        of the regulars had gone home to their beds.

        She wiped the counter twice and turned the lamps down one by one.

        {closing}
        """
    )
    assert story.section(Section.END_NOTES) == [closing]
