"""Properties that hold for any input: only StoryError escapes, and nothing is lost or moved."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.library import text
from bot.library.sections import Section
from bot.library.story import ParsedStory, StoryError, analyse

from .support import ROSTER

SETTINGS = settings(
    database=None,  # no .hypothesis folder left in the repository
    max_examples=int(os.environ.get("FICBOT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces real story files are made of, so that generated files hit the interesting paths.
PIECES = [
    "A/N: my first fic, please review!",
    "AN:",
    "Author's Note:",
    "(A/N: sorry for the wait!)",
    "Disclaimer: I don't own FF7.",
    "Disclaimer -",
    "Title: Wings",
    "Summary: Genesis reads.",
    "Characters: Cloud Strife, Tifa Lockhart",
    "Relationships: Sephiroth/Aerith Gainsborough",
    "Chapter 1",
    "The End",
    "TBC",
    "* * *",
    "~~~",
    "-x-x-",
    "oOo",
    "----",
    "____",
    "R&R",
    "Thanks for reading! Let me know what you think.",
    "Cloud looked at the sky. A cloud drifted by.",
    '"I hope you stay," she said. "Please."',
    "I walked home alone. I wrote her a letter.",
    "Sephiroth's sword; Genesis' book. Red padded in.",
    "Tifa wiped the bar down — again… “Fine,” she said.",
    "He waited. " * 30,
    "Zack kissed her, and Aerith laughed against his lips.",
    "Shinra, Midgar, Masamune, Soldier, General, Goddess.",
]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def story_texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=80)),
            min_size=0,
            max_size=14,
        )
    )
    out: list[str] = []
    for part in parts:
        out.append(part + draw(st.sampled_from(["", " ", "\t"])))
        out.append("\n" * draw(st.integers(min_value=1, max_value=4)))
    return draw(NEWLINES).join("".join(out).split("\n"))


def analysed(raw: bytes) -> ParsedStory | None:
    try:
        return analyse(raw, stem="999_prop", roster=ROSTER)
    except StoryError:
        return None


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_story_error(raw: bytes) -> None:
    analysed(raw)


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_raises_only_undecodable(raw: bytes) -> None:
    try:
        decoded = text.decode(raw)
    except text.UndecodableError:
        return
    assert isinstance(decoded, str)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_raises_only_story_error(source: str) -> None:
    analysed(source.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(story_texts(), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_paragraphs_are_the_input_blocks_in_order(source: str, encoding: str) -> None:
    raw = source.encode(encoding, "replace")
    story = analysed(raw)
    if story is None:
        return
    clean = text.normalise(text.decode(raw))
    assert [p.text for p in story.paragraphs] == [b.text for b in text.blocks(clean)]
    # Nothing lost, nothing added, nothing moved: the paragraphs hold the file's lines.
    lines = [line for p in story.paragraphs for line in p.text.split("\n")]
    assert lines == [line for line in clean.split("\n") if line.strip()]


@SETTINGS
@given(story_texts())
def test_passages_are_substrings_of_the_body(source: str) -> None:
    story = analysed(source.encode("utf-8"))
    if story is None:
        return
    body = "\n\n".join(p.text for p in story.paragraphs if p.section is Section.BODY)
    for passage in story.passages:
        assert passage.text in body
        assert passage.text.strip()
    assert len(story.passage_characters) == len(story.passages)


@SETTINGS
@given(story_texts())
def test_sections_come_in_file_order(source: str) -> None:
    story = analysed(source.encode("utf-8"))
    if story is None:
        return
    # Front matter (header, notes, disclaimer) first, then the story, then closing notes; a
    # disclaimer may also come last.
    rank = {Section.HEADER: 0, Section.NOTES: 0, Section.BODY: 1, Section.END_NOTES: 2}
    ranks = []
    for p in story.paragraphs:
        if p.section is Section.DISCLAIMER:
            ranks.append(2 if ranks and ranks[-1] >= 1 else 0)
        else:
            ranks.append(rank[p.section])
    assert ranks == sorted(ranks)
    assert story.section(Section.BODY)
