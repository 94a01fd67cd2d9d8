"""Whether a story is finished, read from every format that says so, and from how it ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.library.completion import Completion, Progress, from_ending, read_chapters, read_status
from bot.library.story import analyse
from tests.library.formats import builders
from tests.library.formats.test_downloads import FFN_COPY, WORK
from tests.library.support import ROSTER

FFF = Path(__file__).parent / "formats" / "fixtures" / "fanficfare"
COMPLETE, IN_PROGRESS, UNKNOWN = Completion.COMPLETE, Completion.IN_PROGRESS, Completion.UNKNOWN


def progress(raw: bytes, suffix: str = ".txt", sidecar: dict[str, str] | None = None) -> Progress:
    return analyse(raw, stem="story", roster=ROSTER, suffix=suffix, sidecar=sidecar).progress


AO3_BUILDS: dict[str, tuple[Callable[[builders.Ao3Work], bytes], str]] = {
    "html": (builders.ao3_html, ".html"),
    "epub": (builders.ao3_epub, ".epub"),
    "calibre text": (builders.ao3_calibre_text, ".txt"),
}


@pytest.mark.parametrize("shape", list(AO3_BUILDS))
@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        (
            "Published: 2021-06-01 Completed: 2021-07-01 Words: 1,234 Chapters: 2/2",
            (COMPLETE, 2, 2),
        ),
        (
            "Published: 2021-06-01 Updated: 2021-07-01 Words: 1,234 Chapters: 2/?",
            (IN_PROGRESS, 2, None),
        ),
        (
            "Published: 2021-06-01 Updated: 2021-07-01 Words: 1,234 Chapters: 2/10",
            (IN_PROGRESS, 2, 10),
        ),
        # AO3's template puts each stat on a line of its own inside the dd.
        (
            "Published: 2021-06-01\nUpdated: 2021-07-01\nWords: 1,234\nChapters: 2/?",
            (IN_PROGRESS, 2, None),
        ),
    ],
)
def test_ao3_downloads_say_it_in_their_stats(
    shape: str, stats: str, expected: tuple[Completion, int, int | None]
) -> None:
    build, suffix = AO3_BUILDS[shape]
    got = progress(build(replace(WORK, stats=stats)), suffix)
    assert (got.completion, got.chapters_posted, got.chapters_total) == expected


@pytest.mark.parametrize("suffix", [".txt", ".html", ".epub"])
def test_fanficfare_status_in_every_format(suffix: str) -> None:
    """Real FanFicFare 4.62.0 output (fixtures/fanficfare/make_fixtures.sh)."""
    wip = progress((FFF / f"fixture_2002{suffix}").read_bytes(), suffix)
    assert wip == Progress(IN_PROGRESS, 2, None)
    done = progress((FFF / f"fixture_2003{suffix}").read_bytes(), suffix)
    assert done == Progress(COMPLETE, 1, 1)


FFN_LINE = "Rated: Fiction K+ - English - Romance/Humor - [Cloud S., Tifa L.] Marlene W. - Words: 1,100 - Reviews: 4 - Favs: 2 - Follows: 3 - Published: 04-28-12 - Status: Complete - id: 1234567"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (FFN_LINE, COMPLETE),
        # The page itself shows "- Complete -"; a story still being written says nothing.
        (FFN_LINE.replace("Status: Complete", "Complete"), COMPLETE),
        (FFN_LINE.replace(" - Status: Complete", ""), IN_PROGRESS),
        (
            FFN_LINE.replace("Words: 1,100", "Chapters: 22 - Words: 114,414").replace(
                " - Status: Complete", ""
            ),
            IN_PROGRESS,
        ),
    ],
)
def test_fanfiction_net_copies(line: str, expected: Completion) -> None:
    assert FFN_LINE in FFN_COPY
    got = progress(FFN_COPY.replace(FFN_LINE, line).encode())
    assert got.completion is expected
    if "Chapters: 22" in line:
        assert got.chapters_posted == 22  # the story's count: the copy holds one page of it


BODY = (
    "Cloud walked the road to Kalm with the sun on his back and the sword heavier than ever.\n\n"
    "Tifa was waiting at the gate, and she said nothing, and he said nothing, and it was enough.\n\n"
)


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("TBC...", IN_PROGRESS),
        ("To be continued!", IN_PROGRESS),
        ("A/N: Next chapter soon, I promise! Please review.", IN_PROGRESS),
        ("A/N: more to come, thanks for reading", IN_PROGRESS),
        ("~ The End ~", COMPLETE),
        ("Fin.", COMPLETE),
        ("A/N: Thanks for reading! Please review.", UNKNOWN),
        ("They walked home together.", UNKNOWN),
    ],
)
def test_plain_text_is_judged_by_how_it_ends(ending: str, expected: Completion) -> None:
    assert progress((BODY + ending + "\n").encode()).completion is expected


def test_a_promise_early_in_the_story_is_not_its_ending() -> None:
    early = "To be continued in the next chapter!\n\n" + BODY * 3 + "They walked home together.\n"
    assert progress(early.encode()).completion is UNKNOWN


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Status: Complete", Progress(COMPLETE)),
        ("Status: Work in Progress", Progress(IN_PROGRESS)),
        ("Chapters: 3/?", Progress(IN_PROGRESS, 3, None)),
        ("Chapters: 4/4", Progress(COMPLETE, 4, 4)),
        ("Completed: 2020-01-02", Progress(COMPLETE)),
    ],
)
def test_a_plain_header_says_it(header: str, expected: Progress) -> None:
    text = f"Title: On the Road\nAuthor: sprout\n{header}\n\n{BODY}TBC\n"
    assert progress(text.encode()) == expected  # the header wins over the ending


def test_a_sidecar_wins() -> None:
    text = f"Title: On the Road\nStatus: In-Progress\n\n{BODY}"
    # A sidecar's ``complete = true`` arrives as the field "status" with the value "True".
    assert progress(text.encode(), sidecar={"status": "True"}).completion is COMPLETE


def test_status_and_chapter_words() -> None:
    assert read_status("Completed") is COMPLETE and read_status("In-Progress") is IN_PROGRESS
    assert read_status("WIP") is IN_PROGRESS and read_status("Abandoned") is IN_PROGRESS
    assert read_status("whatever") is None
    assert read_chapters("5/5") == (5, 5, COMPLETE)
    assert read_chapters("3 / ?") == (3, None, IN_PROGRESS)
    assert read_chapters("12") == (12, None, None)
    assert read_chapters("lots") == (None, None, None)
    assert from_ending([]) is UNKNOWN
