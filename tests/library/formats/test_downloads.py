"""Every download shape read natively: AO3 (HTML, EPUB, text), FanFicFare, fanfiction.net.

The stories are the tests' own. AO3's files are built by ``builders`` from its templates'
structure; FanFicFare's are real output of FanFicFare 4.62.0 (see fixtures/fanficfare).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.library.sections import Kind, Section
from bot.library.story import ParsedStory, StoryError, analyse
from tests.library.formats import builders
from tests.library.support import ROSTER

FIXTURES = Path(__file__).parent / "fixtures"

# Words only the formats' scaffolding uses: none may reach the story's text or its title.
SCAFFOLDING = (
    "Posted originally",
    "Archive of Our Own",
    "Please drop by",
    "Chapter Summary",
    "Chapter Notes",
    "Chapter End Notes",
    "See the end of",
    "Afterword",
    "Rating:",
    "Stats:",
    "Published:",
    "Packaged:",
    "TABLE OF CONTENTS",
    "Table of Contents",
    "End file",
    "Story URL",
    "Rated:",
)

WORK = builders.Ao3Work(
    title="The Lamplighter's Ledger",
    author="inkwell_owl",
    fandom="Final Fantasy VII",
    tags=[
        ("Rating", "Mature"),
        ("Archive Warning", "No Archive Warnings Apply"),
        ("Category", "F/M"),
        ("Fandom", "Final Fantasy VII"),
        ("Relationship", "Cloud Strife/Tifa Lockhart"),
        ("Characters", "Cloud Strife, Tifa Lockhart, Barret Wallace"),
        ("Additional Tags", "Slow Burn, Post-Canon"),
        ("Language", "English"),
    ],
    summary="Tifa keeps the books. Cloud keeps forgetting the receipts.",
    notes="Written for a friend who loves ledgers. Thanks for reading!",
    chapters=[
        builders.Ao3Chapter(
            title="Debits",
            summary="In which the numbers do not add up.",
            notes="This chapter is short, sorry!",
            paragraphs=[
                "The ledger lay open on the bar, its columns crowded with Tifa's small neat hand.",
                "Cloud set a crumpled slip of paper beside it and looked away, as if the paper might forgive him.",
                '"Another one?" Tifa asked. Barret laughed from the corner booth.',
            ],
            end_notes="More soon, I promise.",
        ),
        builders.Ao3Chapter(
            title="Credits",
            paragraphs=[
                "By the end of the month the columns balanced, and nobody could say quite how.",
                "Tifa closed the ledger and poured two drinks, and Cloud stayed until the lamps went out.",
            ],
        ),
    ],
    end_notes="Comments are love! Kudos feed the plot bunnies.",
)

Builder = Callable[[builders.Ao3Work], bytes]
AO3_SHAPES: list[tuple[str, Builder]] = [
    (".html", builders.ao3_html),
    (".epub", builders.ao3_epub),
    (".txt", builders.ao3_calibre_text),
]


def read(raw: bytes, suffix: str) -> ParsedStory:
    return analyse(raw, stem="201_test", roster=ROSTER, suffix=suffix)


def prose(story: ParsedStory) -> list[str]:
    return [p.text for p in story.paragraphs if p.section is Section.BODY and p.kind is Kind.TEXT]


def assert_no_scaffolding(story: ParsedStory) -> None:
    for text in [*prose(story), *(p.text for p in story.passages), story.meta.title]:
        for word in SCAFFOLDING:
            assert word not in text, (word, text)


@pytest.mark.parametrize(("suffix", "build"), AO3_SHAPES, ids=["html", "epub", "calibre-txt"])
def test_ao3_download(suffix: str, build: Builder) -> None:
    story = read(build(WORK), suffix)
    meta = story.meta
    assert meta.title == "The Lamplighter's Ledger"
    assert meta.author == "inkwell_owl"
    assert meta.fandom == "Final Fantasy VII"
    assert meta.rating == "Mature" and meta.adult
    assert meta.characters == ["Cloud Strife", "Tifa Lockhart", "Barret Wallace"]
    assert meta.relationships == ["Cloud Strife/Tifa Lockhart"]
    assert meta.warnings == ["No Archive Warnings Apply"]
    assert meta.tags == ["Slow Burn", "Post-Canon"]
    assert meta.summary == "Tifa keeps the books. Cloud keeps forgetting the receipts."
    assert meta.derived == set()
    assert [c.title for c in story.chapters] == ["Debits", "Credits"]
    first = story.chapters[0]
    assert first.summary == ["In which the numbers do not add up."]
    assert first.notes == ["This chapter is short, sorry!"]
    assert first.end_notes == ["More soon, I promise."]
    assert prose(story) == [*WORK.chapters[0].paragraphs, *WORK.chapters[1].paragraphs]
    headings = [p.text for p in story.paragraphs if p.kind is Kind.HEADING]
    assert headings == ["Debits", "Credits"]
    assert story.section(Section.NOTES) == [WORK.notes]
    assert story.section(Section.END_NOTES) == [WORK.end_notes]
    assert {c.name for c in story.characters if c.role == "lead"} >= {
        "Cloud Strife",
        "Tifa Lockhart",
    }
    assert_no_scaffolding(story)


@pytest.mark.parametrize(("suffix", "build"), AO3_SHAPES, ids=["html", "epub", "calibre-txt"])
def test_ao3_single_chapter_work(suffix: str, build: Builder) -> None:
    work = builders.Ao3Work(
        title="Rain on Tin",
        author="Anonymous",
        tags=[("Rating", "General Audiences"), ("Fandom", "Original Work")],
        summary="A short one about rain.",
        notes="",
        chapters=[
            builders.Ao3Chapter(
                title="",
                paragraphs=[
                    "Rain drummed on the tin roof of the mill through the whole of the night.",
                    "Marla listened and counted the drops until she lost count and slept.",
                ],
            )
        ],
    )
    story = read(build(work), suffix)
    assert story.meta.title == "Rain on Tin"
    assert story.meta.author == "Anonymous"
    assert story.meta.rating == "General Audiences"
    assert prose(story) == work.chapters[0].paragraphs
    assert [c.title for c in story.chapters] == [""]
    assert_no_scaffolding(story)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".epub"])
def test_fanficfare_download(suffix: str) -> None:
    story = read((FIXTURES / "fanficfare" / f"fixture_2002{suffix}").read_bytes(), suffix)
    meta = story.meta
    assert meta.title == "Lanterns Over the Mill"
    assert meta.author == "QuietHarbour"
    assert meta.fandom == "Original Mill Stories"  # FanFicFare's "Category"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.characters == ["Marla", "Tobin"]
    assert meta.relationships == ["Marla/Tobin"]
    assert meta.warnings == ["Violence"]
    assert meta.summary == "Marla keeps the mill. Tobin keeps coming back."
    assert [c.title for c in story.chapters] == ["The Coins", "The Rain"]
    assert prose(story) == [
        "The lantern swung on its hook while Marla counted the coins twice over.",
        '"You\'re short," said Tobin, leaning in the doorway.',
        "Rain drummed on the tin roof of the mill all through the night.",
        "Marla listened to it and did not sleep.",
    ]
    # The authors' asides FanFicFare passes through as text are notes, never prose.
    notes = [p.text for p in story.paragraphs if p.kind is Kind.NOTE]
    assert "A/N: My first try at this pairing. Be gentle!" in notes
    assert story.section(Section.END_NOTES)[-1] == "A/N: Thanks for reading! Please review."
    assert story.words == 42  # recounted: the header claims 80
    assert_no_scaffolding(story)


FFN_COPY = """Cinders and Clover

By: hollowreed

Tifa opens a flower stall. Cloud is bad at arranging bouquets. Fluff.

Rated: Fiction K+ - English - Romance/Humor - [Cloud S., Tifa L.] Marlene W. - Words: 1,100 - Reviews: 4 - Favs: 2 - Follows: 3 - Published: 04-28-12 - Status: Complete - id: 1234567

Disclaimer: I don't own Final Fantasy VII.

Tifa set the buckets of daisies out before dawn, while Cloud wrestled the awning into place and lost.

"It's crooked," Marlene said. Cloud looked at the awning for a long time and agreed with her.

R&R please!
"""


def test_fanfiction_net_copy() -> None:
    story = read(FFN_COPY.encode(), ".txt")
    meta = story.meta
    assert meta.title == "Cinders and Clover"
    assert meta.author == "hollowreed"
    assert meta.rating == "General Audiences"
    assert meta.summary.startswith("Tifa opens a flower stall.")
    assert meta.characters == ["Cloud S.", "Tifa L.", "Marlene W."]
    assert meta.relationships == ["Cloud S./Tifa L."]
    assert prose(story) == [
        "Tifa set the buckets of daisies out before dawn, while Cloud wrestled the awning into place and lost.",
        '"It\'s crooked," Marlene said. Cloud looked at the awning for a long time and agreed with her.',
    ]
    assert story.section(Section.DISCLAIMER) == ["Disclaimer: I don't own Final Fantasy VII."]
    assert story.section(Section.END_NOTES) == ["R&R please!"]
    assert_no_scaffolding(story)


def test_plain_html_page_reads_like_a_text_file() -> None:
    page = b"""<html><head><title>My site - stories</title></head><body>
    <p>Title: Ash and Ember</p><p>Author: sootfoot</p><p>Rating: T</p>
    <p>A/N: thanks for reading my fic!</p>
    <p>The forge was cold when Marla came in, and she lit it without a word.</p>
    <p>Tobin watched the sparks climb and said nothing either, for a long while.</p>
    </body></html>"""
    story = read(page, ".html")
    assert story.meta.title == "Ash and Ember"
    assert story.meta.author == "sootfoot"
    assert story.meta.rating == "Teen And Up Audiences"
    assert prose(story)[0].startswith("The forge was cold")
    assert story.section(Section.NOTES) == ["A/N: thanks for reading my fic!"]


@pytest.mark.parametrize(
    ("suffix", "raw", "reason"),
    [
        (".epub", builders.ao3_epub(WORK)[:300], "not a valid EPUB"),
        (".epub", b"this is not a zip at all", "not a valid EPUB"),
        (".epub", builders.epub([], title="x", author="y"), "no pages with text"),
        (".html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "not an HTML file"),
        (".html", b"just words, no markup at all", "not an HTML file"),
    ],
    ids=["truncated-zip", "not-zip", "empty-epub", "binary-html", "no-markup"],
)
def test_broken_markup_file_is_a_story_error(suffix: str, raw: bytes, reason: str) -> None:
    with pytest.raises(StoryError, match=reason):
        read(raw, suffix)


def _xxe_page(secret: Path, space: str = "&nbsp;") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>'
        "<p>Marla opened the door of the mill and the cold came in with her, as it always did.</p>"
        f"<p>&xxe;</p><p>Tobin{space}shut it behind her and said the winter was early this year.</p>"
        "</body></html>"
    )


# With an HTML entity the page is not well-formed XML and is read by the HTML parser; without
# one, the XML parser reads it: neither may resolve the external entity.
@pytest.mark.parametrize("space", ["&nbsp;", " "], ids=["html-parser", "xml-parser"])
def test_epub_external_entity_never_reads_local_files(tmp_path: Path, space: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    raw = builders.epub([("page.xhtml", _xxe_page(secret, space))], title="Doors", author="a")
    story = read(raw, ".epub")
    assert all("TOP-SECRET" not in p.text for p in story.paragraphs)
    assert "Tobin shut it behind her" in prose(story)[-1]  # &nbsp; still reads as a space


def test_html_external_entity_never_reads_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    story = read(_xxe_page(secret).encode(), ".html")
    assert all("TOP-SECRET" not in p.text for p in story.paragraphs)
