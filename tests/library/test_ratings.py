"""Ratings written every real way, several at once, with remarks; and failing closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.library import ratings
from bot.library.ratings import EXPLICIT, GENERAL, MATURE, NOT_RATED, TEEN, read_rating
from tests.library.support import parse

DOC = Path(__file__).resolve().parents[2] / "docs" / "ratings.md"


@pytest.mark.parametrize(
    ("written", "rating"),
    [
        # AO3's names and initials
        ("General Audiences", GENERAL),
        ("Teen And Up Audiences", TEEN),
        ("Mature", MATURE),
        ("Explicit", EXPLICIT),
        ("Not Rated", NOT_RATED),
        ("G", GENERAL),
        ("T", TEEN),
        ("M", MATURE),
        ("E", EXPLICIT),
        # fanfiction.net
        ("K", GENERAL),
        ("K+", GENERAL),
        ("Fiction M - English - Romance", MATURE),
        ("Rated: Fiction T", TEEN),
        ("Fiction K+ - English - Humor - Cloud S., Tifa L. - Words: 1,100", GENERAL),
        ("MA", EXPLICIT),
        # film ratings
        ("PG", GENERAL),
        ("PG-13", TEEN),
        ("pg13", TEEN),
        ("R", MATURE),
        ("NC-17", EXPLICIT),
        ("NC17", EXPLICIT),
        # ages and adult markers
        ("18+", EXPLICIT),
        ("R18", EXPLICIT),
        ("Adult", EXPLICIT),
        ("Adults Only", EXPLICIT),
        ("NSFW", EXPLICIT),
        ("X-rated", EXPLICIT),
        ("X", EXPLICIT),
        # trailing remarks
        ("T (for Cid's mouth)", TEEN),
        ("T (for Cid’s mouth)", TEEN),
        ("Explicit (sexual content)", EXPLICIT),
        ("G | Words: 654 | Chapters: 1", GENERAL),
        ("M for language and violence", MATURE),
        ("Rated M", MATURE),
        ("Teen.", TEEN),
        ("(M)", MATURE),
        ("**Mature**", MATURE),
        # several values: the highest wins
        ("Mature/Explicit", EXPLICIT),
        ("Teen And Up Audiences, Explicit", EXPLICIT),
        ("T to M", MATURE),
        ("K+ or T", TEEN),
        ("G/T/M/E", EXPLICIT),
        ("T (M in later chapters)", MATURE),
        ("Not Rated, Teen And Up Audiences", TEEN),
        # a word is never read out of a longer one
        ("Kplus", None),
        ("Matured", None),
        ("Teenage", None),
        # not understood
        ("whatever lol", None),
        ("ask me", None),
        ("N/A", None),
        ("", None),
    ],
)
def test_read_rating(written: str, rating: str | None) -> None:
    assert read_rating(written) == rating


@pytest.mark.parametrize(
    ("header", "rating", "adult"),
    [
        ("Rating: T (for Cid's mouth)", TEEN, False),
        ("Rating:\nMature", MATURE, True),
        ("Rating:\n\nExplicit", EXPLICIT, True),
        (
            "Rated: Fiction K+ - English - Romance - Cloud S., Tifa L. - Words: 1,100",
            GENERAL,
            False,
        ),
        ("Rating: Teen And Up Audiences, Explicit", EXPLICIT, True),
        ("Rating: something odd", EXPLICIT, True),  # fail closed
    ],
)
def test_rating_in_a_story_header(header: str, rating: str, adult: bool) -> None:
    story = parse(
        "Title: Tea\n"
        + header
        + "\n\nCid drank his tea. It was terrible tea, and he drank all of it anyway.\n"
    )
    assert story.meta.rating == rating
    assert story.meta.adult is adult


def test_every_rating_word_maps_to_a_known_rating() -> None:
    assert set(ratings.RATING_WORDS.values()) <= set(ratings.RATINGS)
    assert all(word == word.lower().strip() for word in ratings.RATING_WORDS)
    assert ratings.FAIL_CLOSED in ratings.ADULT_RATINGS


def render_doc() -> str:
    """docs/ratings.md, written from the table: the test below keeps the two the same."""
    lines = [
        "# Ratings",
        "",
        "<!-- Generated from bot/library/ratings.py RATING_WORDS by tests/library/test_ratings.py;",
        "     regenerate with: python -m tests.library.test_ratings -->",
        "",
        "Every story has one of AO3's five ratings. The words below, in any case, are read as the",
        "rating they stand under, wherever a story gives its rating (a `Rating:` or `Rated:`",
        "header line, the line after a bare `Rating:` label, a sidecar's `rating`, fanfiction.net's",
        "`Rated: Fiction T - English - ...` line, an AO3 or FanFicFare download's rating field).",
        "",
        "- Words before the rating are skipped: `Rated M`, `Rating: T`, `Fiction K+`.",
        "- Remarks after it are ignored: `T (for Cid's mouth)`, `Explicit (sexual content)`,",
        "  `G | Words: 654`.",
        "- Several ratings in one field (`Mature/Explicit`, `Teen And Up Audiences, Explicit`,",
        "  `T to M`): the highest wins.",
        "- **A rating that is given but names none of these words is treated as "
        + ratings.FAIL_CLOSED
        + "** (adult:",
        "  shown in age-restricted channels only), and the load logs the file and the value.",
        "- A story that gives no rating at all is *Not Rated*, unless its notes say",
        '  ("Rated M for language").',
        "",
        "Adult ratings: "
        + ", ".join(r for r in ratings.RATINGS if r in ratings.ADULT_RATINGS)
        + ".",
        "",
        "| Rating | Words |",
        "| --- | --- |",
    ]
    for rating, words in ratings.words_by_rating().items():
        lines.append(f"| {rating} | " + ", ".join(f"`{w}`" for w in words) + " |")
    return "\n".join(lines) + "\n"


def test_ratings_doc_lists_every_word() -> None:
    assert DOC.read_text(encoding="utf-8") == render_doc(), (
        "docs/ratings.md is out of date: python -m tests.library.test_ratings"
    )


if __name__ == "__main__":
    DOC.write_text(render_doc(), encoding="utf-8")
