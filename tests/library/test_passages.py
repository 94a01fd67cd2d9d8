"""Passages: whole paragraphs of one scene of the story, about 300 to 1,200 characters."""

from __future__ import annotations

import re

from bot.library import passages
from bot.library.sections import Kind, Paragraph, Section
from bot.library.story import ParsedStory

from .support import parse, parse_bytes, seed

# Long enough paragraphs to make passages from, each one a different beat of a scene.
P1 = (
    "The Sector 5 church had no roof to speak of, only beams and sky, and the flowers grew in "
    "the one patch of light that reached the floor. Aerith knelt among them every morning. She "
    "talked to them, sometimes, the way other people talked to cats or to the radio, and she "
    "did not care who heard her doing it."
)
P2 = (
    "Cloud heard her doing it the first day he woke up there, flat on his back in the flowerbed "
    "with his sword under him and his head full of bells. He lay still and listened to her tell "
    "a lily that it was looking much better today, and he wondered, not for the last time, what "
    "exactly he had fallen into."
)
P3 = (
    '"You\'re awake," she said, without turning around. "Good. You squashed my yellow ones, '
    "you know. You'll have to make it up to me.\" He asked how. She told him she would think of "
    "something, and she smiled at the lily as if it had made a joke."
)
P4 = (
    "By evening she had thought of something. It involved a great deal of walking, two "
    "bodyguard contracts that nobody had signed, and a promise of one date, which Cloud did not "
    "remember agreeing to and which Aerith assured him he had agreed to quite clearly."
)


def body_joined(story: ParsedStory) -> str:
    return "\n\n".join(p.text for p in story.paragraphs if p.section is Section.BODY)


def story_of(*paragraphs: str) -> ParsedStory:
    return parse("\n\n".join(paragraphs))


def test_passages_are_whole_body_paragraphs_within_bounds() -> None:
    story = story_of(P1, P2, P3, P4)
    assert story.passages
    joined = body_joined(story)
    body = {p.text for p in story.paragraphs}
    for passage in story.passages:
        assert passages.MIN_CHARS <= len(passage.text) <= passages.MAX_CHARS
        assert passage.text in joined
        assert all(part in body for part in passage.text.split("\n\n"))


def test_passages_record_their_paragraph_span() -> None:
    story = story_of(P1, P2, P3, P4)
    for passage in story.passages:
        texts = [p.text for p in story.paragraphs[passage.first : passage.last + 1]]
        assert passage.text == "\n\n".join(texts)


def test_passages_never_come_from_notes_disclaimer_or_end_notes() -> None:
    note = (
        "A/N: So this is a long author's note because I have a lot to say about this fic. I wrote "
        "it over three weeks, mostly on the bus, and I want to thank my beta reader Sam for all "
        "the help with the commas and the tenses. Please review, reviews make me write faster! "
        "I hope you enjoy the story, and let me know if you spot any typos. I will fix them."
    )
    disclaimer = (
        "Disclaimer: I do not own Final Fantasy VII or any of its characters. They belong to "
        "Square Enix. I make no money from this. No copyright infringement is intended, "
        "please do not sue me, I am a poor student with nothing but a laptop and a dream."
    )
    end = (
        "Thanks so much for reading! This was my first Cloud/Aerith fic so please let me know "
        "what you thought. Reviews and constructive criticism are always welcome, flames will "
        "be used to toast marshmallows. I might write a sequel if people want one, so tell me "
        "in the reviews! Love you all, see you next time."
    )
    story = story_of(note, disclaimer, P1, P2, P3, end)
    assert story.section(Section.NOTES) == [note]
    assert story.section(Section.END_NOTES) == [end]
    for passage in story.passages:
        for outside in (note, disclaimer, end):
            assert outside not in passage.text


def test_passages_never_cross_scene_breaks() -> None:
    story = story_of(P1, P2, "* * *", P3, P4)
    break_index = next(i for i, p in enumerate(story.paragraphs) if p.kind is Kind.BREAK)
    assert len(story.passages) >= 2
    for passage in story.passages:
        assert passage.last < break_index or passage.first > break_index
        assert "* * *" not in passage.text


def test_passages_never_cross_a_gap_of_blank_lines() -> None:
    story = parse(f"{P1}\n\n{P2}\n\n\n\n{P3}\n\n{P4}")
    starts = [i for i, p in enumerate(story.paragraphs) if p.scene_start]
    assert starts == [0, 2]
    for passage in story.passages:
        assert passage.last < 2 or passage.first >= 2


def test_mid_story_notes_and_headings_are_never_quoted() -> None:
    story = story_of(
        "Chapter 1",
        P1,
        P2,
        "A/N: Sorry, I had to split this chapter, it was getting way too long! Reviews welcome.",
        P3,
        P4,
    )
    for passage in story.passages:
        assert "A/N" not in passage.text
        assert "Chapter 1" not in passage.text


def test_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentences = [
        f"Sentence number {i} tells of Cloud walking a little further down the long road."
        for i in range(40)
    ]
    long_paragraph = " ".join(sentences)
    assert len(long_paragraph) > passages.MAX_CHARS
    story = story_of(long_paragraph, P1)
    pieces = [p for p in story.passages if p.first == 0]
    assert len(pieces) >= 2
    for piece in pieces:
        assert len(piece.text) <= passages.MAX_CHARS
        assert piece.text.startswith("Sentence number")
        assert piece.text.endswith("road.")
        assert piece.text in long_paragraph


def test_sentence_cut_respects_closing_quotes_and_ellipses() -> None:
    sentences = [
        f'"Line {i}, and the rain keeps falling on the church," Aerith said softly.'
        if i % 2
        else f"He waited for her answer, as he had waited a hundred times before… {i}."
        for i in range(40)
    ]
    long_paragraph = " ".join(sentences)
    story = story_of(long_paragraph)
    assert story.passages
    for passage in story.passages:
        assert re.search(r"[.!?…][\"”’']?$", passage.text)
        assert re.match(r"^[\"“A-Z]", passage.text)


def test_single_sentence_too_long_to_quote_is_left_out() -> None:
    run_on = "and then he ran " * 100
    pieces = passages._split_long("He ran, " + run_on.strip() + ".")
    assert pieces == []


def test_very_short_story_is_one_passage() -> None:
    story = parse(
        """
        A/N: A drabble! Reviews welcome.

        Cloud found the flower on the church step. He picked it up, and he kept it.
        """
    )
    assert [p.text for p in story.passages] == [
        "Cloud found the flower on the church step. He picked it up, and he kept it."
    ]


def test_very_short_story_with_a_break_does_not_join_its_scenes() -> None:
    story = parse(
        """
        Cloud found the flower on the church step.

        ~~~

        Years later, he still had it.
        """
    )
    joined = body_joined(story)
    assert story.passages
    for passage in story.passages:
        assert passage.text in joined
        assert "~~~" not in passage.text


def test_short_tail_joins_the_passage_before_it() -> None:
    story = story_of(P1, P2, "He let her.")
    assert story.passages[-1].text.endswith("He let her.")


def test_build_skips_non_body_paragraphs() -> None:
    paragraphs = [
        Paragraph(Section.NOTES, Kind.TEXT, P4),
        Paragraph(Section.BODY, Kind.TEXT, P1, scene_start=True),
        Paragraph(Section.BODY, Kind.TEXT, P2),
        Paragraph(Section.END_NOTES, Kind.TEXT, P3),
    ]
    built = passages.build(paragraphs)
    assert [(p.first, p.last) for p in built] == [(1, 2)]


def test_seed_passages_come_from_the_body() -> None:
    for prefix in ("000", "004"):
        path = seed(prefix)
        story = parse_bytes(path.read_bytes(), stem=path.stem)
        joined = body_joined(story)
        assert story.passages
        for passage in story.passages:
            assert passage.text in joined
            assert len(passage.text) <= passages.MAX_CHARS
        assert len(story.passage_characters) == len(story.passages)
