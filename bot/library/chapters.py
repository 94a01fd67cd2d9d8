"""A story's chapters: where each starts and ends among its paragraphs, its title and notes.

Formats that know their chapters (AO3, FanFicFare) say where they begin (``SplitStory``'s
``chapter_starts``) and give their titles, summaries and notes. A plain text file is cut at
its chapter headings: a line of its own reading ``Chapter 3``, ``Chapter Three: The Road``,
``CHAPTER 3``, ``Ch. 3 - Title``, ``Part 2``, ``Prologue`` or ``Epilogue``. A story without
headings is one chapter with no title.

A chapter's notes are the author's notes at its start (after its heading) and its end notes
those at its end: the reader shows them apart from the text, labelled, and passages (built
from prose only) never contain them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.library import text
from bot.library.headings import clean_title, heading_title
from bot.library.sections import Kind, Paragraph, Section


@dataclass(slots=True)
class StoryChapter:
    """One chapter, by its place among the story's paragraphs (indices, both ends included).

    ``first``..``last`` is all of it: heading, notes, text, end notes. ``text_first``..
    ``text_last`` is what a reader reads as the chapter's text (``text_first > text_last``
    when it has none).
    """

    number: int  # 1-based, in reading order
    title: str  # "" for an untitled chapter
    first: int
    last: int
    text_first: int
    text_last: int
    words: int
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    end_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Given:
    """What a format says about one of its chapters, besides where it starts."""

    title: str = ""
    summary: Sequence[str] = ()
    notes: Sequence[str] = ()
    end_notes: Sequence[str] = ()


def find(
    paragraphs: list[Paragraph],
    starts: Sequence[int] = (),
    given: Sequence[Given] = (),
) -> list[StoryChapter]:
    """The story's chapters: at ``starts`` (with what ``given`` says of them) when a format
    gave two or more, else at the text's own chapter headings."""
    if len(starts) >= 2 and len(given) == len(starts):
        return _spans(paragraphs, list(starts), list(given))
    found = _heading_starts(paragraphs)
    if len(found) >= 2:
        return _spans(paragraphs, [k for k, _ in found], [Given(title) for _, title in found])
    body = [k for k, p in enumerate(paragraphs) if p.section is Section.BODY]
    if not body:
        return []
    only = given[0] if given else Given(found[0][1] if found else "")
    return _spans(paragraphs, [starts[0] if starts else body[0]], [only])


def _heading_starts(paragraphs: list[Paragraph]) -> list[tuple[int, str]]:
    """(index, title) of each chapter heading in the body; an untitled chapter first when
    prose comes before the first heading."""
    found: list[tuple[int, str]] = []
    prose_before = False
    body_start: int | None = None
    for k, p in enumerate(paragraphs):
        if p.section is not Section.BODY:
            continue
        if body_start is None:
            body_start = k
        if p.kind is Kind.HEADING:
            title = heading_title(p.text)
            if title is not None:
                found.append((k, title))
                continue
        if p.kind is Kind.TEXT and not found:
            prose_before = True
    if found and prose_before and body_start is not None:
        found.insert(0, (body_start, ""))
    elif found and body_start is not None:
        found[0] = (body_start, found[0][1])  # notes before the first heading are its own
    return found


def _spans(
    paragraphs: list[Paragraph], starts: list[int], given: list[Given]
) -> list[StoryChapter]:
    chapters: list[StoryChapter] = []
    for n, (first, says) in enumerate(zip(starts, given, strict=True)):
        last = starts[n + 1] - 1 if n + 1 < len(starts) else len(paragraphs) - 1
        chapters.append(_span(paragraphs, n + 1, first, last, says))
    return chapters


def _is_aside(p: Paragraph) -> bool:
    """An author's note, summary or disclaimer: not the chapter's text."""
    if p.section is Section.BODY:
        return p.kind is Kind.NOTE
    return p.section is not Section.HEADER


def _span(
    paragraphs: list[Paragraph], number: int, first: int, last: int, says: Given
) -> StoryChapter:
    text_first = first
    leading: list[str] = []
    while text_first <= last:
        p = paragraphs[text_first]
        if p.section is Section.BODY and p.kind is Kind.HEADING:
            pass  # the chapter's own heading: the reader shows it above the page
        elif _is_aside(p):
            leading.append(p.text)
        elif p.section is not Section.HEADER:
            break
        text_first += 1
    text_last = last
    trailing: list[str] = []
    while text_last >= text_first and _is_aside(paragraphs[text_last]):
        trailing.insert(0, paragraphs[text_last].text)
        text_last -= 1
    words = text.word_count(
        "\n\n".join(
            p.text
            for p in paragraphs[text_first : text_last + 1]
            if p.section is Section.BODY and p.kind is Kind.TEXT
        )
    )
    summary = list(says.summary)
    notes = _merged(list(says.notes), [t for t in leading if t not in summary])
    end_notes = _merged(list(says.end_notes), trailing)
    return StoryChapter(
        number=number,
        title=clean_title(says.title),
        first=first,
        last=last,
        text_first=text_first,
        text_last=text_last,
        words=words,
        summary=summary,
        notes=notes,
        end_notes=end_notes,
    )


def _merged(given: list[str], found: list[str]) -> list[str]:
    """What the format said, then what the text adds (in the text's order, once each)."""
    if not given:
        return found
    return [*given, *(t for t in found if t not in given)]
