"""Chapters: found at a text's own headings or given by its format, with their notes apart."""

from __future__ import annotations

import pytest

from bot.library.headings import clean_title, heading_title
from bot.library.sections import Kind, Section
from bot.library.story import ParsedStory, analyse
from tests.library.formats import builders
from tests.library.formats.test_downloads import AO3_SHAPES, WORK, Builder
from tests.library.support import ROSTER, parse


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Chapter 3", ""),
        ("Chapter Three: The Road", "The Road"),
        ("CHAPTER 3", ""),
        ("Ch. 3 - Title", "Title"),
        ("Chap. 12 – The Long Way Round", "The Long Way Round"),
        ("**Chapter 7**", ""),
        ("# Chapter Twenty-One: Home", "Home"),
        ("Chapter IV", ""),
        ("Chapter 3.", ""),
        ("Part 2", "Part 2"),
        ("Part II: The Return", "Part II: The Return"),
        ("Prologue", "Prologue"),
        ("Epilogue: After", "Epilogue: After"),
        ("~Chapter 5~", ""),
    ],
)
def test_chapter_headings(line: str, title: str) -> None:
    assert heading_title(line) == title


@pytest.mark.parametrize(
    "line",
    [
        "Part of me wanted to scream",
        "Chapter 3. He walked home. Then he slept.",
        "Chapters are hard to write",
        "Chapter civil war",
        "The chapter ended",
        "Chapter 3\nand more",
        "Chapter 3: " + "very long title " * 10,
        "Prologues are overrated",
    ],
)
def test_not_chapter_headings(line: str) -> None:
    assert heading_title(line) is None


def test_clean_title_drops_the_numbering_a_format_put_first() -> None:
    assert clean_title("Chapter 3: The Road") == "The Road"
    assert clean_title("Chapter 3") == ""
    assert clean_title("The Coins") == "The Coins"
    assert clean_title("Chapterhouse") == "Chapterhouse"


PROSE = (
    "Cloud walked the long road out of Kalm with the sun on his back and the dust in his boots, "
    "and he did not look back once, not even when the town bell rang out behind him."
)
TEXT_STORY = f"""
Title: The Road Home
Author: dustwalker
Fandom: Final Fantasy VII

A/N: My first multi-chapter fic! Be gentle.

Chapter 1: Kalm

{PROSE}

{PROSE.replace("Kalm", "Midgar")}

A/N: Thanks for reading! Chapter 2 comes next week.

Ch. 2 - The Plains

A/N: Sorry for the wait, everyone!

Tifa found him at the edge of the plains, where the grass gave way to rock and the wind never stopped. She sat beside him and said nothing for a long while, and that was the best thing anyone had done for him in years.

* * *

Later, the stars came out over the plains, and neither of them moved to go.

CHAPTER THREE

The rain came at dawn and washed the dust from everything, and Cloud stood in it with his face turned up and laughed for the first time since Nibelheim.
"""


def _texts(story: ParsedStory, first: int, last: int) -> list[str]:
    return [
        p.text
        for p in story.paragraphs[first : last + 1]
        if p.section is Section.BODY and p.kind is Kind.TEXT
    ]


def test_a_text_story_is_cut_at_its_chapter_headings() -> None:
    story = parse(TEXT_STORY)
    assert [(c.number, c.title) for c in story.chapters] == [
        (1, "Kalm"),
        (2, "The Plains"),
        (3, ""),
    ]
    one, two, three = story.chapters
    assert one.end_notes == ["A/N: Thanks for reading! Chapter 2 comes next week."]
    assert two.notes == ["A/N: Sorry for the wait, everyone!"]
    assert _texts(story, one.text_first, one.text_last) == [PROSE, PROSE.replace("Kalm", "Midgar")]
    assert _texts(story, two.text_first, two.text_last)[0].startswith("Tifa found him")
    assert story.paragraphs[two.text_last].text.startswith("Later, the stars")
    assert _texts(story, three.text_first, three.text_last)[0].startswith("The rain came")
    # Every word of prose is in exactly one chapter.
    assert sum(c.words for c in story.chapters) == story.words
    assert one.first < one.last < two.first < two.last < three.first <= three.last


def test_notes_between_chapters_are_never_passages() -> None:
    story = parse(TEXT_STORY)
    notes = [n for c in story.chapters for n in [*c.summary, *c.notes, *c.end_notes]]
    assert notes
    for passage in story.passages:
        assert "A/N" not in passage.text
        assert not any(note in passage.text for note in notes)


def test_a_story_without_headings_is_one_untitled_chapter() -> None:
    story = parse(f"Title: Short\nAuthor: someone\n\n{PROSE}\n\n{PROSE}\n")
    assert len(story.chapters) == 1
    only = story.chapters[0]
    assert (only.number, only.title, only.words) == (1, "", story.words)


def test_prose_before_the_first_heading_is_an_untitled_first_chapter() -> None:
    story = parse(f"{PROSE}\n\nChapter 1: Onward\n\n{PROSE.replace('Kalm', 'Junon')}\n")
    assert [c.title for c in story.chapters] == ["", "Onward"]
    assert story.chapters[0].words + story.chapters[1].words == story.words


@pytest.mark.parametrize(("suffix", "build"), AO3_SHAPES, ids=["html", "epub", "calibre-txt"])
def test_ao3_chapters_keep_their_notes_apart_from_their_text(suffix: str, build: Builder) -> None:
    story = analyse(build(WORK), stem="201_test", roster=ROSTER, suffix=suffix)
    first, second = story.chapters
    assert (first.number, first.title, second.number, second.title) == (
        1,
        "Debits",
        2,
        "Credits",
    )
    assert _texts(story, first.text_first, first.text_last) == WORK.chapters[0].paragraphs
    assert _texts(story, second.text_first, second.text_last) == WORK.chapters[1].paragraphs
    assert first.summary == ["In which the numbers do not add up."]
    assert first.notes == ["This chapter is short, sorry!"]
    assert first.end_notes == ["More soon, I promise."]
    # The work's closing notes are read at the end of its last chapter.
    assert second.end_notes == [WORK.end_notes]
    for passage in story.passages:
        for note in [*first.summary, *first.notes, *first.end_notes, WORK.end_notes]:
            assert note not in passage.text


def test_an_untitled_ao3_chapter_is_still_a_chapter() -> None:
    work = builders.Ao3Work(
        title="Two Parts",
        author="someone",
        tags=[("Rating", "General Audiences"), ("Fandom", "Original Work")],
        summary="Two untitled chapters.",
        notes="",
        chapters=[
            builders.Ao3Chapter(title="", paragraphs=[PROSE], notes="Chapter one's note."),
            builders.Ao3Chapter(title="", paragraphs=[PROSE.replace("Kalm", "Gongaga")]),
        ],
    )
    story = analyse(builders.ao3_html(work), stem="202_test", roster=ROSTER, suffix=".html")
    assert [(c.number, c.title) for c in story.chapters] == [(1, ""), (2, "")]
    assert story.chapters[0].notes == ["Chapter one's note."]
    assert _texts(story, story.chapters[1].text_first, story.chapters[1].text_last) == [
        PROSE.replace("Kalm", "Gongaga")
    ]
