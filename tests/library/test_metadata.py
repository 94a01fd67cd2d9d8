"""Story metadata: AO3 header blocks, sidecar overrides, and values derived from the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.library import metadata
from bot.library.sections import Section

from .support import parse, starts

AO3_STORY = """
    Title: The Weight of Wings
    Author: silverfeather
    Fandom: Final Fantasy VII, Crisis Core: Final Fantasy VII
    Rating: Teen And Up Audiences
    Archive Warning: No Archive Warnings Apply
    Category: M/M
    Relationships: Angeal Hewley/Genesis Rhapsodos
    Characters: Genesis Rhapsodos, Angeal Hewley, Sephiroth (Compilation of FFVII)
    Additional Tags: Angst, Hurt/Comfort, Pre-Canon
    Summary: Genesis has been reading LOVELESS again.
    Angeal has been pretending not to notice.

    A/N: For the Banora week prompt "apples". Thanks to my beta!

    The apple trees in Banora were heavy with fruit that autumn, and Genesis sat beneath them with his book open and unread on his knee.

    Angeal found him there at dusk, as he always did.

    "You'll catch cold," he said.
    """


# ---------------------------------------------------------------- header blocks


def test_ao3_header_block_fields() -> None:
    meta = parse(AO3_STORY).meta
    assert meta.title == "The Weight of Wings"
    assert meta.author == "silverfeather"
    assert meta.fandom == "Final Fantasy VII"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ["No Archive Warnings Apply"]
    assert meta.category == ["M/M"]
    assert meta.relationships == ["Angeal Hewley/Genesis Rhapsodos"]
    assert meta.characters == [
        "Genesis Rhapsodos",
        "Angeal Hewley",
        "Sephiroth (Compilation of FFVII)",
    ]
    assert meta.tags == ["Angst", "Hurt/Comfort", "Pre-Canon"]
    assert meta.derived == set()


def test_ao3_multi_line_summary() -> None:
    meta = parse(AO3_STORY).meta
    assert meta.summary == (
        "Genesis has been reading LOVELESS again.\nAngeal has been pretending not to notice."
    )


def test_ao3_header_is_its_own_section() -> None:
    story = parse(AO3_STORY)
    assert len(story.section(Section.HEADER)) == 1
    assert starts(story, Section.NOTES) == ["A/N: For the"]
    assert starts(story, Section.BODY) == [
        "The apple trees",
        "Angeal found him",
        '"You\'ll catch cold,"',
    ]
    assert all("Title:" not in p.text for p in story.passages)


def test_header_fields_in_separate_paragraphs_and_summary_on_the_next() -> None:
    story = parse(
        """
        Title: Flowers in the Slums
        Author: petalstorm
        Relationship: Zack Fair/Aerith Gainsborough
        Rating: K+

        Summary:

        Zack promised to help her sell flowers. He did not promise to be any good at it.

        Aerith handed him the basket and a smile, and Zack took both without thinking.

        By noon he had sold one flower, to himself.
        """
    )
    meta = story.meta
    assert meta.title == "Flowers in the Slums"
    assert meta.rating == "General Audiences"
    assert meta.relationships == ["Zack Fair/Aerith Gainsborough"]
    assert meta.summary.startswith("Zack promised to help her")
    assert starts(story, Section.BODY) == ["Aerith handed him", "By noon he"]


def test_ao3_download_layout_with_values_on_the_next_line() -> None:
    story = parse(
        """
        Rating:
            Mature
        Fandom:
            Final Fantasy VII
        Relationship:
            Cloud Strife/Tifa Lockhart
        Character:
            Cloud Strife, Tifa Lockhart, Marlene Wallace

        The bar was closed on Sundays, and on Sundays Cloud and Tifa did nothing at all.

        Marlene thought it was the best day of the week.
        """
    )
    meta = story.meta
    assert meta.rating == "Mature"
    assert meta.fandom == "Final Fantasy VII"
    assert meta.relationships == ["Cloud Strife/Tifa Lockhart"]
    assert meta.characters == ["Cloud Strife", "Tifa Lockhart", "Marlene Wallace"]
    assert meta.adult
    assert starts(story, Section.BODY) == ["The bar was", "Marlene thought it"]


@pytest.mark.parametrize(
    ("written", "rating"),
    [
        ("General Audiences", "General Audiences"),
        ("Teen And Up Audiences", "Teen And Up Audiences"),
        ("T", "Teen And Up Audiences"),
        ("M", "Mature"),
        ("Rated M", "Mature"),
        ("NC-17", "Explicit"),
        ("Explicit", "Explicit"),
        ("PG-13", "Teen And Up Audiences"),
    ],
)
def test_rating_spellings(written: str, rating: str) -> None:
    assert metadata.normalise_rating(written) == rating


def test_unknown_rating_in_header_fails_closed() -> None:
    # Issue 11: a rating present but not understood is adult, and the load is told.
    story = parse(
        """
        Title: Nothing Much
        Rating: whatever lol

        Cid drank his tea. It was terrible tea, and he drank all of it.
        """
    )
    assert story.meta.rating == "Explicit"
    assert story.meta.adult
    assert "rating" in story.meta.derived
    assert story.warnings == ["rating 'whatever lol' not understood: treated as Explicit (adult)"]


def test_missing_rating_is_not_rated() -> None:
    meta = parse(
        """
        Title: Nothing Much

        Cid drank his tea. It was terrible tea, and he drank all of it.
        """
    ).meta
    assert meta.rating == "Not Rated"
    assert "rating" in meta.derived


# ---------------------------------------------------------------- sidecar


def test_sidecar_overrides_the_header() -> None:
    sidecar = {"title": "The Weight of Wings (revised)", "rating": "Mature", "author": "sf"}
    meta = parse(AO3_STORY, sidecar=sidecar).meta
    assert meta.title == "The Weight of Wings (revised)"
    assert meta.rating == "Mature"
    assert meta.author == "sf"
    assert meta.category == ["M/M"]  # not in the sidecar: the header's value stands
    assert meta.derived == set()


def test_sidecar_fills_in_a_file_without_a_header() -> None:
    meta = parse(
        """
        Reeve sat alone in the WRO's control room and watched the lights of Edge come on one by one.
        """,
        sidecar={"title": "Lights", "author": "nightshift", "fandom": "FF7"},
    ).meta
    assert (meta.title, meta.author, meta.fandom) == ("Lights", "nightshift", "Final Fantasy VII")
    assert meta.derived == {"rating"}


def test_read_sidecar_maps_keys_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "042_story.toml"
    path.write_text(
        'title = "Gold Saucer Nights"\n'
        'Author = "chocobo_kid"\n'
        'additional_tags = ["Fluff", "Humor"]\n'
        'characters = ["Cloud Strife", "Aerith Gainsborough"]\n'
        "words = 1234\n",
        encoding="utf-8",
    )
    fields = metadata.read_sidecar(path)
    assert fields == {
        "title": "Gold Saucer Nights",
        "author": "chocobo_kid",
        "tags": "Fluff, Humor",
        "characters": "Cloud Strife, Aerith Gainsborough",
    }


def test_read_sidecar_rejects_broken_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('title = "unterminated\n', encoding="utf-8")
    with pytest.raises(metadata.SidecarError):
        metadata.read_sidecar(path)


# ---------------------------------------------------------------- derived values


def test_everything_derived_when_nothing_is_given() -> None:
    story = parse(
        """
        A/N: Rated T for language. Cid swears a lot, sorry!

        Cid Highwind looked at the rocket and swore, and then he swore again, because it deserved it.

        Shera brought him tea.
        """
    )
    meta = story.meta
    assert meta.title == "Cid Highwind looked at the rocket and swore, and then he…"
    assert len(meta.title) <= 60
    assert meta.author == "unknown"
    assert meta.fandom == "Final Fantasy VII"
    assert meta.rating == "Teen And Up Audiences"  # the notes say so
    assert meta.derived == {"title", "author", "fandom"}


def test_short_opening_line_is_the_title_as_is() -> None:
    meta = parse(
        """
        Snow again.

        Cloud looked out of the window at Icicle Inn and sighed.
        """
    ).meta
    assert meta.title == "Snow again."
    assert "title" in meta.derived


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Short and sweet.", "Short and sweet."),
        ("x" * 60, "x" * 60),
        (
            "The rain in Midgar never really washed anything clean, it only moved the dirt around.",
            "The rain in Midgar never really washed anything clean, it…",
        ),
        ("A" * 80, "A" * 59 + "…"),
        ("Tifa  wiped   the\tbar.", "Tifa wiped the bar."),
    ],
)
def test_title_from_opening_line(line: str, title: str) -> None:
    derived = metadata.title_from_opening(line)
    assert derived == title
    assert len(derived) <= metadata.TITLE_MAX


def test_title_is_derived_from_the_first_prose_line_not_a_heading() -> None:
    meta = parse(
        """
        Chapter 1

        Nobody in Nibelheim remembered the boy who left, except his mother.
        """
    ).meta
    assert meta.title == "Nobody in Nibelheim remembered the boy who left, except his…"


def test_fandom_named_in_the_disclaimer() -> None:
    meta = parse(
        """
        Disclaimer: I don't own Dirge of Cerberus.

        The rain did not stop for three days, and on the fourth the gunman came down from the mountain.
        """
    ).meta
    assert meta.fandom == "Final Fantasy VII"
    assert "fandom" in meta.derived


def test_unknown_fandom_without_characters() -> None:
    meta = parse(
        """
        The lighthouse keeper lit the lamp at dusk and put out the lamp at dawn, and never once in forty years did he miss a night.
        """
    ).meta
    assert meta.fandom == "Unknown fandom"
    assert meta.rating == "Not Rated"


def test_words_and_reading_time_count_only_the_body() -> None:
    body = " ".join(["word"] * 460)
    story = parse(
        f"""
        A/N: These words do not count toward the story at all, please review!

        {body}

        Thanks for reading! Reviews are love.
        """
    )
    assert story.words == 460
    assert story.reading_minutes == 2


def test_story_id_from_the_stem() -> None:
    text = "Cloud slept."
    assert parse(text, stem="007_abcdef").id == "007"
    assert parse(text, stem="My Story: Part Two!").id == "my-story-part-two"


AO3_DOWNLOAD = """
    Wings of Ash
    Posted originally on the Archive of Our Own at http://archiveofourown.org/works/1234567.

    Rating:
        Teen And Up Audiences
    Archive Warning:
        No Archive Warnings Apply
    Category:
        M/M
    Fandom:
        Final Fantasy VII, Crisis Core: Final Fantasy VII
    Relationship:
        Angeal Hewley/Genesis Rhapsodos
    Character:
        Genesis Rhapsodos, Angeal Hewley
    Additional Tags:
        Angst, Banora
    Language:
        English
    Stats:
        Published: 2014-03-02 Words: 1432

    Wings of Ash
    by silverfeather

    Summary

        Genesis has been reading LOVELESS again.

    Notes

        For Banora week. Thanks to my beta!

    The apple trees in Banora were heavy with fruit that autumn, and Genesis sat beneath them with his book open and unread on his knee.

    Angeal found him there at dusk, as he always did.

    Afterword

    End Notes

        Thanks for reading! Kudos and comments are love.
    """


def test_ao3_txt_download() -> None:
    """The layout of AO3's own "Download > TXT": banner, indented fields, byline, labels."""
    story = parse(AO3_DOWNLOAD)
    meta = story.meta
    assert meta.title == "Wings of Ash"
    assert meta.author == "silverfeather"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.fandom == "Final Fantasy VII"
    assert meta.relationships == ["Angeal Hewley/Genesis Rhapsodos"]
    assert meta.summary == "Genesis has been reading LOVELESS again."
    assert meta.derived == set()
    assert starts(story, Section.NOTES) == ["Notes", "For Banora week."]
    assert starts(story, Section.BODY) == ["The apple trees", "Angeal found him"]
    assert starts(story, Section.END_NOTES) == ["Afterword", "End Notes", "Thanks for reading!"]
    assert story.pairings == [("Angeal Hewley", "Genesis Rhapsodos")]


# ---------------------------------------------------------------- header fields (issue 11)


def test_a_header_field_never_swallows_the_next_line() -> None:
    fields, used = metadata.parse_header_block(
        ["Title: Tea\nRating: K+\nWord count: ~1,100\nBeta: nobody, sorry\nFandom: FF7"]
    )
    assert used == 1
    assert fields["rating"] == "K+"
    assert fields["word count"] == "~1,100"  # an unknown field is kept as a field
    assert fields["beta"] == "nobody, sorry"
    assert fields["fandom"] == "FF7"


def test_a_one_line_field_takes_no_continuation() -> None:
    fields, _ = metadata.parse_header_block(["Rating: T\nthis is my first fic so be nice"])
    assert fields["rating"] == "T"


def test_list_fields_still_continue_on_unlabelled_lines() -> None:
    # FanFicFare wraps long values at 78 columns with no label on the next line.
    fields, _ = metadata.parse_header_block(
        ["Characters: Cloud Strife, Tifa Lockhart,\nAerith Gainsborough\nRating: T"]
    )
    assert metadata.split_list(fields["characters"]) == [
        "Cloud Strife",
        "Tifa Lockhart",
        "Aerith Gainsborough",
    ]
    assert fields["rating"] == "T"


@pytest.mark.parametrize(
    "paragraphs",
    [["Rating:\nMature", "Cloud slept."], ["Rating:", "Mature", "Cloud slept."]],
    ids=["same-paragraph", "next-paragraph"],
)
def test_a_value_on_the_line_after_its_label(paragraphs: list[str]) -> None:
    fields, used = metadata.parse_header_block(paragraphs)
    assert fields["rating"] == "Mature"
    assert used == len(paragraphs) - 1


def test_a_url_line_is_not_a_field() -> None:
    fields, _ = metadata.parse_header_block(["Summary: Cloud fights.\nhttps://example.org/x"])
    assert "https" not in fields


def test_fanfiction_net_story_line() -> None:
    fields, _ = metadata.parse_header_block(
        [
            "Rated: Fiction T - English - Adventure/Hurt-Comfort - [Cloud S., Aerith G.] "
            "Zack F. - Chapters: 22 - Words: 114,414 - Status: Complete - id: 8067258"
        ]
    )
    assert fields["language"] == "English"
    assert fields["genre"] == "Adventure, Hurt-Comfort"
    assert fields["characters"] == "Cloud S., Aerith G., Zack F."
    assert fields["relationships"] == "Cloud S./Aerith G."
    assert fields["status"] == "Complete"
